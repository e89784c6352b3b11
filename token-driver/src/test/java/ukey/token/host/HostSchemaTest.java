package ukey.token.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import ukey.token.testing.NativeBuild;

/** The Java codec's table is ukey-host/schema.txt, row for row; both codecs refuse frames off their signatures. */
class HostSchemaTest {

    @Test
    void theJavaTableIsTheSchemaFile() throws IOException {
        List<String> schema = new ArrayList<>();
        for (String line : Files.readAllLines(NativeBuild.root().resolve("ukey-host/schema.txt"))) {
            if (line.startsWith("0x")) {
                String[] f = line.trim().split("\\s+");
                schema.add(String.join(" ", Integer.decode(f[0]).toString(), f[1], f[2],
                        f[3].equals("-") ? "" : f[3], f[4].equals("-") ? "" : f[4]));
            }
        }
        List<String> java = new ArrayList<>();
        for (Op op : Op.values()) {
            java.add(String.join(" ", Integer.toString(op.code), op.name(), op.deadline.name().toLowerCase(Locale.ROOT),
                    op.request, op.answer));
        }
        assertEquals(schema, java);
    }

    @Test
    void requestsFollowTheirSignature() {
        assertThrows(IllegalStateException.class, () -> new Request(Op.C_Login).u(1).k(new byte[] {1}));
        assertThrows(IllegalStateException.class, () -> new Request(Op.C_Login).u(1).u(1).frame(1));
        new Request(Op.C_Login).u(1).u(1).k(new byte[] {1}).frame(1);
    }

    @Test
    void answersOffTheirSignatureAreRefused() throws Exception {
        byte[] oneU64 = new byte[8];
        Answer twoFields = new Answer(Op.C_OpenSession, oneU64);
        twoFields.u();
        assertThrows(HostProtocolException.class, twoFields::u);
        Answer trailing = new Answer(Op.C_CloseSession, new byte[9]);
        trailing.u();
        assertThrows(HostProtocolException.class, trailing::end);
        // an array count larger than the frame
        Answer overrun = new Answer(Op.C_FindObjects, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, 0, 0, 0});
        overrun.u();
        assertThrows(HostProtocolException.class, overrun::L);
    }
}
