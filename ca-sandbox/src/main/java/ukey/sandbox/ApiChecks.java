package ukey.sandbox;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;

/** The renewal API's look-ups and checks that every part shares: each throws the {@link Problem} the API defines. */
final class ApiChecks {

    private ApiChecks() {
    }

    static CertRecord known(State state, String certId) {
        CertRecord record = state.certificates.get(certId);
        if (record == null) {
            throw Problem.of(ProblemCode.UNKNOWN_CERTIFICATE, "no certificate " + certId + " at this CA");
        }
        return record;
    }

    static Renewal renewal(State state, String renewalId) {
        Renewal renewal = state.renewals.get(renewalId);
        if (renewal == null) {
            throw Problem.of(ProblemCode.NOT_FOUND, "no renewal " + renewalId);
        }
        return renewal;
    }

    static Challenge challenge(Renewal renewal, String challengeId) {
        if (renewal.challenge == null || !renewal.challenge.id.equals(challengeId)) {
            throw Problem.of(ProblemCode.NOT_FOUND, "renewal " + renewal.id + " has no challenge " + challengeId);
        }
        return renewal.challenge;
    }

    /** valid, not_yet_valid, expired, revoked or superseded. */
    static String status(CertRecord record, Instant now) {
        if (record.state != CertRecord.State.VALID) {
            return record.state.wire();
        }
        if (now.isBefore(record.notBefore)) {
            return "not_yet_valid";
        }
        return now.isBefore(record.notAfter) ? "valid" : "expired";
    }

    static void requireSigner(X509Certificate signer, CertRecord expected, String what) {
        if (expected == null || !Arrays.equals(Certs.der(signer), Certs.der(expected.certificate()))) {
            throw RequestSignature.bad("the request is signed by " + signer.getSubjectX500Principal().getName()
                    + " serial " + Certs.serialHex(signer.getSerialNumber()) + ", not by " + what);
        }
    }

    static void requireUsable(CertRecord record) {
        if (record.state == CertRecord.State.REVOKED) {
            throw Problem.of(ProblemCode.CERT_REVOKED, "the certificate is revoked: " + record.revocationReason);
        }
        if (record.state == CertRecord.State.SUPERSEDED) {
            throw Problem.of(ProblemCode.CERT_SUPERSEDED, "the certificate was renewed as " + record.supersededBy)
                    .with("supersededBy", record.supersededBy);
        }
    }

    static void requireStatus(Renewal renewal, RenewalStatus status) {
        if (renewal.status != status) {
            throw invalidState(renewal);
        }
    }

    static Problem invalidState(Renewal renewal) {
        return Problem.of(ProblemCode.INVALID_STATE, "the renewal is " + renewal.status.wire())
                .with("status", renewal.status.wire());
    }
}
