package ukey.app.ui.faq;

import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Accordion;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;

/** Binds 常见问题: a search field over an accordion of questions. */
public final class FaqController {

    private final FaqViewModel model;

    @FXML private TextField searchField;
    @FXML private Accordion questions;
    @FXML private Label noMatchLabel;

    public FaqController(FaqViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        searchField.textProperty().bindBidirectional(model.searchProperty());
        model.shown().addListener((ListChangeListener<FaqViewModel.Entry>) change -> fill());
        fill();
    }

    private void fill() {
        questions.getPanes().setAll(model.shown().stream().map(entry -> {
            Label answer = new Label(entry.answer());
            answer.setWrapText(true);
            answer.getStyleClass().add("faq-answer");
            TitledPane pane = new TitledPane(entry.question(), answer);
            pane.setId("faq-" + entry.id());
            return pane;
        }).toList());
        if (questions.getPanes().size() == 1) {
            questions.setExpandedPane(questions.getPanes().getFirst());
        }
        noMatchLabel.setVisible(model.shown().isEmpty());
        noMatchLabel.setManaged(model.shown().isEmpty());
    }
}
