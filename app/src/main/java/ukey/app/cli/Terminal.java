package ukey.app.cli;

import java.io.Console;
import java.util.Optional;

/** The interactive terminal, when there is one: PINs are read from it without echo. */
public interface Terminal {

    /** Reads a line without echo; null when input ended. */
    char[] readPassword(String prompt);

    /** Reads a line with echo; null when input ended. */
    String readLine(String prompt);

    /** The process's terminal, when standard input and output are one. */
    static Optional<Terminal> system() {
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            return Optional.empty();
        }
        return Optional.of(new Terminal() {
            @Override
            public char[] readPassword(String prompt) {
                return console.readPassword("%s", prompt);
            }

            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }
        });
    }
}
