package ukey.app.ui.main;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.SVGPath;

import ukey.app.ui.common.I18n;
import ukey.app.ui.services.KeyCard;

/**
 * The main window's nodes: the header, the 证书服务 / 环境检测 / 常见问题 tabs with the four action tiles, the 我的UKey
 * panel and the footer; {@link MainController} binds them. Built in code, where every other view is FXML, because it
 * is on every start's path: FXMLLoader's first load spent ~100 ms of CPU (its XML parser and the method handles of
 * its reflection) before the first frame (src/bench.sh gui). Its ids and those of the pages shown in the same scene
 * are unique (FxmlIdsTest).
 */
final class MainView {

    private final I18n i18n;

    final ProgressIndicator busyIndicator = id("busyIndicator", new ProgressIndicator());
    final Button refreshButton = id("refreshButton", new Button());

    /** 证书服务, 环境检测, 常见问题: one of them is selected at any time ({@link MainController}). */
    final ToggleGroup tabs = new ToggleGroup();
    final ToggleButton certificateTab = tab("certificateTab");
    final ToggleButton diagnosticsTab = tab("diagnosticsTab");
    final ToggleButton faqTab = tab("faqTab");
    /** Where the selected tab's page is: the others are out of the scene graph. */
    final StackPane page = id("page", styled(new StackPane(), "tab-page"));
    final StackPane certificatePages = id("certificatePages", new StackPane());
    /** 环境检测's and 常见问题's pages: loaded the first time their tab is selected. */
    final StackPane diagnosticsPage = id("diagnosticsPage", new StackPane());
    final StackPane faqPage = id("faqPage", new StackPane());
    final VBox actionsPage = id("actionsPage", new VBox(18));
    /** 一键更新's page (renewal/RenewalPage.fxml): loaded the first time it is shown. */
    final StackPane renewalPage = id("renewalPage", new StackPane());
    final Button viewCertificateButton = id("viewCertificateButton", new Button());
    final Button renewButton = id("renewButton", new Button());
    final Button unblockButton = id("unblockButton", new Button());
    final Button changePinButton = id("changePinButton", new Button());

    final ComboBox<KeyCard> keySelector = id("keySelector", new ComboBox<>());
    final VBox keyDetails = id("keyDetails", new VBox(12));
    final Label serialLabel = id("serialLabel", value());
    final Label ownerLabel = id("ownerLabel", value());
    final Label validityTitle = id("validityTitle", new Label());
    final Label validityLabel = id("validityLabel", value());
    final Label encryptionValidityLabel = id("encryptionValidityLabel", value());
    final VBox encryptionBox = id("encryptionBox", new VBox(2));
    final Label sealLabel = id("sealLabel", value());
    final VBox sealBox = id("sealBox", new VBox(2));
    final Label statusLabel = id("statusLabel", wrapped(styled(new Label(), "status-badge")));
    final Label pinTriesLabel = id("pinTriesLabel", styled(new Label(), "field-value"));
    final VBox pinTriesBox = id("pinTriesBox", new VBox(2));
    final Label keyDescriptionLabel = id("keyDescriptionLabel", wrapped(styled(new Label(), "key-description")));
    final Hyperlink renameLink = id("renameLink", new Hyperlink());
    final VBox labelEditorBox = id("labelEditorBox", new VBox(6));
    final TextField labelField = id("labelField", new TextField());
    final Button saveLabelButton = id("saveLabelButton", styled(new Button(), "primary-button"));
    final Button cancelLabelButton = id("cancelLabelButton", new Button());
    final Label labelMessage = id("labelMessage", notice());
    final VBox resumeBanner = id("resumeBanner", styled(new VBox(8), "resume-banner"));
    final Button resumeButton = id("resumeButton", styled(new Button(), "primary-button"));
    final Label pinNoticeLabel = id("pinNoticeLabel", notice());
    final Hyperlink pinActionLink = id("pinActionLink", new Hyperlink());
    final VBox emptyState = id("emptyState", styled(new VBox(10), "empty-state"));
    final Hyperlink openDiagnosticsLink = id("openDiagnosticsLink", new Hyperlink());
    final Label problemLabel = id("problemLabel", fullWidth(wrapped(styled(new Label(), "problem-banner"))));

    final Hyperlink newVersionLink = id("newVersionLink", styled(new Hyperlink(), "new-version"));
    final Label versionLabel = id("versionLabel", new Label());

