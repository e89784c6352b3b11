package ukey.app;

import java.util.Arrays;

import ukey.app.cli.Cli;
import ukey.app.cli.CliContext;
import ukey.app.logging.LazyLogging;
import ukey.app.ui.GuiLauncher;

/** Entry point of the client: {@code ukey gui} opens the window, anything else is the {@code ukey} command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("gui")) {
            // FXML (the pages and dialogs) sets every property by reflection: JNI accessors instead of method handles,
            // whose classes each window would spin anew (no AOT cache holds them); measured with src/bench.sh gui
            System.setProperty("jdk.reflect.useNativeAccessorOnly", "true");
            GuiLauncher.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // Logback starts only if the command logs something (a command that logs nothing never loads it)
        System.setProperty("slf4j.provider", LazyLogging.class.getName());
        System.setProperty("slf4j.internal.verbosity", "WARN"); // no note on stderr that it was chosen
        System.exit(run(args, CliContext.system()));
    }

    /** Runs the command line in this context (tests pass their own streams, environment and tokens). */
    public static int run(String[] args, CliContext context) {
        return new Cli(context).run(args);
    }
}
