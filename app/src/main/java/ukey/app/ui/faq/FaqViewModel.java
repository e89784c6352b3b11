package ukey.app.ui.faq;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import ukey.app.ui.common.I18n;

/** 常见问题: the offline FAQ, filtered by what the user types. */
public final class FaqViewModel {

    public static final String BUNDLE = "ukey.app.ui.faq.faq";

    /** The questions, in the order users meet them; each has "<id>.q" and "<id>.a" in the FAQ bundle. */
    public static final List<String> IDS = List.of(
            "notDetected", "driverInstall", "middlewareConflict", "pinRetries", "pinLocked", "initialPin",
            "renewalWindow", "renewalSteps", "expired", "oldBids", "notYetValid", "afterRenewal",
            "severalKeys", "keyId", "tray");

    /** One question and its answer. */
    public record Entry(String id, String question, String answer) {
    }

    private final List<Entry> all;
    private final ObservableList<Entry> shown = FXCollections.observableArrayList();
    private final StringProperty search = new SimpleStringProperty(this, "search", "");

    public FaqViewModel(I18n i18n) {
        ResourceBundle bundle = I18n.load(BUNDLE, i18n.language());
        all = IDS.stream().map(id -> new Entry(id, bundle.getString(id + ".q"), bundle.getString(id + ".a"))).toList();
        shown.setAll(all);
        search.addListener((observable, before, now) -> filter(now));
    }

    private void filter(String text) {
        String[] words = text.strip().toLowerCase(Locale.ROOT).split("\\s+");
        shown.setAll(all.stream().filter(entry -> {
            String haystack = (entry.question() + "\n" + entry.answer()).toLowerCase(Locale.ROOT);
            for (String word : words) {
                if (!haystack.contains(word)) {
                    return false;
                }
            }
            return true;
        }).toList());
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ObservableList<Entry> shown() {
        return shown;
    }
}
