package ukey.sandbox;

import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The renewal API's rules, applied to the state of one transaction. Validation comes before any change, so a
 * thrown {@link Problem} leaves the state as it was; answers that must keep a change (a wrong SMS code counts an
 * attempt) are returned, not thrown.
 */
final class RenewalService {

    static final List<String> ALGORITHMS = List.of("RSA-2048", "RSA-3072", "RSA-4096", "EC-P256", "EC-P384");
    /** an SM2 CA certifies SM2 keys only, each renewal with a KMC encryption pair */
    static final List<String> SM2_ALGORITHMS = List.of("SM2");
    static final int POLL_TIMEOUT_SECONDS = 600;

    private final CaKeys ca;
    private final Issuer issuer;
    private final Kmc kmc;
    private final boolean sm2;
    private final Clock clock;
    private final URI base;
    private final SecureRandom random = new SecureRandom();

    RenewalService(CaKeys ca, Clock clock, URI base) {
        this.ca = ca;
        this.issuer = new Issuer(ca);
        this.kmc = new Kmc(issuer);
        this.sm2 = Sm2Keys.isSm2(ca.issuing().getPublicKey());
        this.clock = clock;
        this.base = base;
    }

    Instant now() {
        return clock.instant();
    }

    /** The key algorithms this CA certifies (the directory's `algorithms`). */
    List<String> algorithms() {
        return sm2 ? SM2_ALGORITHMS : ALGORITHMS;
    }

    private boolean certifies(SubjectPublicKeyInfo key) {
        String algorithm = Certs.keyAlgorithm(key);
        return algorithm != null && algorithms().contains(algorithm);
    }

    // ---- GET /v1/directory, GET /v1/certificates/{certId}

