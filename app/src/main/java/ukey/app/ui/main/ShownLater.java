package ukey.app.ui.main;

import java.util.List;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import javafx.util.Subscription;

import ukey.app.ui.common.Notices;

/**
 * Parts of the window that its first frame does not show (the label editor, the empty state beside a key, notices
 * without text, the key chooser for one key): JavaFX styles and skins invisible nodes too, so such a part stays out
 * of the scene graph until it is needed; then it takes its place among its siblings.
 */
final class ShownLater {

    /** A pane's children in their first order, kept in the pane's properties while some of them are out. */
    private static final String FIRST_ORDER = ShownLater.class.getName() + ".order";

    private ShownLater() {
    }

    /**
     * Shows the node while the condition holds. Until the window shows, the node is in the scene graph only while the
     * condition holds (the keys read at start may arrive before the first frame); once styled in a showing window it
     * stays, hidden while the condition does not hold.
     */
    static void when(Node node, ObservableValue<Boolean> condition) {
        Notices.showWhen(node, condition);
        Pane parent = (Pane) node.getParent();
        @SuppressWarnings("unchecked")
        List<Node> order = (List<Node>) parent.getProperties().computeIfAbsent(FIRST_ORDER,
                key -> List.copyOf(parent.getChildren()));
        boolean[] settled = {false};
        Subscription[] following = {Subscription.EMPTY};
        following[0] = condition.subscribe(shown -> {
            if (settled[0]) {
                return;
            }
            if (shown && node.getParent() == null) {
                putBack(node, parent, order);
            } else if (!shown && node.getParent() == parent) {
                if (inShowingWindow(node)) {
                    settled[0] = true;
                    following[0].unsubscribe();
                } else {
                    parent.getChildren().remove(node);
                }
            }
        });
    }

    /** The node is in the scene of a window that shows. */
    static boolean inShowingWindow(Node node) {
        return node.getScene() != null && node.getScene().getWindow() != null
                && node.getScene().getWindow().isShowing();
    }

    /** In its first place: after those of its earlier siblings that are in the pane. */
    private static void putBack(Node node, Pane parent, List<Node> order) {
        int index = 0;
        for (Node sibling : order.subList(0, order.indexOf(node))) {
            if (sibling.getParent() == parent) {
                index++;
            }
        }
        parent.getChildren().add(index, node);
    }
}
