package ukey.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.token.LibraryDiscovery.Layout;
import ukey.token.LibraryDiscovery.Os;

/** Discovery over a fake system built in a temporary directory (a real file system), and over this machine. */
class LibraryDiscoveryTest {

    private static final byte[] ELF_X86_64 = LibraryHeaderTest.elf(2, true, 62);
    private static final byte[] ELF_X86 = LibraryHeaderTest.elf(1, true, 3);
    private static final byte[] PE_X86_64 = LibraryHeaderTest.pe(0x8664);
    private static final byte[] PE_X86 = LibraryHeaderTest.pe(0x14c);

    @TempDir
    Path root;

    private Path write(String relative, byte[] content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private Path write(String relative, String text) throws IOException {
        return write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    private List<LibraryCandidate> linux(Map<String, String> env, Path... explicit) {
        return new LibraryDiscovery(new Layout(Os.LINUX, "amd64", env, root)).candidates(explicit);
    }

    private static LibraryCandidate usable(Path path, String source, String vendor) {
        return new LibraryCandidate(path, source, vendor, Optional.empty());
    }

    private static LibraryCandidate candidate(Path path, String source, String vendor, LibraryDefect.Kind problem) {
        return candidate(path, source, vendor, LibraryDefect.of(problem));
    }

    private static LibraryCandidate candidate(Path path, String source, String vendor, LibraryDefect problem) {
        return new LibraryCandidate(path, source, vendor, Optional.of(problem));
    }

    private static final LibraryDefect X86_LIBRARY_ON_X86_64 = new LibraryDefect(LibraryDefect.Kind.WRONG_BITS,
            Optional.of(LibraryHeader.Arch.X86), Optional.of(LibraryHeader.Arch.X86_64), "");

    @Test
    void linuxOrderIsExplicitEnvironmentRegistryThenUsualPaths() throws IOException {
        Path explicit = write("home/me/vendor/libmykey.so", ELF_X86_64);
        Path fromEnvironment = write("opt/other/libother.so", ELF_X86_64);
        Path missingFromEnvironment = root.resolve("opt/gone/libgone.so");
        write("usr/share/p11-kit/modules/vendor.module", "# a vendor's key\nmodule: libvendor.so\n");
        Path vendor = write("usr/lib/x86_64-linux-gnu/pkcs11/libvendor.so", ELF_X86_64);
        write("usr/share/p11-kit/modules/softhsm2.module",
                "module: /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so\n");
        Path softHsm = write("usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", ELF_X86_64);
        Path openSc = write("usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", ELF_X86_64);

        List<LibraryCandidate> found = linux(
                Map.of(LibraryDiscovery.ENV_VARIABLE, fromEnvironment + ":" + missingFromEnvironment + ":"),
                explicit);

        assertEquals(List.of(
                usable(explicit, LibraryDiscovery.EXPLICIT, ""),
                usable(fromEnvironment, LibraryDiscovery.ENVIRONMENT, ""),
                candidate(missingFromEnvironment, LibraryDiscovery.ENVIRONMENT, "", LibraryDefect.Kind.MISSING),
                usable(softHsm, LibraryDiscovery.P11_KIT, "SoftHSM"),
                usable(vendor, LibraryDiscovery.P11_KIT, "vendor"),
                usable(openSc, LibraryDiscovery.USUAL_PATH, "OpenSC")), found);
    }

    @Test
    void eachLibraryOnceByCanonicalPathFirstSourceWins() throws IOException {
        write("usr/share/p11-kit/modules/softhsm2.module",
                "module: /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so\n");
        Path real = write("usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", ELF_X86_64);
        // Debian's compatibility link, also a usual path: the same library
        Files.createDirectories(root.resolve("usr/lib/softhsm"));
        Path link = Files.createSymbolicLink(root.resolve("usr/lib/softhsm/libsofthsm2.so"), real);

        List<LibraryCandidate> found = linux(Map.of(LibraryDiscovery.ENV_VARIABLE, real.toString()), link);
        assertEquals(List.of(usable(link, LibraryDiscovery.EXPLICIT, "SoftHSM")), found);
    }

    @Test
    void registryFollowsP11KitRules() throws IOException {
        Path home = root.resolve("home/me");
        write("usr/share/p11-kit/modules/opensc-pkcs11.module", "module: opensc-pkcs11.so\n");
        Path openSc = write("usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so", ELF_X86_64);
        write("etc/pkcs11/modules/opensc-pkcs11.module", "module:\n"); // a blank module disables it
        write("usr/share/p11-kit/modules/alpha.module", "module: libalpha.so\n");
        write("usr/share/p11-kit/modules/zeta.module", "module: libzeta.so\n");
        write("etc/pkcs11/modules/zeta.module", "priority: 10\n"); // merged: the module line comes from below
        write("home/me/.config/pkcs11/modules/alpha.module", "module: /opt/mine/libalpha-user.so\n");
        Path alpha = write("opt/mine/libalpha-user.so", ELF_X86_64);
        Path zeta = write("usr/lib/x86_64-linux-gnu/pkcs11/libzeta.so", ELF_X86_64);
        write("usr/share/p11-kit/modules/p11-kit-trust.module", "module: p11-kit-trust.so\npriority: 1\n");
        write("usr/share/p11-kit/modules/client.module", "module: p11-kit-client.so\n");
        write("usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-trust.so", ELF_X86_64);
        write("usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so", ELF_X86_64);
        write("usr/share/p11-kit/modules/remote.module", "remote: |ssh host p11-kit remote /lib/x.so\n");
        write("usr/share/p11-kit/modules/README", "module: libnot-a-module-file.so\n");
        write("usr/share/p11-kit/modules/broken.module", "module: libbroken.so\n");

        List<LibraryCandidate> found = linux(Map.of("HOME", home.toString().replace(root.toString(), "")));
        assertEquals(List.of(
                usable(zeta, LibraryDiscovery.P11_KIT, "zeta"),
                usable(alpha, LibraryDiscovery.P11_KIT, "alpha"),
                candidate(root.resolve("usr/lib/x86_64-linux-gnu/pkcs11/libbroken.so"), LibraryDiscovery.P11_KIT,
                        "broken", LibraryDefect.Kind.MISSING),
                // disabled for p11-kit, yet still where OpenSC usually is
                usable(openSc, LibraryDiscovery.USUAL_PATH, "OpenSC")), found);
    }

    @Test
    void problemsAreNamed() throws IOException {
        Path i386 = write("usr/lib/i386-linux-gnu/softhsm/libsofthsm2.so", ELF_X86);
        Path dll = write("opt/x/vendor.dll", PE_X86_64);
        Path text = write("opt/x/readme.so", "not a library at all, just some words in a file to fill it up");
        Path folder = Files.createDirectories(root.resolve("opt/x/folder.so"));

        List<LibraryCandidate> found = linux(Map.of(), dll, text, folder);
        assertEquals(List.of(
                candidate(dll, LibraryDiscovery.EXPLICIT, "", LibraryDefect.Kind.WINDOWS_DLL),
                candidate(text, LibraryDiscovery.EXPLICIT, "", LibraryDefect.Kind.NOT_A_LIBRARY),
                candidate(folder, LibraryDiscovery.EXPLICIT, "", LibraryDefect.Kind.FOLDER),
                candidate(i386, LibraryDiscovery.USUAL_PATH, "SoftHSM",
                        X86_LIBRARY_ON_X86_64)), found);
    }

    @Test
    void windowsVendorTableInSystem32SysWow64AndProgramFiles() throws IOException {
        Path windows = root.resolve("Windows");
        Path programFiles = root.resolve("Program Files");
        Path longmai64 = write("Windows/System32/gm3000_pkcs11.dll", PE_X86_64);
        Path longmai32 = write("Windows/SysWOW64/gm3000_pkcs11.dll", PE_X86);
        Path watchdata = write("Windows/SysWOW64/WDPKCS.dll", ELF_X86_64);
        Path openSc = write("Program Files/OpenSC Project/OpenSC/pkcs11/opensc-pkcs11.dll", PE_X86_64);
        Path fromEnvironment = write("keys/a.dll", PE_X86_64);
        Path missing = root.resolve("keys/b.dll");

        Layout layout = new Layout(Os.WINDOWS, "amd64", Map.of("SystemRoot", windows.toString(),
                "ProgramFiles", programFiles.toString(),
                "ukey_pkcs11_module", fromEnvironment + ";" + missing), root); // Windows ignores case in names
        List<LibraryCandidate> found = new LibraryDiscovery(layout).candidates();

        String longmai = "Longmai mToken GM3000 (龙脉)";
        assertEquals(List.of(
                usable(fromEnvironment, LibraryDiscovery.ENVIRONMENT, ""),
                candidate(missing, LibraryDiscovery.ENVIRONMENT, "", LibraryDefect.Kind.MISSING),
                usable(longmai64, LibraryDiscovery.VENDOR_TABLE, longmai),
                candidate(watchdata, LibraryDiscovery.VENDOR_TABLE, "Watchdata WatchKey (握奇)",
                        LibraryDefect.Kind.LINUX_LIBRARY),
                usable(openSc, LibraryDiscovery.VENDOR_TABLE, "OpenSC")), found);
    }

    @Test
    void aWindows32BitLibraryWithoutA64BitTwinIsUsableThroughTheHelper() throws IOException {
        Path windows = root.resolve("Windows");
        Path only32 = write("Windows/SysWOW64/ShuttleCsp11_3000GM.dll", PE_X86);
        Layout layout = new Layout(Os.WINDOWS, "amd64", Map.of("SystemRoot", windows.toString()), root);
        assertEquals(List.of(usable(only32, LibraryDiscovery.VENDOR_TABLE, "Feitian ePass3000GM (飞天诚信)")),
                new LibraryDiscovery(layout).candidates());
    }

    @Test
    void explicitPathGetsTheVendorOfAKnownFileName() throws IOException {
        Path copy = write("elsewhere/ShuttleCsp11_3000GM.dll", PE_X86_64);
        Layout layout = new Layout(Os.WINDOWS, "amd64", Map.of("SystemRoot", root.resolve("none").toString()), root);
        assertEquals(List.of(usable(copy, LibraryDiscovery.EXPLICIT, "Feitian ePass3000GM (飞天诚信)")),
                new LibraryDiscovery(layout).candidates(copy));
    }

    @Test
    void thisMachineFindsSoftHsmAndOpenScThroughP11Kit() throws IOException {
        // Debian 12 with softhsm2 and opensc, as on every machine of this project.
        List<LibraryCandidate> found = LibraryDiscovery.system().candidates();
        LibraryCandidate softHsm = found.stream()
                .filter(c -> c.path().getFileName().toString().equals("libsofthsm2.so")).findFirst().orElseThrow();
        assertEquals(LibraryDiscovery.P11_KIT, softHsm.source(), found.toString());
        assertTrue(softHsm.usable(), softHsm.toString());
        assertTrue(found.stream().anyMatch(c -> c.vendor().equals("OpenSC") && c.usable()), found.toString());
        assertFalse(found.stream().anyMatch(c -> c.path().toString().contains("p11-kit-trust")), found.toString());
        Set<Path> real = new HashSet<>();
        for (LibraryCandidate candidate : found) {
            assertTrue(real.add(candidate.path().toRealPath()), "listed twice: " + candidate);
        }
    }
}
