package ukey.app.ui.common.pin;

import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.BooleanExpression;
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
import ukey.app.ui.services.KeyCard;
import ukey.token.FinalTry;
import ukey.token.PinState;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;

/**
 * What 修改口令 and 解锁服务 share: a PIN that authorises (the current PIN, or the administrator PIN) and whose
 * tries it spends, a new PIN with its confirmation, the consents for a trivial PIN and for the final try, and
 * the send. The fields are the text fields' own strings; what goes to the token is a char[] cleared afterwards.
 */
public abstract class PinFormViewModel {

    private final Logger log = LoggerFactory.getLogger(getClass());

    protected final KeyCard key;
    protected final I18n i18n;
    private final Background background;
    private final ErrorPresenter errors;

    /** The PIN that authorises the change: the current user PIN, or the SO PIN. */
    protected final StringProperty secret = new SimpleStringProperty(this, "secret", "");
    private final StringProperty fresh = new SimpleStringProperty(this, "fresh", "");
    private final StringProperty confirm = new SimpleStringProperty(this, "confirm", "");
    private final BooleanProperty weakAccepted = new SimpleBooleanProperty(this, "weakAccepted");
    private final BooleanProperty finalTryConfirmed = new SimpleBooleanProperty(this, "finalTryConfirmed");
    /** The user PIN's state: its length rule governs the new PIN. */
    protected final ObjectProperty<PinState> userState = new SimpleObjectProperty<>(this, "userState");
    /** The state of the PIN whose tries this form spends (the user PIN, or the SO PIN). */
    protected final ObjectProperty<PinState> spentState;
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final BooleanProperty done = new SimpleBooleanProperty(this, "done");
    private final StringProperty result = new SimpleStringProperty(this, "result", "");

    private final StringBinding problem;
    private final StringBinding tries;
    private final BooleanBinding weak;
    private final BooleanBinding finalTry;
    private final BooleanBinding locked;
    private BooleanBinding canSubmit;

    /**
     * @param spendsUserPin true when the authorising PIN is the user PIN itself (修改口令): one state serves both
     */
    protected PinFormViewModel(KeyCard key, Background background, I18n i18n, ErrorPresenter errors,
                               boolean spendsUserPin) {
        this.key = key;
        this.background = background;
        this.i18n = i18n;
        this.errors = errors;
        this.spentState = spendsUserPin ? userState : new SimpleObjectProperty<>(this, "spentState");
        userState.set(key.info().userPin());
        spentState.set(spentPin(key.info()));
        // the new PIN must differ from the current one only when the current one is what authorises
        problem = Bindings.createStringBinding(() -> PinRules.problem(i18n, fresh.get(), confirm.get(),
                spendsUserPin ? secret.get() : null, userState.get()), fresh, confirm, secret, userState);
        weak = Bindings.createBooleanBinding(() -> PinRules.trivial(fresh.get()), fresh);
        tries = Bindings.createStringBinding(() -> {
            String left = PinNotice.tries(i18n, spentState.get());
            return left.isEmpty() ? "" : i18n.format(spendsUserPin ? "pin.tries.user" : "pin.tries.so", left);
        }, spentState);
        finalTry = Bindings.createBooleanBinding(() -> spentState.get().finalTry() && !spentState.get().locked(),
                spentState);
        locked = Bindings.createBooleanBinding(() -> spentState.get().locked(), spentState);
    }

    /** Call at the end of the subclass constructor: {@code blocked} is what else keeps the form from sending. */
    protected final void enableSubmitUnless(BooleanExpression blocked) {
        boolean spendsUserPin = spentState == userState;
        canSubmit = Bindings.createBooleanBinding(() -> !busy.get() && !done.get() && !blocked.get()
                        && !secret.get().isEmpty()
                        && PinRules.acceptable(fresh.get(), confirm.get(), spendsUserPin ? secret.get() : null,
                        userState.get())
                        && (!weak.get() || weakAccepted.get())
                        && (!finalTry.get() || finalTryConfirmed.get()),
                busy, done, blocked, secret, fresh, confirm, userState, weak, weakAccepted, finalTry,
                finalTryConfirmed);
    }

    /** The PIN whose tries this form spends, as the token describes it. */
    protected abstract PinState spentPin(TokenInfo info);

    /** Sends the change to the token, with the person's answer to the final try. */
    protected abstract void send(char[] secret, char[] newPin, FinalTry finalTry) throws TokenException;

    /** The words for success. */
    protected abstract String doneText();

    /** What the form does, for the log: "changing the PIN", "unblocking the PIN". */
    protected abstract String action();

    /** Reads the PIN flags again: they may have changed since the key was read. */
    public void load() {
        busy.set(true);
        background.run(() -> key.token().info())
                .onSuccess(info -> {
                    userState.set(info.userPin());
                    spentState.set(spentPin(info));
                })
                .onError(error -> result.set(errors.text(error)))
                .andFinally(() -> busy.set(false))
                .start();
    }

    /** Empties the PIN fields and the consents: when the dialog closes, sent or not. */
    public void clearFields() {
        secret.set("");
        fresh.set("");
        confirm.set("");
        weakAccepted.set(false);
        finalTryConfirmed.set(false);
    }

    /** Sends the change. Empties the fields at once; the char[] copies are cleared when done. */
    public void submit() {
        if (!canSubmit.get()) {
            return;
        }
        char[] authorising = secret.get().toCharArray();
        char[] newPin = fresh.get().toCharArray();
        FinalTry finalTryAnswer = FinalTry.confirmedIf(finalTry.get() && finalTryConfirmed.get());
        clearFields();
        result.set("");
        busy.set(true);
        background.run(() -> {
                    try {
                        send(authorising, newPin, finalTryAnswer);
                    } finally {
                        Arrays.fill(authorising, '\0');
                        Arrays.fill(newPin, '\0');
                    }
                })
                .onSuccess(ignored -> {
                    log.info("{} of key {} succeeded", action(), key.info().serial());
                    done.set(true);
                    PinState before = userState.get();
                    userState.set(new PinState(false, false, false, false, before.minLength(), before.maxLength()));
                    result.set(doneText());
                })
                .onError(this::failed)
                .andFinally(() -> busy.set(false))
                .start();
    }

    /** A PIN failure updates what the form knows of the spent PIN's tries. */
    private void failed(Throwable error) {
        log.info("{} of key {} failed: {}", action(), key.info().serial(), error.toString());
        if (error instanceof TokenException token) {
            token.pinState().ifPresent(spentState::set);
            if (token.error() == TokenError.PIN_LOCKED && !spentState.get().locked()) {
                PinState before = spentState.get();
                spentState.set(new PinState(true, false, true, false, before.minLength(), before.maxLength()));
            }
        }
        result.set(errors.text(error));
    }

    public String lengthRule() {
        return PinRules.lengthRule(i18n, userState.get());
    }

    /** The user PIN's state: its length rule governs the new PIN. */
    public ReadOnlyObjectProperty<PinState> userStateProperty() {
        return userState;
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

    public ObservableValue<String> problem() {
        return problem;
    }

    /** The spent PIN's tries left where the key counts them ("口令输入机会：还剩 5 次（共 6 次）"), else empty. */
    public ObservableValue<String> tries() {
        return tries;
    }

    public BooleanBinding weak() {
        return weak;
    }

    /** The spent PIN is at its final try: sending needs the explicit confirmation. */
    public BooleanBinding finalTry() {
        return finalTry;
    }

    /** The spent PIN is locked. */
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
