package ukey.app.errors;

import java.util.List;
import java.util.Optional;

/**
 * An error in words for the user.
 *
 * @param title   what went wrong, in one line
 * @param notes   what the token says about the PIN concerned, when it matters
 * @param causes  the likely causes
 * @param actions what to do next
 * @param detail  the technical detail for the helpdesk (the PKCS#11 return value, the exception)
 */
public record ErrorMessage(String title, List<String> notes, List<String> causes, List<String> actions,
                           Optional<String> detail) {
}
