import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Builds the installed form of the client from a packaged build ({@code mvn package}), the same way on every
 * platform; {@code installer/build-deb.sh} and {@code installer/build-msi.ps1} run it from the repository root:
 *
 * <pre>java installer/Package.java deb|msi|app-image</pre>
 * ({@code modules}: only the runtime's modules from the built jars, checked as jlink would need them: the build's
 * verify phase runs it, see app/pom.xml);
 *
 * <ol>
 * <li>input: {@code app/target/app.jar} and its {@code lib/} jars, without JavaFX (JavaFX goes into the runtime),
 *     and the library host programs in {@code host/} (the client finds them beside its jars): on Windows
 *     {@code ukey-host32.exe} and {@code ukey-host64.exe} from {@code ukey-host/target/win} (cross-built with
 *     mingw-w64 on Linux and signed first, see installer/README.md; {@code UKEY_HOST_DIR} names another folder),
 *     on Linux {@code ukey-host};
 * <li>runtime: jlink with the JDK modules jdeps finds in the jars, {@code jdk.localedata} (zh, en),
 *     {@code jdk.charsets} (every Windows console code page) and the JavaFX modules from the platform jars. Their
 *     native libraries are taken out of the module image and put where JavaFX looks first in a linked runtime
 *     ({@code lib/} on Linux, {@code bin/javafx/} on Windows), so nothing is extracted into the user's home;
 * <li>app image: jpackage with {@code @jpackage.cfg}, the {@code ukey} command-line launcher, and an AOT cache for
 *     each launcher: {@code -XX:AOTCache=$APPDIR/ukey.aot} (with {@link #WINDOW_OPTIONS}) for the window,
 *     {@code $APPDIR/ukey-cli.aot} for {@code ukey} (a JVM loads every class of its cache at start: the window's
 *     6,000 would double a listing's);
 * <li>AOT caches: a twin image (same runtime, same jars) with {@code -XX:AOTCacheOutput} runs the training
 *     start-ups (the window, then {@code ukey list --json}, then on Linux a CMP renewal for {@code ukey renew}'s
 *     own cache, which the .deb's {@code ukey} script picks by command) and writes the caches into the app image;
 * <li>package: jpackage {@code --app-image} with the identity options of {@code jpackage.cfg},
 *     {@code @installer/<platform>/jpackage.cfg} and the resources of {@code installer/<platform>/resources}.
 * </ol>
 * A JVM takes an AOT cache only with the very jars it was made from: same size and same modification time. The
 * jars of both images get one fixed time ({@link #JAR_TIME}); the MSI keeps file times (cabinets hold local
 * time: build in the users' time zone), the .deb's postinst sets them back ({@code UKEY_JAR_TIME} below).
 * <p>
 * Everything it makes is under {@code installer/target/}: {@code work/} and the package itself. Environment:
 * {@code UKEY_TRAINING_SECONDS} (how long the window runs before the recording ends, default 12) and
 * {@code UKEY_NO_AOT=1} (package without the cache, to measure the difference).
 */
public class Package {

    static final boolean WINDOWS = System.getProperty("os.name").startsWith("Windows");
    static final String PLATFORM = WINDOWS ? "windows" : "linux";
    static final String CACHE = "ukey.aot";
    /** The command line's own cache: the window's would load all of its ~6,000 classes before every `ukey list`. */
    static final String CLI_CACHE = "ukey-cli.aot";
    /**
     * The tray process's cache (`gui --hidden`, no JavaFX; see ScriptLaunchers): the command line's, which holds the
     * token and certificate classes the tray's key watch loads. Measured beside the window's and none (issue 13):
     * 102 MB resident against 120 MB with the window's and 100 MB with none.
     */
    static final String TRAY_CACHE = CLI_CACHE;
    static final String CLI_LAUNCHER = "ukey";
    /** `ukey renew`'s own cache (Linux): the renewal's ~4,000 classes would slow every `ukey list` in the listing's. */
    static final String RENEW_CACHE = "ukey-renew.aot";
    /** The command line's JIT: compile only what a second-long command calls very often (app/src/main/launcher/ukey). */
    static final String CLI_JIT = "-XX:CompileThresholdScaling=10";
    /**
     * The window's own JVM options (not the tray's), as app/src/main/launcher/ukey says why. On Windows the tray
     * process starts through the same .exe and .cfg as the window, so it would get them too: no larger starting heap
     * there (the serial collector never shrinks the heap below it).
     */
    static final List<String> WINDOW_OPTIONS = WINDOWS
            ? List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining")
            : List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining", "-Xms64m");
    /** The modification time of every jar in the app image (even seconds: MSI cabinets store 2-second steps). */
    static final Instant JAR_TIME = Instant.parse("2000-01-01T00:00:00Z");
    /** jpackage.cfg options that also describe a package made from an app image (the rest are baked into it). */
    static final Set<String> IDENTITY = Set.of("--name", "--vendor", "--description", "--app-version", "--copyright",
            "--about-url", "--license-file");

    final Path root = Path.of("").toAbsolutePath();
    final Path target = root.resolve("installer/target");
    final Path work = target.resolve("work");
    final Path input = work.resolve("input");
    final Path runtime = work.resolve("runtime");
    final List<String> shared = readArgFile(root.resolve("jpackage.cfg"));
    final String name = shared.get(shared.indexOf("--name") + 1);
    /** JVM options beyond jpackage.cfg's, the same for the training twin and the app image. */
    final List<String> javaOptions = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !List.of("deb", "msi", "app-image", "modules").contains(args[0])) {
            System.err.println("usage: java installer/Package.java deb|msi|app-image|modules   (from the root)");
            System.exit(64);
        }
        if (args[0].equals("modules")) {
            new Package().checkModules();
        } else {
            new Package().build(args[0]);
        }
    }

    void build(String type) throws Exception {
        if (!Files.isRegularFile(root.resolve("app/target/app.jar"))) {
            throw new IllegalStateException("no app/target/app.jar: build the client first (mvn -B package)");
        }
        deleteTree(work);
        List<Path> fxJars = prepareInput();
        linkRuntime(fxJars);
        if (!fxJars.isEmpty()) { // JavaFX loads its natives through JNI, which JDK 25 asks to allow
            javaOptions.add("--enable-native-access=javafx.graphics");
        }
        boolean aot = !"1".equals(System.getenv("UKEY_NO_AOT"));
        Path image = aot ? appImage(work.resolve("image"), Stream.concat(Stream.of("-XX:AOTCache=$APPDIR/" + CACHE),
                WINDOW_OPTIONS.stream()).toList(),
                List.of(CLI_JIT, "-XX:AOTCache=$APPDIR/" + CLI_CACHE), Map.of())
                : appImage(work.resolve("image"), List.of(), List.of(CLI_JIT), Map.of());
        if (aot) {
            new Training(this).trainCaches(appDir(image));
        }
        if (type.equals("deb")) { // installed into /opt/<package name>
            List<String> linux = readArgFile(root.resolve("installer/linux/jpackage.cfg"));
            ScriptLaunchers.write(image, name, "/opt/" + linux.get(linux.indexOf("--linux-package-name") + 1));
        }
        if (type.equals("app-image")) {
            System.out.println("app image: " + image);
            return;
        }
        try (Stream<Path> old = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            for (Path file : old.filter(p -> p.toString().endsWith("." + type)).toList()) {
                Files.delete(file);
            }
        }
        List<String> options = new ArrayList<>();
        for (int i = 0; i + 1 < shared.size(); i++) {
            if (IDENTITY.contains(shared.get(i))) {
                options.addAll(shared.subList(i, i + 2));
            }
        }
        options.addAll(List.of("@installer/" + PLATFORM + "/jpackage.cfg", "--type", type,
                "--app-image", image.toString(), "--resource-dir", resources().toString(),
                "--dest", target.toString()));
        run("jpackage", options);
        try (Stream<Path> made = Files.list(target)) {
            made.filter(p -> p.toString().endsWith("." + type))
                    .forEach(p -> System.out.printf("package: %s (%d MB)%n", p, size(p) >> 20));
        }
    }

    /** app.jar at the top, its dependencies in lib/ (the class path jpackage writes follows that layout). */
    List<Path> prepareInput() throws IOException {
        Files.createDirectories(input.resolve("lib"));
        Files.copy(root.resolve("app/target/app.jar"), input.resolve("app.jar"));
        List<Path> fxJars = new ArrayList<>();
        String fxClassifier = WINDOWS ? "-win.jar" : "-linux.jar";
        try (Stream<Path> jars = Files.list(root.resolve("app/target/lib"))) {
            for (Path jar : jars.sorted().toList()) {
                String file = jar.getFileName().toString();
                if (file.startsWith("javafx-")) {
                    if (file.endsWith(fxClassifier)) { // the others are empty stand-ins for the module names
                        fxJars.add(jar);
                    }
                } else if (file.endsWith(".jar")) {
                    Files.copy(jar, input.resolve("lib").resolve(file));
                }
            }
        }
        copyHostPrograms();
        return fxJars;
    }

    /** The helper processes that serve vendor libraries out of process; without them 32-bit DLLs stay unusable. */
    void copyHostPrograms() throws IOException {
        String configured = System.getenv("UKEY_HOST_DIR");
        Path from = configured != null ? Path.of(configured)
                : root.resolve(WINDOWS ? "ukey-host/target/win" : "ukey-host/target");
        List<String> programs = WINDOWS ? List.of("ukey-host32.exe", "ukey-host64.exe") : List.of("ukey-host");
        Files.createDirectories(input.resolve("host"));
        for (String program : programs) {
            Path file = from.resolve(program);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("no " + file + ": build ukey-host (make -C ukey-host, on Linux for"
                        + " the Windows programs too) or set UKEY_HOST_DIR to the folder of the signed programs");
            }
            Files.copy(file, input.resolve("host").resolve(program));
        }
    }

    void linkRuntime(List<Path> fxJars) throws IOException {
        Set<String> modules = new TreeSet<>(List.of("jdk.localedata", "jdk.charsets"));
        try (Stream<Path> jars = Files.list(input.resolve("lib"))) {
            modules.addAll(jdkModules(input.resolve("app.jar"), jars.sorted().toList(), fxJars));
        }
        System.out.println("runtime modules: " + String.join(",", modules));

        List<String> jlink = new ArrayList<>(List.of("--add-modules", String.join(",", modules),
                "--include-locales=zh,en", "--strip-debug", "--no-header-files", "--no-man-pages",
                "--output", runtime.toString()));
        if (!fxJars.isEmpty()) {
            jlink.addAll(List.of("--module-path", join(fxJars),
                    // JavaFX's natives and build leftovers stay out of the module image; the natives go beside it
                    "--exclude-resources=regex:/javafx\\.[a-z]+/[^/]+\\.(so|dll|dylib|jar),"
                            + "glob:/javafx.*/META-INF/substrate/**"));
        }
        run("jlink", jlink);
        Path nativeDir = Files.createDirectories(runtime.resolve(WINDOWS ? "bin/javafx" : "lib"));
        for (Path jar : fxJars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (var entry : zip.stream().toList()) {
                    String file = entry.getName();
                    if (!file.contains("/") && (file.endsWith(".so") || file.endsWith(".dll"))) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, nativeDir.resolve(file));
                        }
                    }
                }
            }
        }
    }

    /**
     * The JDK and JavaFX modules the client's code uses. jdeps starts from app.jar and follows the class path, the
     * way the client's JVM loads it (jar by jar, whole jars). A jar given to jdeps as a root would be read as a module
     * when it has a module-info, and then its {@code requires} must resolve: okhttp3 requires okio, a plain jar, and
     * jdeps stops with "Module okio not found". Every module named must be one jlink can link.
     */
    static Set<String> jdkModules(Path appJar, List<Path> classPath, List<Path> fxJars) {
        String release = String.valueOf(Runtime.version().feature());
        List<String> jdeps = new ArrayList<>(List.of("-q", "--multi-release", release, "--ignore-missing-deps",
                "--print-module-deps", "--class-path", join(classPath)));
        if (!fxJars.isEmpty()) {
            jdeps.addAll(List.of("--module-path", join(fxJars)));
        }
        jdeps.add(appJar.toString());
        Set<String> modules = new TreeSet<>(Arrays.asList(run("jdeps", jdeps).strip().split(",")));
        ModuleFinder linkable = ModuleFinder.compose(ModuleFinder.ofSystem(),
                ModuleFinder.of(fxJars.toArray(Path[]::new)));
        List<String> unknown = modules.stream().filter(module -> linkable.find(module).isEmpty()).toList();
        if (!modules.contains("java.base") || !unknown.isEmpty()) {
            throw new IllegalStateException("jdeps found " + modules + ", jlink would not find " + unknown);
        }
        return modules;
    }

    /** {@code modules}: the runtime's modules from app/target's jars, without packaging anything (seconds). */
    void checkModules() throws IOException {
        String fxClassifier = WINDOWS ? "-win.jar" : "-linux.jar";
        List<Path> jars;
        try (Stream<Path> files = Files.list(root.resolve("app/target/lib"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        Predicate<Path> fx = jar -> jar.getFileName().toString().startsWith("javafx-");
        List<Path> fxJars = jars.stream().filter(fx).filter(jar -> jar.toString().endsWith(fxClassifier)).toList();
        Set<String> modules = jdkModules(root.resolve("app/target/app.jar"), jars.stream().filter(fx.negate()).toList(),
                fxJars);
        System.out.println("runtime modules: " + String.join(",", modules));
    }

    /**
     * An app image of the input and runtime, with extra JVM options for the window's launcher and for the {@code ukey}
     * launcher, and more command-line launchers (name and extra options: the training twin's); its jars stamped
     * {@link #JAR_TIME}.
     */
    Path appImage(Path dest, List<String> windowOptions, List<String> cliOptions, Map<String, List<String>> more)
            throws IOException {
        List<String> options = new ArrayList<>(List.of("@jpackage.cfg", "--type", "app-image",
                "--input", input.toString(), "--runtime-image", runtime.toString(),
                "--icon", "installer/icons/ukey." + (WINDOWS ? "ico" : "png"),
                "--add-launcher", CLI_LAUNCHER + "=" + cliLauncher(dest, CLI_LAUNCHER, cliOptions),
                "--dest", dest.toString()));
        for (Map.Entry<String, List<String>> launcher : more.entrySet()) {
            options.addAll(List.of("--add-launcher", launcher.getKey() + "=" + cliLauncher(dest, launcher.getKey(),
                    launcher.getValue())));
        }
        List<String> jvm = new ArrayList<>(javaOptions);
        jvm.addAll(windowOptions);
        jvm.forEach(option -> options.addAll(List.of("--java-options", option)));
        run("jpackage", options);
        Path image = dest.resolve(name);
        try (Stream<Path> files = Files.walk(appDir(image))) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.setLastModifiedTime(jar, FileTime.from(JAR_TIME));
            }
        }
        return image;
    }

    /**
     * installer/ukey-launcher.properties with the launcher's JVM options: an added launcher that names java-options
     * gets those instead of the image's, so they are all listed (jpackage.cfg's, this build's, the extra ones).
     */
    Path cliLauncher(Path dest, String launcher, List<String> extraOptions) throws IOException {
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i + 1 < shared.size(); i++) {
            if (shared.get(i).equals("--java-options")) {
                jvm.add(shared.get(i + 1));
            }
        }
        jvm.addAll(javaOptions);
        jvm.addAll(extraOptions);
        Path source = root.resolve("installer").resolve(CLI_LAUNCHER + "-launcher.properties");
        Path properties = work.resolve(dest.getFileName() + "-" + launcher + "-launcher.properties");
        Files.writeString(properties, Files.readString(source, StandardCharsets.UTF_8).stripTrailing()
                + "\njava-options=" + String.join(" ", jvm) + "\n", StandardCharsets.UTF_8);
        return properties;
    }

    /** The platform's package resources, with the jars' time filled in for the scripts that restore it. */
    Path resources() throws IOException {
        Path source = root.resolve("installer").resolve(PLATFORM).resolve("resources");
        Path copy = Files.createDirectories(work.resolve("resources"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8)
                        .replace("UKEY_JAR_TIME", String.valueOf(JAR_TIME.getEpochSecond()));
                Files.writeString(copy.resolve(file.getFileName()), text, StandardCharsets.UTF_8);
            }
        }
        return copy;
    }

    /** Where the jars, the launchers' .cfg files and the cache sit ($APPDIR). */
    static Path appDir(Path image) {
        return WINDOWS ? image.resolve("app") : image.resolve("lib/app");
    }

    static Path launcher(Path image, String launcher) {
        return WINDOWS ? image.resolve(launcher + ".exe") : image.resolve("bin").resolve(launcher);
    }

    /** The tokens of a jpackage @-file: # comments, "quoted values" kept whole. */
    static List<String> readArgFile(Path file) {
        List<String> tokens = new ArrayList<>();
        Pattern token = Pattern.compile("\"([^\"]*)\"|(\\S+)");
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                Matcher matcher = token.matcher(text);
                while (matcher.find()) {
                    tokens.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("run from the repository root: " + e.getMessage(), e);
        }
        return tokens;
    }

    static String run(String tool, List<String> args) {
        System.out.println("$ " + tool + " " + String.join(" ", args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ToolProvider.findFirst(tool).orElseThrow(() -> new IllegalStateException("no " + tool))
                .run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        System.out.print(out);
        System.err.print(err);
        if (status != 0) {
            throw new IllegalStateException(tool + " failed with status " + status);
        }
        return out.toString();
    }

    static void run(ProcessBuilder command) throws IOException, InterruptedException {
        int status = command.inheritIO().start().waitFor();
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", command.command()) + " failed with status " + status);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String join(List<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
