package ukey.bench;

import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import javafx.stage.Window;

import ukey.app.Main;
import ukey.app.ui.services.KeyCard;

/**
 * The window benchmark's client: {@code WindowProbe gui args...} runs the real {@code ukey gui args...} and
 * watches its window from outside, so the shipped client carries no benchmark code. It prints
 * {@code UKEY_BENCH first-certificate <epoch ms>} after the first layout pulse in which the side panel shows a
 * certificate's validity; then UKEY_BENCH_THEN=exit ends the process (an AOT training run ends so), hide hides the
 * window the way closing it to the tray does (to measure the resident memory of a client that waits in the tray),
 * and stay leaves it. Every key that enters the window's list prints {@code UKEY_BENCH key-added <epoch ms> <label>}.
 */
public final class WindowProbe {

    private WindowProbe() {
    }

    public static void main(String[] args) {
        String then = System.getenv().getOrDefault("UKEY_BENCH_THEN", "stay");
        Thread.ofPlatform().daemon(true).start(() -> watchOnceJavaFxRuns(then));
        Main.main(args);
    }

    /** Waits for the client to start JavaFX, then follows its windows. */
    private static void watchOnceJavaFxRuns(String then) {
        while (true) {
            try {
                Platform.runLater(() -> follow(then));
                return;
            } catch (IllegalStateException notYet) {
                sleep();
            }
        }
    }

    private static void follow(String then) {
        boolean[] probing = {false};
        Runnable look = () -> Window.getWindows().stream().filter(Stage.class::isInstance).map(Stage.class::cast)
                .filter(stage -> stage.getScene() != null && find(stage.getScene().getRoot(), "keyPanel") != null)
                .findFirst().filter(stage -> !probing[0]).ifPresent(stage -> {
                    probing[0] = true;
                    probe(stage, then);
                });
        look.run(); // the window may be up already
        Window.getWindows().addListener((ListChangeListener<Window>) change -> look.run());
    }

    private static void probe(Stage stage, String then) {
        Scene scene = stage.getScene();
        announceKeys(scene);
        boolean[] seen = {false};
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (seen[0] || !(find(scene.getRoot(), "validityLabel") instanceof Label validity)
                    || validity.getText() == null || validity.getText().isEmpty()) {
                return;
            }
            seen[0] = true;
            scene.removePostLayoutPulseListener(listener[0]);
            System.out.println("UKEY_BENCH first-certificate " + System.currentTimeMillis());
            System.out.flush();
            Platform.runLater(() -> finish(then, stage));
        };
        scene.addPostLayoutPulseListener(listener[0]);
        Platform.requestNextPulse();
    }

    /**
     * Prints {@code UKEY_BENCH key-added <epoch ms> <label>} for every key that enters the window's key list (how
     * soon a hidden client sees a key inserted). The window puts its key chooser in only once there are two keys:
     * the keys it holds then are announced as it comes in.
     */
    private static void announceKeys(Scene scene) {
        if (find(scene.getRoot(), "keySelector") instanceof ComboBox<?> selector) {
            announceKeys(selector);
        } else if (find(scene.getRoot(), "keyPanel") instanceof Parent panel) {
            boolean[] found = {false};
            panel.getChildrenUnmodifiable().addListener((ListChangeListener<Node>) change -> {
                while (change.next() && !found[0]) {
                    for (Node added : change.getAddedSubList()) {
                        if (added instanceof ComboBox<?> selector && "keySelector".equals(added.getId())) {
                            found[0] = true;
                            selector.getItems().forEach(WindowProbe::announce);
                            announceKeys(selector);
                        }
                    }
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static void announceKeys(ComboBox<?> selector) {
        ((ComboBox<KeyCard>) selector).getItems().addListener((ListChangeListener<KeyCard>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(WindowProbe::announce);
            }
        });
    }

    private static void announce(Object key) {
        System.out.println("UKEY_BENCH key-added " + System.currentTimeMillis() + " "
                + ((KeyCard) key).info().label());
        System.out.flush();
    }

    /**
     * The node with this id, also inside a ScrollPane's content: the side panel scrolls, and until the ScrollPane has
     * its skin (the first layout) its content is no child of it, so Scene.lookup cannot see it.
     */
    private static Node find(Node node, String id) {
        if (node == null || id.equals(node.getId())) {
            return node;
        }
        if (node instanceof ScrollPane scroll) {
            return find(scroll.getContent(), id);
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                Node found = find(child, id);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
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

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
