package ukey.sandbox;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A renewal from processing to its certificate: the polls the settings ask for, then the new certificate (for an
 * SM2 key with the KMC's encryption pair), and the answer that carries it (a GM/T 0092 CSRResponse for SM2).
 */
final class Issuance {

    private final Issuer issuer;
    private final Kmc kmc;
    private final Clock clock;

    Issuance(Issuer issuer, Clock clock) {
        this.issuer = issuer;
        this.kmc = new Kmc(issuer);
        this.clock = clock;
    }

    /** The renewal passed its checks (and challenge): the CA is working on it. */
    void start(State state, Renewal renewal, Order order) {
        Instant now = clock.instant();
        renewal.status = RenewalStatus.PROCESSING;
        renewal.pollsLeft = state.settings.pollCount;
        renewal.updatedAt = now;
        order.status = OrderStatus.ISSUING;
        order.updatedAt = now;
        if (renewal.pollsLeft == 0) {
            issue(state, renewal);
        }
    }

    ApiResponse poll(State state, String renewalId) {
        Renewal renewal = ApiChecks.renewal(state, renewalId);
        if (renewal.status == RenewalStatus.PROCESSING) {
            if (renewal.pollsLeft > 0) {
                renewal.pollsLeft--;
            } else {
                issue(state, renewal);
            }
        }
        return ApiViews.renewal(state, renewal, 200);
    }

    private void issue(State state, Renewal renewal) {
        CertRecord old = state.certificates.get(renewal.certId);
        X509Certificate oldCertificate = old.certificate();
        Instant now = clock.instant();
        Duration validity = Duration.ofDays(state.settings.validityDays);
        Instant notAfter = renewal.mode.equals("repair") ? now.plus(validity) : old.notAfter.plus(validity);
        SubjectPublicKeyInfo newKey = Pem.csr(renewal.csr).getSubjectPublicKeyInfo();
        X500Name subject = Certs.holder(oldCertificate).getSubject();
        X509Certificate issued = issuer.issue(newKey, subject, now, notAfter, Issuer.usages(oldCertificate));
        if (Sm2Keys.isSm2(newKey)) {
            Order order = state.orders.get(renewal.orderId);
            Kmc.EncryptionPair pair = kmc.issue(newKey, subject, now, notAfter,
                    order.hostileEnvelope == null ? HostileEnvelope.NONE : order.hostileEnvelope,
                    state.settings.envelopePrivateKeyBytes);
            renewal.encryptionCertificate = Pem.encode(pair.certificate());
            renewal.envelope = Base64.getEncoder().encodeToString(pair.envelope());
        }
        CertRecord record = CertRecord.of(issued, now);
        record.renews = old.certId;
        state.certificates.put(record.certId, record);
        renewal.newCertId = record.certId;
        renewal.status = RenewalStatus.ISSUED;
        renewal.updatedAt = now;
    }

    ApiResponse certificate(State state, String renewalId) {
        Renewal renewal = ApiChecks.renewal(state, renewalId);
        if (renewal.status == RenewalStatus.PROCESSING) {
            throw Problem.of(ProblemCode.CERTIFICATE_NOT_READY, "the renewal is processing")
                    .retryAfter(state.settings.retryAfterSeconds);
        }
        if (renewal.status != RenewalStatus.ISSUED && renewal.status != RenewalStatus.CONFIRMED) {
            throw ApiChecks.invalidState(renewal);
        }
        X509Certificate real = state.certificates.get(renewal.newCertId).certificate();
        Issuer.Answer answer = issuer.answer(real, state.settings.faults.hostileCertificate);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("renewalId", renewal.id);
        body.put("certificate", answer.certificatePem());
        body.put("chain", answer.chain().stream().map(Pem::encode).toList());
        if (renewal.envelope != null) {
            body.put("csrResponse", Kmc.csrResponse(answer.certificateDer(), new Kmc.EncryptionPair(
                    Pem.certificate(renewal.encryptionCertificate), Base64.getDecoder().decode(renewal.envelope))));
        }
        if (state.settings.faults.hostileCertificate == HostileCertificate.HUGE_ANSWER) {
            body.put("padding", "0".repeat(2 << 20)); // 2 MiB: more than a client reads
        }
        return ApiResponse.json(200, body);
    }
}
