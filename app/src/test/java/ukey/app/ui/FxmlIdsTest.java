package ukey.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The main window and the pages it includes share one scene: an fx:id used twice makes lookups find the wrong node. */
class FxmlIdsTest {

    private static final Path UI = Path.of("src/main/resources/ukey/app/ui");
    private static final Pattern ID = Pattern.compile("fx:id=\"(\\w+)\"");

    @Test
    void idsAreUniqueInTheMainWindowScene() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String file : List.of("main/MainWindow.fxml", "renewal/RenewalPage.fxml",
                "diagnostics/DiagnosticsPage.fxml", "faq/FaqPage.fxml")) {
            Matcher matcher = ID.matcher(Files.readString(UI.resolve(file)));
            while (matcher.find()) {
                ids.add(matcher.group(1));
            }
        }
        List<String> repeated = ids.stream().filter(id -> ids.indexOf(id) != ids.lastIndexOf(id)).toList();
        assertEquals(List.of(), new ArrayList<>(new TreeSet<>(repeated)));
    }
}