    final BorderPane root = id("root", styled(new BorderPane(), "window"));

    MainView(I18n i18n) {
        this.i18n = i18n;
        root.setPrefSize(1080, 700);
        root.setTop(header());
        root.setCenter(tabs());
        root.setRight(keyPanel());
        root.setBottom(footer());
    }

    private HBox header() {
        VBox brand = new VBox(label("app.name", "brand-title"), label("app.tagline", "brand-subtitle"));
        brand.setAlignment(Pos.CENTER_LEFT);
        styled(busyIndicator, "busy-indicator").setPrefSize(22, 22);
        words(styled(refreshButton, "header-button"), "main.refresh");
        HBox header = row(12, icon("brand-mark", "brand-icon",
                "M12 2 L20 5 V11 C20 16 16.5 20 12 22 C7.5 20 4 16 4 11 V5 Z M8.5 12 L11 14.5 L15.5 9.5"), brand, gap(),
                busyIndicator, refreshButton);
        return styled(header, "header");
    }

    /**
     * The tabs: toggles in a row over the selected one's page, styled as tabs. Not a TabPane: its skin (header area,
     * overflow menu, animations) cost ~60 ms before the first frame (src/bench.sh gui).
     */
    private VBox tabs() {
        words(certificateTab, "main.tab.certificates").setSelected(true);
        words(diagnosticsTab, "main.tab.diagnostics");
        words(faqTab, "main.tab.faq");
        certificatePages.getChildren().addAll(actionsPage(), renewalPage);
        page.getChildren().add(certificatePages);
        VBox.setVgrow(page, Priority.ALWAYS);
        HBox row = id("tabs", styled(new HBox(certificateTab, diagnosticsTab, faqTab), "main-tabs"));
        return new VBox(row, page);
    }

    private ToggleButton tab(String id) {
        ToggleButton tab = id(id, styled(new ToggleButton(), "page-tab"));
        tab.setToggleGroup(tabs);
        return tab;
    }

    private VBox actionsPage() {
        GridPane grid = styled(new GridPane(18, 18), "action-grid");
        for (int column = 0; column < 2; column++) {
            ColumnConstraints half = new ColumnConstraints();
            half.setPercentWidth(50);
            grid.getColumnConstraints().add(half);
            grid.getRowConstraints().add(new RowConstraints(128, 136, Region.USE_COMPUTED_SIZE));
        }
        grid.add(tile(viewCertificateButton, "tile-blue", "main.action.view", "main.action.view.hint",
                "M4 3h16v12H4z M7 7h10 M7 10h6 M14 18a3 3 0 1 0 6 0a3 3 0 1 0 -6 0"
                        + " M15.5 20.5 L15 23.5 M18.5 20.5 L19 23.5"), 0, 0);
        grid.add(tile(renewButton, "tile-teal", "main.action.renew", "main.action.renew.hint",
                "M20 12a8 8 0 1 1 -2.3 -5.6 M20 3.5 V8.5 H15"), 1, 0);
        grid.add(tile(unblockButton, "tile-amber", "main.action.unblock", "main.action.unblock.hint",
                "M5 11h14v10H5z M8 11V7a4 4 0 0 1 7.6 -1.8 M12 14.5v3"), 0, 1);
        grid.add(tile(changePinButton, "tile-indigo", "main.action.changePin", "main.action.changePin.hint",
                "M3 12a4 4 0 1 0 8 0a4 4 0 1 0 -8 0 M11 12h10 M17.5 12v3.5 M20.5 12v2.5"), 1, 1);
        VBox tips = styled(new VBox(6, label("main.tips.title", "card-title"), text("main.tips.renewal", "tip"),
                text("main.tips.pin", "tip"), text("main.tips.keepInserted", "tip")), "card", "tips");
        actionsPage.getChildren().addAll(label("main.actions.title", "page-title"), grid, tips);
        return styled(actionsPage, "page");
    }

    /** An action tile: its icon in a coloured circle, its name and what it does. */
    private Button tile(Button button, String colour, String title, String hint, String iconPath) {
        HBox body = row(18, icon("tile-icon-circle", "tile-icon", iconPath),
                new VBox(4, label(title, "tile-title"), text(hint, "tile-text")));
        body.setFillHeight(false);
        button.setGraphic(styled(body, "tile-body"));
        button.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        return styled(button, "action-tile", colour);
    }

