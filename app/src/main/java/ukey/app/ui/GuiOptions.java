package ukey.app.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.ui.tray.WindowProcess;
import ukey.app.ui.tray.WindowProcess.Page;

/**
 * What {@code ukey gui} was asked for.
 *
 * @param libraries {@code --module PATH}, any number of times
 * @param skf       {@code --skf PATH}, any number of times: SKF libraries
 * @param hidden    {@code --hidden} (or {@code --tray}): start in the tray without a window, for autostart
 * @param version   {@code --version}: print it and stop
 * @param ofTray    {@link WindowProcess#OPTION}: the window of a tray process, which ends when it closes
 * @param page      {@code --page NAME}: what the window of a tray process shows first
 */
record GuiOptions(List<Path> libraries, List<Path> skf, boolean hidden, boolean version, boolean ofTray, Page page) {

    static final String USAGE = "ukey gui [--module PATH]... [--skf PATH]... [--hidden | --tray] [--version]";

    static GuiOptions parse(String... args) throws AppException {
        List<Path> libraries = new ArrayList<>();
        List<Path> skf = new ArrayList<>();
        boolean hidden = false;
        boolean version = false;
        boolean ofTray = false;
        Page page = Page.MAIN;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--version" -> version = true;
                case "--hidden", "--tray" -> hidden = true;
                case WindowProcess.OPTION -> ofTray = true;
                case "--page" -> {
                    String word = i + 1 < args.length ? args[++i] : "";
                    page = Page.of(word).orElseThrow(() -> new AppException(AppError.BAD_OPTION_VALUE, "--page",
                            word));
                }
                case "--module", "--skf" -> {
                    if (i + 1 == args.length || args[i + 1].isBlank()) {
                        throw new AppException(AppError.BAD_OPTION_VALUE, args[i], "PATH");
                    }
                    (args[i].equals("--skf") ? skf : libraries).add(Path.of(args[++i]));
                }
                default -> throw new AppException(AppError.UNKNOWN_OPTION, args[i]);
            }
        }
        return new GuiOptions(List.copyOf(libraries), List.copyOf(skf), hidden, version, ofTray, page);
    }

    /** The same options for a window that shows at once (the user asked for it). */
    GuiOptions shown() {
        return new GuiOptions(libraries, skf, false, version, ofTray, page);
    }

    /** Hidden only where a tray icon can bring the window back; otherwise the user would see nothing at all. */
    boolean showWindow(boolean trayPresent) {
        return !hidden || !trayPresent;
    }
}
