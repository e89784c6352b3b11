package ukey.app.ui.renewal;

import java.util.List;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import ukey.app.errors.ErrorMessage;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.Notices;
import ukey.app.ui.renewal.RenewalViewModel.Phase;

/** Binds the 更新服务 page: notes and certificate, then progress, then success or the error. */
public final class RenewalController {

    private final RenewalViewModel model;
    private final I18n i18n;

    @FXML private Hyperlink backLink;
    @FXML private VBox notesCard;
    @FXML private VBox notesBox;
    @FXML private VBox certificateCard;
    @FXML private GridPane certificateGrid;
    @FXML private Label noCertificateLabel;
    @FXML private Label renewalOwnerLabel;
    @FXML private Label renewalValidityLabel;
    @FXML private Label renewalStateLabel;
    @FXML private VBox progressCard;
    @FXML private Label progressTitle;
    @FXML private VBox stepsBox;
    @FXML private VBox successCard;
    @FXML private Label resultOwnerLabel;
    @FXML private Label resultValidityLabel;
    @FXML private Label resultValidityName;
    @FXML private Label resultEncryptionName;
    @FXML private Label resultEncryptionLabel;
    @FXML private Label resultStatusLabel;
    @FXML private VBox errorCard;
    @FXML private Label errorTitle;
    @FXML private VBox errorBody;
    @FXML private Label keptLabel;
    @FXML private VBox actionBox;
    @FXML private Button renewNowButton;
    @FXML private Button abandonButton;
    @FXML private Label noticeLabel;
    @FXML private Label reasonLabel;
    @FXML private HBox doneBox;

    public RenewalController(RenewalViewModel model, I18n i18n) {
        this.model = model;
        this.i18n = i18n;
    }

    @FXML
    private void initialize() {
        int number = 1;
        for (String note : model.notes()) {
            Label label = new Label(number++ + ". " + note);
            label.setWrapText(true);
            label.getStyleClass().add("note");
            notesBox.getChildren().add(label);
        }
        ObservableValue<Phase> phase = model.phaseProperty();
        Notices.showWhen(notesCard, phase.map(p -> p == Phase.READY));
        Notices.showWhen(certificateCard, phase.map(p -> p == Phase.READY));
        Notices.showWhen(progressCard, phase.map(p -> p == Phase.RUNNING || p == Phase.FAILED));
        Notices.showWhen(successCard, phase.map(p -> p == Phase.DONE));
        Notices.showWhen(errorCard, phase.map(p -> p == Phase.FAILED));
        Notices.showWhen(actionBox, phase.map(p -> p == Phase.READY || p == Phase.FAILED));
        Notices.showWhen(doneBox, phase.map(p -> p == Phase.DONE));
        backLink.disableProperty().bind(model.running());
        progressTitle.textProperty().bind(phase.map(p -> i18n.tr(p == Phase.FAILED
                ? "renewal.progress.stopped" : "renewal.progress.title")));

        Notices.showWhen(certificateGrid, model.hasCertificateProperty());
        Notices.showWhen(noCertificateLabel, model.hasCertificateProperty().not());
        renewalOwnerLabel.textProperty().bind(model.ownerProperty());
        renewalValidityLabel.textProperty().bind(model.validityProperty());
        renewalStateLabel.textProperty().bind(model.stateProperty());

        model.steps().addListener((ListChangeListener<StepLine>) change -> showSteps());
        showSteps();

        resultOwnerLabel.textProperty().bind(model.resultOwnerProperty());
        resultValidityLabel.textProperty().bind(model.resultValidityProperty());
        // an SM2 dual-certificate key: the signing certificate's validity, the encryption certificate's beside it
        BooleanBinding dual = model.resultEncryptionProperty().isNotEmpty();
        resultValidityName.textProperty().bind(Bindings.when(dual).then(i18n.tr("main.panel.signValidity"))
                .otherwise(i18n.tr("renewal.validity")));
        resultEncryptionLabel.textProperty().bind(model.resultEncryptionProperty());
        Notices.showWhen(resultEncryptionName, dual);
        Notices.showWhen(resultEncryptionLabel, dual);
        resultStatusLabel.textProperty().bind(model.resultStatusProperty());

        model.errorProperty().subscribe(this::showError);
        keptLabel.textProperty().bind(model.keptNoteProperty());
        Notices.showWhenText(keptLabel);

        renewNowButton.textProperty().bind(Bindings.createStringBinding(() -> i18n.tr(
                model.resumable().get() ? "renewal.resume" : model.repairProperty().get() ? "renewal.repair"
                        : "renewal.renew"), model.resumable(), model.repairProperty()));
        renewNowButton.disableProperty().bind(model.canStart().not());
        Notices.showWhen(abandonButton, model.canAbandon());
        noticeLabel.textProperty().bind(model.noticeProperty());
        Notices.showWhenText(noticeLabel);
        reasonLabel.textProperty().bind(model.reasonProperty());
        Notices.showWhenText(reasonLabel);
    }

    private void showSteps() {
        stepsBox.getChildren().setAll(model.steps().stream().map(step -> {
            Label label = new Label(switch (step.state()) {
                case DONE -> "✓  ";
                case CURRENT -> "▶  ";
                case FAILED -> "✗  ";
                case PENDING -> "○  ";
            } + step.text());
            label.setId("step-" + step.line().name().toLowerCase());
            label.getStyleClass().addAll("step", "step-" + step.state().name().toLowerCase());
            label.setWrapText(true);
            return label;
        }).toList());
    }

    private void showError(ErrorMessage message) {
        errorBody.getChildren().clear();
        if (message == null) {
            errorTitle.setText("");
            return;
        }
        errorTitle.setText(message.title());
        message.notes().forEach(note -> errorBody.getChildren().add(line(note, "error-note")));
        section("renewal.error.causes", message.causes());
        section("renewal.error.actions", message.actions());
        message.detail().ifPresent(detail -> errorBody.getChildren().add(
                line(i18n.format("renewal.error.detail", detail), "error-detail")));
    }

    private void section(String titleKey, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        errorBody.getChildren().add(line(i18n.tr(titleKey), "field-label"));
        lines.forEach(text -> errorBody.getChildren().add(line("•  " + text, "note")));
    }

    private static Label line(String text, String style) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().add(style);
        return label;
    }

    @FXML
    private void renew() {
        model.start();
    }

    @FXML
    private void abandon() {
        model.abandon();
    }

    @FXML
    private void back() {
        model.back();
    }
}
