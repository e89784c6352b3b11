package ukey.app.ui.main;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.errors.ErrorMessage;
import ukey.app.errors.ErrorPresenter;
import ukey.app.tokens.KeyLabel;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.CertificateWords;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.SelectedKey;
import ukey.app.ui.common.Tone;
import ukey.app.ui.services.KeyCard;

/**
 * 修改标签 in the 我的UKey panel: the selected key's label in a field, saved to the key (SKF_SetLabel). A key whose
 * label only initialising can set (PKCS#11) says so in the user's words, and nothing on it changes.
 */
public final class LabelEditor {

    private static final Logger LOG = LoggerFactory.getLogger(LabelEditor.class);

    private final SelectedKey selection;
    private final Background background;
    private final I18n i18n;
    private final ErrorPresenter errors;

    private final BooleanProperty editing = new SimpleBooleanProperty(this, "editing");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final StringProperty label = new SimpleStringProperty(this, "label", "");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final ObjectProperty<Tone> tone = new SimpleObjectProperty<>(this, "tone", Tone.NEUTRAL);

    public LabelEditor(SelectedKey selection, Background background, I18n i18n, ErrorPresenter errors) {
        this.selection = selection;
        this.background = background;
        this.i18n = i18n;
        this.errors = errors;
        selection.property().addListener((observable, before, now) -> {
            if (now == null || before == null || !now.key().equals(before.key())) {
                editing.set(false);
                say("", Tone.NEUTRAL);
            }
        });
    }

    /** 修改标签: the field opens with the key's label. */
    public void start() {
        KeyCard key = selection.get();
        if (key != null) {
            label.set(key.info().label());
            say("", Tone.NEUTRAL);
            editing.set(true);
        }
    }

    public void cancel() {
        editing.set(false);
    }

    /** Writes the label to the key in the background, then the keys are read again. */
    public void save() {
        KeyCard key = selection.get();
        if (key == null || busy.get()) {
            return;
        }
        String wanted = label.get();
        busy.set(true);
        background.run(() -> KeyLabel.rename(key.token(), wanted, CertificateWords.keyName(i18n, key)))
                .onSuccess(done -> {
                    LOG.info("key {} renamed", key.info().serial());
                    editing.set(false);
                    say(i18n.format("main.label.done", wanted.strip()), Tone.GOOD);
                    selection.reread();
                })
                .onError(error -> {
                    LOG.info("renaming key {} failed: {}", key.info().serial(), error.toString());
                    ErrorMessage why = errors.present(error);
                    say(why.title() + "\n" + String.join("\n", why.causes()), Tone.DANGER);
                })
                .andFinally(() -> busy.set(false))
                .start();
    }

    private void say(String text, Tone colour) {
        tone.set(colour);
        message.set(text);
    }

    public ReadOnlyBooleanProperty editingProperty() {
        return editing;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty labelProperty() {
        return label;
    }

    /** What became of the last save: done, or why not. */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyObjectProperty<Tone> toneProperty() {
        return tone;
    }
}
