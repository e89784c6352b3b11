import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the signed jars of a folder (BouncyCastle's) without their signatures, run by the build on
 * {@code app/target/lib}:
 *
 * <pre>java app/src/build/UnsignJars.java FOLDER</pre>
 *
 * Why: a class from a signed jar costs the JVM a signature check of the jar (a certificate chain, RSA, a digest of
 * every class it reads) and a manifest of 800 KB of per-entry digests to parse; and the JDK's CDS and AOT caches
 * leave signed jars out, so their classes never come from the cache. The client trusts its jars as they were
 * resolved by the build (Maven's checksums), not by their signatures; OpenJDK asks no signature of a JCA provider.
 * The manifest keeps its main section (Multi-Release and the rest); signature files and per-entry digests go.
 * Jars without signature files are left as they are, so running it twice changes nothing.
 */
public class UnsignJars {

    static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");
    static final String MANIFEST = "META-INF/MANIFEST.MF";

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java UnsignJars.java FOLDER");
            System.exit(64);
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            if (signed(jar)) {
                unsign(jar);
                System.out.println("unsigned " + jar.getFileName());
            }
        }
    }

    static boolean signed(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(e -> SIGNATURE.matcher(e.getName()).matches());
        }
    }

    static void unsign(Path jar) throws IOException {
        Path copy = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (ZipFile zip = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (SIGNATURE.matcher(entry.getName()).matches()) {
                    continue;
                }
                ZipEntry written = new ZipEntry(entry.getName());
                written.setTime(entry.getTime());
                out.putNextEntry(written);
                try (InputStream in = zip.getInputStream(entry)) {
                    if (entry.getName().equals(MANIFEST)) {
                        out.write(mainSection(in.readAllBytes()));
                    } else {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        Files.move(copy, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The manifest up to its first blank line: the main attributes without the per-entry digest sections. */
    static byte[] mainSection(byte[] manifest) {
        String text = new String(manifest, StandardCharsets.UTF_8).replace("\r\n", "\n");
        int end = text.indexOf("\n\n");
        String main = end < 0 ? text : text.substring(0, end + 1);
        return (main.endsWith("\n") ? main + "\n" : main + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
