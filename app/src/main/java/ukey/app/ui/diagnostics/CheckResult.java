package ukey.app.ui.diagnostics;

/**
 * The outcome of one environment check, in the user's words.
 *
 * @param id     stable name, for the diagnostics file and tests
 * @param level  pass, warning or failure
 * @param title  what was checked
 * @param detail what was found
 * @param fix    what to do about it (empty when it passed)
 */
public record CheckResult(String id, Level level, String title, String detail, String fix) {

    public enum Level {
        PASS, WARNING, FAILURE
    }
}
