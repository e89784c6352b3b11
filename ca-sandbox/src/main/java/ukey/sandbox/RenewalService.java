package ukey.sandbox;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The renewal API's transaction rules: starting a renewal (POST /v1/renewals) and ending it (confirm, refuse or
 * abandon).
 * Validation comes before any change, so a thrown {@link Problem} leaves the state as it was. The challenge, the
 * issuance and the seals are parts of their own ({@link Challenges}, {@link Issuance}, {@link SealService}).
 */
final class RenewalService {

    private final CertifiedAlgorithms algorithms;
    private final Challenges challenges;
    private final Issuance issuance;
    private final Clock clock;

    RenewalService(CertifiedAlgorithms algorithms, Challenges challenges, Issuance issuance, Clock clock) {
        this.algorithms = algorithms;
        this.challenges = challenges;
        this.issuance = issuance;
        this.clock = clock;
    }

    // ---- POST /v1/renewals

    ApiResponse start(State state, ApiRequest request) {
        JsonNode body = request.json();
        String certId = ApiRequest.text(body, "certId");
        String csrPem = ApiRequest.text(body, "csr");
        String mode = ApiRequest.text(body, "mode");
        if (!mode.equals("renew") && !mode.equals("repair")) {
            throw Problem.of(ProblemCode.BAD_REQUEST, "mode must be renew or repair, not " + mode);
        }
        String keyAlgorithm = body.hasNonNull("keyAlgorithm") ? ApiRequest.text(body, "keyAlgorithm") : null;
        X509Certificate signer = RequestSignature.verify(request.signature(), request.body());
        CertRecord old = ApiChecks.known(state, certId);
        ApiChecks.requireSigner(signer, old, "the certificate named by certId");
        ApiChecks.requireUsable(old);
        Instant now = clock.instant();
        requireTimely(state.settings, old, mode, now);
        Order order = approvedOrder(state, old, mode);
        PKCS10CertificationRequest csr = checkCsr(state, csrPem, old, keyAlgorithm);

        replaceUnfinished(state, order, now);
        Renewal renewal = new Renewal();
        renewal.id = "rnw_" + RandomIds.hex(12);
        renewal.certId = certId;
        renewal.orderId = order.id;
        renewal.mode = mode;
        renewal.csr = csrPem;
        renewal.keySha256 = Certs.keySha256(csr.getSubjectPublicKeyInfo());
        renewal.sameKey = renewal.keySha256.equals(old.keySha256);
        renewal.idempotencyKey = request.idempotencyKey();
        renewal.createdAt = now;
        renewal.updatedAt = now;
        state.renewals.put(renewal.id, renewal);
        order.renewalId = renewal.id;
        order.updatedAt = now;
        if (state.settings.sms) {
            challenges.open(state, renewal, order, old);
        } else {
            issuance.start(state, renewal, order);
        }
        return ApiViews.renewal(state, renewal, 201).header("Location", "/v1/renewals/" + renewal.id);
    }

    /** Renew only inside the renewal window of a certificate that has not expired; repair only an expired one. */
    private static void requireTimely(Settings settings, CertRecord old, String mode, Instant now) {
        boolean expired = !now.isBefore(old.notAfter);
        if (mode.equals("renew") && expired) {
            throw Problem.of(ProblemCode.CERT_EXPIRED, "the certificate expired at " + old.notAfter
                    + "; renew is not possible, repair is").with("notAfter", old.notAfter)
                    .arg("notAfterDate", old.notAfter);
        }
        Instant windowStart = old.notAfter.minus(Duration.ofDays(settings.windowDays));
        if (mode.equals("renew") && now.isBefore(windowStart)) {
            throw Problem.of(ProblemCode.RENEWAL_WINDOW_NOT_OPEN, "renewal opens at " + windowStart)
                    .with("windowDays", settings.windowDays).with("windowStart", windowStart)
                    .with("windowEnd", old.notAfter).arg("windowStartDate", windowStart);
        }
        if (mode.equals("repair") && !expired) {
            throw Problem.of(ProblemCode.REPAIR_NOT_APPLICABLE, "the certificate is valid until " + old.notAfter);
        }
    }

