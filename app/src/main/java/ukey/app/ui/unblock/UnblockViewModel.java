package ukey.app.ui.unblock;

import java.util.Arrays;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

import ukey.app.config.Settings;
import ukey.app.errors.ErrorPresenter;
import ukey.app.ui.changepin.PinNotice;
import ukey.app.ui.changepin.PinRules;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.Notices;
import ukey.app.ui.services.KeyCard;
import ukey.token.PinState;
import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * 解锁服务: unblocks the user PIN with the administrator (SO) PIN and sets a new one. Users without an SO PIN
 * learn how their CA unlocks keys (contact and portal from settings).
 */
public final class UnblockViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(UnblockViewModel.class);

    private final KeyCard key;
    private final Background background;
    private final I18n i18n;
    private final ErrorPresenter errors;
    private final Settings settings;

    private final StringProperty soPin = new SimpleStringProperty(this, "soPin", "");
    private final StringProperty fresh = new SimpleStringProperty(this, "fresh", "");
    private final StringProperty confirm = new SimpleStringProperty(this, "confirm", "");
    private final BooleanProperty noSoPin = new SimpleBooleanProperty(this, "noSoPin");
    private final BooleanProperty weakAccepted = new SimpleBooleanProperty(this, "weakAccepted");
    private final BooleanProperty finalTryConfirmed = new SimpleBooleanProperty(this, "finalTryConfirmed");
    private final ObjectProperty<PinState> userState = new SimpleObjectProperty<>(this, "userState");
    private final ObjectProperty<PinState> soState = new SimpleObjectProperty<>(this, "soState");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final BooleanProperty done = new SimpleBooleanProperty(this, "done");
    private final StringProperty result = new SimpleStringProperty(this, "result", "");

    private final StringBinding userNotice;
    private final ObjectProperty<PinNotice> soNotice = new SimpleObjectProperty<>(this, "soNotice", PinNotice.NONE);
    private final StringBinding problem;
    private final BooleanBinding weak;
    private final BooleanBinding soFinalTry;
    private final BooleanBinding soLocked;
    private final BooleanBinding caHelpShown;
    private final BooleanBinding canSubmit;

    public UnblockViewModel(KeyCard key, Background background, I18n i18n, ErrorPresenter errors,
                            Settings settings) {
        this.key = key;
        this.background = background;
        this.i18n = i18n;
        this.errors = errors;
        this.settings = settings;
        soState.addListener((observable, before, now) -> soNotice.set(PinNotice.so(i18n, now)));
        userState.set(key.info().userPin());
        soState.set(key.info().soPin());
        userNotice = Bindings.createStringBinding(() -> userState.get().locked()
                ? i18n.tr("unblock.userLocked") : i18n.tr("unblock.userNotLocked"), userState);
        problem = Bindings.createStringBinding(() -> PinRules.problem(i18n, fresh.get(), confirm.get(), null,
                userState.get()), fresh, confirm, userState);
        weak = Bindings.createBooleanBinding(() -> PinRules.trivial(fresh.get()), fresh);
        soFinalTry = Bindings.createBooleanBinding(() -> soState.get().finalTry() && !soState.get().locked(),
                soState);
        soLocked = Bindings.createBooleanBinding(() -> soState.get().locked(), soState);
        caHelpShown = noSoPin.or(soLocked);
        canSubmit = Bindings.createBooleanBinding(() -> !busy.get() && !done.get() && !caHelpShown.get()
                        && !soPin.get().isEmpty()
                        && PinRules.acceptable(fresh.get(), confirm.get(), null, userState.get())
                        && (!weak.get() || weakAccepted.get())
                        && (!soFinalTry.get() || finalTryConfirmed.get()),
                busy, done, caHelpShown, soPin, fresh, confirm, userState, weak, weakAccepted, soFinalTry,
                finalTryConfirmed);
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

    public String lengthRule() {
        return PinRules.lengthRule(i18n, userState.get());
    }

    /** Reads the PIN flags again. */
    public void load() {
        busy.set(true);
        background.run(() -> key.token().info())
                .onSuccess(info -> {
                    userState.set(info.userPin());
                    soState.set(info.soPin());
                })
                .onError(error -> result.set(Notices.errorText(errors, error)))
                .andFinally(() -> busy.set(false))
                .start();
    }

    public void submit() {
        if (!canSubmit.get()) {
            return;
        }
        char[] so = soPin.get().toCharArray();
        char[] newPin = fresh.get().toCharArray();
        soPin.set("");
        fresh.set("");
        confirm.set("");
        weakAccepted.set(false);
        finalTryConfirmed.set(false);
        result.set("");
        busy.set(true);
        background.run(() -> {
                    try {
                        key.token().unblockPin(so, newPin);
                    } finally {
                        Arrays.fill(so, '\0');
                        Arrays.fill(newPin, '\0');
                    }
                })
                .onSuccess(ignored -> {
                    done.set(true);
                    PinState before = userState.get();
                    userState.set(new PinState(false, false, false, false, before.minLength(), before.maxLength()));
                    LOG.info("unblocking the PIN of key {} succeeded", key.info().serial());
                    result.set(i18n.tr("unblock.done"));
                })
                .onError(this::failed)
                .andFinally(() -> busy.set(false))
                .start();
    }

    private void failed(Throwable error) {
        LOG.info("unblocking the PIN of key {} failed: {}", key.info().serial(), error.toString());
        if (error instanceof TokenException token) {
            token.pinState().ifPresent(soState::set);
            if (token.error() == TokenError.PIN_LOCKED && !soState.get().locked()) {
                PinState before = soState.get();
                soState.set(new PinState(true, false, true, false, before.minLength(), before.maxLength()));
            }
        }
        result.set(Notices.errorText(errors, error));
    }

    public StringProperty soPinProperty() {
        return soPin;
    }

    public StringProperty freshProperty() {
        return fresh;
    }

    public StringProperty confirmProperty() {
        return confirm;
    }

    public BooleanProperty noSoPinProperty() {
        return noSoPin;
    }

    public BooleanProperty weakAcceptedProperty() {
        return weakAccepted;
    }

    public BooleanProperty finalTryConfirmedProperty() {
        return finalTryConfirmed;
    }

    public ReadOnlyObjectProperty<PinState> userStateProperty() {
        return userState;
    }

    public ObservableValue<String> userNotice() {
        return userNotice;
    }

    public ReadOnlyObjectProperty<PinNotice> soNoticeProperty() {
        return soNotice;
    }

    public ObservableValue<String> problem() {
        return problem;
    }

    public BooleanBinding weak() {
        return weak;
    }

    public BooleanBinding soFinalTry() {
        return soFinalTry;
    }

    public BooleanBinding caHelpShown() {
        return caHelpShown;
    }

    public BooleanBinding canSubmit() {
        return canSubmit;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyBooleanProperty doneProperty() {
        return done;
    }

    public ReadOnlyStringProperty resultProperty() {
        return result;
    }
}
