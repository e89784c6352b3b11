package ukey.app.ui.common;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import ukey.app.ui.services.KeyCard;

/**
 * The key the window is about: the main window's selector sets it, the pages that act on it (更新服务) read it.
 * A page that changed what is on the key asks for the keys to be read again through {@link #reread()}.
 */
public final class SelectedKey {

    private final ObjectProperty<KeyCard> key = new SimpleObjectProperty<>(this, "key");
    private Runnable reader = () -> { };

    public ObjectProperty<KeyCard> property() {
        return key;
    }

    /** The selected key, or null when no key is inserted. */
    public KeyCard get() {
        return key.get();
    }

    /** Who reads the keys again when asked (the main window's 刷新). */
    public void readBy(Runnable reader) {
        this.reader = reader;
    }

    /** The certificate or PIN on the key changed: read the keys again. */
    public void reread() {
        reader.run();
    }
}