    /** The certificate's open order when it is approved (or issuing) for this mode. */
    private static Order approvedOrder(State state, CertRecord old, String mode) {
        Order order = state.latestOrder(old.certId).orElse(null);
        if (order != null && order.mode.equals(mode)
                && (order.status == OrderStatus.APPROVED || order.status == OrderStatus.ISSUING)) {
            return order;
        }
        boolean repair = mode.equals("repair");
        String detail = order == null ? "the certificate has no order"
                : "the certificate's latest order is a " + order.mode + " order, " + order.status.wire();
        throw Problem.of(ProblemCode.NO_APPROVED_ORDER, detail)
                .with("orderStatus", order == null ? "none" : order.status.wire())
                .arg("orderKindZh", repair ? "证书修复" : "证书更新")
                .arg("orderKindEn", repair ? "repair" : "renewal")
                .arg("orderStatusZh", order == null ? "无订单"
                        : (order.mode.equals("repair") ? "修复订单" : "更新订单") + order.status.zh())
                .arg("orderStatusEn", order == null ? "no order" : order.mode + " order " + order.status.wire());
    }

    private PKCS10CertificationRequest checkCsr(State state, String csrPem, CertRecord old, String keyAlgorithm) {
        PKCS10CertificationRequest csr;
        try {
            csr = Pem.csr(csrPem);
        } catch (IllegalArgumentException e) {
            throw Problem.of(ProblemCode.BAD_CSR, "csr: " + e.getMessage());
        }
        SubjectPublicKeyInfo key = csr.getSubjectPublicKeyInfo();
        if (!algorithms.certifies(key)) {
            throw Problem.of(ProblemCode.UNSUPPORTED_ALGORITHM, "the CSR's key is " + Certs.describeKey(key))
                    .with("algorithm", Certs.describeKey(key))
                    .with("supported", String.join(", ", algorithms.names()));
        }
        if (keyAlgorithm != null && !keyAlgorithm.equals(Certs.keyAlgorithm(key))) {
            throw Problem.of(ProblemCode.BAD_REQUEST, "keyAlgorithm is " + keyAlgorithm + " but the CSR's key is "
                    + Certs.keyAlgorithm(key));
        }
        if (!SignatureChecks.provesPossession(csr)) {
            throw Problem.of(ProblemCode.BAD_POP, "the CSR's signature does not verify with the CSR's public key");
        }
        X500Name oldSubject = Certs.holder(old.certificate()).getSubject();
        if (!BCStyle.INSTANCE.areEqual(oldSubject, csr.getSubject())) {
            throw Problem.of(ProblemCode.SUBJECT_MISMATCH, "the CSR's subject \"" + csr.getSubject()
                    + "\" differs from the certificate's \"" + old.subject + "\"")
                    .with("expectedSubject", old.subject);
        }
        requireNewKeyAllowed(state, Certs.keySha256(key), old);
        return csr;
    }

    /** The key policy, and a key no other certificate of this CA holds. */
    private static void requireNewKeyAllowed(State state, String keySha256, CertRecord old) {
        boolean sameKey = keySha256.equals(old.keySha256);
        if (sameKey && state.settings.keyPolicy == KeyPolicy.NEW_REQUIRED) {
            throw Problem.of(ProblemCode.KEY_REUSE_FORBIDDEN,
                    "the CSR's key is the certificate's own key and the key policy is new-required");
        }
        // earlier attempts at renewing this certificate do not count: a client may retry with the key it made
        boolean certifiedBefore = state.certificates.values().stream()
                .anyMatch(c -> c.keySha256.equals(keySha256) && !c.certId.equals(old.certId)
                        && !old.certId.equals(c.renews));
        if (!sameKey && certifiedBefore) {
            throw Problem.of(ProblemCode.KEY_REUSE_FORBIDDEN, "the CSR's key is already certified by this CA");
        }
    }

    /** A new renewal for an order ends an unfinished one: its journal may be lost, its key with it. */
    private static void replaceUnfinished(State state, Order order, Instant now) {
        Renewal previous = order.renewalId == null ? null : state.renewals.get(order.renewalId);
        if (previous == null || previous.status.isFinal()) {
            return;
        }
        previous.status = RenewalStatus.EXPIRED;
        previous.reason = "replaced by a new renewal of the same order";
        previous.updatedAt = now;
        if (previous.newCertId != null) {
            state.certificates.get(previous.newCertId).revoke("issued for a replaced renewal", now);
        }
    }

    // ---- POST /v1/renewals/{id}/confirm

