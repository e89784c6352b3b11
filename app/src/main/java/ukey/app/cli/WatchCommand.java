package ukey.app.cli;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import ukey.app.errors.AppException;
import ukey.app.tokens.FoundToken;
import ukey.app.tokens.LibraryProblem;
import ukey.app.tokens.TokenScan;
import ukey.app.tokens.TokenService;
import ukey.token.TokenInfo;

/**
 * {@code ukey watch}: one line per token inserted or removed, until interrupted. Polls every library (rescan, then
 * list), keyed by {@link TokenInfo#key()}: the library and the token serial.
 */
final class WatchCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Invocation run;
    private final Messages messages;
    /** Problems already reported, so that a library failing at every poll is reported once. */
    private final Set<String> reported = new HashSet<>();

    WatchCommand(Invocation run) {
        this.run = run;
        this.messages = run.messages();
    }

    int run() throws AppException, CliExit {
        try (TokenService service = run.openTokens()) {
            run.err().println(messages.get("watch.started"));
            Map<String, TokenInfo> present = keyed(service.scan());
            present.values().forEach(info -> print("watch.present", info));
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(run.context().watchInterval());
                } catch (InterruptedException e) {
                    break;
                }
                Map<String, TokenInfo> now = keyed(service.rescan());
                for (TokenInfo gone : present.values()) {
                    if (!now.containsKey(gone.key())) {
                        print("watch.removed", gone);
                    }
                }
                for (TokenInfo come : now.values()) {
                    if (!present.containsKey(come.key())) {
                        print("watch.inserted", come);
                    }
                }
                present = now;
            }
            return ExitCodes.OK;
        }
    }

    private Map<String, TokenInfo> keyed(TokenScan scan) {
        Set<String> problems = new HashSet<>();
        for (LibraryProblem problem : scan.problems()) {
            String key = problem.library().path() + ": " + problem.error().getMessage();
            problems.add(key);
            if (!reported.contains(key)) {
                run.warn(problem);
            }
        }
        reported.retainAll(problems);
        reported.addAll(problems);
        Map<String, TokenInfo> tokens = new LinkedHashMap<>();
        for (FoundToken token : scan.tokens()) {
            tokens.put(token.info().key(), token.info());
        }
        return tokens;
    }

    private void print(String key, TokenInfo info) {
        String time = LocalDateTime.now(run.context().clock()).format(TIME);
        run.out().println(messages.get(key, time, info.label(), info.serial(), info.library()));
    }
}
