import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The AOT caches' training for {@link Package}: a twin of the app image records what the window's start-up and a
 * {@code ukey list --json} load, with none of the builder's own settings.
 */
final class Training {

    /** The training twin's launcher that records `ukey renew`'s cache (the installed image has no such launcher). */
    static final String RENEW_TRAINER = "ukey-renew-training";

    private final Package pkg;

    Training(Package pkg) {
        this.pkg = pkg;
    }

    /**
     * Trains the AOT caches on a twin of the app image (same runtime, jars and options, but recording) and moves them
     * into {@code appDir}: the window's on a start-up of the window, the command line's on {@code ukey list --json}.
     */
    void trainCaches(Path appDir) throws Exception {
        // jpackage splits --java-options at spaces: no "UKey Assistant" in these paths
        Path windowCache = pkg.work.resolve(Package.CACHE);
        Path cliCache = pkg.work.resolve(Package.CLI_CACHE);
        Path renewCache = pkg.work.resolve(Package.RENEW_CACHE);
        // jcmd must attach to the twin's window to end its recording: the one image that allows attaching. On Linux
        // the twin has a launcher more, whose JVM records `ukey renew`'s cache.
        Path twin = pkg.appImage(pkg.work.resolve("training"),
                Stream.concat(Stream.of("-XX:AOTCacheOutput=" + windowCache, "-XX:-DisableAttachMechanism"),
                        Package.WINDOW_OPTIONS.stream()).toList(),
                List.of(Package.CLI_JIT, "-XX:AOTCacheOutput=" + cliCache), Package.WINDOWS ? Map.of()
                        : Map.of(RENEW_TRAINER, List.of(Package.CLI_JIT, "-XX:AOTCacheOutput=" + renewCache)));
        boolean hasWindow;
        try (ZipFile app = new ZipFile(pkg.input.resolve("app.jar").toFile())) {
            hasWindow = app.getEntry("ukey/app/ui/GuiLauncher.class") != null;
        }
        if (hasWindow) {
            trainWindow(training(Package.launcher(twin, pkg.name), "gui"), windowCache);
            Files.move(windowCache, appDir.resolve(Package.CACHE));
        }
        // the command line ends by itself and writes its cache as it exits (also after a listing without a token)
        Process cli = training(Package.launcher(twin, Package.CLI_LAUNCHER), "list", "--json").start();
        if (!cli.waitFor(120, TimeUnit.SECONDS) || !Files.isRegularFile(cliCache)) {
            cli.destroyForcibly();
            throw new IllegalStateException("no AOT cache was written: see " + pkg.work.resolve("training.log"));
        }
        Files.move(cliCache, appDir.resolve(Package.CLI_CACHE));
        if (!Package.WINDOWS) {
            trainRenewal(Package.launcher(twin, RENEW_TRAINER), renewCache, appDir);
        }
        if (!hasWindow) { // the main launcher then starts the command line as well
            Files.copy(appDir.resolve(Package.CLI_CACHE), appDir.resolve(Package.CACHE));
        }
        for (String cache : List.of(Package.CACHE, Package.CLI_CACHE)) {
            Path file = appDir.resolve(cache);
            System.out.printf("AOT cache: %s (%d MB)%n", file, Package.size(file) >> 20);
        }
    }

    /**
     * `ukey renew`'s cache, trained by app/src/build/train-renew-aot.sh on a CMP renewal against OpenSSL's mock server
     * (it sets up the token, the CA and the server, and shields the run from the builder's settings). Without
     * OpenSSL, SoftHSM or OpenSC there is no such cache, and `ukey renew` takes the listing's: said, not failed.
     */
    void trainRenewal(Path launcher, Path cache, Path appDir) throws Exception {
        System.out.println("AOT training: " + launcher + " renew --connector cmp --same-key");
        Process training = new ProcessBuilder("bash", pkg.root.resolve("app/src/build/train-renew-aot.sh").toString(),
                pkg.work.resolve("renew-training").toString(), cache.toString(), launcher.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(pkg.work.resolve("training.log").toFile())).start();
        if (!training.waitFor(180, TimeUnit.SECONDS)) {
            training.destroyForcibly();
        }
        if (Files.isRegularFile(cache)) {
            Files.move(cache, appDir.resolve(Package.RENEW_CACHE));
            System.out.printf("AOT cache: %s (%d MB)%n", appDir.resolve(Package.RENEW_CACHE),
                    Package.size(appDir.resolve(Package.RENEW_CACHE)) >> 20);
        } else {
            System.out.println("no AOT cache for ukey renew (it takes the listing's): see "
                    + pkg.work.resolve("training.log"));
        }
    }

    /** A training start-up that sees none of the builder's own settings, policy, running client or temporary files. */
    ProcessBuilder training(Path launcher, String... args) throws IOException {
        Path sandbox = Files.createDirectories(pkg.work.resolve("training-home"));
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder training = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(pkg.work.resolve("training.log").toFile()));
        Map<String, String> env = training.environment();
        env.put("UKEY_CONFIG_DIR", sandbox.resolve("config").toString());
        env.put("UKEY_POLICY_FILE", sandbox.resolve("no-policy.properties").toString());
        env.put("HOME", sandbox.toString());
        for (String temp : List.of("TMPDIR", "TMP", "TEMP")) {
            env.put(temp, Files.createDirectories(sandbox.resolve("tmp")).toString());
        }
        System.out.println("AOT training: " + String.join(" ", command));
        return training;
    }

    /** Runs the window a while, then ends its recording with jcmd: the cache is written while the window runs. */
    void trainWindow(ProcessBuilder training, Path cache) throws Exception {
        Path log = pkg.work.resolve("training.log");
        Process client = training.start();
        int seconds = Integer.parseInt(System.getenv().getOrDefault("UKEY_TRAINING_SECONDS", "12"));
        if (client.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the window closed during training: see " + log);
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", Package.WINDOWS ? "jcmd.exe" : "jcmd");
        Package.run(new ProcessBuilder(jcmd.toString(), String.valueOf(client.pid()), "AOT.end_recording"));
        for (int i = 0; i < 600 && !Files.exists(cache); i++) {
            Thread.sleep(100);
        }
        client.destroy();
        if (!client.waitFor(120, TimeUnit.SECONDS) || !Files.isRegularFile(cache)) {
            client.destroyForcibly();
            throw new IllegalStateException("no AOT cache was written: see " + log);
        }
    }
}
