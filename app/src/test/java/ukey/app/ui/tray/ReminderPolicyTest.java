package ukey.app.ui.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import ukey.app.tokens.CertificateSummary;
import ukey.app.ui.Fixtures;
import ukey.app.ui.services.KeyCard;
import ukey.token.PinState;
import ukey.token.Identities;
import ukey.token.Identity;
import ukey.token.TokenCertificate;
import ukey.token.TokenInfo;
import ukey.token.testing.TestCertificates;

class ReminderPolicyTest {


    @Test
    void remindsOncePerThresholdAsItIsCrossed() {
        ReminderPolicy policy = new ReminderPolicy(List.of(7, 90, 30));
        assertEquals(OptionalInt.empty(), policy.due("01", 120));
        assertEquals(OptionalInt.of(90), policy.due("01", 85));
        assertEquals(OptionalInt.empty(), policy.due("01", 80), "90 was said already");
        assertEquals(OptionalInt.of(30), policy.due("01", 29));
        assertEquals(OptionalInt.of(7), policy.due("01", 7));
        assertEquals(OptionalInt.empty(), policy.due("01", 3));
        assertEquals(OptionalInt.of(-1), policy.due("01", -1));
        assertEquals(OptionalInt.empty(), policy.due("01", -2));
    }

    @Test
    void aCertificateFirstSeenLateGetsOnlyTheNearestReminder() {
        ReminderPolicy policy = new ReminderPolicy(List.of(90, 30, 7));
        assertEquals(OptionalInt.of(30), policy.due("02", 20));
        assertEquals(OptionalInt.empty(), policy.due("02", 19));
        assertEquals(OptionalInt.of(90), policy.due("03", 60), "each certificate on its own");
    }

    @Test
    void theTraySaysInsertedAndTheReminderInWords() {
        KeyNotifications notifications = new KeyNotifications(Fixtures.ZH, new ReminderPolicy(List.of(90, 30, 7)));
        PinState pin = new PinState(false, false, false, false, 4, 16);
        Instant now = Instant.now();
        Instant notAfter = now.plus(Duration.ofDays(25)).plusSeconds(3600);
        var issued = TestCertificates.builder().subject(TestCertificates.name(TestCertificates.StringType.UTF8,
                "CN=张三")).validity(notAfter.minus(Duration.ofDays(365)), notAfter).build();
        TokenCertificate certificate = new TokenCertificate(new byte[] {1}, "张三", issued.der(), true,
                Optional.of(issued.info()), Optional.empty());
        List<Identity> identities = Identities.fromPkcs11(List.of(certificate));
        List<CertificateSummary> summaries = CertificateSummary.of(identities, now, 30);
        KeyCard key = new KeyCard(new TokenInfo("label", "m", "model", "S1", "1.0", "lib", pin, pin), null,
                identities, summaries, Optional.of(summaries.getFirst()));

        List<KeyNotifications.Notification> said = notifications.forKey(key, true);

        assertEquals(2, said.size());
        assertEquals("已插入UKey：张三", said.get(0).text());
        assertEquals("证书即将到期", said.get(1).title());
        assertTrue(said.get(1).text().startsWith("「张三」的证书还有 25 天到期（" + Fixtures.ZH.date(notAfter)),
                said.get(1).text());
        assertTrue(said.get(1).warning());
        assertEquals(List.of(), notifications.forKey(key, false), "found at start and already reminded: quiet");
    }
}
