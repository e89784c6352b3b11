package ukey.app.ui.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Objects;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * Loads FXML views with the window's words and a controller factory, so that controllers take their
 * collaborators in their constructors. Included FXML files use the same factory.
 */
public final class Views {

    public static final String STYLESHEET = "/ukey/app/ui/ukey.css";

    private final I18n i18n;

    public Views(I18n i18n) {
        this.i18n = i18n;
    }

    public I18n i18n() {
        return i18n;
    }

    /** A loaded view and its controller. */
    public record Loaded<C>(Parent root, C controller) {
    }

    /** Loads a view; its controller, and those of the views it includes, come from {@code controllers}. */
    public <C> Loaded<C> load(FxmlView view, Controllers controllers) {
        URL location = Objects.requireNonNull(Views.class.getResource(view.resource()), view.resource());
        FXMLLoader loader = new FXMLLoader(location, i18n.bundle());
        loader.setControllerFactory(controllers);
        try {
            Parent root = loader.load();
            return new Loaded<>(root, loader.getController());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + view.resource(), e);
        }
    }

    public static String stylesheet() {
        return Objects.requireNonNull(Views.class.getResource(STYLESHEET)).toExternalForm();
    }
}
