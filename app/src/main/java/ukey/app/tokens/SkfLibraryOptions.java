package ukey.app.tokens;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import ukey.app.config.Settings;
import ukey.app.errors.AppException;
import ukey.cert.gm.PrivateKeyLayout;
import ukey.token.skf.SkfOptions;

/**
 * What the settings say about one SKF library ({@link Settings#SKF_CHARSET} and the keys beside it): the key for
 * the library's file name first ({@code skf.charset.mtoken_gm3000.dll}), then the key for every SKF library, then
 * the token layer's defaults. A wrong value stops the command, blamed on the file it came from.
 */
public final class SkfLibraryOptions {

    private final Settings settings;

    public SkfLibraryOptions(Settings settings) {
        this.settings = settings;
    }

    /** The options for the library at this path. */
    public SkfOptions of(Path library) throws AppException {
        String file = library.getFileName() == null ? "" : library.getFileName().toString();
        SkfOptions options = SkfOptions.defaults();
        Optional<Charset> charset = parsed(Settings.SKF_CHARSET, file, Charset::forName, "GBK, UTF-8");
        if (charset.isPresent()) {
            options = options.withCharset(charset.get());
        }
        Optional<PrivateKeyLayout> envelope = parsed(Settings.SKF_ENVELOPE, file, PrivateKeyLayout::parse,
                "right, left, full64");
        if (envelope.isPresent()) {
            options = options.withEnvelope(envelope.get());
        }
        Optional<String> application = parsed(Settings.SKF_APPLICATION, file, name -> name, "");
        if (application.isPresent()) {
            options = options.withApplication(application.get());
        }
        Optional<Integer> containers = parsed(Settings.SKF_CONTAINERS, file, SkfLibraryOptions::containerLimit,
                "1..1000");
        if (containers.isPresent()) {
            options = options.withContainerLimit(containers.get());
        }
        return options;
    }

    private static int containerLimit(String text) {
        int limit = Integer.parseInt(text);
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("not in 1..1000: " + limit);
        }
        return limit;
    }

    /** The setting read by {@code parse}, which throws IllegalArgumentException for a wrong value. */
    private <T> Optional<T> parsed(String key, String file, Function<String, T> parse, String accepted)
            throws AppException {
        Optional<Setting> setting = value(key, file);
        if (setting.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(setting.get().value()));
        } catch (IllegalArgumentException e) {
            throw settings.wrongValue(setting.get().key(), setting.get().value() + " (" + accepted + ")", e);
        }
    }

    /** The library's own key (as written, else in lower case, as Windows names files without case), else the bare key. */
    private Optional<Setting> value(String key, String file) {
        for (String candidate : new String[] {key + "." + file, key + "." + file.toLowerCase(Locale.ROOT), key}) {
            Optional<String> value = settings.get(candidate);
            if (value.isPresent()) {
                return Optional.of(new Setting(candidate, value.get()));
            }
        }
        return Optional.empty();
    }

    private record Setting(String key, String value) {
    }
}
