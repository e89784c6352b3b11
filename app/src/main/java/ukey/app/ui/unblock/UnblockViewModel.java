package ukey.app.ui.unblock;

import java.util.Optional;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

import ukey.app.config.Settings;
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
 * 解锁服务: unblocks the user PIN with the administrator (SO) PIN and sets a new one. Users without an SO PIN
 * learn how their CA unlocks keys (contact and portal from settings).
 */
public final class UnblockViewModel extends PinFormViewModel {

    private final Settings settings;
    private final BooleanProperty noSoPin = new SimpleBooleanProperty(this, "noSoPin");
    private final StringBinding userNotice;
    private final ObjectProperty<PinNotice> soNotice = new SimpleObjectProperty<>(this, "soNotice", PinNotice.NONE);
    private final BooleanBinding caHelpShown;

    public UnblockViewModel(KeyCard key, Background background, I18n i18n, ErrorPresenter errors,
                            Settings settings) {
        super(key, background, i18n, errors, false);
        this.settings = settings;
        soNotice.set(PinNotice.so(i18n, spentState.get()));
        spentState.addListener((observable, before, now) -> soNotice.set(PinNotice.so(i18n, now)));
        userNotice = Bindings.createStringBinding(() -> userState.get().locked()
                ? i18n.tr("unblock.userLocked") : i18n.tr("unblock.userNotLocked"), userState);
        caHelpShown = noSoPin.or(locked());
        enableSubmitUnless(caHelpShown);
    }

    @Override
    protected PinState spentPin(TokenInfo info) {
        return info.soPin();
    }

    @Override
    protected void send(char[] soPin, char[] newPin, FinalTry finalTry) throws TokenException {
        key.token().unblockPin(soPin, newPin, finalTry);
    }

    @Override
    protected String doneText() {
        return i18n.tr("unblock.done");
    }

    @Override
    protected String action() {
        return "unblocking the PIN";
    }

    /** How the CA unlocks keys for users without an administrator PIN. */
    public String caHelp() {
        Optional<String> phone = settings.get(Settings.CA_PHONE);
        Optional<String> portal = settings.get(Settings.CA_PORTAL);
        if (phone.isEmpty() && portal.isEmpty()) {
            return i18n.tr("unblock.caHelp.unknown");
        }
        return i18n.format("unblock.caHelp", settings.get(Settings.CA_NAME).orElse(i18n.tr("unblock.caHelp.theCa")),
                phone.orElse("—"), portal.orElse("—"));
    }

    public StringProperty soPinProperty() {
        return secret;
    }

    public BooleanProperty noSoPinProperty() {
        return noSoPin;
    }

    public ObservableValue<String> userNotice() {
        return userNotice;
    }

    public ReadOnlyObjectProperty<PinNotice> soNoticeProperty() {
        return soNotice;
    }

    public BooleanBinding caHelpShown() {
        return caHelpShown;
    }
}
