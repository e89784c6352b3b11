package ukey.app.renewal.api;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

import com.fasterxml.jackson.databind.JsonNode;

import ukey.app.renewal.CaException;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.RenewalRequest;
import ukey.cert.Fingerprints;

/**
 * The renewal API's own encodings (docs/renewal-api.md): certificate IDs, the CSR, the detached CMS signature of a
 * request body, derived idempotency keys, and reading the CA's JSON answers.
 */
final class ApiMessages {

    /** What an id chosen by the CA may look like (docs/renewal-api.md, Ids). */
    static final String ID = "[A-Za-z0-9._-]{1,64}";

    private ApiMessages() {
    }

    /** certId = base64url(authority key id) "." base64url(serial's DER content octets), no padding. */
    static String certId(X509CertificateHolder certificate) throws CaException {
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(certificate.getExtensions());
        if (aki == null || aki.getKeyIdentifierOctets() == null) {
            throw new CaException("cert_not_renewable", "the certificate has no authority key identifier");
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        BigInteger serial = certificate.getSerialNumber();
        return b64.encodeToString(aki.getKeyIdentifierOctets()) + "." + b64.encodeToString(serial.toByteArray());
    }

    static String csr(RenewalRequest request) throws CaException {
        try {
            byte[] der = new PKCS10CertificationRequestBuilder(request.current().getSubject(), request.newPublicKey())
                    .build(request.newKey()).getEncoded();
            return Pem.encode("CERTIFICATE REQUEST", der);
        } catch (IOException | RuntimeException e) {
            throw new CaException("csr_failed", false, null, null, "the certificate request could not be signed: "
                    + e.getMessage(), e);
        }
    }

    /** The detached CMS signature of the exact body bytes, by a key on the token, with its certificate. */
    static String sign(byte[] body, ContentSigner signer, X509CertificateHolder certificate)
            throws CaException {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build()).build(signer, certificate));
            generator.addCertificate(certificate);
            return Base64.getEncoder().encodeToString(
                    generator.generate(new CMSProcessableByteArray(body), false).getEncoded());
        } catch (CMSException | OperatorCreationException | IOException | RuntimeException e) {
            throw new CaException("signing_failed", false, null, null, "the request could not be signed on the key: "
                    + e.getMessage(), e);
        }
    }

    static String derivedKey(RenewalRequest request, String purpose) {
        return UUID.nameUUIDFromBytes((request.idempotencyKey() + "/" + purpose).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    static CaProgress progress(JsonNode renewal) throws CaException {
        String status = required(renewal, "status");
        Duration retryAfter = Duration.ofSeconds(renewal.path("retryAfterSeconds").asLong(2));
        return switch (status) {
            case "pending_challenge" -> {
                CaProgress.Challenge challenge = null;
                for (JsonNode c : renewal.path("challenges")) {
                    if (!c.path("status").asText().equals("passed")) {
                        challenge = new CaProgress.Challenge(id(c, "id"), c.path("type").asText("sms"),
                                c.path("phone").asText(""), instant(c, "expiresAt"), c.path("attemptsLeft").asInt(-1));
                        break;
                    }
                }
                if (challenge == null) {
                    throw CaException.badResponse("pending_challenge without a pending challenge", null);
                }
                yield new CaProgress(CaProgress.Status.PENDING_CHALLENGE, retryAfter, Optional.of(challenge),
                        Optional.empty());
            }
            case "processing" -> new CaProgress(CaProgress.Status.PROCESSING, retryAfter, Optional.empty(),
                    Optional.empty());
            case "issued", "confirmed" -> CaProgress.of(CaProgress.Status.ISSUED);
            case "rejected", "expired", "abandoned" -> new CaProgress(CaProgress.Status.REJECTED, retryAfter,
                    Optional.empty(), Optional.of(new CaException("renewal_" + status, false, null, null,
                            renewal.path("reason").asText(status), null)));
            default -> throw CaException.badResponse("unknown renewal status " + status, null);
        };
    }

    static String required(JsonNode node, String field) throws CaException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw CaException.badResponse("the CA's answer lacks " + field, null);
        }
        return value.asText();
    }

    /**
     * An id the CA chose (renewalId, challengeId, sealId): it goes into the paths of later requests, so anything
     * but a plain id of the API's characters ({@value #ID}) is refused, never sent on.
     */
    static String id(JsonNode node, String field) throws CaException {
        String value = required(node, field);
        if (!value.matches(ID)) {
            throw CaException.badResponse("the CA's " + field + " is not an id of " + ID + ": refused", null);
        }
        return value;
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? Optional.empty()
                : Optional.of(value.asText());
    }

    static Optional<Instant> instant(JsonNode node, String field) {
        try {
            return text(node, field).map(Instant::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static String sha256(X509CertificateHolder certificate) throws CaException {
        try {
            return Fingerprints.sha256(certificate.getEncoded());
        } catch (IOException e) {
            throw CaException.badResponse("the certificate does not encode", e);
        }
    }
}
