package ukey.app.cli;

import java.util.Arrays;

import ukey.app.Main;

/**
 * A test's {@code ukey}: {@code HaltAfterStepMain STEP args...} runs the real command line with a renewal step
 * listener that halts the process (exit 137, nothing after the journal write runs, as a kill does) right after
 * the journal records STEP. Only the test class path has it: the product reads no test switch.
 */
public final class HaltAfterStepMain {

    /** The exit code of a process halted as by kill -9. */
    public static final int KILLED = 137;

    private HaltAfterStepMain() {
    }

    public static void main(String[] args) {
        String haltAfter = args[0];
        CliContext context = CliContext.system().withRenewalSteps(step -> {
            if (step.name().equals(haltAfter)) {
                Runtime.getRuntime().halt(KILLED);
            }
        });
        System.exit(Main.run(Arrays.copyOfRange(args, 1, args.length), context));
    }
}
