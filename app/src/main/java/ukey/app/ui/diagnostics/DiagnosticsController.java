package ukey.app.ui.diagnostics;

import java.io.File;

import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import ukey.app.ui.common.I18n;

/** Binds 环境检测: one row per check with its colour, what was found and the fix. */
public final class DiagnosticsController {

    private final DiagnosticsViewModel model;
    private final I18n i18n;

    @FXML private VBox checksBox;
    @FXML private Label summaryLabel;
    @FXML private Button runButton;
    @FXML private Button fixButton;
    @FXML private Button exportButton;
    @FXML private CheckBox detailedLogBox;

    public DiagnosticsController(DiagnosticsViewModel model, I18n i18n) {
        this.model = model;
        this.i18n = i18n;
    }

    @FXML
    private void initialize() {
        summaryLabel.textProperty().bind(model.summaryProperty());
        runButton.disableProperty().bind(model.busyProperty());
        fixButton.disableProperty().bind(model.busyProperty().or(model.problems().not()));
        exportButton.disableProperty().bind(model.busyProperty());
        detailedLogBox.selectedProperty().bindBidirectional(model.detailedLogProperty());
        model.results().addListener((ListChangeListener<CheckResult>) change -> fill());
        fill();
    }

    private void fill() {
        checksBox.getChildren().setAll(model.results().stream().map(this::row).toList());
    }

    private HBox row(CheckResult result) {
        String level = switch (result.level()) {
            case PASS -> "check-pass";
            case WARNING -> "check-warning";
            case FAILURE -> "check-failure";
        };
        Label mark = new Label(switch (result.level()) {
            case PASS -> "✓";
            case WARNING -> "!";
            case FAILURE -> "✕";
        });
        mark.getStyleClass().addAll("check-mark", level);
        Label title = new Label(result.title());
        title.getStyleClass().add("check-title");
        Label detail = new Label(result.detail());
        detail.setWrapText(true);
        detail.getStyleClass().add("check-detail");
        VBox text = new VBox(4, title, detail);
        if (!result.fix().isEmpty()) {
            Label fix = new Label(result.fix());
            fix.setWrapText(true);
            fix.getStyleClass().add("check-fix");
            text.getChildren().add(fix);
        }
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox row = new HBox(14, mark, text);
        row.setId("check-" + result.id());
        row.getStyleClass().addAll("check-row", level);
        return row;
    }

    @FXML
    private void run() {
        model.run();
    }

    @FXML
    private void export() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(i18n.tr("diagnostics.export"));
        chooser.setInitialFileName(model.suggestedArchiveName());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("ZIP", "*.zip"));
        File file = chooser.showSaveDialog(exportButton.getScene().getWindow());
        if (file != null) {
            model.export(file.toPath());
        }
    }
}