    Map<String, Object> directory(Settings settings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "1");
        body.put("caName", "UKey 沙箱 CA (UKey Sandbox CA)");
        body.put("issuer", ca.issuing().getSubjectX500Principal().getName());
        body.put("algorithms", algorithms());
        if (sm2) {
            body.put("dualCertificates", true);
        }
        body.put("keyPolicy", settings.keyPolicy);
        body.put("renewalWindowDays", settings.windowDays);
        body.put("validityDays", settings.validityDays);
        body.put("challenges", settings.sms ? List.of("sms") : List.of());
        body.put("sealService", settings.sealService);
        body.put("polling", ordered("intervalSeconds", settings.retryAfterSeconds,
                "timeoutSeconds", POLL_TIMEOUT_SECONDS));
        body.put("signature", ordered("header", RequestSignature.HEADER, "format", "cms-detached",
                "digest", sm2 ? "SM3" : "SHA-256"));
        body.put("portalUrl", base.resolve("/portal").toString());
        return body;
    }

    Map<String, Object> certificateStatus(State state, String certId) {
        CertRecord record = known(state, certId);
        Instant now = now();
        Instant windowStart = record.notAfter.minus(Duration.ofDays(state.settings.windowDays));
        String status = status(record, now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("certId", record.certId);
        body.put("serial", record.serial);
        body.put("subject", record.subject);
        body.put("notBefore", record.notBefore);
        body.put("notAfter", record.notAfter);
        body.put("status", status);
        body.put("supersededBy", record.supersededBy);
        body.put("mode", status.equals("expired") ? "repair" : "renew");
        body.put("window", ordered(
                "days", state.settings.windowDays,
                "start", windowStart,
                "end", record.notAfter,
                "open", status.equals("valid") && !now.isBefore(windowStart)));
        body.put("order", state.latestOrder(certId).map(this::orderView).orElse(null));
        body.put("orderUrl", base.resolve("/portal?certId=" + certId).toString());
        return body;
    }

    /** valid, not_yet_valid, expired, revoked or superseded. */
    private static String status(CertRecord record, Instant now) {
        if (record.state != CertRecord.State.VALID) {
            return record.state.wire();
        }
        if (now.isBefore(record.notBefore)) {
            return "not_yet_valid";
        }
        return now.isBefore(record.notAfter) ? "valid" : "expired";
    }

    Map<String, Object> orderView(Order order) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", order.id);
        view.put("certId", order.certId);
        view.put("mode", order.mode);
        view.put("status", order.status);
        view.put("statusText", order.status.zh());
        view.put("renewalId", order.renewalId);
        view.put("createdAt", order.createdAt);
        view.put("updatedAt", order.updatedAt);
        return view;
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
        CertRecord old = known(state, certId);
        requireSigner(signer, old, "the certificate named by certId");
        requireUsable(old);
        Settings settings = state.settings;
        Instant now = now();
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
        Order order = approvedOrder(state, old, mode);
        PKCS10CertificationRequest csr = checkCsr(state, csrPem, old, keyAlgorithm);
        boolean sameKey = Certs.keySha256(csr.getSubjectPublicKeyInfo()).equals(old.keySha256);

        replaceUnfinished(state, order, now);
        Renewal renewal = new Renewal();
        renewal.id = "rnw_" + randomHex(12);
        renewal.certId = certId;
        renewal.orderId = order.id;
        renewal.mode = mode;
        renewal.csr = csrPem;
        renewal.keySha256 = Certs.keySha256(csr.getSubjectPublicKeyInfo());
        renewal.sameKey = sameKey;
        renewal.idempotencyKey = request.idempotencyKey();
        renewal.createdAt = now;
        renewal.updatedAt = now;
        state.renewals.put(renewal.id, renewal);
        order.renewalId = renewal.id;
        order.updatedAt = now;
        if (settings.sms) {
            renewal.status = RenewalStatus.PENDING_CHALLENGE;
            Challenge challenge = new Challenge();
            challenge.id = "sms-" + randomHex(4);
            challenge.phone = order.phone;
            renewal.challenge = challenge;
            sendCode(state, renewal, old);
        } else {
            startProcessing(state, renewal, order);
        }
        return view(state, renewal, 201).header("Location", "/v1/renewals/" + renewal.id);
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
        if (!certifies(key)) {
            throw Problem.of(ProblemCode.UNSUPPORTED_ALGORITHM, "the CSR's key is " + Certs.describeKey(key))
                    .with("algorithm", Certs.describeKey(key)).with("supported", String.join(", ", algorithms()));
        }
        if (keyAlgorithm != null && !keyAlgorithm.equals(Certs.keyAlgorithm(key))) {
            throw Problem.of(ProblemCode.BAD_REQUEST, "keyAlgorithm is " + keyAlgorithm + " but the CSR's key is "
                    + Certs.keyAlgorithm(key));
        }
        boolean possession = SignatureChecks.provesPossession(csr);
        if (!possession) {
            throw Problem.of(ProblemCode.BAD_POP, "the CSR's signature does not verify with the CSR's public key");
        }
        X500Name oldSubject = Certs.holder(old.certificate()).getSubject();
        if (!BCStyle.INSTANCE.areEqual(oldSubject, csr.getSubject())) {
            throw Problem.of(ProblemCode.SUBJECT_MISMATCH, "the CSR's subject \"" + csr.getSubject()
                    + "\" differs from the certificate's \"" + old.subject + "\"")
                    .with("expectedSubject", old.subject);
        }
        String keySha256 = Certs.keySha256(key);
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
        return csr;
    }

    /** A new renewal for an order ends an unfinished one: its journal may be lost, its key with it. */
    private void replaceUnfinished(State state, Order order, Instant now) {
        Renewal previous = order.renewalId == null ? null : state.renewals.get(order.renewalId);
        if (previous == null || previous.status.isFinal()) {
            return;
        }
        previous.status = RenewalStatus.EXPIRED;
        previous.reason = "replaced by a new renewal of the same order";
        previous.updatedAt = now;
        if (previous.newCertId != null) {
            revoke(state.certificates.get(previous.newCertId), "issued for a replaced renewal", now);
        }
    }

    // ---- challenges

    ApiResponse answer(State state, ApiRequest request, String renewalId, String challengeId) {
        JsonNode body = request.json();
        request.requireEcho(body, "renewalId", renewalId);
        request.requireEcho(body, "challengeId", challengeId);
        String code = ApiRequest.text(body, "code");
        Renewal renewal = renewal(state, renewalId);
        requireSigner(RequestSignature.verify(request.signature(), request.body()),
                state.certificates.get(renewal.certId), "the renewed certificate");
        Challenge challenge = challenge(renewal, challengeId);
        if (challenge.status.equals("passed")) {
            return view(state, renewal, 200);
        }
        requireStatus(renewal, RenewalStatus.PENDING_CHALLENGE);
        Instant now = now();
        if (!now.isBefore(challenge.expiresAt) || challenge.attemptsLeft <= 0) {
            throw Problem.of(ProblemCode.CHALLENGE_EXPIRED, challenge.attemptsLeft <= 0
                    ? "no attempts left for this code; ask for a new one (resend)"
                    : "the code expired at " + challenge.expiresAt + "; ask for a new one (resend)");
        }
        if (!code.equals(challenge.code)) {
            challenge.attemptsLeft--;
            renewal.updatedAt = now;
            Problem problem = Problem.of(ProblemCode.CHALLENGE_FAILED, "wrong code; "
                    + challenge.attemptsLeft + " attempts left").with("attemptsLeft", challenge.attemptsLeft);
            if (challenge.attemptsLeft == 0) {
                problem.message("短信验证码不正确，错误次数已达上限。请重新获取验证码后输入。",
                        "The SMS code is wrong and no attempts are left. Ask for a new code and enter it.");
            }
            return problem.response(request.path());
        }
        challenge.status = "passed";
        startProcessing(state, renewal, state.orders.get(renewal.orderId));
        return view(state, renewal, 200);
    }

    ApiResponse resend(State state, ApiRequest request, String renewalId, String challengeId) {
        JsonNode body = request.json();
        request.requireEcho(body, "renewalId", renewalId);
        request.requireEcho(body, "challengeId", challengeId);
        Renewal renewal = renewal(state, renewalId);
        CertRecord old = state.certificates.get(renewal.certId);
        requireSigner(RequestSignature.verify(request.signature(), request.body()), old, "the renewed certificate");
        Challenge challenge = challenge(renewal, challengeId);
        requireStatus(renewal, RenewalStatus.PENDING_CHALLENGE);
        long wait = Duration.between(now(), challenge.sentAt.plusSeconds(state.settings.smsResendSeconds))
                .toMillis();
        if (wait > 0) {
            int seconds = (int) ((wait + 999) / 1000);
            throw Problem.of(ProblemCode.RATE_LIMITED, "a new code can be sent in " + seconds + " s")
                    .retryAfter(seconds);
        }
        sendCode(state, renewal, old);
        return view(state, renewal, 200);
    }

    private void sendCode(State state, Renewal renewal, CertRecord certificate) {
        Challenge challenge = renewal.challenge;
        Instant now = now();
        int ttl = state.settings.smsCodeTtlSeconds;
        challenge.code = String.format("%06d", random.nextInt(1_000_000));
        challenge.sentAt = now;
        challenge.expiresAt = now.plusSeconds(ttl);
        challenge.attemptsLeft = state.settings.smsAttempts;
        renewal.updatedAt = now;
        SmsMessage message = new SmsMessage();
        message.sentAt = now;
        message.phone = challenge.phone;
        message.code = challenge.code;
        message.renewalId = renewal.id;
        message.challengeId = challenge.id;
        message.certId = renewal.certId;
        message.text = "【UKey 沙箱 CA】您正在" + ("repair".equals(renewal.mode) ? "修复" : "更新") + "证书（"
                + commonName(certificate.subject) + "），验证码 " + challenge.code + "，" + Math.max(1, ttl / 60)
                + " 分钟内有效。请勿告诉他人。";
        state.outbox.add(message);
    }

    /** Makes every pending SMS code expire now (an admin action for tests). */
    void expireCodes(State state) {
        Instant now = now();
        state.renewals.values().stream()
                .filter(r -> r.status == RenewalStatus.PENDING_CHALLENGE && r.challenge != null)
                .forEach(r -> r.challenge.expiresAt = now);
    }

    // ---- processing, polling, the certificate

    private void startProcessing(State state, Renewal renewal, Order order) {
        Instant now = now();
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
        Renewal renewal = renewal(state, renewalId);
        if (renewal.status == RenewalStatus.PROCESSING) {
            if (renewal.pollsLeft > 0) {
                renewal.pollsLeft--;
            } else {
                issue(state, renewal);
            }
        }
        return view(state, renewal, 200);
    }

    private void issue(State state, Renewal renewal) {
        CertRecord old = state.certificates.get(renewal.certId);
        X509Certificate oldCertificate = old.certificate();
        Instant now = now();
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
            renewal.envelope = java.util.Base64.getEncoder().encodeToString(pair.envelope());
        }
        CertRecord record = record(issued, now);
        record.renews = old.certId;
        state.certificates.put(record.certId, record);
        renewal.newCertId = record.certId;
        renewal.status = RenewalStatus.ISSUED;
        renewal.updatedAt = now;
    }

    ApiResponse certificate(State state, String renewalId) {
        Renewal renewal = renewal(state, renewalId);
        if (renewal.status == RenewalStatus.PROCESSING) {
            throw Problem.of(ProblemCode.CERTIFICATE_NOT_READY, "the renewal is processing")
                    .retryAfter(state.settings.retryAfterSeconds);
        }
        if (renewal.status != RenewalStatus.ISSUED && renewal.status != RenewalStatus.CONFIRMED) {
            throw invalidState(renewal);
        }
        X509Certificate real = state.certificates.get(renewal.newCertId).certificate();
        Issuer.Answer answer = issuer.answer(real, state.settings.faults.hostileCertificate);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("renewalId", renewal.id);
        body.put("certificate", answer.certificatePem());
        body.put("chain", answer.chain().stream().map(Pem::encode).toList());
        if (renewal.envelope != null) {
            body.put("csrResponse", Kmc.csrResponse(answer.certificateDer(), new Kmc.EncryptionPair(
                    Pem.certificate(renewal.encryptionCertificate),
                    java.util.Base64.getDecoder().decode(renewal.envelope))));
        }
        if (state.settings.faults.hostileCertificate == HostileCertificate.HUGE_ANSWER) {
            body.put("padding", "0".repeat(2 << 20)); // 2 MiB: more than a client reads
        }
        return ApiResponse.json(200, body);
    }

    // ---- POST /v1/renewals/{id}/confirm

    ApiResponse confirm(State state, ApiRequest request, String renewalId) {
        JsonNode body = request.json();
        request.requireEcho(body, "renewalId", renewalId);
        String sha256 = ApiRequest.text(body, "certificateSha256").toLowerCase(java.util.Locale.ROOT);
        JsonNode accepted = body.get("accepted");
        if (accepted == null || !accepted.isBoolean()) {
            throw Problem.of(ProblemCode.BAD_REQUEST, "accepted must be true or false");
        }
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() : null;
        Renewal renewal = renewal(state, renewalId);
        X509Certificate signer = RequestSignature.verify(request.signature(), request.body());
        CertRecord old = state.certificates.get(renewal.certId);
        CertRecord issued = renewal.newCertId == null ? null : state.certificates.get(renewal.newCertId);
        Instant now = now();
        if (accepted.booleanValue()) {
            if (issued == null) {
                throw invalidState(renewal);
            }
            requireSigner(signer, issued, "the new certificate (confirm is signed with the new key)");
            if (!sha256.equals(issued.sha256)) {
                throw Problem.of(ProblemCode.CERTIFICATE_MISMATCH, "certificateSha256 is not the SHA-256 of the "
                        + "issued certificate's DER").with("expectedSha256", issued.sha256);
            }
            if (renewal.status == RenewalStatus.CONFIRMED) {
                return view(state, renewal, 200);
            }
            requireStatus(renewal, RenewalStatus.ISSUED);
            renewal.status = RenewalStatus.CONFIRMED;
            renewal.updatedAt = now;
            old.state = CertRecord.State.SUPERSEDED;
            old.supersededBy = issued.certId;
            Order order = state.orders.get(renewal.orderId);
            order.status = OrderStatus.DONE;
            order.updatedAt = now;
            return view(state, renewal, 200);
        }
        boolean byOld = Arrays.equals(Certs.der(signer), Certs.der(old.certificate()));
        if (!byOld) {
            requireSigner(signer, issued, "the old or the new certificate");
        }
        if (renewal.status == RenewalStatus.REJECTED) {
            return view(state, renewal, 200);
        }
        requireStatus(renewal, RenewalStatus.ISSUED);
        renewal.status = RenewalStatus.REJECTED;
        renewal.reason = reason == null ? "refused by the client" : reason;
        renewal.updatedAt = now;
        revoke(issued, "refused by the client: " + renewal.reason, now);
        Order order = state.orders.get(renewal.orderId);
        order.status = OrderStatus.APPROVED;
        order.updatedAt = now;
        return view(state, renewal, 200);
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
        Renewal renewal = renewal(state, renewalId);
        CertRecord old = state.certificates.get(renewal.certId);
        requireSigner(RequestSignature.verify(request.signature(), request.body()), old, "the renewed certificate");
        if (renewal.status == RenewalStatus.ABANDONED) {
            return view(state, renewal, 200);
        }
        if (renewal.status != RenewalStatus.PENDING_CHALLENGE && renewal.status != RenewalStatus.PROCESSING
                && renewal.status != RenewalStatus.ISSUED) {
            throw invalidState(renewal);
        }
        Instant now = now();
        renewal.status = RenewalStatus.ABANDONED;
        renewal.reason = reason;
        renewal.updatedAt = now;
        if (renewal.newCertId != null) {
            revoke(state.certificates.get(renewal.newCertId), reason, now);
        }
        Order order = state.orders.get(renewal.orderId);
        order.status = OrderStatus.APPROVED;
        order.updatedAt = now;
        return view(state, renewal, 200);
    }

    // ---- seals

    Map<String, Object> seals(State state, String certId) {
        requireSealService(state);
        known(state, certId);
        List<Map<String, Object>> seals = new ArrayList<>();
        state.seals.values().stream().filter(s -> s.certId.equals(certId)).forEach(s -> {
            Map<String, Object> view = sealView(s);
            view.put("id", shown(state, s.id));
            seals.add(view);
        });
        return ordered("certId", certId, "seals", seals);
    }

    ApiResponse extendSeal(State state, ApiRequest request, String sealId) {
        requireSealService(state);
        JsonNode body = request.json();
        request.requireEcho(body, "sealId", sealId);
        String certId = ApiRequest.text(body, "certId");
        Seal seal = state.seals.get(sealId);
        if (seal == null) {
            throw Problem.of(ProblemCode.NOT_FOUND, "no seal " + sealId);
        }
        CertRecord target = known(state, certId);
        requireSigner(RequestSignature.verify(request.signature(), request.body()), target,
                "the certificate the seal moves to");
        if (!seal.certId.equals(certId)) {
            if (!status(target, now()).equals("valid") || !succeeds(state, target, seal.certId)) {
                throw Problem.of(ProblemCode.SEAL_NOT_EXTENDABLE, "certificate " + certId
                        + " is not a valid confirmed renewal of the seal's certificate " + seal.certId);
            }
            seal.certId = certId;
            seal.notAfter = target.notAfter;
            seal.status = "extended";
            seal.updatedAt = now();
        }
        return ApiResponse.json(200, sealView(seal));
    }

    /** Whether target replaced `from` through confirmed renewals. */
    private static boolean succeeds(State state, CertRecord target, String from) {
        CertRecord step = state.certificates.get(from);
        while (step != null && step.supersededBy != null) {
            if (step.supersededBy.equals(target.certId)) {
                return true;
            }
            step = state.certificates.get(step.supersededBy);
        }
        return false;
    }

    /** The id an answer shows: the real one, or the hostile one a test asked for (faults.hostileId). */
    private static String shown(State state, String id) {
        String hostile = state.settings.faults.hostileId;
        return hostile == null || hostile.isEmpty() ? id : hostile;
    }

    private static Map<String, Object> sealView(Seal seal) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", seal.id);
        view.put("name", seal.name);
        view.put("certId", seal.certId);
        view.put("notAfter", seal.notAfter);
        view.put("status", seal.status);
        return view;
    }

    private static void requireSealService(State state) {
        if (!state.settings.sealService) {
            throw Problem.of(ProblemCode.SEAL_SERVICE_DISABLED, "the seal service is off");
        }
    }

    // ---- admin: certificates and orders

    CertRecord record(X509Certificate certificate, Instant now) {
        CertRecord record = new CertRecord();
        record.certId = Certs.certId(certificate);
        record.serial = Certs.serialHex(certificate.getSerialNumber());
        record.subject = Certs.holder(certificate).getSubject().toString();
        record.pem = Pem.encode(certificate);
        record.sha256 = Certs.sha256(certificate);
        record.keySha256 = Certs.keySha256(Certs.holder(certificate).getSubjectPublicKeyInfo());
        record.notBefore = certificate.getNotBefore().toInstant();
        record.notAfter = certificate.getNotAfter().toInstant();
        record.recordedAt = now;
        return record;
    }

    /** Records a first certificate (issued by `issue` or registered) and gives it a seal. */
    CertRecord addFirst(State state, X509Certificate certificate, boolean registered) {
        Instant now = now();
        CertRecord record = record(certificate, now);
        record.registered = registered;
        state.certificates.put(record.certId, record);
        if (state.settings.sealService) {
            Seal seal = new Seal();
            seal.id = "seal_" + randomHex(6);
            seal.name = "电子签章（" + commonName(record.subject) + "）";
            seal.certId = record.certId;
            seal.notAfter = record.notAfter;
            seal.updatedAt = now;
            state.seals.put(seal.id, seal);
        }
        return record;
    }

    X509Certificate issueFirst(SubjectPublicKeyInfo key, X500Name subject, Instant notBefore, int days,
                               List<String> keyUsage) {
        if (!certifies(key)) {
            throw new IllegalArgumentException("the CA does not certify " + Certs.describeKey(key) + " keys; it takes "
                    + String.join(", ", algorithms()));
        }
        return issuer.issue(key, subject, notBefore, notBefore.plus(Duration.ofDays(days)),
                List.of(Issuer.keyUsage(keyUsage, key), Issuer.clientAuth()));
    }

    /** Registers a certificate that the issuing CA's key signed elsewhere. */
    X509Certificate checkRegistrable(X509Certificate certificate) {
        if (!SignatureChecks.issuedBy(certificate, ca.issuing())) {
            throw new IllegalArgumentException("the certificate was not issued by this CA ("
                    + ca.issuing().getSubjectX500Principal().getName() + ")");
        }
        if (!Certs.hasAuthorityKeyId(certificate)) {
            throw new IllegalArgumentException("the certificate has no authority key identifier, so it has no certId");
        }
        return certificate;
    }

    Order order(State state, String serialHex, boolean approve, boolean repair, String phone) {
        CertRecord certificate = state.certificateBySerial(serialHex).orElseThrow(() -> new IllegalArgumentException(
                "no certificate with serial " + serialHex + " in this CA; issue one (ca-sandbox issue) or register "
                        + "one (ca-sandbox order --cert PEM)"));
        Instant now = now();
        Order order = state.openOrder(certificate.certId).orElse(null);
        if (order == null) {
            order = new Order();
            order.id = now.atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString().replace("-", "")
                    + "-" + String.format("%04d", state.orders.size() + 1);
            order.certId = certificate.certId;
            order.serial = certificate.serial;
            order.subject = certificate.subject;
            order.mode = repair ? "repair" : "renew";
            order.status = OrderStatus.PENDING_REVIEW;
            order.phone = phone == null ? "13800138000" : phone;
            order.createdAt = now;
            state.orders.put(order.id, order);
        } else if (!order.mode.equals(repair ? "repair" : "renew")) {
            throw new IllegalArgumentException("order " + order.id + " for this certificate is open for "
                    + order.mode + "; close it first (--close)");
        }
        if (approve && order.status == OrderStatus.PENDING_REVIEW) {
            order.status = OrderStatus.APPROVED;
        }
        order.updatedAt = now;
        return order;
    }

    Order closeOrder(State state, String serialHex) {
        CertRecord certificate = state.certificateBySerial(serialHex).orElseThrow(() ->
                new IllegalArgumentException("no certificate with serial " + serialHex));
        Order order = state.openOrder(certificate.certId).orElseThrow(() ->
                new IllegalArgumentException("certificate " + serialHex + " has no open order"));
        order.status = OrderStatus.CLOSED;
        order.updatedAt = now();
        return order;
    }

    void revoke(CertRecord record, String reason, Instant now) {
        record.state = CertRecord.State.REVOKED;
        record.revocationReason = reason;
        record.recordedAt = now;
    }

    // ---- views and checks

    private ApiResponse view(State state, Renewal renewal, int status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", shown(state, renewal.id));
        body.put("certId", renewal.certId);
        body.put("mode", renewal.mode);
        body.put("status", renewal.status);
        body.put("sameKey", renewal.sameKey);
        body.put("order", orderView(state.orders.get(renewal.orderId)));
        List<Map<String, Object>> challenges = new ArrayList<>();
        Challenge challenge = renewal.challenge;
        if (challenge != null) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", shown(state, challenge.id));
            view.put("type", challenge.type);
            view.put("status", challenge.status);
            view.put("phone", maskPhone(challenge.phone));
            view.put("expiresAt", challenge.expiresAt);
            view.put("attemptsLeft", challenge.attemptsLeft);
            view.put("resendAt", challenge.sentAt.plusSeconds(state.settings.smsResendSeconds));
            challenges.add(view);
        }
        body.put("challenges", challenges);
        if (renewal.newCertId != null) {
            CertRecord issued = state.certificates.get(renewal.newCertId);
            body.put("newCertId", issued.certId);
            body.put("notBefore", issued.notBefore);
            body.put("notAfter", issued.notAfter);
        }
        body.put("reason", renewal.reason);
        body.put("createdAt", renewal.createdAt);
        body.put("updatedAt", renewal.updatedAt);
        ApiResponse response = ApiResponse.json(status, body);
        if (renewal.status == RenewalStatus.PROCESSING) {
            body.put("retryAfterSeconds", state.settings.retryAfterSeconds);
            response = ApiResponse.json(status, body)
                    .header("Retry-After", Integer.toString(state.settings.retryAfterSeconds));
        }
        return response;
    }

    private static CertRecord known(State state, String certId) {
        CertRecord record = state.certificates.get(certId);
        if (record == null) {
            throw Problem.of(ProblemCode.UNKNOWN_CERTIFICATE, "no certificate " + certId + " at this CA");
        }
        return record;
    }

    private static Renewal renewal(State state, String renewalId) {
        Renewal renewal = state.renewals.get(renewalId);
        if (renewal == null) {
            throw Problem.of(ProblemCode.NOT_FOUND, "no renewal " + renewalId);
        }
        return renewal;
    }

    private static Challenge challenge(Renewal renewal, String challengeId) {
        if (renewal.challenge == null || !renewal.challenge.id.equals(challengeId)) {
            throw Problem.of(ProblemCode.NOT_FOUND, "renewal " + renewal.id + " has no challenge " + challengeId);
        }
        return renewal.challenge;
    }

    private static void requireSigner(X509Certificate signer, CertRecord expected, String what) {
        if (expected == null || !Arrays.equals(Certs.der(signer), Certs.der(expected.certificate()))) {
            throw RequestSignature.bad("the request is signed by " + signer.getSubjectX500Principal().getName()
                    + " serial " + Certs.serialHex(signer.getSerialNumber()) + ", not by " + what);
        }
    }

    private static void requireUsable(CertRecord record) {
        if (record.state == CertRecord.State.REVOKED) {
            throw Problem.of(ProblemCode.CERT_REVOKED, "the certificate is revoked: " + record.revocationReason);
        }
        if (record.state == CertRecord.State.SUPERSEDED) {
            throw Problem.of(ProblemCode.CERT_SUPERSEDED, "the certificate was renewed as " + record.supersededBy)
                    .with("supersededBy", record.supersededBy);
        }
    }

    private static void requireStatus(Renewal renewal, RenewalStatus status) {
        if (renewal.status != status) {
            throw invalidState(renewal);
        }
    }

    private static Problem invalidState(Renewal renewal) {
        return Problem.of(ProblemCode.INVALID_STATE, "the renewal is " + renewal.status.wire())
                .with("status", renewal.status.wire());
    }

    static String maskPhone(String phone) {
        return phone == null || phone.length() < 7 ? phone
                : phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }

    static String commonName(String subject) {
        X500Name name = new X500Name(subject);
        return name.getRDNs(BCStyle.CN).length > 0
                ? IETFUtils.valueToString(name.getRDNs(BCStyle.CN)[0].getFirst().getValue()) : subject;
    }

    /** A JSON object with its fields in the order given. */
    private static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
