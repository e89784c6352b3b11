package ukey.app.ui.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The product's name and version, written into the build by Maven. */
public record AppInfo(String version) {

    public static AppInfo load() {
        Properties properties = new Properties();
        try (InputStream in = AppInfo.class.getResourceAsStream("/ukey/app/ui/app.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AppInfo(properties.getProperty("version", "dev"));
    }
}
