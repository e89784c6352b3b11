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
            Files.write(Package.appDir(image).resolve(args), jvm.stream().map(arg -> '"' + arg + '"').toList());
            String choice = "";
            if (launcher.equals(Package.CLI_LAUNCHER) && Files.isRegularFile(Package.appDir(image)
                    .resolve(Package.RENEW_CACHE))) { // the same JVM with `ukey renew`'s own cache
                String renewArgs = Package.CLI_LAUNCHER + "-renew.args";
                Files.write(Package.appDir(image).resolve(renewArgs), jvm.stream().map(arg -> '"' + arg.replace(
                        Package.CLI_CACHE, Package.RENEW_CACHE) + '"').toList());
                choice = renewChoice(appDir + "/" + renewArgs);
            }
            Path script = Package.launcher(image, launcher);
            Files.writeString(script, "#!/bin/sh\n# " + launcher + ": java with the options of " + launcher
                    + ".cfg (installer/ScriptLaunchers.java says why not jpackage's launcher)\n"
                    + (defaults.isEmpty() ? "" : "[ $# -eq 0 ] && set -- " + String.join(" ", defaults) + "\n")
                    + "args=" + appDir + "/" + args + "\n" + choice
                    + "exec " + installDir + "/lib/runtime/bin/java \"@$args\" \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** installer/linux/ukey-renew-choice.sh: sh that sets args to {@code renewArgs} for `ukey renew`. */
    static String renewChoice(String renewArgs) throws IOException {
        return Files.readString(Path.of("installer/linux/ukey-renew-choice.sh"), StandardCharsets.UTF_8)
                .replace("RENEW_ARGS", renewArgs);
    }
}
