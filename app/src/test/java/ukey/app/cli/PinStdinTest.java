package ukey.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ukey.app.errors.AppException;

/**
 * --pin-stdin in a real process: the PIN is read from the file descriptor byte by byte, so no copy of it (nor of
 * the lines after it) waits in a Java buffer such as System.in's. What the process did not read stays in the pipe.
 */
class PinStdinTest {

    /** The child: reads one PIN as the command line does, then says what the pipe still holds. */
    public static void main(String[] args) throws IOException, AppException {
        char[] pin = PinInput.choose(true, CliContext.system().in(), Optional.empty()).read("");
        System.out.println("pin=" + pin.length);
        Arrays.fill(pin, '\0');
        byte[] rest = new FileInputStream(FileDescriptor.in).readAllBytes();
        System.out.println("left in the pipe=" + new String(rest, StandardCharsets.UTF_8).strip());
    }

    @Test
    void thePinIsReadFromTheDescriptorWithoutReadingAhead() throws Exception {
        UkeyProcess.Result child = UkeyProcess.runMain(PinStdinTest.class, "12345678\n123456 (the SMS code)\n");
        assertEquals(0, child.exit(), child.output());
        assertEquals("pin=8\nleft in the pipe=123456 (the SMS code)", child.output().strip());
    }
}
