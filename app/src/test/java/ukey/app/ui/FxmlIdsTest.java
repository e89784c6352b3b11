package ukey.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A window and the views it includes share one scene: an fx:id used twice there makes lookups find the wrong
 * node. Every FXML file is found here; each one that no other includes is a window, checked with all it includes.
 * The main window is built in code (MainView, its ids given by {@code id("...")}) and loads its pages into its scene
 * when they are first shown (MainController): they count as included.
 */
class FxmlIdsTest {

    private static final Path UI = Path.of("src/main/resources/ukey/app/ui");
    private static final Pattern ID = Pattern.compile("fx:id=\"(\\w+)\"");
    private static final Path MAIN_VIEW = Path.of("src/main/java/ukey/app/ui/main/MainView.java");
    private static final Pattern CODE_ID = Pattern.compile("\\bid\\(\"(\\w+)\"");
    private static final Pattern INCLUDE = Pattern.compile("<fx:include\\b[^>]*\\bsource=\"([^\"]+)\"");
    /** The pages MainController puts into the main window's scene the first time they are shown. */
    private static final Map<Path, List<Path>> LOADED_LATER = Map.of(MAIN_VIEW,
            List.of(UI.resolve("renewal/RenewalPage.fxml"), UI.resolve("diagnostics/DiagnosticsPage.fxml"),
                    UI.resolve("faq/FaqPage.fxml")));

    @Test
    void idsAreUniqueInEveryWindowScene() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(UI)) {
            files = walk.filter(path -> path.toString().endsWith(".fxml")).map(Path::normalize).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no FXML under " + UI);
        Set<Path> included = new HashSet<>(includes(MAIN_VIEW));
        for (Path file : files) {
            included.addAll(includes(file));
        }
        List<Path> windows = new ArrayList<>(List.of(MAIN_VIEW));
        files.stream().filter(file -> !included.contains(file)).forEach(windows::add);
        Map<String, List<String>> repeatedByWindow = new TreeMap<>();
        for (Path window : windows) {
            List<String> ids = new ArrayList<>();
            collectIds(window, ids);
            List<String> repeated = ids.stream().filter(id -> ids.indexOf(id) != ids.lastIndexOf(id)).toList();
            if (!repeated.isEmpty()) {
                repeatedByWindow.put(window.getFileName().toString(), List.copyOf(new TreeSet<>(repeated)));
            }
        }
        assertEquals(Map.of(), repeatedByWindow);
        List<String> mainIds = new ArrayList<>();
        collectIds(MAIN_VIEW, mainIds);
        assertTrue(mainIds.containsAll(List.of("ownerLabel", "searchField")), "the main window's ids and its pages'");
        assertFalse(included.isEmpty(), "the main window has its pages: the pattern and the list must find them");
        assertEquals(Set.of(), LOADED_LATER.values().stream().flatMap(List::stream)
                .filter(page -> !files.contains(page)).collect(java.util.stream.Collectors.toSet()));
    }

    private static void collectIds(Path file, List<String> ids) throws IOException {
        Matcher matcher = (file.equals(MAIN_VIEW) ? CODE_ID : ID).matcher(Files.readString(file));
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        for (Path child : includes(file)) {
            collectIds(child, ids);
        }
    }

    private static List<Path> includes(Path file) throws IOException {
        List<Path> children = new ArrayList<>(LOADED_LATER.getOrDefault(file, List.of()));
        Matcher matcher = INCLUDE.matcher(Files.readString(file));
        while (matcher.find()) {
            children.add(file.getParent().resolve(matcher.group(1)).normalize());
        }
        return children;
    }
}