    /** 我的UKey: a dual-certificate key with its notices can be taller than the window, so the panel scrolls. */
    private ScrollPane keyPanel() {
        keySelector.setMaxWidth(Double.MAX_VALUE);
        keySelector.setPromptText(i18n.tr("main.panel.choose"));
        validityTitle.setText(i18n.tr("main.panel.validity"));
        words(renameLink, "main.label.rename").setMinWidth(Region.USE_PREF_SIZE);
        labelField.setPromptText(i18n.tr("main.label.prompt"));
        labelEditorBox.getChildren().addAll(labelField, new HBox(8, words(saveLabelButton, "main.label.save"),
                words(cancelLabelButton, "common.cancel")));
        styled(keyDetails, "key-card").getChildren().addAll(
                field(new VBox(2), fieldLabel("main.panel.serial"), serialLabel),
                field(new VBox(2), fieldLabel("main.panel.owner"), ownerLabel),
                field(new VBox(2), styled(validityTitle, "field-label"), validityLabel),
                field(encryptionBox, fieldLabel("main.panel.encryptionValidity"), encryptionValidityLabel),
                field(sealBox, fieldLabel("main.panel.seal"), sealLabel),
                field(new VBox(4), fieldLabel("main.panel.status"), statusLabel),
                field(pinTriesBox, fieldLabel("main.panel.pin"), pinTriesLabel),
                row(6, keyDescriptionLabel, renameLink),
                labelEditorBox,
                labelMessage);
        resumeBanner.getChildren().addAll(text("main.resume.text", "resume-text"),
                words(resumeButton, "renewal.resume"));
        emptyState.getChildren().addAll(icon("empty-icon-circle", "empty-icon",
                        "M9 2h6v6H9z M7 8h10v12a2 2 0 0 1 -2 2H9a2 2 0 0 1 -2 -2z M10.5 4.5h1 M12.5 4.5h1"),
                id("insertKeyLabel", label("main.empty.title", "empty-title")), text("main.empty.check", "empty-text"),
                text("main.empty.check1", "empty-item"), text("main.empty.check2", "empty-item"),
                text("main.empty.check3", "empty-item"), words(openDiagnosticsLink, "main.empty.diagnose"));
        VBox panel = id("keyPanel", styled(new VBox(14, label("main.panel.title", "panel-title"), keySelector,
                keyDetails, resumeBanner, pinNoticeLabel, pinActionLink, emptyState, problemLabel), "key-panel"));
        panel.setPrefWidth(320);
        panel.setMinWidth(300);
        ScrollPane scroll = styled(new ScrollPane(panel), "panel-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setMinWidth(300);
        return scroll;
    }

    private HBox footer() {
        Label product = id("productLabel", words(new Label(), "app.footer"));
        return styled(row(10, product, gap(), newVersionLink, versionLabel), "footer");
    }

    /** A titled line of the key panel. */
    private static VBox field(VBox box, Label title, Label value) {
        box.getChildren().addAll(title, value);
        return styled(box, "field");
    }

    private Label fieldLabel(String key) {
        return label(key, "field-label");
    }

    private Label label(String key, String styleClass) {
        return styled(words(new Label(), key), styleClass);
    }

    /** A label of several lines. */
    private Label text(String key, String styleClass) {
        return wrapped(label(key, styleClass));
    }

    private static Label value() {
        return wrapped(styled(new Label(), "field-value"));
    }

    private static Label notice() {
        return fullWidth(wrapped(styled(new Label(), "notice")));
    }

    private <T extends Labeled> T words(T labeled, String key) {
        labeled.setText(i18n.tr(key));
        return labeled;
    }

    private static Label wrapped(Label label) {
        label.setWrapText(true);
        return label;
    }

    private static Label fullWidth(Label label) {
        label.setMaxWidth(Double.MAX_VALUE);
        return label;
    }

    private static HBox row(double spacing, Node... children) {
        HBox row = new HBox(spacing, children);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** Space that takes what the row leaves. */
    private static Region gap() {
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        return gap;
    }

    private static StackPane icon(String circleStyle, String iconStyle, String path) {
        SVGPath icon = styled(new SVGPath(), iconStyle);
        icon.setContent(path);
        return styled(new StackPane(icon), circleStyle);
    }

    private static <T extends Node> T styled(T node, String... styleClasses) {
        node.getStyleClass().addAll(styleClasses);
        return node;
    }

    private static <T extends Node> T id(String id, T node) {
        node.setId(id);
        return node;
    }
}
