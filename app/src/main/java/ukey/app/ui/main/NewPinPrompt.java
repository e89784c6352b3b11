package ukey.app.ui.main;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import javafx.beans.value.ObservableObjectValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.ui.common.Background;
import ukey.app.ui.services.KeyCard;
import ukey.token.PinState;

/**
 * When the selected key's PIN must be changed (an initial PIN, or the default PIN a CA set when it reset a locked
 * one: the SKF default-PIN flag), asks for a new PIN at once: once per insertion, and again only after the key
 * was pulled or its PIN no longer had to be changed.
 */
final class NewPinPrompt {

    private static final Logger LOG = LoggerFactory.getLogger(NewPinPrompt.class);

    private final Background background;
    private final ObservableObjectValue<KeyCard> selected;
    /** Keys already asked, by {@link KeyCard#key()}. */
    private final Set<String> asked = new HashSet<>();
    private Predicate<KeyCard> ask = card -> false;

    NewPinPrompt(Background background, ObservableObjectValue<KeyCard> selected) {
        this.background = background;
        this.selected = selected;
    }

    /** @param ask opens 修改口令 for the key; answers false when it could not (the window is in the tray) */
    void askWith(Predicate<KeyCard> ask) {
        this.ask = ask;
    }

    /** The key is shown: ask when its PIN must be changed and it was not asked yet. */
    void consider(KeyCard card) {
        if (card == null) {
            return;
        }
        PinState pin = card.info().userPin();
        if (pin == null || !pin.toBeChanged() || pin.locked()) {
            asked.remove(card.key());
            return;
        }
        if (!asked.contains(card.key())) {
            // after the selection change in progress: this runs inside a property listener
            background.onUi(() -> {
                if (card.equals(selected.get()) && !asked.contains(card.key()) && ask.test(card)) {
                    LOG.info("key {} has a PIN that must be changed: asking for a new one", card.info().serial());
                    asked.add(card.key());
                }
            });
        }
    }

    /** The key was pulled: ask again when it comes back with the same PIN. */
    void removed(String key) {
        asked.remove(key);
    }
}
