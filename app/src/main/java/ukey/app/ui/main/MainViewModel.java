package ukey.app.ui.main;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.config.Settings;
import ukey.app.errors.ErrorPresenter;
import ukey.app.renewal.CaConnector;
import ukey.app.tokens.CertificateSummary;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.CertificateWords;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.SelectedKey;
import ukey.app.ui.common.Tone;
import ukey.app.ui.common.pin.PinNotice;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;
import ukey.app.ui.services.KeyEvent;
import ukey.app.update.UpdateCheck;
import ukey.cert.CertificateInfo;

/**
 * The main window's state: the inserted keys, the selected one and what the side panel says about it.
 * Keys come and go through the directory's insert/remove events; 刷新 rescans everything.
 */
public final class MainViewModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MainViewModel.class);

    private final KeyDirectory directory;
    private final Background background;
    private final I18n i18n;
    private final ErrorPresenter errors;

    private final ObservableList<KeyCard> keys = FXCollections.observableArrayList();
    private final ObjectProperty<KeyCard> selected;
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final StringProperty problem = new SimpleStringProperty(this, "problem", "");
    private final StringProperty serial = new SimpleStringProperty(this, "serial", "");
    private final StringProperty owner = new SimpleStringProperty(this, "owner", "");
    private final StringProperty validity = new SimpleStringProperty(this, "validity", "");
    private final StringProperty encryptionValidity = new SimpleStringProperty(this, "encryptionValidity", "");
    private final StringProperty pinTries = new SimpleStringProperty(this, "pinTries", "");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private final ObjectProperty<Tone> tone = new SimpleObjectProperty<>(this, "tone", Tone.NEUTRAL);
    private final StringProperty keyDescription = new SimpleStringProperty(this, "keyDescription", "");
    private final StringProperty newerVersion = new SimpleStringProperty(this, "newerVersion", "");
    private Optional<URI> newerVersionPage = Optional.empty();
    private final ObjectProperty<PinNotice> pinNotice = new SimpleObjectProperty<>(this, "pinNotice", PinNotice.NONE);
    private final BooleanProperty renewalShown = new SimpleBooleanProperty(this, "renewalShown");
    private final BooleanBinding hasKey;
    private final BooleanBinding severalKeys = Bindings.size(keys).greaterThan(1);
    private final BooleanBinding hasCertificate;

    private final NewPinPrompt newPinPrompt;
    private final LabelEditor labels;
    private final SealLine seal;
    /** Keys reported present by events; a read that finishes after its key was pulled is dropped. */
    private final Set<String> present = new HashSet<>();
    private int running;
    private AutoCloseable watch;

    /** @param selection the selected key, which this model sets and the pages read */
    public MainViewModel(KeyDirectory directory, Background background, I18n i18n, ErrorPresenter errors,
                         SelectedKey selection) {
        this.directory = directory;
        this.background = background;
        this.i18n = i18n;
        this.errors = errors;
        this.selected = selection.property();
        this.hasKey = Bindings.isNotNull(selected);
        this.newPinPrompt = new NewPinPrompt(background, selected);
        this.labels = new LabelEditor(selection, background, i18n, errors);
        this.seal = new SealLine(background, i18n, selected);
        this.hasCertificate = Bindings.createBooleanBinding(
                () -> selected.get() != null && !selected.get().certificates().isEmpty(), selected);
        selection.readBy(this::refresh);
        selected.addListener((observable, before, now) -> describe(now));
        describe(null);
    }

    /** Where the seals bound to a certificate come from: the configured CA (it may have none). */
    public interface SealSource {
        List<CaConnector.Seal> seals(CertificateInfo certificate) throws Exception;
    }

    public void sealsFrom(SealSource source) {
        seal.from(source);
    }

    /** Starts listening for keys and reads the keys present now. */
    public void start() {
        watch = directory.watch(event -> background.onUi(() -> onKeyEvent(event)));
        refresh();
    }

    /**
     * Starts listening for keys, with the keys present from a look made while the window was built: when that look
     * is done already, they are in place before the window first shows.
     */
    public void start(CompletableFuture<List<KeyCard>> firstLook) {
        watch = directory.watch(event -> background.onUi(() -> onKeyEvent(event)));
        working(+1);
        if (firstLook.isDone() && !firstLook.isCompletedExceptionally()) {
            replaceKeys(firstLook.join(), null);
            background.onUi(() -> working(-1)); // "started up" once the window shows, as after a scan of its own
            return;
        }
        background.run(firstLook::join)
                .onSuccess(found -> replaceKeys(found, null))
                .onError(error -> failed(error instanceof CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : error))
                .andFinally(() -> working(-1))
                .start();
    }

    /** 刷新: looks at every library again. */
    public void refresh() {
        String keep = selected.get() == null ? null : selected.get().key();
        working(+1);
        background.run(directory::scan)
                .onSuccess(found -> replaceKeys(found, keep))
                .onError(this::failed)
                .andFinally(() -> working(-1))
                .start();
    }

    /**
     * A key was inserted or pulled. Runs on the UI thread. (instanceof, not a pattern switch: a switch's first run
     * makes a class that no AOT cache holds, just before the window's first frame.)
     */
    public void onKeyEvent(KeyEvent event) {
        String key = event.info().key();
        if (event instanceof KeyEvent.Inserted inserted) {
            if (present.contains(key)) { // the watch's first look reports the keys read at start, or by 刷新
                return;
            }
            LOG.info("key inserted: {} ({})", event.info().label(), event.info().serial());
            present.add(key);
            working(+1);
            background.run(() -> directory.read(inserted.info()))
                    .onSuccess(card -> {
                        if (present.contains(card.key())) {
                            put(card);
                            selected.set(card);
                        }
                    })
                    .onError(this::failed)
                    .andFinally(() -> working(-1))
                    .start();
        } else if (event instanceof KeyEvent.Removed) {
            LOG.info("key pulled: {} ({})", event.info().label(), event.info().serial());
            present.remove(key);
            newPinPrompt.removed(key);
            keys.removeIf(card -> card.key().equals(key));
            if (selected.get() != null && selected.get().key().equals(key)) {
                selected.set(keys.isEmpty() ? null : keys.getFirst());
            }
        }
    }

    private void replaceKeys(List<KeyCard> found, String keep) {
        problem.set("");
        present.clear();
        found.forEach(card -> present.add(card.key()));
        keys.setAll(found);
        selected.set(found.stream().filter(card -> card.key().equals(keep)).findFirst()
                .orElse(found.isEmpty() ? null : found.getFirst()));
        // a re-read key is a new object: describe it again even when it is "the same" key
        describe(selected.get());
    }

    private void put(KeyCard card) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).key().equals(card.key())) {
                keys.set(i, card);
                return;
            }
        }
        keys.add(card);
    }

    private void failed(Throwable error) {
        LOG.warn("reading the keys failed", error);
        problem.set(errors.text(error));
    }

    private void working(int delta) {
        running += delta;
        busy.set(running > 0);
    }

    private void describe(KeyCard card) {
        seal.clear();
        pinNotice.set(card == null ? PinNotice.NONE : PinNotice.user(i18n, card.info().userPin()));
        pinTries.set(card == null ? "" : PinNotice.tries(i18n, card.info().userPin()));
        newPinPrompt.consider(card);
        encryptionValidity.set(card == null ? "" : card.partner().flatMap(CertificateSummary::info)
                .map(info -> i18n.format("main.panel.validityValue", i18n.date(info.notBefore()),
                        i18n.date(info.notAfter()))).orElse(""));
        if (card == null) {
            serial.set("");
            owner.set("");
            validity.set("");
            status.set("");
            keyDescription.set("");
            tone.set(Tone.NEUTRAL);
            return;
        }
        serial.set(card.info().serial());
        keyDescription.set(String.join(" · ", card.info().label(), card.info().manufacturer()).strip());
        Optional<CertificateSummary> main = card.main();
        if (main.isPresent()) {
            CertificateInfo info = main.get().info().orElseThrow();
            owner.set(info.owner());
            validity.set(i18n.format("main.panel.validityValue", i18n.date(info.notBefore()),
                    i18n.date(info.notAfter())));
            status.set(CertificateWords.status(i18n, main.get()));
            tone.set(CertificateWords.tone(main.get()));
            seal.describe(card, info);
        } else {
            owner.set(card.info().label());
            validity.set("");
            status.set(card.certificates().isEmpty() ? i18n.tr("status.noCertificate")
                    : i18n.tr("status.unreadable"));
            tone.set(Tone.DANGER);
        }
    }

    /**
     * A key whose PIN must be changed (an initial PIN, or a CA's reset to the default PIN): the window asks for a
     * new PIN at once, once per insertion. {@code ask} answers whether it could ask (a window in the tray cannot).
     */
    public void onPinChangeDue(Predicate<KeyCard> ask) {
        newPinPrompt.askWith(ask);
    }

    /**
     * 有新版本: asks in the background whether a newer version than {@code current} is out, when the settings
     * allow it ({@link UpdateCheck#from}); the footer then shows it. A failure only goes to the log: the user has
     * nothing to do about it.
     */
    public void checkForUpdate(Settings settings, String current) {
        background.run(() -> UpdateCheck.newerThan(settings, current))
                .onSuccess(found -> found.ifPresent(available -> {
                    LOG.info("a newer version is out: {} ({})", available.version(), available.page());
                    newerVersionPage = Optional.of(available.page());
                    newerVersion.set(available.version());
                }))
                .onError(error -> LOG.info("the update check failed: {}", error.toString()))
                .start();
    }

    /** The page of the newer version, once one is known. */
    public Optional<URI> newerVersionPage() {
        return newerVersionPage;
    }

    /** How a key is named in the selector: its owner (or label) and serial. */
    public String keyName(KeyCard card) {
        return CertificateWords.keyName(i18n, card);
    }

    @Override
    public void close() {
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.debug("closing the key watch", e);
            }
        }
    }

    /** 修改标签 of the selected key. */
    public LabelEditor labels() {
        return labels;
    }

    public ObservableList<KeyCard> keys() {
        return keys;
    }

    public ObjectProperty<KeyCard> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem;
    }

    public ReadOnlyStringProperty serialProperty() {
        return serial;
    }

    public ReadOnlyStringProperty ownerProperty() {
        return owner;
    }

    public ReadOnlyStringProperty validityProperty() {
        return validity;
    }

    /** The encryption certificate's validity beside the signing one (dual-certificate keys), else empty. */
    public ReadOnlyStringProperty encryptionValidityProperty() {
        return encryptionValidity;
    }

    /** The PIN tries left where the key counts them ("还剩 6 次"), else empty. */
    public ReadOnlyStringProperty pinTriesProperty() {
        return pinTries;
    }

    /** The seal (签章) validity where the CA reports one, else empty. */
    public ReadOnlyStringProperty sealProperty() {
        return seal.property();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyObjectProperty<Tone> toneProperty() {
        return tone;
    }

    /** What the selected key's PIN flags say (locked, last try, to be changed), or nothing. */
    public ReadOnlyObjectProperty<PinNotice> pinNoticeProperty() {
        return pinNotice;
    }

    /** The selected key's PIN is locked: the panel's PIN link leads to 解锁服务 instead of 修改口令. */
    public boolean pinLocked() {
        KeyCard card = selected.get();
        return card != null && card.info().userPin() != null && card.info().userPin().locked();
    }

    /** 更新服务 replaces the four actions on the 证书服务 tab, as in the i信 client; 返回 brings them back. */
    public void showRenewal(boolean shown) {
        renewalShown.set(shown);
    }

    public ReadOnlyBooleanProperty renewalShownProperty() {
        return renewalShown;
    }

    /** A newer version of the client, when one is known (empty otherwise): the footer says 有新版本. */
    public StringProperty newerVersionProperty() {
        return newerVersion;
    }

    public ReadOnlyStringProperty keyDescriptionProperty() {
        return keyDescription;
    }

    public BooleanBinding hasKey() {
        return hasKey;
    }

    public BooleanBinding severalKeys() {
        return severalKeys;
    }

    public BooleanBinding hasCertificate() {
        return hasCertificate;
    }
}
