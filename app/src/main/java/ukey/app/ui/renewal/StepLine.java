package ukey.app.ui.renewal;

import ukey.app.renewal.RenewalStep;

/** One line of 更新服务's progress list as shown: which line, its words, and how far the renewal is with it. */
public record StepLine(Line line, String text, State state) {

    public enum State { DONE, CURRENT, PENDING, FAILED }

    /** The lines of the progress list, in order; each covers the engine steps that do its work. */
    public enum Line {
        PREFLIGHT("renewal.line.preflight"), PIN("renewal.line.pin"), KEY_PAIR("renewal.line.key_pair"),
        SUBMIT("renewal.line.submit"), DOWNLOAD("renewal.line.download"), WRITE("renewal.line.write"),
        CONFIRM("renewal.line.confirm");

        private final String key;

        Line(String key) {
            this.key = key;
        }

        /** The message key of the line's words. */
        String key() {
            return key;
        }

        static Line of(RenewalStep step) {
            return switch (step) {
                case STARTED -> PREFLIGHT;
                case PREFLIGHT_PASSED, KEY_PAIR -> KEY_PAIR;
                case SUBMITTED -> SUBMIT;
                case ISSUED -> DOWNLOAD;
                case VALIDATED, WRITTEN -> WRITE;
                case SELF_TESTED, CONFIRMED, RETIRED, DONE, FAILED -> CONFIRM;
            };
        }
    }
}
