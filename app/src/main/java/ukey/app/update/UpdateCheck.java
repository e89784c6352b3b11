package ukey.app.update;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.bouncycastle.cert.X509CertificateHolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import ukey.app.config.Settings;
import ukey.app.net.HttpClients;
import ukey.app.errors.AppException;
import ukey.app.renewal.api.Pem;

/**
 * 有新版本: reads a small JSON document, {@code {"version":"0.2.0","url":"https://..."}}, from the configured
 * {@code update.url} over HTTPS and says whether it names a newer version than this one. TLS trusts the JDK's
 * roots and, when configured, the CA's TLS roots ({@code ca.tlsTrust}, else {@code ca.trust}: an IT department may
 * serve the document itself).
 * The page it names must be on the document's own host, or on a host the IT policy allows
 * ({@code update.pageHosts}): whoever can change the document must not send users to a download elsewhere.
 */
public final class UpdateCheck {

    /** A newer version and the page that offers it (https only: the window opens it in the browser). */
    public record Available(String version, URI page) {
    }

    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)*(-[0-9A-Za-z.-]+)?");
    private static final int MAX_DOCUMENT = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI document;
    private final Set<String> pageHosts;
    private final OkHttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public UpdateCheck(URI document, List<X509CertificateHolder> extraRoots, Duration timeout) {
        this(document, extraRoots, timeout, Set.of());
    }

    /** @param pageHosts hosts besides the document's own that the page may be on (the IT policy's) */
    public UpdateCheck(URI document, List<X509CertificateHolder> extraRoots, Duration timeout, Set<String> pageHosts) {
        if (!"https".equalsIgnoreCase(document.getScheme())) {
            throw new IllegalArgumentException("update.url must be https: " + document);
        }
        this.document = document;
        this.pageHosts = pageHosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.http = HttpClients.forUpdates(extraRoots, timeout);
    }

    /**
     * The check the settings ask for, or none: off when {@code update.check=off} (IT policy) or no
     * {@code update.url} is set.
     */
    public static Optional<UpdateCheck> from(Settings settings) throws AppException, IOException {
        Optional<String> url = settings.get(Settings.UPDATE_URL);
        if (!settings.updateCheck() || url.isEmpty()) {
            return Optional.empty();
        }
        List<X509CertificateHolder> roots = new ArrayList<>();
        Optional<String> trust = settings.get(Settings.CA_TLS_TRUST).or(() -> settings.get(Settings.CA_TRUST));
        if (trust.isPresent()) {
            roots.addAll(Pem.readFile(Path.of(trust.get())));
        }
        // only IT may send users to another host: a user's own setting of it does not count
        Set<String> hosts = new HashSet<>();
        if (settings.lockedByPolicy(Settings.UPDATE_PAGE_HOSTS)) {
            for (String host : settings.get(Settings.UPDATE_PAGE_HOSTS).orElse("").split("[,;\\s]+")) {
                if (!host.isBlank()) {
                    hosts.add(host);
                }
            }
        }
        return Optional.of(new UpdateCheck(URI.create(url.get()), roots, TIMEOUT, hosts));
    }

    /** A version newer than {@code current}, asked where the settings allow it ({@link #from}); else empty. */
    public static Optional<Available> newerThan(Settings settings, String current) throws AppException, IOException {
        Optional<UpdateCheck> check = from(settings);
        return check.isEmpty() ? Optional.empty() : check.get().newerThan(current);
    }

    /** Fetches the document: the version it names when that is newer than {@code current}. */
    public Optional<Available> newerThan(String current) throws IOException {
        Request request = new Request.Builder().url(document.toString()).header("Accept", "application/json").get()
                .build();
        byte[] body;
        try (Response response = http.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IOException("update document " + document + ": HTTP " + response.code());
            }
            body = HttpClients.body(response, MAX_DOCUMENT);
        }
        JsonNode node = json.readTree(body);
        String version = node == null ? "" : node.path("version").asText("");
        String page = node == null ? "" : node.path("url").asText("");
        if (!VERSION.matcher(version).matches()) {
            throw new IOException("update document " + document + " names no version: \"" + version + "\"");
        }
        URI pageUri;
        try {
            pageUri = URI.create(page);
        } catch (IllegalArgumentException e) {
            throw new IOException("update document " + document + " names no page: \"" + page + "\"", e);
        }
        if (!"https".equalsIgnoreCase(pageUri.getScheme()) || pageUri.getHost() == null) {
            throw new IOException("update document " + document + " names no https page: \"" + page + "\"");
        }
        String host = pageUri.getHost().toLowerCase(Locale.ROOT);
        if (!host.equalsIgnoreCase(document.getHost()) && !pageHosts.contains(host)) {
            throw new IOException("update document " + document + " names a page on another host: \"" + page
                    + "\" (allowed: its own host and update.pageHosts of the IT policy)");
        }
        return compare(version, current) > 0 ? Optional.of(new Available(version, pageUri)) : Optional.empty();
    }

    /**
     * Orders versions such as 0.10.2 and 0.2.0 by their numbers; missing parts count as 0, and a pre-release
     * (0.2.0-rc1) comes before its release.
     */
    public static int compare(String a, String b) {
        String[] partsA = a.split("-", 2);
        String[] partsB = b.split("-", 2);
        String[] numbersA = partsA[0].split("\\.");
        String[] numbersB = partsB[0].split("\\.");
        for (int i = 0; i < Math.max(numbersA.length, numbersB.length); i++) {
            int order = Long.compare(number(numbersA, i), number(numbersB, i));
            if (order != 0) {
                return order;
            }
        }
        boolean releaseA = partsA.length == 1;
        boolean releaseB = partsB.length == 1;
        if (releaseA != releaseB) {
            return releaseA ? 1 : -1;
        }
        return releaseA ? 0 : partsA[1].compareTo(partsB[1]);
    }

    private static long number(String[] numbers, int i) {
        if (i >= numbers.length) {
            return 0;
        }
        try {
            return Long.parseLong(numbers[i]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
