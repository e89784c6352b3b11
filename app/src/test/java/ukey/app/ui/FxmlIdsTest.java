package ukey.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
 */
class FxmlIdsTest {

    private static final Path UI = Path.of("src/main/resources/ukey/app/ui");
    private static final Pattern ID = Pattern.compile("fx:id=\"(\\w+)\"");
    private static final Pattern INCLUDE = Pattern.compile("<fx:include\\b[^>]*\\bsource=\"([^\"]+)\"");

    @Test
    void idsAreUniqueInEveryWindowScene() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(UI)) {
            files = walk.filter(path -> path.toString().endsWith(".fxml")).map(Path::normalize).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no FXML under " + UI);
        Set<Path> included = new HashSet<>();
        for (Path file : files) {
            included.addAll(includes(file));
        }
        Map<String, List<String>> repeatedByWindow = new TreeMap<>();
        for (Path window : files.stream().filter(file -> !included.contains(file)).toList()) {
            List<String> ids = new ArrayList<>();
            collectIds(window, ids);
            List<String> repeated = ids.stream().filter(id -> ids.indexOf(id) != ids.lastIndexOf(id)).toList();
            if (!repeated.isEmpty()) {
                repeatedByWindow.put(UI.relativize(window).toString(), List.copyOf(new TreeSet<>(repeated)));
            }
        }
        assertEquals(Map.of(), repeatedByWindow);
        assertFalse(included.isEmpty(), "the main window includes its pages: the include pattern must find them");
    }

    private static void collectIds(Path file, List<String> ids) throws IOException {
        Matcher matcher = ID.matcher(Files.readString(file));
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        for (Path child : includes(file)) {
            collectIds(child, ids);
        }
    }

    private static List<Path> includes(Path file) throws IOException {
        List<Path> children = new ArrayList<>();
        Matcher matcher = INCLUDE.matcher(Files.readString(file));
        while (matcher.find()) {
            children.add(file.getParent().resolve(matcher.group(1)).normalize());
        }
        return children;
    }
}
