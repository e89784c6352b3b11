package ukey.app.tokens;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

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
        Optional<Setting> charset = value(Settings.SKF_CHARSET, file);
        if (charset.isPresent()) {
            try {
                options = options.withCharset(Charset.forName(charset.get().value()));
            } catch (IllegalArgumentException e) {
                throw settings.wrongValue(charset.get().key(), charset.get().value() + " (GBK, UTF-8)", e);
            }
        }
        Optional<Setting> envelope = value(Settings.SKF_ENVELOPE, file);
        if (envelope.isPresent()) {
            try {
                options = options.withEnvelope(PrivateKeyLayout.parse(envelope.get().value()));
            } catch (IllegalArgumentException e) {
                throw settings.wrongValue(envelope.get().key(), envelope.get().value() + " (right, left, full64)", e);
            }
        }
        Optional<Setting> application = value(Settings.SKF_APPLICATION, file);
        if (application.isPresent()) {
            options = options.withApplication(application.get().value());
        }
        Optional<Setting> containers = value(Settings.SKF_CONTAINERS, file);
        if (containers.isPresent()) {
            options = options.withContainerLimit(containerLimit(containers.get()));
        }
        return options;
    }

    private int containerLimit(Setting setting) throws AppException {
        try {
            int limit = Integer.parseInt(setting.value());
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw settings.wrongValue(setting.key(), setting.value() + " (1..1000)", null);
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
