package ukey.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The product's name and version, as the build stamped them (in {@code ukey/app/version.properties}). A leaf that
 * the command line and the window both read.
 */
public final class Version {

    public static final String PRODUCT = "UKey Assistant";

    private Version() {
    }

    /** The version, e.g. "0.1.0". */
    public static String number() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/ukey/app/version.properties")) {
            if (in == null) {
                throw new IllegalStateException("ukey/app/version.properties is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    /** "UKey Assistant 0.1.0". */
    public static String text() {
        return PRODUCT + " " + number();
    }
}
