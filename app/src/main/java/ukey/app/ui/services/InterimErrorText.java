package ukey.app.ui.services;

import ukey.app.ui.common.I18n;
import ukey.token.TokenException;

/**
 * Words for errors until the client's ErrorPresenter is merged: names the token error and keeps the technical
 * message. Replaced by an adapter onto ErrorPresenter, the one place that turns errors into words.
 */
public final class InterimErrorText implements ErrorText {

    private final I18n i18n;

    public InterimErrorText(I18n i18n) {
        this.i18n = i18n;
    }

    @Override
    public String describe(Throwable error) {
        String what = error instanceof TokenException token ? token.error().name() : error.getClass().getSimpleName();
        return i18n.format("error.interim", what, String.valueOf(error.getMessage()));
    }
}
