package ukey.app;

import ukey.app.cli.Cli;
import ukey.app.cli.CliContext;

/** Entry point of the client: the {@code ukey} command line (and, later, {@code ukey gui}: the window). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, CliContext.system()));
    }

    /** Runs the command line in this context (tests pass their own streams, environment and tokens). */
    public static int run(String[] args, CliContext context) {
        return new Cli(context).run(args);
    }
}
