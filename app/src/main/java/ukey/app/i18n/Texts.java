package ukey.app.i18n;

import java.util.List;
import java.util.Map;

/**
 * The one placeholder rule of every bundle (window, errors, command line): {@code {0}}, {@code {1}}, ... are
 * filled by position; {@code {name}} by name, for the values a CA sends with its error. Both are replaced
 * literally: nothing else in a text is special, so an apostrophe is written as it is ({@code CA's}, never
 * {@code CA''s}) and a number reads as its digits (2999, not 2,999). No MessageFormat anywhere.
 */
public final class Texts {

    private Texts() {
    }

    /** The text with {0}, {1}, ... replaced by the arguments in order. */
    public static String fill(String text, List<?> arguments) {
        String filled = text;
        for (int i = 0; i < arguments.size(); i++) {
            filled = filled.replace("{" + i + "}", String.valueOf(arguments.get(i)));
        }
        return filled;
    }

    /** The text with {name} replaced by the argument of that name. */
    public static String fill(String text, Map<String, ?> arguments) {
        String filled = text;
        for (Map.Entry<String, ?> argument : arguments.entrySet()) {
            filled = filled.replace("{" + argument.getKey() + "}", String.valueOf(argument.getValue()));
        }
        return filled;
    }
}
