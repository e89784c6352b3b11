package ukey.app.cli;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;

import ukey.app.errors.AppException;
import ukey.app.tokens.TokenService;
import ukey.token.TokenInfo;
import ukey.token.TokenWatcher;

/**
 * {@code ukey watch}: a line for each token already inserted, then one per token inserted or removed, until the
 * process is interrupted. The token layer's {@link TokenWatcher} polls each library on its own thread.
 */
final class WatchCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Invocation run;
    private final Messages messages;
    private volatile boolean firstPoll = true;

    WatchCommand(Invocation run) {
        this.run = run;
        this.messages = run.messages();
    }

    int run() throws AppException, CliExit {
        try (TokenService service = run.openTokens();
             TokenWatcher watcher = new TokenWatcher(service.providers(), run.context().watchInterval(),
                     this::print)) {
            run.err().println(messages.get("watch.started"));
            watcher.pollNow(); // the tokens already inserted: reported as present, not as inserted
            firstPoll = false;
            watcher.start();
            try {
                new CountDownLatch(1).await(); // until interrupted; Ctrl+C ends the whole process
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ExitCodes.OK;
        }
    }

    private synchronized void print(TokenWatcher.Event event) {
        String key = firstPoll ? "watch.present"
                : event.kind() == TokenWatcher.Event.Kind.INSERTED ? "watch.inserted" : "watch.removed";
        TokenInfo info = event.token();
        String time = LocalDateTime.now(run.context().clock()).format(TIME);
        run.out().println(messages.get(key, time, info.label(), info.serial(), info.library()));
    }
}