    ApiResponse confirm(State state, ApiRequest request, String renewalId) {
        JsonNode body = request.json();
        request.requireEcho(body, "renewalId", renewalId);
        String sha256 = ApiRequest.text(body, "certificateSha256").toLowerCase(Locale.ROOT);
        JsonNode accepted = body.get("accepted");
        if (accepted == null || !accepted.isBoolean()) {
            throw Problem.of(ProblemCode.BAD_REQUEST, "accepted must be true or false");
        }
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() : null;
        Renewal renewal = ApiChecks.renewal(state, renewalId);
        X509Certificate signer = RequestSignature.verify(request.signature(), request.body());
        CertRecord issued = renewal.newCertId == null ? null : state.certificates.get(renewal.newCertId);
        return accepted.booleanValue() ? accept(state, renewal, signer, issued, sha256)
                : refuse(state, renewal, signer, issued, reason);
    }

    /** The client has the new certificate on its key: the old one is superseded, the order done. */
    private ApiResponse accept(State state, Renewal renewal, X509Certificate signer, CertRecord issued,
                               String sha256) {
        if (issued == null) {
            throw ApiChecks.invalidState(renewal);
        }
        ApiChecks.requireSigner(signer, issued, "the new certificate (confirm is signed with the new key)");
        if (!sha256.equals(issued.sha256)) {
            throw Problem.of(ProblemCode.CERTIFICATE_MISMATCH, "certificateSha256 is not the SHA-256 of the "
                    + "issued certificate's DER").with("expectedSha256", issued.sha256);
        }
        if (renewal.status == RenewalStatus.CONFIRMED) {
            return ApiViews.renewal(state, renewal, 200);
        }
        ApiChecks.requireStatus(renewal, RenewalStatus.ISSUED);
        Instant now = clock.instant();
        renewal.status = RenewalStatus.CONFIRMED;
        renewal.updatedAt = now;
        CertRecord old = state.certificates.get(renewal.certId);
        old.state = CertRecord.State.SUPERSEDED;
        old.supersededBy = issued.certId;
        Order order = state.orders.get(renewal.orderId);
        order.status = OrderStatus.DONE;
        order.updatedAt = now;
        return ApiViews.renewal(state, renewal, 200);
    }

    /** The client refused the certificate (signed by the old key or the new): revoked, the order open again. */
    private ApiResponse refuse(State state, Renewal renewal, X509Certificate signer, CertRecord issued,
                               String reason) {
        CertRecord old = state.certificates.get(renewal.certId);
        boolean byOld = Arrays.equals(Certs.der(signer), Certs.der(old.certificate()));
        if (!byOld) {
            ApiChecks.requireSigner(signer, issued, "the old or the new certificate");
        }
        if (renewal.status == RenewalStatus.REJECTED) {
            return ApiViews.renewal(state, renewal, 200);
        }
        ApiChecks.requireStatus(renewal, RenewalStatus.ISSUED);
        Instant now = clock.instant();
        renewal.status = RenewalStatus.REJECTED;
        renewal.reason = reason == null ? "refused by the client" : reason;
        renewal.updatedAt = now;
        issued.revoke("refused by the client: " + renewal.reason, now);
        Order order = state.orders.get(renewal.orderId);
        order.status = OrderStatus.APPROVED;
        order.updatedAt = now;
        return ApiViews.renewal(state, renewal, 200);
    }

    // ---- POST /v1/renewals/{id}/abandon

    /**
     * The holder gives the renewal up before confirming it: signed by the renewed (old) certificate. A certificate
     * issued for it is revoked and the order is approved again, so a new renewal can start.
     */
    ApiResponse abandon(State state, ApiRequest request, String renewalId) {
        JsonNode body = request.json();
        request.requireEcho(body, "renewalId", renewalId);
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() : "abandoned by the holder";
        Renewal renewal = ApiChecks.renewal(state, renewalId);
        CertRecord old = state.certificates.get(renewal.certId);
        ApiChecks.requireSigner(RequestSignature.verify(request.signature(), request.body()), old,
                "the renewed certificate");
        if (renewal.status == RenewalStatus.ABANDONED) {
            return ApiViews.renewal(state, renewal, 200);
        }
        if (renewal.status != RenewalStatus.PENDING_CHALLENGE && renewal.status != RenewalStatus.PROCESSING
                && renewal.status != RenewalStatus.ISSUED) {
            throw ApiChecks.invalidState(renewal);
        }
        Instant now = clock.instant();
        renewal.status = RenewalStatus.ABANDONED;
        renewal.reason = reason;
        renewal.updatedAt = now;
        if (renewal.newCertId != null) {
            state.certificates.get(renewal.newCertId).revoke(reason, now);
        }
        Order order = state.orders.get(renewal.orderId);
        order.status = OrderStatus.APPROVED;
        order.updatedAt = now;
        return ApiViews.renewal(state, renewal, 200);
    }
}
