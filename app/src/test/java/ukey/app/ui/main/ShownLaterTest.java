package ukey.app.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.Test;

/** Parts out of the scene graph until needed come back in their first place. */
class ShownLaterTest {

    private final Region first = region("first");
    private final Region editor = region("editor");
    private final Region message = region("message");
    private final Region last = region("last");
    private final VBox pane = new VBox(first, editor, message, last);

    @Test
    void aPartNotYetNeededIsOutOfTheSceneGraphAndComesBackInItsPlace() {
        BooleanProperty editing = new SimpleBooleanProperty(false);
        BooleanProperty saying = new SimpleBooleanProperty(false);
        ShownLater.when(editor, editing);
        ShownLater.when(message, saying);
        assertEquals(List.of(first, last), pane.getChildren());

        saying.set(true);
        assertEquals(List.of(first, message, last), pane.getChildren());
        editing.set(true);
        assertEquals(List.of(first, editor, message, last), pane.getChildren(), "the first order");
        assertTrue(editor.isVisible() && editor.isManaged());
    }

    @Test
    void aPartNeededAtFirstAndNotAnyMoreBeforeTheWindowShowsLeavesAgain() {
        BooleanProperty noKey = new SimpleBooleanProperty(true);
        ShownLater.when(editor, noKey);
        assertEquals(List.of(first, editor, message, last), pane.getChildren());

        noKey.set(false);
        assertEquals(List.of(first, message, last), pane.getChildren(), "not in a showing window: out");
        assertFalse(editor.isVisible());
    }

    private static Region region(String id) {
        Region region = new Region();
        region.setId(id);
        return region;
    }
}
