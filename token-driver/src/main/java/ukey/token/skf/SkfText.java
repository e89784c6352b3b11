package ukey.token.skf;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text as an SKF library takes and gives it: bytes in its charset (the ANSI code page: GBK on Chinese Windows),
 * names in double-NUL-terminated lists, fixed-size C string fields.
 */
public record SkfText(Charset charset) {

    /** The names of a double-NUL-terminated list; tolerant of a list without its final NULs. */
    public List<String> names(byte[] list) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= list.length; i++) {
            if (i == list.length || list[i] == 0) {
                if (i == start) {
                    break; // the empty name: the list's end
                }
                names.add(new String(list, start, i - start, charset));
                start = i + 1;
            }
        }
        return names;
    }

    /** A name in the library's charset, without the NUL (the raw interface adds it). */
    public byte[] encode(String name) {
        return name.getBytes(charset);
    }

    /** A PIN in the library's charset, with the intermediate buffer cleared; the caller clears the result. */
    public byte[] encodePin(char[] pin) {
        ByteBuffer encoded = charset.encode(CharBuffer.wrap(pin));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    /** A fixed-size C string field: up to its first NUL, trailing blanks dropped. */
    public String field(byte[] struct, int offset, int length) {
        int end = offset;
        while (end < offset + length && end < struct.length && struct[end] != 0) {
            end++;
        }
        return new String(struct, offset, end - offset, charset).strip();
    }
}
