package ukey.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ukey.token.LibraryHeader.Arch;
import ukey.token.LibraryHeader.Binary;
import ukey.token.LibraryHeader.Format;

class LibraryHeaderTest {

    /** The first 64 bytes of an ELF file: magic, class, data (byte order), version, e_type, e_machine. */
    static byte[] elf(int elfClass, boolean littleEndian, int machine) {
        ByteOrder order = littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer header = ByteBuffer.allocate(64).order(order);
        header.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) (littleEndian ? 1 : 2), 1});
        header.putShort(16, (short) 3); // ET_DYN: a shared object
        header.putShort(18, (short) machine);
        return header.array();
    }

    /** An MZ stub pointing (e_lfanew at 0x3c) to a PE signature and COFF header at 0x80. */
    static byte[] pe(int machine) {
        ByteBuffer file = ByteBuffer.allocate(0x80 + 24).order(ByteOrder.LITTLE_ENDIAN);
        file.put(0, (byte) 'M').put(1, (byte) 'Z');
        file.putInt(0x3c, 0x80);
        file.put(0x80, (byte) 'P').put(0x81, (byte) 'E');
        file.putShort(0x84, (short) machine);
        return file.array();
    }

    private static Binary binary(byte[] header) {
        return LibraryHeader.parse(header).orElseThrow();
    }

    @Test
    void elfClassAndMachine() {
        assertEquals(new Binary(Format.ELF, Optional.of(Arch.X86_64), 62), binary(elf(2, true, 62)));
        assertEquals(new Binary(Format.ELF, Optional.of(Arch.X86), 3), binary(elf(1, true, 3)));
        assertEquals(Optional.of(Arch.ARM64), binary(elf(2, true, 183)).arch());
        assertEquals(Optional.of(Arch.ARM), binary(elf(1, true, 40)).arch());
        assertEquals(Optional.of(Arch.LOONGARCH64), binary(elf(2, true, 258)).arch());
        assertEquals(Optional.of(Arch.RISCV64), binary(elf(2, true, 243)).arch());
        assertEquals(Optional.empty(), binary(elf(1, true, 243)).arch(), "32-bit RISC-V is not a Java platform here");
    }

    @Test
    void bigEndianElfReadsTheMachineInItsByteOrder() {
        Binary s390x = binary(elf(2, false, 22));
        assertEquals(22, s390x.machine());
        assertEquals(Optional.empty(), s390x.arch());
        assertEquals(Optional.of(Arch.ARM64), binary(elf(2, false, 183)).arch());
    }

    @Test
    void peMachineField() {
        assertEquals(new Binary(Format.PE, Optional.of(Arch.X86_64), 0x8664), binary(pe(0x8664)));
        assertEquals(Optional.of(Arch.X86), binary(pe(0x14c)).arch());
        assertEquals(Optional.of(Arch.ARM64), binary(pe(0xaa64)).arch());
        assertEquals(new Binary(Format.PE, Optional.empty(), 0x1234), binary(pe(0x1234)));
    }

    @Test
    void whatIsNeitherElfNorPe() {
        byte[] text = "just some text, long enough to be looked at as a header of 64 bytes or more"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(Optional.empty(), LibraryHeader.parse(text));
        assertEquals(Optional.empty(), LibraryHeader.parse(Arrays.copyOf(elf(2, true, 62), 19)), "cut short");
        assertEquals(Optional.empty(), LibraryHeader.parse(elf(3, true, 62)), "no such ELF class");
        byte[] dosOnly = pe(0x8664);
        dosOnly[0x80] = 0; // the MZ stub points at no PE signature
        assertEquals(Optional.empty(), LibraryHeader.parse(dosOnly));
        byte[] pointsOutside = pe(0x8664);
        ByteBuffer.wrap(pointsOutside).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3c, 0x7fff_0000);
        assertEquals(Optional.empty(), LibraryHeader.parse(pointsOutside));
    }

    @Test
    void javaArchFromOsArch() {
        assertEquals(Optional.of(Arch.X86_64), LibraryHeader.javaArch("amd64"));
        assertEquals(Optional.of(Arch.X86_64), LibraryHeader.javaArch("x86_64"));
        assertEquals(Optional.of(Arch.X86), LibraryHeader.javaArch("x86"));
        assertEquals(Optional.of(Arch.ARM64), LibraryHeader.javaArch("aarch64"));
        assertEquals(Optional.of(Arch.LOONGARCH64), LibraryHeader.javaArch("loongarch64"));
        assertEquals(Optional.empty(), LibraryHeader.javaArch("sparcv9"));
    }

    @Test
    void mismatchNamesBothProcessors() {
        Optional<Arch> java64 = Optional.of(Arch.X86_64);
        assertEquals(Optional.of(new LibraryDefect(LibraryDefect.Kind.WRONG_BITS, Optional.of(Arch.X86), java64, "")),
                LibraryHeader.mismatch(binary(pe(0x14c)), java64));
        assertEquals(Optional.of(new LibraryDefect(LibraryDefect.Kind.WRONG_BITS, java64, Optional.of(Arch.X86), "")),
                LibraryHeader.mismatch(binary(pe(0x8664)), Optional.of(Arch.X86)));
        assertEquals(Optional.of(new LibraryDefect(LibraryDefect.Kind.WRONG_ARCH, Optional.of(Arch.ARM64), java64,
                "")), LibraryHeader.mismatch(binary(pe(0xaa64)), java64));
        assertEquals(Optional.empty(), LibraryHeader.mismatch(binary(pe(0x8664)), java64));
        assertEquals(Optional.empty(), LibraryHeader.mismatch(binary(pe(0x1234)), java64), "unknown: cannot tell");
        assertEquals(Optional.empty(), LibraryHeader.mismatch(binary(pe(0x14c)), Optional.empty()));
    }

    @Test
    void realLibrariesOnThisMachineMatchThisJava() throws Exception {
        Optional<Arch> java = LibraryHeader.javaArch(System.getProperty("os.arch"));
        assertTrue(java.isPresent(), "this machine's Java architecture is one we know");
        Path jdkLibrary = Path.of(System.getProperty("java.home"), "lib", "libjava.so");
        Path softHsm = Path.of("/usr/lib/softhsm/libsofthsm2.so"); // installed on every machine of this project
        for (Path library : new Path[] {jdkLibrary, softHsm}) {
            Binary binary = LibraryHeader.read(library).orElseThrow();
            assertEquals(Format.ELF, binary.format(), library.toString());
            assertEquals(java, binary.arch(), library.toString());
            assertEquals(Optional.empty(), LibraryHeader.mismatch(binary, java));
        }
        assertTrue(Files.size(softHsm) > 64 * 1024, "read() looks at the start only, the file is larger");
    }
}
