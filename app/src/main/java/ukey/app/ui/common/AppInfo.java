package ukey.app.ui.common;

import ukey.app.config.Version;

/** The product's version as the window shows it (tests pass their own). */
public record AppInfo(String version) {

    public static AppInfo load() {
        return new AppInfo(Version.number());
    }
}
