package ukey.app.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import ukey.app.renewal.RenewalEngine;
import ukey.app.tokens.LibrarySource;
import ukey.app.tokens.ProviderFactory;

/**
 * Everything the command line takes from its surroundings, so that tests run the real {@code Main} in-process with
 * their own streams, environment, clock and token backend.
 *
 * @param env           environment variables
 * @param in            standard input (PINs with --pin-stdin)
 * @param out           standard output
 * @param err           standard error
 * @param terminal      the interactive terminal, when there is one
 * @param providers     opens a token backend for a library path
 * @param discovery     finds libraries when none is given
 * @param clock         "now" for certificate status and watch lines
 * @param watchInterval how often {@code watch} looks for inserted and removed tokens
 * @param renewalSteps  told after each renewal step is saved: nothing in the product; a test's main class stops
 *                      the process there to prove that every step resumes
 */
public record CliContext(Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
                         Optional<Terminal> terminal, ProviderFactory providers, LibrarySource discovery,
                         Clock clock, Duration watchInterval, RenewalEngine.StepListener renewalSteps) {

    /**
     * The real process: its streams, environment and terminal, PKCS#11 libraries and the system clock. Standard input
     * is the file descriptor itself, not {@code System.in}: that one buffers 8 KiB ahead, and a PIN read through it
     * would wait in its buffer (with the lines after it) for the rest of the process.
     */
    public static CliContext system() {
        Charset charset = outputCharset();
        return new CliContext(System.getenv(), new FileInputStream(FileDescriptor.in),
                new PrintStream(new FileOutputStream(FileDescriptor.out), true, charset),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, charset),
                Terminal.system(), ProviderFactory.pkcs11(), LibrarySource.discovery(), new LocalClock(),
                Duration.ofMillis(500), step -> { });
    }

    /** This context with another renewal step listener. */
    public CliContext withRenewalSteps(RenewalEngine.StepListener listener) {
        return new CliContext(env, in, out, err, terminal, providers, discovery, clock, watchInterval, listener);
    }

    /**
     * Windows consoles and pipes speak the console's code page (GBK on a Chinese Windows), which the JDK knows;
     * elsewhere UTF-8, even under a C locale, so that Chinese names and JSON survive.
     */
    private static Charset outputCharset() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        String stdout = System.getProperty("stdout.encoding");
        if (windows && stdout != null && Charset.isSupported(stdout)) {
            return Charset.forName(stdout);
        }
        return StandardCharsets.UTF_8;
    }
}
