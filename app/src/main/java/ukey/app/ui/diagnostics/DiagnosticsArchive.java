package ukey.app.ui.diagnostics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory.LibraryStatus;
import ukey.token.PinState;
import ukey.token.TokenInfo;

/**
 * 导出诊断信息: a zip for the helpdesk with the checks, the libraries, the keys' descriptions and the client's
 * logs. It holds no PIN: the client never has one outside a PIN dialog, and the logs never contain one.
 * No environment variables either (they can hold anything); only named system facts.
 */
public final class DiagnosticsArchive {

    /** Log files larger than this are cut to their end: the end is what the helpdesk reads. */
    static final int MAX_LOG_BYTES = 2 * 1024 * 1024;

    private DiagnosticsArchive() {
    }

    public static void write(Path zip, Instant when, List<CheckResult> checks, List<LibraryStatus> libraries,
                             List<KeyCard> keys, Path logDirectory) throws IOException {
        Path partial = zip.resolveSibling(zip.getFileName() + ".part");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
            text(out, "checks.txt", checks(when, checks));
            text(out, "libraries.txt", libraries(libraries));
            text(out, "keys.txt", keys(keys));
            text(out, "system.txt", system());
            logs(out, logDirectory);
        }
        Files.move(partial, zip, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String checks(Instant when, List<CheckResult> checks) {
        StringBuilder text = new StringBuilder("UKey Assistant diagnostics, " + when + "\n\n");
        for (CheckResult check : checks) {
            text.append('[').append(check.level()).append("] ").append(check.id()).append(" - ")
                    .append(check.title()).append('\n').append(indent(check.detail()));
            if (!check.fix().isEmpty()) {
                text.append(indent(check.fix()));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String libraries(List<LibraryStatus> libraries) {
        StringBuilder text = new StringBuilder();
        for (LibraryStatus library : libraries) {
            text.append(library.path()).append('\n').append(indent("description: " + library.description()))
                    .append(indent("loaded: " + library.loaded()));
            library.problem().ifPresent(problem -> text.append(indent("problem: " + problem.getMessage())));
        }
        return text.toString();
    }

    private static String keys(List<KeyCard> keys) {
        StringBuilder text = new StringBuilder();
        for (KeyCard key : keys) {
            TokenInfo info = key.info();
            text.append(info.label()).append('\n')
                    .append(indent("serial: " + info.serial()))
                    .append(indent("manufacturer: " + info.manufacturer() + ", model: " + info.model()
                            + ", firmware: " + info.firmware()))
                    .append(indent("library: " + info.library()))
                    .append(indent("user PIN: " + flags(info.userPin())))
                    .append(indent("SO PIN: " + flags(info.soPin())))
                    .append(indent("certificates: " + key.certificates().size()));
            key.main().flatMap(main -> main.info()).ifPresent(main -> text.append(indent("certificate: "
                    + main.owner() + ", serial " + main.serialHex() + ", " + main.notBefore() + " .. "
                    + main.notAfter())));
        }
        return text.toString();
    }

    private static String flags(PinState pin) {
        return pin == null ? "unknown" : "countLow=" + pin.countLow() + " finalTry=" + pin.finalTry()
                + " locked=" + pin.locked() + " toBeChanged=" + pin.toBeChanged()
                + " length=" + pin.minLength() + ".." + pin.maxLength();
    }

    private static String system() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("os.name", "os.version", "os.arch", "java.version", "java.vendor",
                "java.vm.name", "user.language", "user.country", "user.timezone", "file.encoding")) {
            text.append(name).append(": ").append(System.getProperty(name, "")).append('\n');
        }
        text.append("processors: ").append(Runtime.getRuntime().availableProcessors()).append('\n');
        return text.toString();
    }

    private static void logs(ZipOutputStream out, Path logDirectory) throws IOException {
        if (logDirectory == null || !Files.isDirectory(logDirectory)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(logDirectory)) {
            files = listing.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().contains(".log"))
                    .sorted().toList();
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            int from = Math.max(0, bytes.length - MAX_LOG_BYTES);
            out.putNextEntry(new ZipEntry("logs/" + file.getFileName()));
            out.write(bytes, from, bytes.length - from);
            out.closeEntry();
        }
    }

    private static void text(ZipOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        OutputStream entry = out;
        entry.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    private static String indent(String text) {
        return text.lines().map(line -> "    " + line + "\n").reduce("", String::concat);
    }
}
