package ukey.app.ui.renewal;

import java.util.Arrays;
import java.util.List;

import ukey.app.ui.common.I18n;
import ukey.app.renewal.RenewalStep;

/** One line of 更新服务's progress list as shown: which line, its words, and how far the renewal is with it. */
public record StepLine(Line line, String text, State state) {

    public enum State { DONE, CURRENT, PENDING, FAILED }

    /** Every line, none begun, in the words for a key with one certificate or a dual-certificate (SM2) one. */
    static List<StepLine> pending(I18n i18n, boolean dual) {
        return Arrays.stream(Line.values()).map(line -> new StepLine(line, i18n.tr(line.key(dual)), State.PENDING))
                .toList();
    }

    /** The lines of the progress list, in order; each covers the engine steps that do its work. */
    public enum Line {
        PREFLIGHT("renewal.line.preflight"), PIN("renewal.line.pin"),
        KEY_PAIR("renewal.line.key_pair", "renewal.line.key_pair.dual"), SUBMIT("renewal.line.submit"),
        DOWNLOAD("renewal.line.download", "renewal.line.download.dual"),
        WRITE("renewal.line.write", "renewal.line.write.dual"), CONFIRM("renewal.line.confirm");

        private final String key;
        private final String dualKey;

        Line(String key) {
            this(key, key);
        }

        /** @param dualKey the words for an SM2 dual-certificate key, whose encryption key pair comes from the CA */
        Line(String key, String dualKey) {
            this.key = key;
            this.dualKey = dualKey;
        }

        /** The message key of the line's words, for a key with one certificate or a dual-certificate one. */
        String key(boolean dual) {
            return dual ? dualKey : key;
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
