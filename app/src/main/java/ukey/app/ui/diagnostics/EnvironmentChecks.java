package ukey.app.ui.diagnostics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.errors.ErrorMessage;
import ukey.app.errors.ErrorPresenter;
import ukey.app.renewal.usecase.CaEndpoint;
import ukey.app.renewal.CaException;
import ukey.app.ui.common.AppInfo;
import ukey.app.ui.common.I18n;
import ukey.app.ui.diagnostics.CheckResult.Level;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.ui.services.KeyDirectory.LibraryStatus;
import ukey.cert.CertificateStatus;
import ukey.token.Backend;
import ukey.token.LibraryPlacement;

/**
 * 环境检测: the checks that find out why a key is not seen. Every method may block (it scans tokens and
 * looks at the system); run it in the background.
 */
public final class EnvironmentChecks {

    /** Where pcscd listens on Linux: the socket exists while the service runs (or is socket-activated). */
    public static final Path PCSCD_SOCKET = Path.of("/run/pcscd/pcscd.comm");
    /** No certificate of ours was issued before this: a clock earlier than it is wrong. */
    /** How long 环境检测 waits for the CA: a check, not a renewal. */
    private static final Duration CA_TIMEOUT = Duration.ofSeconds(5);
    private static final Instant EARLIEST_SANE = LocalDate.of(2025, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);

    private final KeyDirectory directory;
    private final Settings settings;
    private final ErrorPresenter errors;
    private final I18n i18n;
    private final AppInfo app;
    private final Clock clock;
    private final Path pcscdSocket;

    public EnvironmentChecks(KeyDirectory directory, Settings settings, ErrorPresenter errors, I18n i18n, AppInfo app,
                             Clock clock, Path pcscdSocket) {
        this.directory = directory;
        this.settings = settings;
        this.errors = errors;
        this.i18n = i18n;
        this.app = app;
        this.clock = clock;
        this.pcscdSocket = pcscdSocket;
    }

