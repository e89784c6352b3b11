package ukey.app.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import ukey.app.Main;
import ukey.app.tokens.LibraryChoice;
import ukey.app.tokens.ProviderFactory;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenProvider;
import ukey.token.skf.SkfOptions;
import ukey.token.skf.SkfProvider;
import ukey.token.testing.SimulatedProvider;

/**
 * Runs the real {@link Main} in-process, with captured stdout and stderr, a given stdin and environment, a fixed
 * clock, and token backends registered by library path (a path nobody registered fails to load, as a missing
 * library does).
 */
final class CliHarness {

    static final Instant NOW = Instant.parse("2026-03-01T04:00:00Z");
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    final Map<String, String> env = new HashMap<>();
    final Map<Path, TokenProvider> libraries = new LinkedHashMap<>();
    final List<LibraryChoice> discovered = new ArrayList<>();
    final List<Path> opened = new ArrayList<>();
    /** The options each SKF library was opened with, in order. */
    final List<SkfOptions> skfOptions = new ArrayList<>();
    String stdin = "";
    /** Standard input as a stream, when lines must come as the command asks for them (SMS codes). */
    InputStream stdinStream;
    Optional<Terminal> terminal = Optional.empty();
    Duration watchInterval = Duration.ofMillis(20);

    CliHarness(Path configDir) {
        env.put("UKEY_CONFIG_DIR", configDir.toString());
        env.put("UKEY_POLICY_FILE", configDir.resolve("no-policy.properties").toString()); // not the machine's
    }

    /** A simulated library at this path. */
    SimulatedProvider simulated(String path) {
        SimulatedProvider provider = new SimulatedProvider(path);
        libraries.put(Path.of(path), provider);
        return provider;
    }

    /** A terminal that answers the prompts in order (PINs and y/N answers) and records the prompts. */
    ScriptedTerminal terminal(String... answers) {
        ScriptedTerminal scripted = new ScriptedTerminal(answers);
        terminal = Optional.of(scripted);
        return scripted;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, context(out, err));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Starts a command that runs until interrupted (watch) on its own thread. */
    Running start(String... args) {
        Running running = new Running();
        running.thread = Thread.ofPlatform().name("ukey " + String.join(" ", args)).start(
                () -> running.exit = Main.run(args, context(running.out, running.err)));
        return running;
    }

    private CliContext context(ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new CliContext(Map.copyOf(env), stdinStream != null ? stdinStream
                : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal, factory(), () -> List.copyOf(discovered), Clock.fixed(NOW, ZONE), watchInterval, step -> { });
    }

    /** PKCS#11 libraries as registered here; SKF libraries are real (softskf), with the options they were given. */
    private ProviderFactory factory() {
        return new ProviderFactory() {
            @Override
            public TokenProvider open(Path library) throws TokenException {
                return CliHarness.this.open(library);
            }

            @Override
            public TokenProvider openSkf(Path library, SkfOptions options) throws TokenException {
                opened.add(library);
                skfOptions.add(options);
                return SkfProvider.open(library, options);
            }
        };
    }

    private TokenProvider open(Path library) throws TokenException {
        opened.add(library);
        TokenProvider provider = libraries.get(library);
        if (provider == null) {
            throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, null, "cannot load " + library
                    + ": no such file", null, null);
        }
        if (provider instanceof SimulatedProvider simulated) {
            simulated.reopen(); // each run of Main loads its libraries afresh, as each process does
        }
        return provider;
    }

    /** A command running on its own thread; its output so far can be read at any time. */
    static final class Running {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        volatile int exit = -1;
        Thread thread;

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        /** Waits (up to a generous limit, so a broken build does not hang) until stdout has this many lines. */
        List<String> awaitLines(int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out().lines().count() < count && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            return out().lines().toList();
        }

        /** Waits (up to the same limit) for a line of stdout that matches. */
        Optional<String> awaitLine(Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                Optional<String> line = out().lines().filter(wanted).findFirst();
                if (line.isPresent()) {
                    return line;
                }
                Thread.sleep(10);
            }
            return Optional.empty();
        }

        /** Interrupts the command as Ctrl+C would, and returns its exit code. */
        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(20));
            return exit;
        }
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A terminal typing prepared answers. */
    static class ScriptedTerminal implements Terminal {
        final Deque<String> answers;
        final List<String> prompts = new ArrayList<>();
        final List<char[]> handedOut = new ArrayList<>();

        ScriptedTerminal(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public char[] readPassword(String prompt) {
            prompts.add(prompt);
            String answer = answers.poll();
            if (answer == null) {
                return null;
            }
            char[] pin = answer.toCharArray();
            handedOut.add(pin);
            return pin;
        }

        @Override
        public String readLine(String prompt) {
            prompts.add(prompt);
            return answers.poll();
        }
    }
}
