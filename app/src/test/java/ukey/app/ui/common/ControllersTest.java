package ukey.app.ui.common;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** The FXMLLoader's controller factory makes exactly the controllers it lists and refuses any other, by name. */
class ControllersTest {

    @Test
    void makesTheListedControllersAndNamesAnUnknownOne() {
        StringBuilder one = new StringBuilder();
        Controllers controllers = Controllers.of(Map.<Class<?>, Supplier<?>>of(StringBuilder.class, () -> one));
        assertSame(one, controllers.call(StringBuilder.class));

        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> controllers.call(Integer.class));
        assertTrue(unknown.getMessage().contains("java.lang.Integer"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("StringBuilder"), "it lists what it knows: " + unknown.getMessage());

        Object dialog = new Object();
        assertSame(dialog, Controllers.just(dialog).call(Object.class));
        assertThrows(IllegalStateException.class, () -> Controllers.just(dialog).call(String.class));
    }
}
