package ukey.bench;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The floor for the window benchmark: a JavaFX window with one label and nothing else. Prints
 * {@code UKEY_BENCH first-frame <epoch ms>} after its first layout pulse, then exits or hides like the app does
 * under UKEY_BENCH_THEN.
 */
public final class PlainWindow {

    private PlainWindow() {
    }

    /** Started like the app (Platform.startup, class path): a main class extending Application needs modules. */
    public static void main(String[] args) {
        Platform.startup(() -> show(new Stage()));
    }

    private static void show(Stage stage) {
        Scene scene = new Scene(new StackPane(new Label("UKey")), 1080, 700);
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            System.out.println("UKEY_BENCH first-frame " + System.currentTimeMillis());
            System.out.flush();
            Platform.runLater(() -> {
                switch (System.getenv().getOrDefault("UKEY_BENCH_THEN", "stay")) {
                    case "exit" -> System.exit(0);
                    case "hide" -> {
                        Platform.setImplicitExit(false);
                        stage.hide();
                        System.out.println("UKEY_BENCH hidden " + System.currentTimeMillis());
                        System.out.flush();
                    }
                    default -> { }
                }
            });
        };
        scene.addPostLayoutPulseListener(once[0]);
        stage.setScene(scene);
        stage.show();
    }
}
