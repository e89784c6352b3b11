package ukey.app.ui.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import ukey.app.ui.Fixtures;
import ukey.app.ui.services.CertificateSummary;
import ukey.app.ui.services.KeyCard;
import ukey.cert.CertificateStatus;
import ukey.token.PinState;
import ukey.token.TokenInfo;

class ReminderPolicyTest {

    private static CertificateSummary certificate(String serial, long daysLeft) {
        Instant notAfter = Instant.parse("2027-04-10T00:00:00Z");
        return new CertificateSummary("张三", "Test CA", serial, notAfter.minusSeconds(365L * 86400), notAfter,
                daysLeft < 0 ? CertificateStatus.EXPIRED : CertificateStatus.VALID, daysLeft);
    }

    @Test
    void remindsOncePerThresholdAsItIsCrossed() {
        ReminderPolicy policy = new ReminderPolicy(List.of(7, 90, 30));
        assertEquals(OptionalInt.empty(), policy.due(certificate("01", 120)));
        assertEquals(OptionalInt.of(90), policy.due(certificate("01", 85)));
        assertEquals(OptionalInt.empty(), policy.due(certificate("01", 80)), "90 was said already");
        assertEquals(OptionalInt.of(30), policy.due(certificate("01", 29)));
        assertEquals(OptionalInt.of(7), policy.due(certificate("01", 7)));
        assertEquals(OptionalInt.empty(), policy.due(certificate("01", 3)));
        assertEquals(OptionalInt.of(-1), policy.due(certificate("01", -1)));
        assertEquals(OptionalInt.empty(), policy.due(certificate("01", -2)));
    }

    @Test
    void aCertificateFirstSeenLateGetsOnlyTheNearestReminder() {
        ReminderPolicy policy = new ReminderPolicy(List.of(90, 30, 7));
        assertEquals(OptionalInt.of(30), policy.due(certificate("02", 20)));
        assertEquals(OptionalInt.empty(), policy.due(certificate("02", 19)));
        assertEquals(OptionalInt.of(90), policy.due(certificate("03", 60)), "each certificate on its own");
    }

    @Test
    void theTraySaysInsertedAndTheReminderInWords() {
        KeyNotifications notifications = new KeyNotifications(Fixtures.ZH, new ReminderPolicy(List.of(90, 30, 7)));
        PinState pin = new PinState(false, false, false, false, 4, 16);
        KeyCard key = new KeyCard(new TokenInfo("label", "m", "model", "S1", "1.0", "lib", pin, pin), null,
                List.of(), java.util.Optional.of(certificate("04", 25)));

        List<KeyNotifications.Notification> said = notifications.forKey(key, true);

        assertEquals(2, said.size());
        assertEquals("已插入UKey：张三", said.get(0).text());
        assertEquals("证书即将到期", said.get(1).title());
        assertTrue(said.get(1).text().startsWith("「张三」的证书还有 25 天到期（2027年04月1"), said.get(1).text());
        assertTrue(said.get(1).warning());
        assertEquals(List.of(), notifications.forKey(key, false), "found at start and already reminded: quiet");
    }
}
