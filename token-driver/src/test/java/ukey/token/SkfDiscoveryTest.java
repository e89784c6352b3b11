package ukey.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.token.LibraryDiscovery.Layout;
import ukey.token.LibraryDiscovery.Os;

/**
 * SKF discovery over a fake system in a temporary directory. The Windows registry is a map here: no real registry
 * exists on Linux, and {@link WindowsRegistry} is the same interface the real one (reg.exe) implements.
 */
class SkfDiscoveryTest {

    private static final byte[] PE_X86_64 = LibraryHeaderTest.pe(0x8664);
    private static final byte[] PE_X86 = LibraryHeaderTest.pe(0x14c);
    private static final byte[] ELF_X86_64 = LibraryHeaderTest.elf(2, true, 62);

    @TempDir
    Path root;

    /** HKLM as key path → (value name → data). */
    private final Map<String, Map<String, String>> keys = new HashMap<>();

    private final WindowsRegistry registry = (path, name) -> {
        Map<String, String> found = new LinkedHashMap<>();
        keys.entrySet().stream().filter(e -> e.getKey().startsWith(path + "\\") && e.getValue().containsKey(name))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> found.put(e.getKey().substring(path.length() + 1), e.getValue().get(name)));
        return found;
    };

    private Path write(String relative, byte[] content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private void value(String key, String name, String data) {
        keys.computeIfAbsent(key, k -> new HashMap<>()).put(name, data);
    }

    private List<LibraryCandidate> windows(Map<String, String> env, Path... explicit) {
        Map<String, String> all = new HashMap<>(env);
        all.put("SystemRoot", root.resolve("Windows").toString());
        return new SkfDiscovery(new Layout(Os.WINDOWS, "amd64", all, root), registry).candidates(explicit);
    }

    @Test
    void windowsFindsRegistrationsThenTheVendorTable() throws IOException {
        Path longmai = write("Windows/System32/mtoken_gm3000.dll", PE_X86_64);
        Path haitai32 = write("Windows/SysWOW64/SKFAPI20079.dll", PE_X86);
        Path netca = write("Program Files/NETCA/NetcaSKF.dll", PE_X86_64);
        Path bjca = write("Windows/SysWOW64/gm3k_for_bjca.dll", PE_X86);
        write("Windows/System32/unrelated.dll", PE_X86_64);
        Path explicit = write("keys/my_skf.dll", PE_X86_64);
        String provider = "SOFTWARE\\Microsoft\\Cryptography\\Defaults\\Provider";
        value(provider + "\\Longmai mToken GM3000 CSP V1.1", "SKFImagePath", "mtoken_gm3000.dll");
        value(provider + "\\Microsoft Enhanced Cryptographic Provider v1.0", "Image Path", "rsaenh.dll");
        // a 32-bit CSP registered with a System32 path: a 32-bit process loads it from SysWOW64
        value("SOFTWARE\\WOW6432Node\\Microsoft\\Cryptography\\Defaults\\Provider\\HaiTai CSP", "SKFImagePath",
                "%SystemRoot%/System32/SKFAPI20079.dll");
        value("SOFTWARE\\NETCA\\PKI\\Devices\\SKFDevice\\0", "SkfDllPath", netca.toString());
        value("SOFTWARE\\WOW6432Node\\NETCA\\PKI\\Devices\\SKFDevice\\1", "SkfDllPath",
                root.resolve("gone/NetcaSKF32.dll").toString());

        List<LibraryCandidate> found = windows(Map.of(), explicit);
        assertEquals(List.of(explicit, longmai, haitai32, netca, root.resolve("gone/NetcaSKF32.dll"), bjca),
                found.stream().map(LibraryCandidate::path).toList());
        assertTrue(found.stream().allMatch(c -> c.backend() == Backend.SKF));
        assertEquals(List.of(LibraryDiscovery.EXPLICIT, SkfDiscovery.CSP_REGISTRY, SkfDiscovery.CSP_REGISTRY,
                SkfDiscovery.NETCA_REGISTRY, SkfDiscovery.NETCA_REGISTRY, LibraryDiscovery.VENDOR_TABLE),
                found.stream().map(LibraryCandidate::source).toList());

        LibraryCandidate gm3000 = found.get(1);
        assertEquals("Longmai mToken GM3000 CSP V1.1", gm3000.vendor(), "the CSP's own name");
        assertTrue(gm3000.usable());

        LibraryCandidate thirtyTwo = found.get(2);
        assertTrue(thirtyTwo.usable(), "a 32-bit DLL is served by ukey-host32.exe");
        assertEquals(Optional.empty(), thirtyTwo.problem());
        assertEquals("HaiTai CSP", thirtyTwo.vendor());

        assertEquals("Watchdata / NETCA (握奇 / 网证通)", found.get(3).vendor());
        assertEquals(LibraryDefect.Kind.MISSING, found.get(4).problem().orElseThrow().kind(),
                "registered but missing: listed, with why");
        assertEquals("Longmai GM3000, BJCA build (北京CA)", found.get(5).vendor());
        assertTrue(found.get(5).usable(), "32-bit: served by ukey-host32.exe");
    }

    @Test
    void theEnvironmentVariableListsSeveralLibraries() throws IOException {
        Path a = write("a/ShuttleCsp11_3000GM.dll", PE_X86_64);
        Path b = write("b/other.dll", PE_X86_64);
        List<LibraryCandidate> found = windows(Map.of(SkfDiscovery.ENV_VARIABLE, a + ";" + b + ";" + a));
        assertEquals(List.of(a, b), found.stream().map(LibraryCandidate::path).toList());
        assertEquals("Feitian ePass3000GM (飞天诚信)", found.getFirst().vendor());
        assertEquals("", found.get(1).vendor());
    }

    @Test
    void linuxLooksInTheUsualLibraryFolders() throws IOException {
        Path longmai = write("usr/lib/libgm3000.1.0.so", ELF_X86_64);
        Path feitian = write("usr/local/lib/libes_3000gm.so.1.0.0", ELF_X86_64);
        Path windowsDll = write("usr/lib64/libgm3000.1.0.so", PE_X86_64);
        List<LibraryCandidate> found = new SkfDiscovery(new Layout(Os.LINUX, "amd64", Map.of(), root),
                WindowsRegistry.none()).candidates();
        assertEquals(List.of(longmai, windowsDll, feitian), found.stream().map(LibraryCandidate::path).toList());
        assertEquals(LibraryDiscovery.USUAL_PATH, found.getFirst().source());
        assertEquals(LibraryDefect.Kind.WINDOWS_DLL, found.get(1).problem().orElseThrow().kind());
        assertFalse(found.get(1).usable());
    }

    @Test
    void regExeOutputIsParsedIntoKeysAndValues() {
        String output = String.join("\r\n", "",
                "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\Defaults\\Provider\\Longmai mToken CSP",
                "    SKFImagePath    REG_SZ    mtoken_gm3000.dll", "",
                "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\Defaults\\Provider\\海泰 CSP",
                "    SKFImagePath    REG_EXPAND_SZ    %SystemRoot%\\system32\\SKFAPI20079.dll", "",
                "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\Defaults\\Provider\\Empty",
                "    SKFImagePath    REG_SZ", "", "搜索结束: 找到 3 匹配。", "");
        Map<String, String> parsed = RegExeRegistry.parse(output,
                "SOFTWARE\\Microsoft\\Cryptography\\Defaults\\Provider");
        assertEquals(Map.of("Longmai mToken CSP", "mtoken_gm3000.dll",
                "海泰 CSP", "%SystemRoot%\\system32\\SKFAPI20079.dll", "Empty", ""), parsed);
    }
}
