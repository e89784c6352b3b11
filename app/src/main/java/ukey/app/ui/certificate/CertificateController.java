package ukey.app.ui.certificate;

import java.io.File;
import java.util.List;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import ukey.app.tokens.CertificateSummary;
import ukey.app.ui.certificate.CertificateViewModel.Row;
import ukey.app.ui.common.I18n;
import ukey.app.ui.common.Notices;

/** Binds 查看证书: General, Details and Chain tabs; copy a field; export PEM or DER. */
public final class CertificateController {

    private final CertificateViewModel model;
    private final I18n i18n;

    @FXML private ComboBox<CertificateSummary> certificateChooser;
    @FXML private Label messageLabel;
    @FXML private TabPane certificateTabs;
    @FXML private Tab generalTab;
    @FXML private Tab detailsTab;
    @FXML private TableView<Row> generalTable;
    @FXML private TableView<Row> detailsTable;
    @FXML private TextArea detailValue;
    @FXML private ListView<String> chainList;
    @FXML private Button copyButton;
    @FXML private Button exportPemButton;
    @FXML private Button exportDerButton;
    @FXML private Button closeButton;

    public CertificateController(CertificateViewModel model, I18n i18n) {
        this.model = model;
        this.i18n = i18n;
    }

    @FXML
    private void initialize() {
        certificateChooser.setItems(model.certificates());
        certificateChooser.setCellFactory(list -> new CertificateCell());
        certificateChooser.setButtonCell(new CertificateCell());
        certificateChooser.valueProperty().bindBidirectional(model.selectedProperty());
        Notices.showWhen(certificateChooser, Bindings.size(model.certificates()).greaterThan(1));
        messageLabel.textProperty().bind(model.messageProperty());
        Notices.showWhenText(messageLabel);

        columns(generalTable);
        generalTable.setItems(model.general());
        columns(detailsTable);
        detailsTable.setItems(model.details());
        detailValue.textProperty().bind(detailsTable.getSelectionModel().selectedItemProperty()
                .map(Row::value).orElse(""));
        chainList.setItems(model.chain());

        copyButton.disableProperty().bind(certificateTabs.getSelectionModel().selectedItemProperty()
                .map(tab -> tab == generalTab || tab == detailsTab).orElse(false).map(enabled -> !enabled));
        exportPemButton.disableProperty().bind(model.selectedProperty().isNull().or(model.busyProperty()));
        exportDerButton.disableProperty().bind(model.selectedProperty().isNull().or(model.busyProperty()));
    }

    private void columns(TableView<Row> table) {
        TableColumn<Row, String> name = new TableColumn<>(i18n.tr("certificate.column.field"));
        name.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().name()));
        name.setPrefWidth(190);
        TableColumn<Row, String> value = new TableColumn<>(i18n.tr("certificate.column.value"));
        value.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().value()));
        value.prefWidthProperty().bind(table.widthProperty().subtract(name.widthProperty()).subtract(18));
        table.getColumns().setAll(List.of(name, value));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    }

    @FXML
    private void copy() {
        TableView<Row> table = certificateTabs.getSelectionModel().getSelectedItem() == generalTab
                ? generalTable : detailsTable;
        Row field = table.getSelectionModel().getSelectedItem();
        if (field == null && !table.getItems().isEmpty()) {
            field = table.getItems().getFirst();
        }
        if (field != null) {
            ClipboardContent content = new ClipboardContent();
            content.putString(field.value());
            Clipboard.getSystemClipboard().setContent(content);
            copyButton.setText(i18n.tr("common.copied"));
        }
    }

    @FXML
    private void exportPem() {
        export(CertificateViewModel.Format.PEM);
    }

    @FXML
    private void exportDer() {
        export(CertificateViewModel.Format.DER);
    }

    private void export(CertificateViewModel.Format format) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(model.suggestedFileName(format));
        chooser.getExtensionFilters().add(format == CertificateViewModel.Format.PEM
                ? new FileChooser.ExtensionFilter("PEM", "*.pem", "*.crt")
                : new FileChooser.ExtensionFilter("DER", "*.cer", "*.der"));
        File file = chooser.showSaveDialog(closeButton.getScene().getWindow());
        if (file != null) {
            model.export(file.toPath(), format);
        }
    }

    @FXML
    private void close() {
        ((Stage) closeButton.getScene().getWindow()).close();
    }

    private final class CertificateCell extends ListCell<CertificateSummary> {
        @Override
        protected void updateItem(CertificateSummary item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : model.name(item));
        }
    }
}
