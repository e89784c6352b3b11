package ukey.app.ui.common;

import java.util.function.Supplier;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Makes the window's stages: the main window's scene and the dialogs, modal over the main window when it shows. */
public final class Windows {

    private final Views views;
    private final Supplier<Window> owner;

    /** @param owner the main window, or null while there is none */
    public Windows(Views views, Supplier<Window> owner) {
        this.views = views;
        this.owner = owner;
    }

    public Views views() {
        return views;
    }

    /** A dialog for one view and its controller, titled in the user's language; not shown yet. */
    public Stage dialog(FxmlView view, String titleKey, Object controller) {
        Parent root = views.load(view, Controllers.just(controller)).root();
        Stage stage = new Stage();
        Window main = owner.get();
        if (main != null && main.isShowing()) {
            stage.initOwner(main);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle(views.i18n().tr(titleKey));
        stage.setScene(scene(root));
        // notices and warnings come and go: let the window grow and shrink with them
        root.needsLayoutProperty().addListener((observable, was, needs) -> {
            double wanted = root.prefHeight(root.getLayoutBounds().getWidth());
            if (!needs && stage.isShowing() && Math.abs(wanted - root.getLayoutBounds().getHeight()) > 1) {
                stage.sizeToScene();
            }
        });
        return stage;
    }

    /**
     * A PIN dialog, shown. When it closes its PIN fields are cleared first (no PIN stays in a closed dialog's
     * fields), then {@code closed} runs (the key's PIN state may have changed).
     */
    public Stage showPinDialog(FxmlView view, String titleKey, Object controller, Runnable clearFields,
            Runnable closed) {
        Stage stage = dialog(view, titleKey, controller);
        stage.setOnHidden(event -> {
            clearFields.run();
            closed.run();
        });
        stage.show();
        return stage;
    }

    /** A scene with the window's stylesheet. */
    public static Scene scene(Parent root) {
        Scene scene = new Scene(root);
        scene.getStylesheets().add(Views.stylesheet());
        return scene;
    }
}
