package ukey.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;

import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import ukey.cert.gm.CsrResponse;
import ukey.cert.gm.GmFormatError;
import ukey.cert.gm.GmFormatException;
import ukey.cert.gm.PrivateKeyLayout;
import ukey.cert.gm.SkfBlobs;
import ukey.cert.gm.Sm2;
import ukey.cert.gm.Sm2EnvelopedKey;
import ukey.cert.gm.Sm2Verifiers;
import ukey.token.testing.GmReference;

/**
 * An SM2 renewal over real HTTPS against the SM2 sandbox CA, with a BouncyCastle SM2 key standing in for the token:
 * the answer's CSRResponse read with ukey.cert.gm, the encryption key unwrapped with the new signing private key by a
 * BouncyCastle-only reference, and each hostile envelope doing what it claims.
 */
class Sm2RenewalTest {

    @TempDir
    Path dir;
    SandboxCa ca;

    @BeforeEach
    void start() throws Exception {
        ca = SandboxCa.start(SandboxSettings.in(dir).caAlgorithm(SandboxSettings.CaAlgorithm.SM2)
                .retryAfterSeconds(0));
    }

    @AfterEach
    void stop() {
        ca.close();
    }

    @Test
    void theDirectoryAdvertisesSm2AndTheKmc() throws Exception {
        JsonNode directory = new TestClient(ca).get("/v1/directory").json();

        assertEquals("[\"SM2\"]", directory.path("algorithms").toString());
        assertTrue(directory.path("dualCertificates").asBoolean());
        assertEquals("SM3", directory.path("signature").path("digest").asText());
        assertEquals(List.of(ca.issuingCa().getSubjectX500Principal(),
                        Pem.certificates(ca.trustPem()).get(2).getSubjectX500Principal()),
                List.of(Pem.certificates(ca.trustPem()).get(1).getSubjectX500Principal(),
                        Pem.certificates(ca.trustPem()).get(1).getIssuerX500Principal()),
                "trust.pem: the TLS root, the SM2 issuing CA, then its root");
    }

    @Test
    void renewsWithANewSigningCertificateAndAnEnvelopedEncryptionPair() throws Exception {
        Holder holder = sm2Holder();
        JsonNode renewal = holder.renewUntilIssued();
        assertEquals("issued", renewal.path("status").asText(), renewal.toString());
        JsonNode answer = holder.fetchCertificate(renewal.path("id").asText());
        SubjectPublicKeyInfo newKey = Issuer.spki(holder.newKey.getPublic());

        CsrResponse response = CsrResponse.fromBase64(answer.path("csrResponse").asText());

        X509CertificateHolder signing = response.signCertificateFor(newKey).orElseThrow();
        assertArrayEquals(Certs.der(holder.newCertificate), signing.getEncoded(), "the same as `certificate`");
        X509CertificateHolder encryption = response.encryptCertificateForEnvelope().orElseThrow();
        Sm2EnvelopedKey envelope = response.envelope().orElseThrow();
        assertEquals(Certs.holder(holder.oldCertificate()).getSubject(), encryption.getSubject());
        assertTrue(BCStyle.INSTANCE.areEqual(signing.getSubject(), encryption.getSubject()));
        assertEquals(signing.getNotAfter(), encryption.getNotAfter());
        SubjectPublicKeyInfo issuingKey = Issuer.spki(ca.issuingCa().getPublicKey());
        assertTrue(Sm2Verifiers.isSignedBy(signing, issuingKey));
        assertTrue(Sm2Verifiers.isSignedBy(encryption, issuingKey));
        KeyUsage encryptionUsage = KeyUsage.fromExtensions(encryption.getExtensions());
        assertTrue(encryptionUsage.hasUsages(KeyUsage.keyEncipherment | KeyUsage.dataEncipherment
                | KeyUsage.keyAgreement) && !encryptionUsage.hasUsages(KeyUsage.digitalSignature));
        assertTrue(KeyUsage.fromExtensions(signing.getExtensions()).hasUsages(KeyUsage.digitalSignature));

        BigInteger d = GmReference.openEnvelope(envelope.getEncoded(), holder.newKey);
        assertArrayEquals(GmReference.DOMAIN.getG().multiply(d).normalize().getEncoded(false),
                Sm2.uncompressedPoint(encryption.getSubjectPublicKeyInfo()), "d·G is the encryption certificate's key");
        byte[] blob = SkfBlobs.envelopedKeyBlob(envelope, PrivateKeyLayout.RIGHT);
        assertEquals(d, GmReference.openBlob(blob, holder.newKey, "right"));
        assertThrows(Exception.class, () -> GmReference.openEnvelope(envelope.getEncoded(), holder.oldKey),
                "enveloped to the NEW signing key, not the old one");

        TestClient.Response confirmed = holder.confirm(renewal.path("id").asText(), true, holder.newKey,
                holder.newCertificate);
        assertEquals(200, confirmed.status(), confirmed.toString());
        assertEquals("confirmed", confirmed.json().path("status").asText());
        assertEquals(answer.path("csrResponse").asText(), holder.fetchCertificate(renewal.path("id").asText())
                .path("csrResponse").asText(), "the answer is stored, not made again");
    }

