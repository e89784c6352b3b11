package ukey.app.renewal.cmp;

import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;

import ukey.app.renewal.CaException;

/**
 * The CA refused over CMP: a rejecting PKIStatusInfo in its answer, or an error message. Keeps the CA's own
 * words (statusString, as the English message: CMP does not say which language it is in) and the names of the
 * failInfo bits, which also appear in {@link #getMessage()} so the journal and the log lose nothing.
 */
public final class CmpRejection extends CaException {

    /** PKIFailureInfo bit names in bit order (RFC 4210 and RFC 9480). */
    private static final List<String> FAILURE_NAMES = List.of("badAlg", "badMessageCheck", "badRequest", "badTime",
            "badCertId", "badDataFormat", "wrongAuthority", "incorrectData", "missingTimeStamp", "badPOP",
            "certRevoked", "certConfirmed", "wrongIntegrity", "badRecipientNonce", "timeNotAvailable",
            "unacceptedPolicy", "unacceptedExtension", "addInfoNotAvailable", "badSenderNonce", "badCertTemplate",
            "signerNotTrusted", "transactionIdInUse", "unsupportedVersion", "notAuthorized", "systemUnavail",
            "systemFailure", "duplicateCertReq");
    private static final List<String> STATUS_NAMES = List.of("accepted", "grantedWithMods", "rejection", "waiting",
            "revocationWarning", "revocationNotification", "keyUpdateWarning");

    private final String status;
    private final List<String> failures;

    private CmpRejection(String code, String status, String text, List<String> failures) {
        super(code, false, null, null, text, null);
        this.status = status;
        this.failures = List.copyOf(failures);
    }

    /**
     * @param code "cmp_rejected" for a rejecting certificate response, "cmp_error" for a CMP error message
     */
    static CmpRejection of(String code, PKIStatusInfo info) {
        return new CmpRejection(code, statusName(info), text(info.getStatusString()), failureNames(info.getFailInfo()));
    }

    /** The PKIStatus by name: "rejection", "waiting", ... */
    public String status() {
        return status;
    }

    /** The failInfo bits by name, e.g. ["badPOP"]; empty when the CA set none. */
    public List<String> failures() {
        return failures;
    }

    @Override
    public String getMessage() {
        return super.getMessage() + " [PKIStatus " + status
                + (failures.isEmpty() ? "" : ", failInfo " + String.join(", ", failures)) + "]";
    }

    static String statusName(PKIStatusInfo info) {
        int value = info.getStatus().intValue();
        return value >= 0 && value < STATUS_NAMES.size() ? STATUS_NAMES.get(value) : "status " + value;
    }

    /** The statusString's parts joined, or null when the CA sent none. */
    static String text(PKIFreeText text) {
        if (text == null || text.size() == 0) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            parts.add(text.getStringAtUTF8(i).getString());
        }
        return String.join("; ", parts);
    }

    static List<String> failureNames(ASN1BitString bits) {
        List<String> names = new ArrayList<>();
        if (bits == null) {
            return names;
        }
        byte[] bytes = bits.getBytes();
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                names.add(bit < FAILURE_NAMES.size() ? FAILURE_NAMES.get(bit) : "bit " + bit);
            }
        }
        return names;
    }
}
