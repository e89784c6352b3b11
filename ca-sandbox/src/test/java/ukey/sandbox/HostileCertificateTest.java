package ukey.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.util.Date;

import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Each hostile certificate answer is what it claims to be, so the client's refusal tests test something. */
class HostileCertificateTest {

    @TempDir
    Path dir;
    SandboxCa ca;
    Holder holder;
    String renewalId;

    @BeforeEach
    void start() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(dir).retryAfterSeconds(0).sms(false).pollCount(0));
        holder = Holder.ready(ca);
        renewalId = holder.renewUntilIssued().path("id").asText();
    }

    @AfterEach
    void stop() {
        ca.close();
    }

    private X509Certificate fetch(HostileCertificate mode) throws Exception {
        ca.updateSettings(s -> s.faults.hostileCertificate = mode);
        holder.fetchCertificate(renewalId);
        return holder.newCertificate;
    }

    private boolean sameSubject(X509Certificate certificate) {
        return BCStyle.INSTANCE.areEqual(Certs.holder(certificate).getSubject(),
                Certs.holder(holder.oldCertificate()).getSubject());
    }

    @Test
    void otherKeyIsAValidCertificateForAnotherKey() throws Exception {
        X509Certificate hostile = fetch(HostileCertificate.OTHER_KEY);
        assertNotEquals(holder.newKey.getPublic(), hostile.getPublicKey());
        assertTrue(sameSubject(hostile));
        RenewalFlowTest.validate(hostile, ca.trustFile());
    }

    @Test
    void otherSubjectCarriesTheRightKeyUnderAnotherName() throws Exception {
        X509Certificate hostile = fetch(HostileCertificate.OTHER_SUBJECT);
        assertArrayEquals(holder.newKey.getPublic().getEncoded(), hostile.getPublicKey().getEncoded());
        assertFalse(sameSubject(hostile));
        RenewalFlowTest.validate(hostile, ca.trustFile());
    }

    @Test
    void untrustedCaLooksLikeTheCaButDoesNotChainToIt() throws Exception {
        X509Certificate hostile = fetch(HostileCertificate.UNTRUSTED_CA);
        JsonNode answer = holder.fetchCertificate(renewalId);
        X509Certificate impostor = Pem.certificate(answer.path("chain").path(0).asText());
        assertEquals(ca.issuingCa().getSubjectX500Principal(), impostor.getSubjectX500Principal());
        assertNotEquals(ca.issuingCa(), impostor);
        assertArrayEquals(holder.newKey.getPublic().getEncoded(), hostile.getPublicKey().getEncoded());
        assertTrue(sameSubject(hostile));
        assertThrows(CertPathValidatorException.class, () -> RenewalFlowTest.validate(hostile, ca.trustFile()));
    }

    @Test
    void expiredIsTheRightCertificateOutOfDate() throws Exception {
        X509Certificate hostile = fetch(HostileCertificate.EXPIRED);
        assertTrue(hostile.getNotAfter().before(new Date()));
        assertArrayEquals(holder.newKey.getPublic().getEncoded(), hostile.getPublicKey().getEncoded());
        assertThrows(CertPathValidatorException.class, () -> RenewalFlowTest.validate(hostile, ca.trustFile()));
    }

    @Test
    void garbageDoesNotParse() throws Exception {
        ca.updateSettings(s -> s.faults.hostileCertificate = HostileCertificate.GARBAGE);
        JsonNode answer = holder.fetchCertificate(renewalId);
        assertTrue(answer.path("certificate").asText().startsWith("-----BEGIN CERTIFICATE-----"));
        assertThrows(RuntimeException.class, () -> Pem.certificate(answer.path("certificate").asText()));
    }

    @Test
    void noneGivesTheRealCertificateBackAndItCanBeConfirmed() throws Exception {
        fetch(HostileCertificate.OTHER_KEY);
        X509Certificate real = fetch(HostileCertificate.NONE);
        assertArrayEquals(holder.newKey.getPublic().getEncoded(), real.getPublicKey().getEncoded());
        assertEquals(200, holder.confirm(renewalId, true, holder.newKey, real).status());
    }
}
