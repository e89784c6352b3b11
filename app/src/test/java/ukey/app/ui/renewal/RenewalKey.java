package ukey.app.ui.renewal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;

import ukey.app.config.Settings;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.RenewalInteraction.ChallengeAnswer;
import ukey.app.ui.Fixtures;
import ukey.sandbox.CertRecord;
import ukey.sandbox.SandboxCa;
import ukey.token.KeySpec;
import ukey.token.PinState;
import ukey.token.TokenSession;
import ukey.token.testing.SoftHsm;

/**
 * A customer's key for the window's renewal tests: a SoftHSM token whose EC key was made on the token and
 * certified by the sandbox CA (real HTTPS on 127.0.0.1), optionally with an approved order, and client settings
 * that point at that CA.
 */
public final class RenewalKey {

    static final String SUBJECT = "CN=张三,O=示例招标代理有限公司,C=CN";
    static final String LABEL = "张三的签名证书";

    final SoftHsm softHsm = SoftHsm.get();
    public final String tokenLabel;
    final CertRecord first;

    public RenewalKey(SandboxCa ca, int daysLeft, boolean approvedOrder) throws Exception {
        tokenLabel = softHsm.createToken("ui-renew");
        try (TokenSession session = softHsm.token(tokenLabel).login(SoftHsm.USER_PIN.toCharArray())) {
            TokenSession.GeneratedKey key = session.generateKeyPair(KeySpec.EC_P256, null, LABEL);
            Instant notBefore = Instant.now().plus(daysLeft, ChronoUnit.DAYS).minus(365, ChronoUnit.DAYS);
            first = ca.issue(key.publicKey(), SUBJECT, notBefore, 365, List.of("digitalSignature"));
            session.writeCertificate(key.id(), LABEL, new X509CertificateHolder(first.certificate().getEncoded()));
        }
        if (approvedOrder) {
            ca.approveOrder(ca.createOrder(first.serial, daysLeft < 0).id);
        }
    }

    /** Client settings in a folder of their own, pointing at this CA. */
    public static Settings settings(SandboxCa ca, Path folder) throws Exception {
        Files.createDirectories(folder);
        return Fixtures.settings(folder, Settings.CA_URL + "=" + ca.url() + "\n"
                + Settings.CA_TRUST + "=" + ca.trustFile().toString().replace("\\", "/") + "\n");
    }

    public void delete() {
        softHsm.deleteToken(tokenLabel);
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
