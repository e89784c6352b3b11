package ukey.app.cli;

/** Ends a command with an exit code after its problems were already reported. */
final class CliExit extends Exception {

    private final int code;

    CliExit(int code) {
        super("exit " + code, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
