package ukey.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import ukey.app.errors.AppError;
import ukey.app.errors.AppException;

/**
 * Where PINs come from: the terminal without echo, or with --pin-stdin one per line on standard input. Never from
 * the argument list. Every PIN is a char[] the caller clears; no String ever holds one.
 */
abstract class PinInput {

    /** Reads one PIN. */
    abstract char[] read(String prompt) throws AppException;

    /** True when a person types the PINs: a new PIN is then asked twice. */
    abstract boolean interactive();

    /** A new PIN: asked twice on the terminal, once from standard input. */
    char[] readNew(String prompt, String confirmPrompt) throws AppException {
        char[] first = read(prompt);
        if (!interactive()) {
            return first;
        }
        char[] second = null;
        try {
            second = read(confirmPrompt);
            if (!Arrays.equals(first, second)) {
                throw new AppException(AppError.PIN_CONFIRMATION_MISMATCH);
            }
            return first;
        } catch (AppException e) {
            Arrays.fill(first, '\0');
            throw e;
        } finally {
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    static PinInput choose(boolean pinStdin, InputStream in, Optional<Terminal> terminal) throws AppException {
        if (pinStdin) {
            return new FromStdin(in);
        }
        if (terminal.isPresent()) {
            return new FromTerminal(terminal.get());
        }
        throw new AppException(AppError.NO_PIN_INPUT);
    }

    private static final class FromTerminal extends PinInput {
        private final Terminal terminal;

        FromTerminal(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        char[] read(String prompt) throws AppException {
            char[] pin = terminal.readPassword(prompt);
            if (pin == null || pin.length == 0) {
                throw new AppException(AppError.NO_PIN_INPUT);
            }
            return pin;
        }

        @Override
        boolean interactive() {
            return true;
        }
    }

    /** One PIN per line, UTF-8, read byte by byte so nothing beyond the line is consumed or left in a buffer. */
    private static final class FromStdin extends PinInput {
        private static final int MAX_LINE = 256;
        private final InputStream in;

        FromStdin(InputStream in) {
            this.in = in;
        }

        @Override
        char[] read(String prompt) throws AppException {
            byte[] line = new byte[MAX_LINE];
            int length = 0;
            try {
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    if (length == MAX_LINE) {
                        throw new AppException(AppError.NO_PIN_INPUT);
                    }
                    line[length++] = (byte) b;
                }
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                if (length == 0) {
                    throw new AppException(AppError.NO_PIN_INPUT);
                }
                return decode(line, length);
            } catch (IOException e) {
                throw new AppException(AppError.NO_PIN_INPUT, e, null);
            } finally {
                Arrays.fill(line, (byte) 0);
            }
        }

        private static char[] decode(byte[] bytes, int length) throws AppException {
            CharBuffer chars = CharBuffer.allocate(length);
            try {
                CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
                CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, 0, length), chars, true);
                if (result.isError()) {
                    throw new AppException(AppError.NO_PIN_INPUT);
                }
                decoder.flush(chars);
                chars.flip();
                char[] pin = new char[chars.remaining()];
                chars.get(pin);
                return pin;
            } finally {
                Arrays.fill(chars.array(), '\0');
            }
        }

        @Override
        boolean interactive() {
            return false;
        }
    }
}
