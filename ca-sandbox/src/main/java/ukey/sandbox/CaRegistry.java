package ukey.sandbox;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** The CA administrator's side: first certificates (issued or registered), orders, revocations. */
final class CaRegistry {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final CaKeys ca;
    private final Issuer issuer;
    private final CertifiedAlgorithms algorithms;
    private final SealService seals;
    private final Clock clock;

    CaRegistry(CaKeys ca, Issuer issuer, CertifiedAlgorithms algorithms, SealService seals, Clock clock) {
        this.ca = ca;
        this.issuer = issuer;
        this.algorithms = algorithms;
        this.seals = seals;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /** Records a first certificate (issued by `issue` or registered) and gives it a seal. */
    CertRecord addFirst(State state, X509Certificate certificate, boolean registered) {
        Instant now = now();
        CertRecord record = CertRecord.of(certificate, now);
        record.registered = registered;
        state.certificates.put(record.certId, record);
        seals.bind(state, record, now);
        return record;
    }

    X509Certificate issueFirst(SubjectPublicKeyInfo key, X500Name subject, Instant notBefore, int days,
                               List<String> keyUsage) {
        if (!algorithms.certifies(key)) {
            throw new IllegalArgumentException("the CA does not certify " + Certs.describeKey(key) + " keys; it takes "
                    + String.join(", ", algorithms.names()));
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
            order.id = now.atZone(CHINA).toLocalDate().toString().replace("-", "")
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
}
