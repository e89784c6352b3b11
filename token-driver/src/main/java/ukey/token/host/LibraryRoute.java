package ukey.token.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import ukey.token.LibraryDiscovery.Os;
import ukey.token.LibraryHeader;
import ukey.token.LibraryHeader.Arch;
import ukey.token.LibraryHeader.Binary;
import ukey.token.LibraryHeader.Format;

/**
 * Where a vendor library runs, decided from its header: in this process, in a host process, or nowhere (with the
 * reason). On 64-bit Windows a 32-bit DLL (PE Machine 0x014C) goes to {@code ukey-host32.exe}; a 64-bit one
 * (0x8664) loads in-process, or in {@code ukey-host64.exe} where settings or IT policy mark it isolated. Anything
 * else that does not match this Java is refused with its reason.
 */
public final class LibraryRoute {

    public sealed interface Route {
    }

    public record InProcess() implements Route {
    }

    /** Served by this host, which loads the library by {@code path} (rewritten for a 32-bit host where needed). */
    public record Hosted(HostCommand command, Path path) implements Route {
    }

    public record Refused(String reason) implements Route {
    }

    private LibraryRoute() {
    }

    /** Where a library runs on this machine: its header, this Java, the host programs found, the environment. */
    public static Route of(Path library, boolean isolated) {
        Optional<Binary> header;
        try {
            header = LibraryHeader.read(library);
        } catch (IOException e) {
            header = Optional.empty(); // loading it will say what is wrong
        }
        return decide(library, header, Os.of(System.getProperty("os.name")), System.getProperty("os.arch"), isolated,
                HostExecutables.find(), System.getenv());
    }

    /**
     * @param header    the library's header; empty when it is neither ELF nor PE (then loading it tells)
     * @param env       the environment, for Windows folders (SystemRoot)
     */
    public static Route decide(Path library, Optional<Binary> header, Os os, String osArch, boolean isolated,
                               HostExecutables hosts, Map<String, String> env) {
        Optional<Arch> java = LibraryHeader.javaArch(osArch);
        if (header.isEmpty() || header.get().arch().isEmpty() || java.isEmpty()) {
            return new InProcess();
        }
        Binary binary = header.get();
        Format native_ = os == Os.WINDOWS ? Format.PE : Format.ELF;
        if (os != Os.OTHER && binary.format() != native_) {
            return new Refused(binary.format() == Format.PE ? "a Windows DLL, not a library for " + os
                    : "not a Windows DLL (" + binary.format() + ")");
        }
        Arch arch = binary.arch().get();
        if (arch == java.get()) {
            if (!isolated) {
                return new InProcess();
            }
            Optional<HostCommand> host = os == Os.WINDOWS ? hosts.windows64() : hosts.linux(binary.machine());
            return host.<Route>map(command -> new Hosted(command, library))
                    .orElseGet(() -> new Refused("marked isolated, but the host program is missing from " + hosts));
        }
        if (os == Os.WINDOWS && arch == Arch.X86 && java.get() == Arch.X86_64) {
            return hosts.windows32().<Route>map(command -> new Hosted(command, forHost32(library, env)))
                    .orElseGet(() -> new Refused("32-bit library, and ukey-host32.exe is missing from " + hosts));
        }
        return new Refused(String.format("a %d-bit library (%s) for a %d-bit Java (%s)", arch.bits(), arch.label(),
                java.get().bits(), java.get().label()));
    }

    /**
     * The path a 32-bit host must load to reach the file this 64-bit client read: Windows redirects a 32-bit
     * process's System32 to SysWOW64, so a DLL in the real System32 is named through Sysnative instead. SysWOW64
     * and every other path stay as they are.
     */
    public static Path forHost32(Path library, Map<String, String> env) {
        String root = env.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("SystemRoot"))
                .map(Map.Entry::getValue).findFirst().orElse("C:\\Windows");
        String path = library.toString();
        String system32 = trimmed(root) + "\\System32\\";
        if (path.toLowerCase(Locale.ROOT).startsWith(system32.toLowerCase(Locale.ROOT))) {
            return Path.of(trimmed(root) + "\\Sysnative\\" + path.substring(system32.length()));
        }
        return library;
    }

    private static String trimmed(String folder) {
        return folder.endsWith("\\") ? folder.substring(0, folder.length() - 1) : folder;
    }
}