    /** Scans the keys and runs every check. */
    public List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        List<KeyCard> keys;
        CheckResult keysFound;
        try {
            keys = directory.scan();
            keysFound = keys(keys);
        } catch (Exception e) {
            keys = List.of();
            keysFound = new CheckResult("keys", Level.FAILURE, i18n.tr("check.keys"),
                    i18n.format("check.keys.error", errors.present(e).title()), i18n.tr("check.keys.fix"));
        }
        // the libraries after the scan: a library whose host the scan found failing again shows as switched off
        results.add(libraries(directory.libraries()));
        results.add(keysFound);
        results.add(smartCardService());
        results.add(conflicts(keys));
        results.add(clock(keys));
        policyIgnored().ifPresent(results::add);
        results.addAll(caEndpoints());
        results.add(logFolder());
        results.add(version());
        return results;
    }

    CheckResult libraries(List<LibraryStatus> libraries) {
        String title = i18n.tr("check.libraries");
        if (libraries.isEmpty()) {
            return new CheckResult("libraries", Level.FAILURE, title, i18n.tr("check.libraries.none"),
                    i18n.tr("check.libraries.none.fix"));
        }
        List<LibraryStatus> broken = libraries.stream().filter(library -> !library.loaded()).toList();
        String list = libraries.stream().map(this::where).collect(Collectors.joining("\n"));
        if (broken.isEmpty()) {
            return new CheckResult("libraries", Level.PASS, title,
                    i18n.format("check.libraries.ok", libraries.size(), list), "");
        }
        // a library that never loaded ran nowhere; one switched off says where it ran
        String problems = broken.stream().map(library -> (library.placement().disabled().isPresent()
                        ? where(library) : named(library)) + ": " + why(library))
                .collect(Collectors.joining("\n"));
        boolean switchedOff = broken.stream().anyMatch(library -> library.placement().disabled().isPresent());
        return new CheckResult("libraries", broken.size() == libraries.size() ? Level.FAILURE : Level.WARNING,
                title, i18n.format("check.libraries.broken", problems), switchedOff
                        ? i18n.tr("check.libraries.disabled.fix")
                        : i18n.format("check.libraries.broken.fix", System.getProperty("os.arch")));
    }

    /** The library and where its calls run: in this program, or which helper (32- or 64-bit) serves it. */
    private String where(LibraryStatus library) {
        LibraryPlacement placement = library.placement();
        String key = switch (placement.where()) {
            case IN_PROCESS -> "check.libraries.where.IN_PROCESS";
            case HOST_32 -> "check.libraries.where.HOST_32";
            case HOST_64 -> "check.libraries.where.HOST_64";
        };
        return i18n.format(key, named(library), placement.program());
    }

    /**
     * Why a library does not work: switched off after its host failed again and again (and how), what is wrong with
     * its file, or its error.
     */
    private String why(LibraryStatus library) {
        Optional<LibraryPlacement.Disabled> off = library.placement().disabled();
        if (off.isEmpty()) {
            return library.defect().map(errors::libraryDefect)
                    .orElseGet(() -> errors.present(library.problem().orElseThrow()).title());
        }
        String detail = off.get().detail().lines().findFirst().orElse("");
        String how = i18n.tr(switch (off.get().last()) {
            case CRASHED -> "check.libraries.failure.CRASHED";
            case HUNG -> "check.libraries.failure.HUNG";
            case GARBLED -> "check.libraries.failure.GARBLED";
            case START_FAILED -> "check.libraries.failure.START_FAILED";
        });
        return i18n.format("check.libraries.disabled", off.get().failures(), how,
                detail.length() > 200 ? detail.substring(0, 200) + "…" : detail);
    }

    /** "path", with the vendor where known and SKF for an SKF library: 龙脉 mToken GM3000（SKF）C:\...\x.dll. */
    private String named(LibraryStatus library) {
        String kind = library.backend() == Backend.SKF ? "SKF" : "";
        if (library.vendor().isEmpty() && kind.isEmpty()) {
            return library.path();
        }
        String who = library.vendor().isEmpty() ? kind : kind.isEmpty() ? library.vendor()
                : library.vendor() + ", " + kind;
        return i18n.format("check.libraries.named", who, library.path());
    }

    CheckResult keys(List<KeyCard> keys) {
        String title = i18n.tr("check.keys");
        if (keys.isEmpty()) {
            return new CheckResult("keys", Level.WARNING, title, i18n.tr("check.keys.none"),
                    i18n.tr("check.keys.fix"));
        }
        String list = keys.stream().map(key -> key.info().label() + " (" + key.info().serial() + ")")
                .collect(Collectors.joining("\n"));
        return new CheckResult("keys", Level.PASS, title, i18n.format("check.keys.ok", keys.size(), list), "");
    }

    CheckResult smartCardService() {
        String title = i18n.tr("check.pcsc");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return windowsSmartCardService(title);
        }
        if (!os.contains("linux")) {
            return new CheckResult("pcsc", Level.PASS, title, i18n.tr("check.pcsc.builtIn"), "");
        }
        boolean running = Files.exists(pcscdSocket) || ProcessHandle.allProcesses()
                .anyMatch(process -> process.info().command().map(c -> c.endsWith("/pcscd")).orElse(false));
        return running
                ? new CheckResult("pcsc", Level.PASS, title, i18n.tr("check.pcsc.linux.ok"), "")
                : new CheckResult("pcsc", Level.WARNING, title, i18n.tr("check.pcsc.linux.off"),
                        i18n.tr("check.pcsc.linux.fix"));
    }

    private CheckResult windowsSmartCardService(String title) {
        try {
            Process query = new ProcessBuilder("sc", "query", "SCardSvr").redirectErrorStream(true).start();
            String output = new String(query.getInputStream().readAllBytes());
            query.waitFor();
            if (output.contains("RUNNING")) {
                return new CheckResult("pcsc", Level.PASS, title, i18n.tr("check.pcsc.windows.ok"), "");
            }
        } catch (IOException e) {
            // fall through: we could not ask, which we report like a stopped service
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new CheckResult("pcsc", Level.WARNING, title, i18n.tr("check.pcsc.windows.off"),
                i18n.tr("check.pcsc.windows.fix"));
    }

    /** Two libraries that both see a key with one serial number: two vendors' middleware on one key. */
    CheckResult conflicts(List<KeyCard> keys) {
        String title = i18n.tr("check.conflicts");
        Map<String, Set<String>> librariesBySerial = new TreeMap<>();
        for (KeyCard key : keys) {
            librariesBySerial.computeIfAbsent(key.info().serial(), serial -> new TreeSet<>()).add(key.info().library());
        }
        String clashes = librariesBySerial.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
                .map(entry -> entry.getKey() + ": " + String.join(", ", entry.getValue()))
                .collect(Collectors.joining("\n"));
        return clashes.isEmpty()
                ? new CheckResult("conflicts", Level.PASS, title, i18n.tr("check.conflicts.ok"), "")
                : new CheckResult("conflicts", Level.WARNING, title, i18n.format("check.conflicts.found", clashes),
                        i18n.tr("check.conflicts.fix"));
    }

    CheckResult clock(List<KeyCard> keys) {
        String title = i18n.tr("check.clock");
        Instant now = clock.instant();
        String time = i18n.date(now) + " " + clock.getZone().getId();
        if (now.isBefore(EARLIEST_SANE)) {
            return new CheckResult("clock", Level.FAILURE, title, i18n.format("check.clock.past", time),
                    i18n.tr("check.clock.fix"));
        }
        boolean futureCertificate = keys.stream().flatMap(key -> key.main().stream())
                .anyMatch(summary -> summary.status().orElse(null) == CertificateStatus.NOT_YET_VALID);
        return futureCertificate
                ? new CheckResult("clock", Level.WARNING, title, i18n.format("check.clock.notYetValid", time),
                        i18n.tr("check.clock.fix"))
                : new CheckResult("clock", Level.PASS, title, i18n.format("check.clock.ok", time), "");
    }

    /** An IT policy file that users can write is ignored: IT learns here why its settings do not apply. */
    Optional<CheckResult> policyIgnored() {
        return settings.policyIgnored().map(reason -> new CheckResult("policy", Level.WARNING,
                i18n.tr("check.policy"), i18n.format("check.policy.ignored", settings.policyFile(), reason),
                i18n.tr("check.policy.fix")));
    }

    /**
     * The default CA, then each CA named in ca.more: a line each, named. Without a default CA beside named ones, the
     * default's "not configured" line is left out: the named ones renew.
     */
    List<CheckResult> caEndpoints() {
        List<CheckResult> results = new ArrayList<>();
        CheckResult standard = caEndpoint();
        List<String> more;
        try {
            more = settings.moreCas();
        } catch (AppException e) {
            ErrorMessage message = errors.present(e);
            return List.of(standard, new CheckResult("ca.more", Level.FAILURE, i18n.tr("check.ca"), message.title(),
                    actions(message)));
        }
        if (more.isEmpty() || !standard.detail().equals(i18n.tr("check.ca.notConfigured"))) {
            results.add(standard);
        }
        for (String name : more) {
            results.add(caEndpoint("ca." + name, i18n.format("check.ca.named", name),
                    () -> CaEndpoint.named(name, settings)));
        }
        return results;
    }

    /** The default renewal CA from the settings: configured, answering, and over TLS its configured roots vouch for. */
    CheckResult caEndpoint() {
        return caEndpoint("ca", i18n.tr("check.ca"), () -> CaEndpoint.of(settings));
    }

    /** Where a CA's endpoint comes from: the settings, which may be wrong. */
    private interface EndpointSource {
        CaEndpoint get() throws AppException;
    }

    private CheckResult caEndpoint(String id, String title, EndpointSource source) {
        CaEndpoint endpoint;
        try {
            endpoint = source.get();
        } catch (AppException e) {
            ErrorMessage message = errors.present(e);
            return e.error() == AppError.NO_CA_CONFIGURED
                    ? new CheckResult(id, Level.WARNING, title, i18n.tr("check.ca.notConfigured"), actions(message))
                    : new CheckResult(id, Level.FAILURE, title, message.title(), actions(message));
        }
        String url = endpoint.url().toString();
        try {
            endpoint.probe(CA_TIMEOUT);
            return new CheckResult(id, Level.PASS, title, i18n.format(
                    endpoint.connector().equals("cmp") ? "check.ca.cmp.ok" : "check.ca.ok", url), "");
        } catch (AppException e) {
            ErrorMessage message = errors.present(e);
            return new CheckResult(id, Level.FAILURE, title, message.title(), actions(message));
        } catch (CaException e) {
            ErrorMessage message = errors.present(e);
            String detail = i18n.format("check.ca.failed", message.title(), url, String.join(" ", message.causes()));
            return switch (e.code()) {
                // the renewal page's advice ("continue the renewal") does not fit here: say what to check
                case "network" -> new CheckResult(id, Level.FAILURE, title, detail, i18n.tr("check.ca.network.fix"));
                case "untrusted_tls" -> new CheckResult(id, Level.FAILURE, title, detail, actions(message));
                // it answered, over trusted TLS, but not with its directory: reachable, not well
                default -> new CheckResult(id, Level.WARNING, title, detail, actions(message));
            };
        }
    }

    private static String actions(ErrorMessage message) {
        return String.join("\n", message.actions());
    }

    CheckResult logFolder() {
        String title = i18n.tr("check.logs");
        Path folder = settings.logDirectory();
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, "write-check", ".tmp");
            Files.delete(probe);
            return new CheckResult("logs", Level.PASS, title, i18n.format("check.logs.ok", folder), "");
        } catch (IOException | RuntimeException e) {
            return new CheckResult("logs", Level.FAILURE, title, i18n.format("check.logs.failed", folder),
                    i18n.tr("check.logs.fix"));
        }
    }

    CheckResult version() {
        return new CheckResult("version", Level.PASS, i18n.tr("check.version"),
                i18n.format("check.version.detail", app.version(), Runtime.version().toString(),
                        System.getProperty("os.name") + " " + System.getProperty("os.arch")), "");
    }
}
