package ukey.app.ui.common;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Label;

/** Small binding helpers shared by the views. */
public final class Notices {

    private Notices() {
    }

    /** Shows a label only while it has text. */
    public static void showWhenText(Label label) {
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.textProperty().isNotEmpty());
    }

    /** Shows a node only while the condition holds. */
    public static void showWhen(Node node, ObservableValue<Boolean> condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }

    /** Gives a notice label the colour of its tone. */
    public static void tone(Label label, Tone tone) {
        label.getStyleClass().removeIf(style -> style.startsWith("notice-"));
        label.getStyleClass().add(switch (tone) {
            case GOOD -> "notice-good";
            case WARNING -> "notice-warning";
            case DANGER -> "notice-danger";
            case NEUTRAL -> "notice-info";
        });
    }
}
