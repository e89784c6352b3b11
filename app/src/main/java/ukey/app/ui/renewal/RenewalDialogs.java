package ukey.app.ui.renewal;

import java.util.Optional;
import java.util.function.Supplier;

import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import ukey.app.renewal.CaProgress;
import ukey.app.renewal.RenewalInteraction.ChallengeAnswer;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.Notices;
import ukey.app.ui.common.Views;
import ukey.app.ui.common.pin.PinNotice;
import ukey.token.PinState;

/**
 * The renewal's two questions as modal dialogs over the main window: the PIN (with the tries-left notice and,
 * at the final try, a confirmation without which nothing is sent) and the SMS code (with 重新获取 and the CA's
 * words when a code was wrong).
 */
public final class RenewalDialogs implements RenewalPrompts {

    private final I18n i18n;
    private final Supplier<Window> owner;

    public RenewalDialogs(I18n i18n, Supplier<Window> owner) {
        this.i18n = i18n;
        this.owner = owner;
    }

    @Override
    public char[] pin(String keyName, PinState state, boolean retry) {
        Stage stage = stage("renewal.pin.title");
        Label prompt = wrapped(i18n.format("renewal.pin.prompt", keyName), "dialog-text");
        PasswordField field = new PasswordField();
        field.setId("renewalPinField");
        Label retryLabel = wrapped(retry ? i18n.tr("renewal.pin.retry") : "", "notice");
        retryLabel.getStyleClass().add("notice-danger");
        Notices.showWhenText(retryLabel);
        PinNotice notice = PinNotice.user(i18n, state);
        Label noticeLabel = wrapped(notice.text(), "notice");
        noticeLabel.setId("renewalPinNotice");
        Notices.tone(noticeLabel, notice.tone());
        Notices.showWhenText(noticeLabel);
        String tries = PinNotice.tries(i18n, state);
        Label triesLabel = wrapped(tries.isEmpty() ? "" : i18n.format("pin.tries.user", tries), "hint");
        triesLabel.setId("renewalPinTries");
        Notices.showWhenText(triesLabel);
        CheckBox confirm = new CheckBox(i18n.tr("pin.finalTry.confirm"));
        confirm.setId("renewalFinalTryBox");
        confirm.setWrapText(true);
        boolean finalTry = state != null && state.finalTry() && !state.locked();
        Notices.showWhen(confirm, new SimpleBooleanProperty(finalTry));

        char[][] answer = {null};
        Button ok = new Button(i18n.tr("renewal.dialog.ok"));
        ok.setId("renewalPinOk");
        ok.setDefaultButton(true);
        ok.getStyleClass().add("primary-button");
        BooleanBinding ready = field.textProperty().isNotEmpty()
                .and(confirm.selectedProperty().or(new SimpleBooleanProperty(!finalTry)));
        ok.disableProperty().bind(ready.not());
        ok.setOnAction(event -> {
            answer[0] = field.getText().toCharArray();
            field.clear();
            stage.close();
        });
        Button cancel = cancel(stage);
        stage.setOnHidden(event -> field.clear());
        show(stage, prompt, field, triesLabel, retryLabel, noticeLabel, confirm, buttons(cancel, ok));
        return answer[0];
    }

    @Override
    public ChallengeAnswer smsCode(CaProgress.Challenge challenge, Optional<String> problem) {
        Stage stage = stage("renewal.sms.title");
        Label prompt = wrapped(i18n.format("renewal.sms.prompt", challenge.destination()), "dialog-text");
        TextField field = new TextField();
        field.setId("smsCodeField");
        field.setPromptText(i18n.tr("renewal.sms.placeholder"));
        Label problemLabel = wrapped(problem.orElse(""), "notice");
        problemLabel.setId("smsProblemLabel");
        problemLabel.getStyleClass().add("notice-danger");
        Notices.showWhenText(problemLabel);

        ChallengeAnswer[] answer = {new ChallengeAnswer.Cancel()};
        Button resend = new Button(i18n.tr("renewal.sms.resend"));
        resend.setId("smsResendButton");
        resend.setOnAction(event -> {
            answer[0] = new ChallengeAnswer.Resend();
            stage.close();
        });
        Button ok = new Button(i18n.tr("renewal.dialog.ok"));
        ok.setId("smsOkButton");
        ok.setDefaultButton(true);
        ok.getStyleClass().add("primary-button");
        ok.disableProperty().bind(field.textProperty().map(text -> text.strip().isEmpty()));
        ok.setOnAction(event -> {
            answer[0] = new ChallengeAnswer.Code(field.getText().strip());
            stage.close();
        });
        show(stage, prompt, field, problemLabel, buttons(resend, cancel(stage), ok));
        return answer[0];
    }

    @Override
    public boolean confirmAbandon(String keyName) {
        Stage stage = stage("renewal.abandon.title");
        Label prompt = wrapped(i18n.format("renewal.abandon.prompt", keyName), "dialog-text");
        boolean[] answer = {false};
        Button abandon = new Button(i18n.tr("renewal.abandon.confirm"));
        abandon.setId("abandonConfirmButton");
        abandon.getStyleClass().add("danger-button");
        abandon.setOnAction(event -> {
            answer[0] = true;
            stage.close();
        });
        Button cancel = cancel(stage);
        cancel.setDefaultButton(true); // the safe answer is the default
        show(stage, prompt, buttons(cancel, abandon));
        return answer[0];
    }

    private Stage stage(String titleKey) {
        Stage stage = new Stage();
        Window window = owner.get();
        if (window != null && window.isShowing()) {
            stage.initOwner(window);
        }
        stage.initModality(Modality.APPLICATION_MODAL);
        stage.setTitle(i18n.tr(titleKey));
        stage.setResizable(false);
        return stage;
    }

    private Button cancel(Stage stage) {
        Button cancel = new Button(i18n.tr("common.cancel"));
        cancel.setCancelButton(true);
        cancel.setOnAction(event -> stage.close());
        return cancel;
    }

    private static HBox buttons(Button... buttons) {
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(10, gap);
        bar.getChildren().addAll(buttons);
        bar.getStyleClass().add("button-bar");
        bar.setAlignment(Pos.CENTER_RIGHT);
        return bar;
    }

    private static Label wrapped(String text, String style) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        label.getStyleClass().add(style);
        return label;
    }

    private static void show(Stage stage, Node... content) {
        VBox root = new VBox(12, content);
        root.getStyleClass().add("dialog");
        root.setPrefWidth(440);
        Scene scene = new Scene(root);
        scene.getStylesheets().add(Views.stylesheet());
        stage.setScene(scene);
        stage.showAndWait();
    }
}
