package ukey.app.ui.renewal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.errors.ErrorMessage;
import ukey.app.errors.ErrorPresenter;
import ukey.app.renewal.RenewableCertificates;
import ukey.app.renewal.RenewalJournal;
import ukey.app.renewal.RenewalStep;
import ukey.app.renewal.usecase.CaRoutes;
import ukey.app.renewal.usecase.RenewalUseCase;
import ukey.app.tokens.CertificateSummary;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.CertificateWords;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.SelectedKey;
import ukey.app.ui.renewal.StepLine.Line;
import ukey.app.ui.services.KeyCard;
import ukey.cert.CertificateInfo;
import ukey.cert.CertificateStatus;
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.Token;

/**
 * 更新服务: what renewal means (更新说明), the certificate to renew (待更新证书) and 一键更新, which runs the client's
 * renewal engine off the UI thread: the PIN once, the SMS code when the CA asks, a list of steps as they pass,
 * then 证书更新成功! with the new validity, or the error in words and whether the renewal can be continued.
 * A key with an unfinished renewal offers 继续更新, which finishes it in one click.
 */
public final class RenewalViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalViewModel.class);

    /** What the page shows. */
    public enum Phase { READY, RUNNING, DONE, FAILED }

    private final SelectedKey selection;
    private final I18n i18n;
    private final ErrorPresenter errors;
    private final int windowDays;
    private final Background background;
    private final RenewalUseCase renewals;
    private RenewalPrompts prompts;
    private Runnable leave = () -> { };

    private final StringProperty owner = new SimpleStringProperty(this, "owner", "");
    private final StringProperty validity = new SimpleStringProperty(this, "validity", "");
    private final StringProperty state = new SimpleStringProperty(this, "state", "");
    private final BooleanProperty hasCertificate = new SimpleBooleanProperty(this, "hasCertificate");
    private final BooleanProperty inWindow = new SimpleBooleanProperty(this, "inWindow");
    private final BooleanProperty repair = new SimpleBooleanProperty(this, "repair");
    private final ObjectProperty<RenewalJournal> unfinished = new SimpleObjectProperty<>(this, "unfinished");
    private final ObjectProperty<Phase> phase = new SimpleObjectProperty<>(this, "phase", Phase.READY);
    private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
    private final ObservableList<StepLine> steps = FXCollections.observableArrayList();
    private final StringProperty resultOwner = new SimpleStringProperty(this, "resultOwner", "");
    private final StringProperty resultValidity = new SimpleStringProperty(this, "resultValidity", "");
    /** An SM2 dual-certificate key's new encryption certificate; empty for a key with one certificate. */
    private final StringProperty resultEncryption = new SimpleStringProperty(this, "resultEncryption", "");
    private final StringProperty resultStatus = new SimpleStringProperty(this, "resultStatus", "");
    private final ObjectProperty<ErrorMessage> error = new SimpleObjectProperty<>(this, "error");
    private final StringProperty keptNote = new SimpleStringProperty(this, "keptNote", "");
    private final StringProperty notice = new SimpleStringProperty(this, "notice", "");
    private final boolean caConfigured;
    private final BooleanBinding resumable = Bindings.isNotNull(unfinished);
    private final BooleanBinding running = Bindings.equal(phase, Phase.RUNNING);
    private final BooleanBinding canStart;
    private final BooleanBinding canAbandon;
    private KeyCard shown;

    public RenewalViewModel(SelectedKey selection, I18n i18n, ErrorPresenter errors, Settings settings, int windowDays,
                            Background background) {
        this.selection = selection;
        this.i18n = i18n;
        this.errors = errors;
        this.windowDays = windowDays;
        this.background = background;
        this.renewals = new RenewalUseCase(settings);
        this.caConfigured = CaRoutes.anyConfigured(settings);
        canStart = Bindings.createBooleanBinding(() -> caConfigured && !running.get() && hasCertificate.get()
                && (inWindow.get() || resumable.get()), running, hasCertificate, inWindow, resumable);
        canAbandon = resumable.and(running.not());
        canStart.addListener(observable -> explain());
        resumable.addListener(observable -> explain());
        selection.property().addListener((observable, before, now) -> {
            if (!running.get()) {
                describe(now);
            }
        });
        describe(selection.get());
    }

    /** The dialogs that ask for the PIN and the SMS code (set by the window; tests set a script). */
    public void setPrompts(RenewalPrompts prompts) {
        this.prompts = prompts;
    }

    /** The four points of 更新说明, with the CA's renewal window. */
    public List<String> notes() {
        return List.of(
                i18n.format("renewal.note.window", windowDays),
                i18n.tr("renewal.note.keepInserted"),
                i18n.tr("renewal.note.extends"),
                i18n.tr("renewal.note.order"));
    }

    private void describe(KeyCard card) {
        boolean sameKey = shown != null && card != null && shown.key().equals(card.key());
        shown = card;
        Optional<CertificateSummary> summary = card == null ? Optional.empty() : card.main();
        Optional<CertificateInfo> info = summary.flatMap(CertificateSummary::info);
        CertificateStatus status = summary.flatMap(CertificateSummary::status).orElse(null);
        hasCertificate.set(info.isPresent());
        owner.set(info.map(CertificateInfo::owner).orElse(""));
        validity.set(info.map(i -> CertificateWords.validity(i18n, i)).orElse(""));
        inWindow.set(status == CertificateStatus.EXPIRING || status == CertificateStatus.EXPIRED);
        repair.set(status == CertificateStatus.EXPIRED);
        state.set(status == null ? "" : switch (status) {
            case EXPIRING -> i18n.format("renewal.state.due", summary.get().daysLeft().orElse(0L));
            case VALID -> i18n.format("renewal.state.notYet", summary.get().daysLeft().orElse(0L) - windowDays);
            case EXPIRED -> i18n.tr("renewal.state.expired");
            case NOT_YET_VALID -> i18n.tr("status.notYetValid");
        });
        if (!sameKey) {
            // another key: its page starts afresh (a re-read of the same key keeps the outcome on screen)
            phase.set(Phase.READY);
            error.set(null);
            keptNote.set("");
        }
        unfinished.set(null);
        if (card != null) {
            String serial = card.info().serial();
            background.run(() -> renewals.unfinished(serial))
                    .onSuccess(journal -> {
                        if (shown != null && shown.info().serial().equals(serial)) {
                            unfinished.set(journal.orElse(null));
                        }
                        showQuarantined();
                    })
                    .onError(failure -> LOG.warn("cannot read the renewal journals in {}", renewals.journals().directory(), failure))
                    .start();
        }
        explain();
    }

    /** Why 一键更新 is off, or what it will do. */
    private void explain() {
        KeyCard card = shown;
        CertificateStatus status = card == null ? null
                : card.main().flatMap(CertificateSummary::status).orElse(null);
        if (card == null) {
            reason.set(i18n.tr("renewal.reason.noKey"));
        } else if (resumable.get()) {
            reason.set(caConfigured ? i18n.format("renewal.reason.unfinished", stepText(card, unfinished.get().step()))
                    : noCa());
        } else if (!hasCertificate.get()) {
            reason.set(i18n.tr("renewal.reason.noCertificate"));
        } else if (status == CertificateStatus.VALID || status == CertificateStatus.NOT_YET_VALID) {
            reason.set(i18n.format("renewal.reason.notInWindow", windowDays));
        } else if (!caConfigured) {
            reason.set(noCa());
        } else if (status == CertificateStatus.EXPIRED) {
            reason.set(i18n.tr("renewal.reason.repair"));
        } else {
            reason.set("");
        }
    }

    private String noCa() {
        return i18n.format("renewal.reason.noCa", errors.present(new AppException(AppError.NO_CA_CONFIGURED)).title());
    }

    /** 一键更新 (or 继续更新 when the key has an unfinished renewal). */
    public void start() {
        if (!canStart.get() || prompts == null) {
            return;
        }
        KeyCard card = shown;
        Optional<RenewalJournal> resume = Optional.ofNullable(unfinished.get());
        String keyName = CertificateWords.keyName(i18n, card);
        error.set(null);
        keptNote.set("");
        steps.setAll(StepLine.pending(i18n, card.partner().isPresent()));
        current(Line.PREFLIGHT);
        phase.set(Phase.RUNNING);
        background.run(() -> renew(card.token(), resume, keyName))
                .onSuccess(this::succeeded)
                .onError(failure -> failed(card, failure))
                .start();
    }

    /**
     * 放弃更新: after the person confirms, gives the key's unfinished renewal up (the PIN is asked when a new key must
     * be removed or the CA told), then says so; the old certificate and keys stay.
     */
    public void abandon() {
        if (!canAbandon.get() || prompts == null) {
            return;
        }
        KeyCard card = shown;
        String keyName = CertificateWords.keyName(i18n, card);
        if (!prompts.confirmAbandon(keyName)) {
            return;
        }
        error.set(null);
        keptNote.set("");
        steps.clear();
        phase.set(Phase.RUNNING);
        background.run(() -> renewals.abandon(card.token(), RenewalUseCase.Choice.SETTINGS,
                        new EngineQuestions(background, errors, prompts, keyName, this::current)))
                .onSuccess(outcome -> {
                    unfinished.set(null);
                    notice.set(i18n.tr("renewal.abandoned"));
                    phase.set(Phase.READY);
                    selection.reread();
                })
                .onError(failure -> failed(card, failure))
                .start();
    }

    private void showQuarantined() {
        List<Path> moved = renewals.quarantined();
        if (!moved.isEmpty()) {
            notice.set(i18n.format("renewal.quarantined", moved.getLast().getParent()));
        }
    }

    /** On the worker thread: the whole transaction; returns the renewed identity as it is now on the key. */
    private Identity renew(Token token, Optional<RenewalJournal> resume, String keyName) throws Exception {
        renewals.run(token, resume, RenewalUseCase.Choice.SETTINGS,
                new EngineQuestions(background, errors, prompts, keyName, this::current));
        return RenewableCertificates.identityToRenew(token.identities())
                .filter(identity -> identity.primary().flatMap(KeyHalf::info).isPresent())
                .orElseThrow(() -> new AppException(AppError.NOTHING_TO_RENEW));
    }

    private void succeeded(Identity identity) {
        CertificateInfo renewed = identity.primary().flatMap(KeyHalf::info).orElseThrow();
        steps.replaceAll(line -> new StepLine(line.line(), line.text(), StepLine.State.DONE));
        resultOwner.set(renewed.owner());
        resultValidity.set(CertificateWords.validity(i18n, renewed));
        resultEncryption.set(identity.signing().isPresent() ? identity.encryption().flatMap(KeyHalf::info)
                .map(encryption -> CertificateWords.validity(i18n, encryption)).orElse("") : "");
        resultStatus.set(i18n.tr("renewal.success.valid"));
        unfinished.set(null);
        phase.set(Phase.DONE);
        selection.reread();
    }

    private void failed(KeyCard card, Throwable failure) {
        LOG.info("renewal stopped: {}", failure.toString());
        steps.replaceAll(line -> line.state() == StepLine.State.CURRENT
                ? new StepLine(line.line(), line.text(), StepLine.State.FAILED) : line);
        error.set(errors.present(failure));
        phase.set(Phase.FAILED);
        String serial = card.info().serial();
        background.run(() -> renewals.unfinished(serial))
                .onSuccess(journal -> {
                    unfinished.set(journal.orElse(null));
                    keptNote.set(journal.isPresent() ? i18n.tr("renewal.kept") : "");
                })
                .onError(problem -> LOG.warn("cannot read the renewal journals", problem))
                .start();
        selection.reread();
    }

    /** Marks the line being worked on; the lines before it are done. */
    private void current(Line line) {
        steps.replaceAll(step -> new StepLine(step.line(), step.text(), step.line().ordinal() < line.ordinal()
                ? StepLine.State.DONE : step.line() == line ? StepLine.State.CURRENT : StepLine.State.PENDING));
    }

    private String stepText(KeyCard card, RenewalStep step) {
        return i18n.tr(Line.of(step).key(card.partner().isPresent()));
    }

    /** 返回证书服务: leaves a finished or failed renewal's page for the four actions. */
    public void back() {
        if (running.get()) {
            return;
        }
        leave.run();
        shown = null;
        describe(selection.get());
    }

    /** What 返回证书服务 does besides resetting this page: the window shows the four actions again. */
    public void onLeave(Runnable leave) {
        this.leave = leave;
    }

    public ReadOnlyStringProperty ownerProperty() {
        return owner;
    }

    public ReadOnlyStringProperty validityProperty() {
        return validity;
    }

    public ReadOnlyStringProperty stateProperty() {
        return state;
    }

    public ReadOnlyBooleanProperty hasCertificateProperty() {
        return hasCertificate;
    }

    /** 修复: the certificate has expired; the same transaction renews it on an approved repair order. */
    public ReadOnlyBooleanProperty repairProperty() {
        return repair;
    }

    public BooleanBinding canStart() {
        return canStart;
    }

    /** 放弃更新 is offered beside 继续更新. */
    public BooleanBinding canAbandon() {
        return canAbandon;
    }

    /**
     * A note above the buttons: an earlier renewal record was unreadable and moved aside, or the renewal was
     * abandoned; empty when there is nothing to say.
     */
    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }

    /** The selected key has an unfinished renewal: the button says 继续更新. */
    public BooleanBinding resumable() {
        return resumable;
    }

    public BooleanBinding running() {
        return running;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase;
    }

    /** Why the button is off, or a note on what it will do; empty when there is nothing to say. */
    public ReadOnlyStringProperty reasonProperty() {
        return reason;
    }

    public ObservableList<StepLine> steps() {
        return steps;
    }

    public ReadOnlyStringProperty resultOwnerProperty() {
        return resultOwner;
    }

    public ReadOnlyStringProperty resultValidityProperty() {
        return resultValidity;
    }

    public ReadOnlyStringProperty resultEncryptionProperty() {
        return resultEncryption;
    }

    public ReadOnlyStringProperty resultStatusProperty() {
        return resultStatus;
    }

    public ReadOnlyObjectProperty<ErrorMessage> errorProperty() {
        return error;
    }

    /** Said under an error when the renewal's journal is kept and 继续更新 finishes it. */
    public ReadOnlyStringProperty keptNoteProperty() {
        return keptNote;
    }
}
