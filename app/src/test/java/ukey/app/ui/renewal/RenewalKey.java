package ukey.app.ui.renewal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import ukey.app.config.Settings;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.RenewalFixture;
import ukey.app.renewal.RenewalInteraction.ChallengeAnswer;
import ukey.app.ui.Fixtures;
import ukey.sandbox.CertRecord;
import ukey.sandbox.SandboxCa;
import ukey.token.KeySpec;
import ukey.token.PinState;
import ukey.token.testing.SoftHsm;

/**
 * A customer's key for the window's renewal tests: the engine tests' {@link RenewalFixture} with an EC key for
 * signing, and client settings that point at the sandbox CA.
 */
public final class RenewalKey {

    final SoftHsm softHsm = SoftHsm.get();
    public final String tokenLabel;
    final CertRecord first;
    private final RenewalFixture key;

    public RenewalKey(SandboxCa ca, int daysLeft, boolean approvedOrder) throws Exception {
        key = new RenewalFixture(ca, RenewalFixture.temp("ui-journals"), KeySpec.EC_P256, List.of("digitalSignature"),
                daysLeft, approvedOrder);
        tokenLabel = key.tokenLabel;
        first = key.first;
    }

    /** Client settings in a folder of their own, pointing at this CA. */
    public static Settings settings(SandboxCa ca, Path folder) throws Exception {
        Files.createDirectories(folder);
        return Fixtures.settings(folder, Settings.CA_URL + "=" + ca.url() + "\n"
                + Settings.CA_TRUST + "=" + ca.trustFile().toString().replace("\\", "/") + "\n");
    }

    public void delete() {
        key.delete();
    }

    /** The person in front of the window: answers the PIN and the SMS code from a script, records what was asked. */
    static final class Person implements RenewalPrompts {
        final SandboxCa ca;
        final Deque<String> pins = new ArrayDeque<>();
        final Deque<ChallengeAnswer> answers = new ArrayDeque<>();
        final List<Optional<String>> smsProblems = new ArrayList<>();
        final List<PinState> pinStates = new ArrayList<>();
        boolean cancelSms;
        boolean abandon = true;
        int abandonAsked;

        Person(SandboxCa ca) {
            this.ca = ca;
        }

        @Override
        public char[] pin(String keyName, PinState state, boolean retry) {
            pinStates.add(state);
            return (pins.isEmpty() ? SoftHsm.USER_PIN : pins.pop()).toCharArray();
        }

        @Override
        public boolean confirmAbandon(String keyName) {
            abandonAsked++;
            return abandon;
        }

        @Override
        public ChallengeAnswer smsCode(CaProgress.Challenge challenge, Optional<String> problem) {
            smsProblems.add(problem);
            if (cancelSms) {
                return new ChallengeAnswer.Cancel();
            }
            if (!answers.isEmpty()) {
                return answers.pop();
            }
            return new ChallengeAnswer.Code(ca.lastSmsCode().orElseThrow());
        }
    }
}
