package ukey.token.pkcs11;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A CK_ATTRIBUTE template, built fluently and written to native memory in the library's ABI. */
final class Template {

    /** An attribute's value, typed, so each implementation writes it in its library's ABI. */
    sealed interface Value {
    }

    record Bool(boolean value) implements Value {
    }

    record Ulong(long value) implements Value {
    }

    record Bytes(byte[] value) implements Value {
    }

    record Entry(long type, Value value) {
    }

    private final List<Entry> entries = new ArrayList<>();

    Template bool(long type, boolean value) {
        entries.add(new Entry(type, new Bool(value)));
        return this;
    }

    Template ulong(long type, long value) {
        entries.add(new Entry(type, new Ulong(value)));
        return this;
    }

    Template bytes(long type, byte[] value) {
        entries.add(new Entry(type, new Bytes(value.clone())));
        return this;
    }

    Template utf8(long type, String value) {
        return bytes(type, value.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return entries.size();
    }

    List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Writes the CK_ATTRIBUTE array and the values it points to into the arena. */
    MemorySegment write(Arena arena, Abi abi) {
        CStruct attribute = CStruct.attribute(abi);
        MemorySegment array = arena.allocate((long) attribute.size() * Math.max(1, entries.size()), 8);
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            MemorySegment struct = array.asSlice((long) i * attribute.size(), attribute.size());
            // instanceof, not a pattern switch: its bootstrap spins classes at run time that no AOT cache holds
            MemorySegment value;
            if (entry.value instanceof Bool b) {
                value = arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {(byte) (b.value ? 1 : 0)});
            } else if (entry.value instanceof Ulong u) {
                value = arena.allocate(abi.ulongSize, abi.ulongSize);
                abi.setUlong(value, 0, u.value);
            } else {
                byte[] bytes = ((Bytes) entry.value).value;
                value = bytes.length == 0 ? MemorySegment.NULL : arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            }
            attribute.setUlong(struct, "type", entry.type);
            attribute.setPointer(struct, "pValue", value);
            attribute.setUlong(struct, "ulValueLen", value.equals(MemorySegment.NULL) ? 0 : value.byteSize());
        }
        return array;
    }
}
