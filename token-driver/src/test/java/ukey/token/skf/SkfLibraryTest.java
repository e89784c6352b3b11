package ukey.token.skf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import ukey.token.TokenError;
import ukey.token.TokenException;

/** The helpers above the raw calls: name lists, the two-call pattern, DEVINFO's strings, SAR codes. */
class SkfLibraryTest {

    private static final Charset GBK = Charset.forName("GBK");

    private static SkfText library(Charset charset) {
        return new SkfText(charset);
    }

    private static byte[] multiString(Charset charset, String... names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String name : names) {
            out.writeBytes(name.getBytes(charset));
            out.write(0);
        }
        out.write(0);
        return out.toByteArray();
    }

    @Test
    void doubleNulListsInGbkAndUtf8() throws Exception {
        assertEquals(List.of("张三的签名容器", "LM-2"), library(GBK).names(multiString(GBK, "张三的签名容器", "LM-2")));
        assertEquals(List.of("张三"), library(StandardCharsets.UTF_8)
                .names(multiString(StandardCharsets.UTF_8, "张三")));
        SkfText gbk = library(GBK);
        assertEquals(List.of(), gbk.names(new byte[0]));
        assertEquals(List.of(), gbk.names(new byte[] {0, 0}), "an empty list is two NULs");
        assertEquals(List.of("a", "b"), gbk.names(new byte[] {'a', 0, 'b'}), "a vendor's list without its NULs");
        assertEquals(List.of("a"), gbk.names(new byte[] {'a', 0, 0, 'x', 0, 0}), "nothing after the double NUL");
    }

    @Test
    void theTwoCallPatternAsksAgainWhenTheDataGrew() throws Exception {
        byte[] before = multiString(GBK, "dev1");
        byte[] after = multiString(GBK, "dev1", "dev2");
        int[] calls = {0};
        byte[] list = SkfLibrary.sized("SKF_EnumDev", (buffer, length) -> {
            calls[0]++;
            byte[] now = calls[0] == 1 ? before : after; // a key is inserted between the two calls
            if (buffer == null) {
                length.value = now.length;
                return Sar.OK;
            }
            if (length.value < now.length) {
                length.value = now.length;
                return Sar.BUFFER_TOO_SMALL;
            }
            System.arraycopy(now, 0, buffer, 0, now.length);
            length.value = now.length;
            return Sar.OK;
        });
        assertEquals(3, calls[0]);
        assertArrayEquals(after, list);
    }

    @Test
    void aGuessedBufferSavesACallAndATooSmallGuessFallsBack() throws Exception {
        byte[] data = multiString(GBK, "容器一", "容器二");
        int[] calls = {0};
        SkfLibrary.SizedCall library = (buffer, length) -> {
            calls[0]++;
            if (buffer == null || length.value < data.length) {
                int rv = buffer == null ? Sar.OK : Sar.BUFFER_TOO_SMALL;
                length.value = data.length;
                return rv;
            }
            System.arraycopy(data, 0, buffer, 0, data.length);
            length.value = data.length;
            return Sar.OK;
        };
        assertArrayEquals(data, SkfLibrary.sized("SKF_EnumContainer", library, SkfLibrary.GUESS));
        assertEquals(1, calls[0]);
        calls[0] = 0;
        assertArrayEquals(data, SkfLibrary.sized("SKF_EnumContainer", library, 4));
        assertEquals(3, calls[0], "the guess, then the size, then the data");
    }

    @Test
    void aFailedSizeQueryCarriesTheSarName() {
        TokenException e = assertThrows(TokenException.class, () -> SkfLibrary.sized("SKF_EnumContainer",
                (buffer, length) -> Sar.DEVICE_REMOVED));
        assertEquals(TokenError.TOKEN_REMOVED, e.error());
        assertEquals("SAR_DEVICE_REMOVED", e.codeName().orElseThrow());
    }

    @Test
    void devInfoStringsReadTheSameFromPackedAndNaturalLayouts() throws Exception {
        SkfText gbk = library(GBK);
        for (int size : new int[] {294, 296}) {
            byte[] struct = new byte[size];
            put(struct, 2, "Longmai".getBytes(GBK));
            put(struct, 66, "天威诚信".getBytes(GBK));
            put(struct, 130, "张三的UKey".getBytes(GBK));
            put(struct, 162, "0123456789ABCDEF0123456789ABCDEF".getBytes(GBK)); // all 32 bytes, no NUL
            struct[196] = 2;
            struct[197] = 7;
            struct[198] = (byte) 0xff; // packed: AlgSymCap starts here; natural: padding
            DevInfo info = DevInfo.parse(gbk, java.util.Arrays.copyOf(struct, DevInfo.BUFFER_SIZE));
            assertEquals(new DevInfo("Longmai", "天威诚信", "张三的UKey", "0123456789ABCDEF0123456789ABCDEF", "2.7"),
                    info);
        }
    }

    private static void put(byte[] struct, int offset, byte[] value) {
        System.arraycopy(value, 0, struct, offset, value.length);
    }

    @Test
    void sarCodesMapToTokenErrors() {
        assertEquals(TokenError.PIN_INCORRECT, Sar.error(0x0A000024));
        assertEquals(TokenError.PIN_LOCKED, Sar.error(0x0A000025));
        assertEquals(TokenError.TOKEN_MEMORY_FULL, Sar.error(Sar.REACH_MAX_CONTAINER_COUNT));
        assertEquals(TokenError.TOKEN_MEMORY_FULL, Sar.error(Sar.NO_ROOM));
        assertEquals(TokenError.LOGIN_REQUIRED, Sar.error(Sar.USER_NOT_LOGGED_IN));
        assertEquals("SAR_REACH_MAX_CONTAINER_COUNT", Sar.name(0x0A000032));
        assertEquals("SAR_0x0A0000FF", Sar.name(0x0A0000FF));
    }
}
