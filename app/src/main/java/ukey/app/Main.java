package ukey.app;

/** Entry point of the client: the command line, and (with `gui`) the window. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("UKey Assistant 0.1.0");
    }
}
