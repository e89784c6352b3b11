package ukey.app.ui.changepin;

import java.util.Arrays;

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

import ukey.app.errors.ErrorPresenter;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.Notices;
import ukey.app.ui.services.KeyCard;
import ukey.token.PinState;
import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * 修改口令: current, new and confirmation. Checks the token's length rule, refuses the old PIN, warns hard on
 * trivial PINs, shows the tries left and, at the final try, sends the PIN only after an explicit confirmation.
 * The PIN fields are the text fields' own strings; what goes to the token is a char[] cleared afterwards.
 */
public final class ChangePinViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(ChangePinViewModel.class);

    private final KeyCard key;
    private final Background background;
    private final I18n i18n;
    private final ErrorPresenter errors;

    private final StringProperty current = new SimpleStringProperty(this, "current", "");
    private final StringProperty fresh = new SimpleStringProperty(this, "fresh", "");
    private final StringProperty confirm = new SimpleStringProperty(this, "confirm", "");
    private final BooleanProperty weakAccepted = new SimpleBooleanProperty(this, "weakAccepted");
    private final BooleanProperty finalTryConfirmed = new SimpleBooleanProperty(this, "finalTryConfirmed");
    private final ObjectProperty<PinState> pinState = new SimpleObjectProperty<>(this, "pinState");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final BooleanProperty done = new SimpleBooleanProperty(this, "done");
    private final StringProperty result = new SimpleStringProperty(this, "result", "");

    private final ObjectProperty<PinNotice> notice = new SimpleObjectProperty<>(this, "notice", PinNotice.NONE);
    private final StringBinding problem;
    private final BooleanBinding weak;
    private final BooleanBinding finalTry;
    private final BooleanBinding locked;
    private final BooleanBinding canSubmit;

    public ChangePinViewModel(KeyCard key, Background background, I18n i18n, ErrorPresenter errors) {
        this.key = key;
        this.background = background;
        this.i18n = i18n;
        this.errors = errors;
        pinState.addListener((observable, before, now) -> notice.set(PinNotice.user(i18n, now)));
        pinState.set(key.info().userPin());
        problem = Bindings.createStringBinding(() -> PinRules.problem(i18n, fresh.get(), confirm.get(), current.get(),
                pinState.get()), fresh, confirm, current, pinState);
        weak = Bindings.createBooleanBinding(() -> PinRules.trivial(fresh.get()), fresh);
        finalTry = Bindings.createBooleanBinding(() -> pinState.get().finalTry() && !pinState.get().locked(),
                pinState);
        locked = Bindings.createBooleanBinding(() -> pinState.get().locked(), pinState);
        canSubmit = Bindings.createBooleanBinding(() -> !busy.get() && !done.get() && !locked.get()
                        && !current.get().isEmpty()
                        && PinRules.acceptable(fresh.get(), confirm.get(), current.get(), pinState.get())
                        && (!weak.get() || weakAccepted.get())
                        && (!finalTry.get() || finalTryConfirmed.get()),
                busy, done, locked, current, fresh, confirm, pinState, weak, weakAccepted, finalTry,
                finalTryConfirmed);
    }

    /** Reads the PIN flags again: they may have changed since the key was read. */
    public void load() {
        busy.set(true);
        background.run(() -> key.token().info())
                .onSuccess(info -> pinState.set(info.userPin()))
                .onError(error -> result.set(Notices.errorText(errors, error)))
                .andFinally(() -> busy.set(false))
                .start();
    }

    /** Sends the change to the token. Empties the fields at once; the char[] copies are cleared when done. */
    public void submit() {
        if (!canSubmit.get()) {
            return;
        }
        char[] oldPin = current.get().toCharArray();
        char[] newPin = fresh.get().toCharArray();
        current.set("");
        fresh.set("");
        confirm.set("");
        weakAccepted.set(false);
        finalTryConfirmed.set(false);
        result.set("");
        busy.set(true);
        background.run(() -> {
                    try {
                        key.token().changePin(oldPin, newPin);
                    } finally {
                        Arrays.fill(oldPin, '\0');
                        Arrays.fill(newPin, '\0');
                    }
                })
                .onSuccess(ignored -> {
                    done.set(true);
                    PinState before = pinState.get();
                    pinState.set(new PinState(false, false, false, false, before.minLength(), before.maxLength()));
                    LOG.info("changing the PIN of key {} succeeded", key.info().serial());
                    result.set(i18n.tr("changePin.done"));
                })
                .onError(this::failed)
                .andFinally(() -> busy.set(false))
                .start();
    }

    private void failed(Throwable error) {
        LOG.info("changing the PIN of key {} failed: {}", key.info().serial(), error.toString());
        if (error instanceof TokenException token) {
            token.pinState().ifPresent(pinState::set);
            if (token.error() == TokenError.PIN_LOCKED && !pinState.get().locked()) {
                PinState before = pinState.get();
                pinState.set(new PinState(true, false, true, false, before.minLength(), before.maxLength()));
            }
        }
        result.set(Notices.errorText(errors, error));
    }

    public String lengthRule() {
        return PinRules.lengthRule(i18n, pinState.get());
    }

    public StringProperty currentProperty() {
        return current;
    }

    public StringProperty freshProperty() {
        return fresh;
    }

    public StringProperty confirmProperty() {
        return confirm;
    }

    public BooleanProperty weakAcceptedProperty() {
        return weakAccepted;
    }

    public BooleanProperty finalTryConfirmedProperty() {
        return finalTryConfirmed;
    }

    public ReadOnlyObjectProperty<PinState> pinStateProperty() {
        return pinState;
    }

    public ReadOnlyObjectProperty<PinNotice> noticeProperty() {
        return notice;
    }

    public ObservableValue<String> problem() {
        return problem;
    }

    public BooleanBinding weak() {
        return weak;
    }

    public BooleanBinding finalTry() {
        return finalTry;
    }

    public BooleanBinding locked() {
        return locked;
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
