package ukey.app.ui;

import java.util.Map;

import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.stage.Stage;

import ukey.app.ui.main.MainViewModel;
import ukey.app.ui.services.KeyCard;

/**
 * For the launch benchmark (src/bench.sh gui), only when UKEY_BENCH=1: prints
 * {@code UKEY_BENCH first-certificate <epoch ms>} after the first layout pulse that shows a key's certificate in
 * the side panel. Then UKEY_BENCH_THEN=exit ends the process (an AOT training run ends so) and hide hides the
 * window the way closing it to the tray does, to measure the resident memory of a client that waits in the tray.
 * Every key that shows up prints {@code UKEY_BENCH key-added <epoch ms> <label>} (how soon a hidden client sees a
 * key inserted).
 */
final class BenchProbe {

    private BenchProbe() {
    }

    static void attach(Map<String, String> env, Stage stage, MainViewModel main) {
        if (!"1".equals(env.get("UKEY_BENCH"))) {
            return;
        }
        String then = env.getOrDefault("UKEY_BENCH_THEN", "stay");
        boolean[] seen = {false};
        main.keys().addListener((ListChangeListener<KeyCard>) change -> {
            while (change.next()) {
                for (KeyCard key : change.getAddedSubList()) {
                    System.out.println("UKEY_BENCH key-added " + System.currentTimeMillis() + " " + key.info().label());
                    System.out.flush();
                }
            }
        });
        main.validityProperty().subscribe(validity -> {
            if (seen[0] || validity.isEmpty() || stage.getScene() == null) {
                return;
            }
            seen[0] = true;
            Scene scene = stage.getScene();
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                scene.removePostLayoutPulseListener(once[0]);
                System.out.println("UKEY_BENCH first-certificate " + System.currentTimeMillis());
                System.out.flush();
                Platform.runLater(() -> finish(then, stage));
            };
            scene.addPostLayoutPulseListener(once[0]);
            Platform.requestNextPulse();
        });
    }

    private static void finish(String then, Stage stage) {
        switch (then) {
            case "exit" -> System.exit(0);
            case "hide" -> {
                Platform.setImplicitExit(false);
                stage.setOnHidden(null);
                stage.hide();
                System.out.println("UKEY_BENCH hidden " + System.currentTimeMillis());
                System.out.flush();
            }
            default -> {
                // stay: the window keeps running as usual
            }
        }
    }
}
