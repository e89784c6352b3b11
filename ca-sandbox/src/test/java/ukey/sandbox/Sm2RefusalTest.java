package ukey.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.cert.gm.Sm2;
import ukey.cert.gm.Sm2ContentSigner;
import ukey.token.testing.GmReference;

/** What the SM2 CA refuses, and what an RSA/EC CA refuses of SM2: each with its code. */
class Sm2RefusalTest {

    @TempDir
    Path dir;

    @Test
    void refusesWhatDoesNotFitAnSm2Renewal() throws Exception {
        try (SandboxCa ca = SandboxCa.start(SandboxSettings.in(dir).caAlgorithm(SandboxSettings.CaAlgorithm.SM2))) {
            Holder holder = Holder.withDaysLeft(ca, TestKeys.sm2(), 20);
            holder.approveOrder(false);
            KeyPair newKey = TestKeys.sm2();

            TestClient.Response ecCsr = start(holder, TestKeys.csr(TestKeys.ec(), Holder.SUBJECT), null);
            assertEquals("unsupported_algorithm", ecCsr.code(), ecCsr.toString());
            assertEquals("SM2", ecCsr.json().path("supported").asText());

            byte[] body = Json.bytes(holder.renewalBody(TestKeys.csr(newKey, Holder.SUBJECT), "renew"));
            TestClient.Response sha256 = holder.client.postWithSignature("/v1/renewals", body,
                    signSha256WithSm2(body, holder));
            assertEquals("unsupported_algorithm", sha256.code(), sha256.toString());
            assertEquals("SM3", sha256.json().path("supported").asText());

            Map<String, Object> lying = holder.renewalBody(TestKeys.csr(newKey, Holder.SUBJECT), "renew");
            lying.put("keyAlgorithm", "EC-P256");
            TestClient.Response mismatch = holder.client.post("/v1/renewals", lying, holder.oldKey.getPrivate(),
                    holder.oldCertificate());
            assertEquals("bad_request", mismatch.code(), mismatch.toString());

            TestClient.Response emptyId = start(holder, emptyIdCsr(newKey), null);
            assertEquals("bad_pop", emptyId.code(), emptyId.toString());
        }
    }

    @Test
    void anEcCaRefusesSm2Keys() throws Exception {
        try (SandboxCa ca = SandboxCa.start(SandboxSettings.in(dir))) {
            Holder holder = Holder.ready(ca);

            TestClient.Response sm2Csr = start(holder, TestKeys.csr(TestKeys.sm2(), Holder.SUBJECT), null);

            assertEquals("unsupported_algorithm", sm2Csr.code(), sm2Csr.toString());
        }
    }

    private static TestClient.Response start(Holder holder, String csr, String keyAlgorithm) throws Exception {
        Map<String, Object> body = holder.renewalBody(csr, "renew");
        if (keyAlgorithm != null) {
            body.put("keyAlgorithm", keyAlgorithm);
        }
        return holder.client.post("/v1/renewals", body, holder.oldKey.getPrivate(), holder.oldCertificate());
    }

    /** A CSR whose SM2 signature uses OpenSSL 3's empty ID: it does not prove possession to a GM verifier. */
    private static String emptyIdCsr(KeyPair key) throws Exception {
        SubjectPublicKeyInfo spki = Issuer.spki(key.getPublic());
        Sm2ContentSigner signer = Sm2ContentSigner.of(spki, new byte[0],
                e -> Sm2.derSignature(GmReference.signDigest(key, e)));
        return Pem.encode(new PKCS10CertificationRequestBuilder(new X500Name(Holder.SUBJECT), spki).build(signer));
    }

    /** The old SM2 key signs the CMS with SHA-256 instead of SM3. */
    private static String signSha256WithSm2(byte[] body, Holder holder) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .setProvider(Sm2Keys.BC).build()).build(new JcaContentSignerBuilder("SHA256withSM2")
                .setProvider(Sm2Keys.BC).build(holder.oldKey.getPrivate()), holder.oldCertificate()));
        generator.addCertificate(new JcaX509CertificateHolder(holder.oldCertificate()));
        return Base64.getEncoder().encodeToString(generator.generate(new CMSProcessableByteArray(body), false)
                .getEncoded("DER"));
    }
}
