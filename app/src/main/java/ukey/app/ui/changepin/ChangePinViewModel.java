package ukey.app.ui.changepin;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;

import ukey.app.errors.ErrorPresenter;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.pin.PinFormViewModel;
import ukey.app.ui.common.pin.PinNotice;
import ukey.app.ui.services.KeyCard;
import ukey.token.FinalTry;
import ukey.token.PinState;
import ukey.token.TokenException;
import ukey.token.TokenInfo;

/**
 * 修改口令: current, new and confirmation. Checks the token's length rule, refuses the old PIN, warns hard on
 * trivial PINs, shows the tries left and, at the final try, sends the PIN only after an explicit confirmation.
 */
public final class ChangePinViewModel extends PinFormViewModel {

    private final ObjectProperty<PinNotice> notice = new SimpleObjectProperty<>(this, "notice", PinNotice.NONE);

    public ChangePinViewModel(KeyCard key, Background background, I18n i18n, ErrorPresenter errors) {
        super(key, background, i18n, errors, true);
        notice.set(PinNotice.user(i18n, userState.get()));
        userState.addListener((observable, before, now) -> notice.set(PinNotice.user(i18n, now)));
        enableSubmitUnless(locked());
    }

    @Override
    protected PinState spentPin(TokenInfo info) {
        return info.userPin();
    }

    @Override
    protected void send(char[] current, char[] newPin, FinalTry finalTry) throws TokenException {
        key.token().changePin(current, newPin, finalTry);
    }

    @Override
    protected String doneText() {
        return i18n.tr("changePin.done");
    }

    @Override
    protected String action() {
        return "changing the PIN";
    }

    public StringProperty currentProperty() {
        return secret;
    }

    public ReadOnlyObjectProperty<PinNotice> noticeProperty() {
        return notice;
    }
}
