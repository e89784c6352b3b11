package ukey.app.ui.renewal;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** Binds the 更新服务 page. */
public final class RenewalController {

    private final RenewalViewModel model;

    @FXML private VBox notesBox;
    @FXML private GridPane certificateGrid;
    @FXML private Label noCertificateLabel;
    @FXML private Label renewalOwnerLabel;
    @FXML private Label renewalValidityLabel;
    @FXML private Label renewalStateLabel;
    @FXML private Button renewNowButton;
    @FXML private Label reasonLabel;

    public RenewalController(RenewalViewModel model) {
        this.model = model;
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
        certificateGrid.visibleProperty().bind(model.hasCertificateProperty());
        certificateGrid.managedProperty().bind(model.hasCertificateProperty());
        noCertificateLabel.visibleProperty().bind(model.hasCertificateProperty().not());
        noCertificateLabel.managedProperty().bind(model.hasCertificateProperty().not());
        renewalOwnerLabel.textProperty().bind(model.ownerProperty());
        renewalValidityLabel.textProperty().bind(model.validityProperty());
        renewalStateLabel.textProperty().bind(model.stateProperty());
        renewNowButton.disableProperty().bind(model.renewAvailableProperty().not());
        reasonLabel.textProperty().bind(model.renewUnavailableReasonProperty());
        reasonLabel.visibleProperty().bind(model.renewAvailableProperty().not());
    }

    @FXML
    private void back() {
        model.back();
    }
}
