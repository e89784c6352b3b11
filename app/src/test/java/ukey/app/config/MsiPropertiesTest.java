package ukey.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import ukey.token.testing.NativeBuild;

/**
 * IT deploys the client with msiexec properties, which the MSI's WiX fragment writes into the policy file: every
 * setting a policy can fix has its property, each property is kept for upgrades and wins when given again, is
 * installed with the product, and is in the README's table.
 */
class MsiPropertiesTest {

    /**
     * Settings that are no MSI property: the user's own log level; per-library SKF keys and more CAs (ca.more with
     * its NAME.ca.* keys, whose names IT chooses), which IT writes into the policy file by hand.
     */
    private static final Set<String> NOT_FROM_THE_MSI = Set.of(Settings.LOG_LEVEL, Settings.SKF_CHARSET,
            Settings.SKF_ENVELOPE, Settings.SKF_APPLICATION, Settings.SKF_CONTAINERS, Settings.CA_MORE);

    private static final Path FRAGMENT = Path.of("installer/windows/resources/os-condition.wxf");

    @Test
    void everyPolicySettingHasAnMsiPropertyWrittenIntoThePolicyFile() throws Exception {
        Set<String> written = new TreeSet<>(policyKeysByProperty(fragment()).values());

        assertEquals(settingKeys(), written);
    }

    @Test
    void everyPropertyIsKeptForUpgradesWinsWhenGivenAgainAndIsInstalled() throws Exception {
        Document wxf = fragment();
        Set<String> declared = attributes(wxf, "Property", "Id");
        Set<String> searched = attributes(wxf, "RegistrySearch", "Name");
        Set<String> setProperties = attributes(wxf, "SetProperty", "Id");
        Set<String> referenced = attributes(wxf, "ComponentRef", "Id");
        List<String> problems = new ArrayList<>();
        for (Element component : elements(wxf, "Component")) {
            List<Element> ini = elements(component, "IniFile");
            if (ini.isEmpty()) {
                continue;
            }
            String property = ini.getFirst().getAttribute("Value").replaceAll("^\\[|\\]$", "");
            String condition = elements(component, "Condition").getFirst().getTextContent().trim();
            String kept = elements(component, "RegistryValue").getFirst().getAttribute("Name");
            for (var check : Map.of(
                    "declared", declared.contains(property) && declared.contains("CMDLINE_" + property),
                    "read back from the registry", searched.contains(property),
                    "saved before AppSearch and put back after", setProperties.contains(property)
                            && setProperties.contains("CMDLINE_" + property),
                    "installed only when given", condition.equals(property),
                    "kept under its own name", kept.equals(property),
                    "in the feature", referenced.contains(component.getAttribute("Id"))).entrySet()) {
                if (!check.getValue()) {
                    problems.add(property + " not " + check.getKey());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theReadmeListsEveryProperty() throws Exception {
        String readme = Files.readString(NativeBuild.root().resolve("README.md"));
        List<String> missing = policyKeysByProperty(fragment()).entrySet().stream()
                .filter(entry -> !readme.contains("| `" + entry.getKey() + "` | `" + entry.getValue() + "` |"))
                .map(Map.Entry::getKey).toList();

        assertEquals(List.of(), missing, "README's table of MSI properties");
    }

    /** The settings a policy may fix: Settings' key constants, less the ones kept out on purpose. */
    private static Set<String> settingKeys() throws IllegalAccessException {
        Set<String> keys = new TreeSet<>();
        for (Field field : Settings.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().equals("FILE_NAME")) {
                keys.add((String) field.get(null));
            }
        }
        assertTrue(keys.containsAll(NOT_FROM_THE_MSI));
        keys.removeAll(NOT_FROM_THE_MSI);
        return keys;
    }

    private static Map<String, String> policyKeysByProperty(Document wxf) {
        return elements(wxf, "IniFile").stream().collect(Collectors.toMap(
                ini -> ini.getAttribute("Value").replaceAll("^\\[|\\]$", ""), ini -> ini.getAttribute("Key"),
                (a, b) -> a, TreeMap::new));
    }

    private static Document fragment() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(NativeBuild.root().resolve(FRAGMENT).toFile());
    }

    private static Set<String> attributes(Document document, String element, String attribute) {
        return elements(document, element).stream().map(e -> e.getAttribute(attribute))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Element> elements(Document document, String name) {
        return list(document.getElementsByTagName(name));
    }

    private static List<Element> elements(Element parent, String name) {
        return list(parent.getElementsByTagName(name));
    }

    private static List<Element> list(NodeList nodes) {
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }
}
