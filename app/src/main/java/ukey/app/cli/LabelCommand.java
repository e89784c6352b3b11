package ukey.app.cli;

import ukey.app.errors.AppException;
import ukey.app.tokens.FoundToken;
import ukey.app.tokens.KeyLabel;
import ukey.app.tokens.TokenService;
import ukey.token.TokenException;

/** {@code ukey label [--token SERIAL|LABEL] NEW}: 修改标签, renames the key (SKF keys; PKCS#11 keys say why not). */
final class LabelCommand {

    private final Invocation run;

    LabelCommand(Invocation run) {
        this.run = run;
    }

    int run() throws AppException, TokenException, CliExit {
        String label = KeyLabel.checked(run.arguments().operands().getFirst());
        try (TokenService service = run.openTokens()) {
            FoundToken found = service.select(run.arguments().token());
            KeyLabel.rename(found.token(), label, found.describe());
            run.out().println(run.messages().get("label.done", found.info().label(), label, found.info().serial()));
            return ExitCodes.OK;
        }
    }
}
