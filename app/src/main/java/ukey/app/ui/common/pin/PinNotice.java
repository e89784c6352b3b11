package ukey.app.ui.common.pin;

import ukey.app.ui.common.I18n;
import ukey.app.ui.common.Tone;
import ukey.token.PinState;

/** What a PIN's state means for the user, in words and colour; empty text when there is nothing to say. */
public record PinNotice(String text, Tone tone) {

    public static final PinNotice NONE = new PinNotice("", Tone.NEUTRAL);

    /** For the user PIN. */
    public static PinNotice user(I18n i18n, PinState state) {
        if (state == null) {
            return NONE;
        }
        if (state.locked()) {
            return new PinNotice(i18n.tr("pin.state.locked"), Tone.DANGER);
        }
        if (state.finalTry()) {
            return new PinNotice(i18n.tr("pin.state.finalTry"), Tone.DANGER);
        }
        if (state.countLow()) {
            return new PinNotice(i18n.tr("pin.state.countLow"), Tone.WARNING);
        }
        if (state.toBeChanged()) {
            return new PinNotice(i18n.tr("pin.state.toBeChanged"), Tone.WARNING);
        }
        return NONE;
    }

    /** For the administrator (SO) PIN. */
    public static PinNotice so(I18n i18n, PinState state) {
        if (state == null) {
            return NONE;
        }
        if (state.locked()) {
            return new PinNotice(i18n.tr("pin.so.locked"), Tone.DANGER);
        }
        if (state.finalTry()) {
            return new PinNotice(i18n.tr("pin.so.finalTry"), Tone.DANGER);
        }
        if (state.countLow()) {
            return new PinNotice(i18n.tr("pin.so.countLow"), Tone.WARNING);
        }
        return NONE;
    }
}
