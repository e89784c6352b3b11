package ukey.app.ui.faq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ukey.app.ui.Fixtures;

class FaqViewModelTest {

    @Test
    void searchesQuestionsAndAnswersInChinese() {
        FaqViewModel model = new FaqViewModel(Fixtures.ZH);
        assertEquals(FaqViewModel.IDS.size(), model.shown().size());

        model.searchProperty().set("锁定");
        List<String> ids = model.shown().stream().map(FaqViewModel.Entry::id).toList();
        assertTrue(ids.containsAll(List.of("pinLocked", "pinRetries")), ids.toString());
        assertTrue(model.shown().stream().allMatch(e -> (e.question() + e.answer()).contains("锁定")));

        model.searchProperty().set("投标 解密");
        assertEquals(List.of("oldBids"), model.shown().stream().map(FaqViewModel.Entry::id).toList());

        model.searchProperty().set("没有这个词");
        assertTrue(model.shown().isEmpty());
        model.searchProperty().set("");
        assertEquals(FaqViewModel.IDS.size(), model.shown().size());
    }

    @Test
    void englishQuestionsInEnglish() {
        FaqViewModel model = new FaqViewModel(Fixtures.EN);
        model.searchProperty().set("EXPIRED");
        assertTrue(model.shown().stream().anyMatch(e -> e.question().equals("My certificate has expired")));
    }
}
