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
            return new PinNotice(state.retriesLeft().isPresent()
                    ? i18n.format("pin.state.countLow.counted", state.retriesLeft().getAsInt())
                    : i18n.tr("pin.state.countLow"), Tone.WARNING);
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
            return new PinNotice(state.retriesLeft().isPresent()
                    ? i18n.format("pin.so.countLow.counted", state.retriesLeft().getAsInt())
                    : i18n.tr("pin.so.countLow"), Tone.WARNING);
        }
        return NONE;
    }

    /**
     * The tries left where the key counts them: "还剩 6 次（共 6 次）", "已锁定"; empty where the key only has flags
     * (PKCS#11).
     */
    public static String tries(I18n i18n, PinState state) {
        if (state == null || state.retriesLeft().isEmpty()) {
            return "";
        }
        if (state.locked()) {
            return i18n.tr("pin.tries.locked");
        }
        return state.maxRetries().isPresent()
                ? i18n.format("pin.tries.ofMax", state.retriesLeft().getAsInt(), state.maxRetries().getAsInt())
                : i18n.format("pin.tries", state.retriesLeft().getAsInt());
    }
}
