package ukey.token;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What a shared library was built for, read from its header: ELF (class and e_machine) or PE (the COFF Machine
 * field). A 32-bit vendor DLL cannot load into 64-bit Java, and that is the commonest reason a key is not seen.
 */
public final class LibraryHeader {

    /** Enough for every real PE header (e_lfanew is a few hundred bytes in) and every ELF header. */
    private static final int READ_LIMIT = 64 * 1024;

    public enum Format { ELF, PE }

    /** Processor architectures that PKCS#11 libraries and Java are built for. */
    public enum Arch {
        X86(32, "x86"), X86_64(64, "x86-64"), ARM(32, "ARM"), ARM64(64, "ARM64"),
        LOONGARCH64(64, "LoongArch64"), RISCV64(64, "RISC-V 64");

        private final int bits;
        private final String label;

        Arch(int bits, String label) {
            this.bits = bits;
            this.label = label;
        }

        public int bits() {
            return bits;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A library's format and architecture; {@code arch} is empty for a processor not listed in {@link Arch}
     * ({@code machine} then holds the raw code).
     */
    public record Binary(Format format, Optional<Arch> arch, int machine) {
    }

    private LibraryHeader() {
    }

    /** Reads the header of the file; empty when it is neither ELF nor PE. */
    public static Optional<Binary> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in.readNBytes(READ_LIMIT));
        }
    }

    /** Identifies the start of a file (at least the headers); empty when it is neither ELF nor PE. */
    public static Optional<Binary> parse(byte[] start) {
        ByteBuffer buffer = ByteBuffer.wrap(start);
        if (start.length >= 20 && start[0] == 0x7f && start[1] == 'E' && start[2] == 'L' && start[3] == 'F') {
            return elf(buffer);
        }
        if (start.length >= 64 && start[0] == 'M' && start[1] == 'Z') {
            return pe(buffer);
        }
        return Optional.empty();
    }

    private static Optional<Binary> elf(ByteBuffer buffer) {
        int elfClass = buffer.get(4); // 1: 32-bit, 2: 64-bit
        int data = buffer.get(5); // 1: little-endian, 2: big-endian
        if ((elfClass != 1 && elfClass != 2) || (data != 1 && data != 2)) {
            return Optional.empty();
        }
        buffer.order(data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int machine = Short.toUnsignedInt(buffer.getShort(18));
        Arch arch = switch (machine) {
            case 3 -> Arch.X86;
            case 62 -> Arch.X86_64;
            case 40 -> Arch.ARM;
            case 183 -> Arch.ARM64;
            case 258 -> Arch.LOONGARCH64;
            case 243 -> elfClass == 2 ? Arch.RISCV64 : null;
            default -> null;
        };
        return Optional.of(new Binary(Format.ELF, Optional.ofNullable(arch), machine));
    }

    private static Optional<Binary> pe(ByteBuffer buffer) {
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        long offset = Integer.toUnsignedLong(buffer.getInt(0x3c)); // e_lfanew: where "PE\0\0" is
        if (offset + 6 > buffer.capacity()) {
            return Optional.empty();
        }
        int at = (int) offset;
        if (buffer.get(at) != 'P' || buffer.get(at + 1) != 'E' || buffer.get(at + 2) != 0 || buffer.get(at + 3) != 0) {
            return Optional.empty(); // an MZ stub alone: a DOS program, not a DLL
        }
        int machine = Short.toUnsignedInt(buffer.getShort(at + 4));
        Arch arch = switch (machine) {
            case 0x14c -> Arch.X86;
            case 0x8664 -> Arch.X86_64;
            case 0x1c4 -> Arch.ARM;
            case 0xaa64 -> Arch.ARM64;
            case 0x6264 -> Arch.LOONGARCH64;
            case 0x5064 -> Arch.RISCV64;
            default -> null;
        };
        return Optional.of(new Binary(Format.PE, Optional.ofNullable(arch), machine));
    }

    /** The architecture Java runs on, from the {@code os.arch} property; empty when not one of {@link Arch}. */
    public static Optional<Arch> javaArch(String osArch) {
        return Optional.ofNullable(switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Arch.X86_64;
            case "x86", "i386", "i486", "i586", "i686" -> Arch.X86;
            case "aarch64", "arm64" -> Arch.ARM64;
            case "arm", "arm32" -> Arch.ARM;
            case "loongarch64" -> Arch.LOONGARCH64;
            case "riscv64" -> Arch.RISCV64;
            default -> null;
        });
    }

    /**
     * Why this library cannot load into a Java that runs on {@code javaArch}, or empty when it can (or when either
     * side is unknown: then only loading it tells).
     */
    public static Optional<LibraryDefect> mismatch(Binary library, Optional<Arch> javaArch) {
        if (library.arch().isEmpty() || javaArch.isEmpty() || library.arch().equals(javaArch)) {
            return Optional.empty();
        }
        LibraryDefect.Kind kind = library.arch().get().bits() != javaArch.get().bits()
                ? LibraryDefect.Kind.WRONG_BITS : LibraryDefect.Kind.WRONG_ARCH;
        return Optional.of(new LibraryDefect(kind, library.arch(), javaArch, ""));
    }
}
