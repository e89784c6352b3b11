import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The .deb's launchers for {@link Package}. */
final class ScriptLaunchers {

    /**
     * The tray process compiles after a tenth of the usual calls: its key watch runs every 0.7 s and would stay
     * interpreted for minutes (src/bench.sh tray: 0.25 -> 0.18 % of a core, +3 MB), as app/target/ukey's tray does.
     */
    static final String TRAY_COMPILING = "-XX:CompileThresholdScaling=0.1";

    private ScriptLaunchers() {
    }

    /**
     * The .deb's launchers as shell scripts that start the runtime's java with what the launcher's .cfg holds (its
     * JVM options, class path, main class and default arguments, $APPDIR as installed). jpackage's Linux launcher
     * asks rpm and dpkg which package owns it before every start, twice (`dpkg -S` and `dpkg -L` read the package
     * database): ~0.3 s of a `ukey list`. The JVM gets the same arguments, so the AOT caches fit as before.
     */
    static void write(Path image, String name, String installDir) throws IOException {
        String appDir = installDir + "/lib/app";
        for (String launcher : List.of(name, Package.CLI_LAUNCHER)) {
            List<String> jvm = new ArrayList<>();
            List<String> classPath = new ArrayList<>();
            List<String> defaults = new ArrayList<>();
            String mainClass = null;
            Path cfg = Package.appDir(image).resolve(launcher + ".cfg");
            for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
                String value = line.substring(line.indexOf('=') + 1).replace("$APPDIR", appDir);
                if (line.startsWith("java-options=")) {
                    jvm.add(value);
                } else if (line.startsWith("app.classpath=")) {
                    classPath.add(value);
                } else if (line.startsWith("app.mainclass=")) {
                    mainClass = value;
                } else if (line.startsWith("arguments=") && !value.isBlank()) {
                    defaults.add(value);
                }
            }
            jvm.addAll(List.of("-cp", String.join(":", classPath), "-Djpackage.app-path=" + installDir + "/bin/"
                    + launcher, Objects.requireNonNull(mainClass, "no app.mainclass in " + launcher + ".cfg")));
            String args = launcher.replace(' ', '-') + ".args"; // a java @-file: one quoted argument a line
            Files.write(Package.appDir(image).resolve(args), quoted(jvm));
            String choice = "";
            if (launcher.equals(name)) {
                choice = trayChoice(image, jvm, appDir, args);
                args = "$args";
            } else if (Files.isRegularFile(Package.appDir(image).resolve(Package.RENEW_CACHE))) {
                choice = renewChoice(image, jvm, args);
                args = "$args";
            }
            Path script = Package.launcher(image, launcher);
            Files.writeString(script, "#!/bin/sh\n# " + launcher + ": java with the options of " + launcher
                    + ".cfg (installer/ScriptLaunchers.java says why not jpackage's launcher)\n"
                    + (defaults.isEmpty() ? "" : "[ $# -eq 0 ] && set -- " + String.join(" ", defaults) + "\n")
                    + choice + "exec " + installDir + "/lib/runtime/bin/java @" + appDir + "/" + args + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /**
     * {@code gui --hidden} (autostart) is the tray process, which never loads JavaFX: the window's cache would map its
     * ~6,000 classes into the process that stays all day (issue 13: 120 MB resident against 102 with the command line's
     * cache). It gets the window's options, without {@link Package#WINDOW_OPTIONS}, with the tray's cache
     * ({@link Package#TRAY_CACHE}) instead, or none where the image has no such file (the tray only starts slower),
     * and {@link #TRAY_COMPILING}, from an @-file of its own; its {@code jpackage.app-path} still names this launcher,
     * which starts each window process with the window's cache.
     *
     * @return the lines of the script that choose the @-file into {@code $args}
     */
    private static String trayChoice(Path image, List<String> jvm, String appDir, String windowArgs)
            throws IOException {
        String windowCache = "-XX:AOTCache=" + appDir + "/" + Package.CACHE;
        String trayArgs = windowArgs.replace(".args", "-tray.args");
        boolean trayCache = Files.isRegularFile(Package.appDir(image).resolve(Package.TRAY_CACHE));
        List<String> tray = new ArrayList<>(List.of(TRAY_COMPILING));
        jvm.stream().filter(arg -> (trayCache || !arg.equals(windowCache)) && !Package.WINDOW_OPTIONS.contains(arg))
                .map(arg -> arg.equals(windowCache) ? "-XX:AOTCache=" + appDir + "/" + Package.TRAY_CACHE : arg)
                .forEach(tray::add);
        Files.write(Package.appDir(image).resolve(trayArgs), quoted(tray));
        return "args=" + windowArgs + "\n" + "[ \"$1\" = gui ] && for arg; do case $arg in --hidden | --tray) args="
                + trayArgs + " ;; esac; done\n";
    }

    /**
     * `ukey renew` starts with its own cache ({@link Package#RENEW_CACHE}, from an @-file of its own), every other
     * command with the listing's: installer/linux/ukey-renew-choice.sh picks it.
     *
     * @return the lines of the script that choose the @-file into {@code $args}
     */
    private static String renewChoice(Path image, List<String> jvm, String cliArgs) throws IOException {
        String renewArgs = cliArgs.replace(".args", "-renew.args");
        Files.write(Package.appDir(image).resolve(renewArgs), quoted(jvm.stream()
                .map(arg -> arg.replace(Package.CLI_CACHE, Package.RENEW_CACHE)).toList()));
        return "args=" + cliArgs + "\n" + Files.readString(Path.of("installer/linux/ukey-renew-choice.sh"),
                StandardCharsets.UTF_8).replace("RENEW_ARGS", renewArgs);
    }

    private static List<String> quoted(List<String> arguments) {
        return arguments.stream().map(arg -> '"' + arg + '"').toList();
    }
}