    @Test
    void sixtyFourBytePrivateKeysFillTheFull64Layout() throws Exception {
        ca.updateSettings(s -> s.envelopePrivateKeyBytes = 64);
        Holder holder = sm2Holder();
        JsonNode renewal = holder.renewUntilIssued();
        Sm2EnvelopedKey envelope = CsrResponse.fromBase64(holder.fetchCertificate(renewal.path("id").asText())
                .path("csrResponse").asText()).envelope().orElseThrow();

        assertEquals(64, envelope.encryptedPrivateKey().length);
        BigInteger d = GmReference.openEnvelope(envelope.getEncoded(), holder.newKey);
        for (PrivateKeyLayout layout : PrivateKeyLayout.values()) {
            assertEquals(d, GmReference.openBlob(SkfBlobs.envelopedKeyBlob(envelope, layout), holder.newKey,
                    layout.wire()), layout.wire());
        }
    }

    @Test
    void envelopeForAnotherKeyCannotBeOpenedWithTheNewSigningKey() throws Exception {
        Holder holder = sm2Holder(HostileEnvelope.OTHER_KEY);
        CsrResponse response = hostileAnswer(holder);

        Sm2EnvelopedKey envelope = response.envelope().orElseThrow();
        assertTrue(response.encryptCertificateForEnvelope().isPresent(), "only the envelope is wrong");
        assertThrows(Exception.class, () -> GmReference.openEnvelope(envelope.getEncoded(), holder.newKey));
        assertThrows(Exception.class, () -> GmReference.openBlob(SkfBlobs.envelopedKeyBlob(envelope,
                PrivateKeyLayout.RIGHT), holder.newKey, "right"));
    }

    @Test
    void encryptionCertificateForAnotherKeyThanTheEnvelopes() throws Exception {
        Holder holder = sm2Holder(HostileEnvelope.CERTIFICATE_MISMATCH);
        CsrResponse response = hostileAnswer(holder);

        Sm2EnvelopedKey envelope = response.envelope().orElseThrow();
        BigInteger d = GmReference.openEnvelope(envelope.getEncoded(), holder.newKey);
        assertTrue(response.encryptCertificateForEnvelope().isEmpty());
        X509CertificateHolder encryption = response.encryptCertificates().getFirst();
        assertFalse(envelope.hasPublicKey(encryption.getSubjectPublicKeyInfo()));
        assertFalse(Sm2.sameKey(encryption.getSubjectPublicKeyInfo(), Sm2.publicKeyInfo(
                GmReference.DOMAIN.getG().multiply(d).normalize().getEncoded(false))));
    }

    @Test
    void encryptionCertificateForAnotherSubject() throws Exception {
        Holder holder = sm2Holder(HostileEnvelope.OTHER_SUBJECT);
        CsrResponse response = hostileAnswer(holder);

        X509CertificateHolder encryption = response.encryptCertificateForEnvelope().orElseThrow();
        assertFalse(BCStyle.INSTANCE.areEqual(Certs.holder(holder.oldCertificate()).getSubject(),
                encryption.getSubject()));
        assertEquals("李四", Certs.commonName(encryption.getSubject().toString()));
        GmReference.openEnvelope(response.envelope().orElseThrow().getEncoded(), holder.newKey);
    }

    @Test
    void garbageEnvelopeIsRefusedByTheParser() throws Exception {
        Holder holder = sm2Holder(HostileEnvelope.GARBAGE);
        JsonNode renewal = holder.renewUntilIssued();
        String csrResponse = holder.fetchCertificate(renewal.path("id").asText()).path("csrResponse").asText();

        GmFormatException refused = assertThrows(GmFormatException.class, () -> CsrResponse.fromBase64(csrResponse));
        assertEquals(GmFormatError.NOT_AN_ENVELOPED_KEY, refused.error());
    }

    @Test
    void theHostileSwitchBelongsToItsOrder() throws Exception {
        Holder hostile = sm2Holder(HostileEnvelope.OTHER_SUBJECT);
        Holder fine = sm2Holder();

        hostileAnswer(hostile);
        CsrResponse response = hostileAnswer(fine);

        assertTrue(BCStyle.INSTANCE.areEqual(Certs.holder(fine.oldCertificate()).getSubject(),
                response.encryptCertificateForEnvelope().orElseThrow().getSubject()));
    }

    @Test
    void theOrderCommandSetsTheHostileEnvelope() throws Exception {
        Holder holder = sm2Holder();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);

        int exit = Main.run(new String[] {"order", "--dir", dir.toString(), "--serial", holder.old.serial,
            "--hostile-envelope", "certificate_mismatch"}, print, print);

        assertEquals(0, exit, out.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(hostileAnswer(holder).encryptCertificateForEnvelope().isEmpty());
        assertEquals(1, Main.run(new String[] {"order", "--dir", dir.toString(), "--serial", holder.old.serial,
            "--hostile-envelope", "nonsense"}, print, print), "an unknown mode is refused");
    }

    private Holder sm2Holder(HostileEnvelope hostile) {
        Holder holder = sm2Holder();
        ca.hostileEnvelope(ca.createOrder(holder.old.serial, false).id, hostile);
        return holder;
    }

    private Holder sm2Holder() {
        Holder holder = Holder.withDaysLeft(ca, TestKeys.sm2(), 20);
        holder.approveOrder(false);
        return holder;
    }

    private static CsrResponse hostileAnswer(Holder holder) throws Exception {
        JsonNode renewal = holder.renewUntilIssued();
        return CsrResponse.fromBase64(holder.fetchCertificate(renewal.path("id").asText()).path("csrResponse")
                .asText());
    }

}
