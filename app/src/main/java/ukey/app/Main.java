package ukey.app;

/** Entry point of the client: the command line, and (with `gui`) the window. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("gui")) {
            ukey.app.ui.GuiLauncher.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.out.println("UKey Assistant 0.1.0");
    }
}
