package ukey.token.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.token.LibraryDiscovery.Os;
import ukey.token.LibraryHeader;
import ukey.token.LibraryHeader.Arch;
import ukey.token.LibraryHeader.Binary;
import ukey.token.LibraryHeader.Format;
import ukey.token.host.LibraryRoute.Hosted;
import ukey.token.host.LibraryRoute.InProcess;
import ukey.token.host.LibraryRoute.Refused;
import ukey.token.host.LibraryRoute.Route;

/** Which library runs where, decided by its header alone. */
class LibraryRouteTest {

    private static final Map<String, String> WINDOWS_ENV = Map.of("SystemRoot", "C:\\Windows");
    private static final Optional<Binary> PE_X86 = Optional.of(new Binary(Format.PE, Optional.of(Arch.X86), 0x14c));
    private static final Optional<Binary> PE_X64 = Optional.of(new Binary(Format.PE, Optional.of(Arch.X86_64), 0x8664));
    private static final Optional<Binary> PE_ARM64 = Optional.of(new Binary(Format.PE, Optional.of(Arch.ARM64), 0xaa64));
    private static final Optional<Binary> ELF_X64 = Optional.of(new Binary(Format.ELF, Optional.of(Arch.X86_64), 62));
    private static final Optional<Binary> ELF_X86 = Optional.of(new Binary(Format.ELF, Optional.of(Arch.X86), 3));

    @TempDir
    Path hosts;

    private HostExecutables installed() throws IOException {
        for (String program : new String[] {"ukey-host", "ukey-host32.exe", "ukey-host64.exe"}) {
            Files.writeString(hosts.resolve(program), "");
        }
        return HostExecutables.in(hosts);
    }

    private Route windows(Optional<Binary> header, boolean isolated, HostExecutables executables) {
        return LibraryRoute.decide(Path.of("C:\\Windows\\SysWOW64\\vendor.dll"), header, Os.WINDOWS, "amd64",
                isolated, executables, WINDOWS_ENV);
    }

    @Test
    void a32BitDllGoesToThe32BitHost() throws IOException {
        Hosted hosted = assertInstanceOf(Hosted.class, windows(PE_X86, false, installed()));
        assertEquals(0x14C, hosted.command().machine());
        assertTrue(hosted.command().command().getFirst().endsWith("ukey-host32.exe"));
    }

    @Test
    void a64BitDllLoadsInProcessUnlessIsolated() throws IOException {
        assertInstanceOf(InProcess.class, windows(PE_X64, false, installed()));
        Hosted isolated = assertInstanceOf(Hosted.class, windows(PE_X64, true, installed()));
        assertEquals(0x8664, isolated.command().machine());
    }

    @Test
    void otherMachinesAndMissingHostsAreRefusedWithTheirReason() {
        HostExecutables none = HostExecutables.in(hosts.resolve("empty"));
        assertTrue(assertInstanceOf(Refused.class, windows(PE_ARM64, false, none)).reason().contains("ARM64"));
        assertTrue(assertInstanceOf(Refused.class, windows(PE_X86, false, none)).reason()
                .contains("ukey-host32.exe is missing"));
        assertTrue(assertInstanceOf(Refused.class, windows(ELF_X64, false, none)).reason().contains("not a Windows"));
        Route linux32 = LibraryRoute.decide(Path.of("/usr/lib/libvendor.so"), ELF_X86, Os.LINUX, "amd64", false,
                none, Map.of());
        assertTrue(assertInstanceOf(Refused.class, linux32).reason().contains("32-bit"));
        Route dllOnLinux = LibraryRoute.decide(Path.of("/tmp/vendor.dll"), PE_X86, Os.LINUX, "amd64", false, none,
                Map.of());
        assertTrue(assertInstanceOf(Refused.class, dllOnLinux).reason().contains("Windows DLL"));
    }

    @Test
    void linuxLibrariesLoadInProcessOrInTheLinuxHostWhenIsolated() throws IOException {
        Path library = Path.of("/usr/lib/softhsm/libsofthsm2.so");
        assertInstanceOf(InProcess.class, LibraryRoute.decide(library, ELF_X64, Os.LINUX, "amd64", false,
                installed(), Map.of()));
        Hosted hosted = assertInstanceOf(Hosted.class, LibraryRoute.decide(library, ELF_X64, Os.LINUX, "amd64", true,
                installed(), Map.of()));
        assertEquals(library, hosted.path());
        assertInstanceOf(InProcess.class, LibraryRoute.decide(library, Optional.empty(), Os.LINUX, "amd64", true,
                installed(), Map.of()), "an unreadable header: loading it will say");
    }

    @Test
    void aDllInTheRealSystem32IsNamedThroughSysnativeForThe32BitHost() {
        assertEquals("C:\\Windows\\Sysnative\\gm3000_pkcs11.dll",
                LibraryRoute.forHost32(Path.of("C:\\Windows\\System32\\gm3000_pkcs11.dll"), WINDOWS_ENV).toString());
        assertEquals("D:\\WINNT\\Sysnative\\x.dll",
                LibraryRoute.forHost32(Path.of("d:\\winnt\\SYSTEM32\\x.dll"), Map.of("SYSTEMROOT", "D:\\WINNT\\"))
                        .toString());
        for (String unchanged : new String[] {"C:\\Windows\\SysWOW64\\x.dll", "C:\\Program Files (x86)\\V\\x.dll"}) {
            assertEquals(unchanged, LibraryRoute.forHost32(Path.of(unchanged), WINDOWS_ENV).toString());
        }
    }

    @Test
    void theHeaderOfARealLibraryRoutesIt() throws IOException {
        Optional<Binary> softhsm = LibraryHeader.read(ukey.token.testing.SoftHsm.findLibrary());
        assertInstanceOf(InProcess.class, LibraryRoute.decide(Path.of("x"), softhsm, Os.LINUX, "amd64", false,
                HostExecutables.in(hosts), Map.of()));
    }

    @Test
    void theEnvironmentIsolatesAllOrNamedLibraries() {
        Path library = Path.of("/opt/vendor/libvendor-p11.so");
        assertTrue(Isolation.isolated(library, Map.of(Isolation.VARIABLE, "all")));
        assertTrue(Isolation.isolated(library, Map.of(Isolation.VARIABLE, "/x/other.so:LIBVENDOR-P11.SO")));
        assertTrue(Isolation.isolated(library, Map.of(Isolation.VARIABLE, library.toString())));
        assertEquals(false, Isolation.isolated(library, Map.of(Isolation.VARIABLE, "libother.so")));
        assertEquals(false, Isolation.isolated(library, Map.of()));
    }
}
