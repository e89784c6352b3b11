package ukey.app.renewal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import ukey.cert.Fingerprints;
import ukey.token.Token;
import ukey.token.TokenCertificate;
import ukey.token.TokenException;
import ukey.token.TokenInfo;

/**
 * What binds a journal to its key: the library, the token's label and serial, and the old certificate (by its
 * SHA-256) with the reference of its key (PKCS#11: CKA_ID; SKF: the container). The engine checks it before
 * anything is written to the token or destroyed on it, so that a journal never acts on a key it was not written
 * for: another token with the same serial, a token re-initialised since, or a certificate now beside another key.
 */
final class KeyBinding {

    /** Whether the old certificate is still on the token (it is gone once a signing-only one was retired). */
    enum OldCertificate { PRESENT, GONE }

    private KeyBinding() {
    }

    /**
     * @return whether the old certificate is there; when it is, it is beside the key the journal names
     * @throws RenewalException JOURNAL_MISMATCH when the token is another one, or the old certificate sits beside
     *                          another key than the journal's
     */
    static OldCertificate check(RenewalJournal journal, Token token, RenewalTokenSteps.Backend keys)
            throws RenewalException {
        try {
            TokenInfo info = token.info();
            if (!journal.tokenSerial().equals(info.serial())) {
                throw mismatch("the token's serial is " + info.serial() + ", the journal's " + journal.tokenSerial());
            }
            if (journal.tokenLabel() != null && !journal.tokenLabel().equals(info.label())) {
                throw mismatch("the token's label is \"" + info.label() + "\", the journal's \""
                        + journal.tokenLabel() + "\"");
            }
            if (journal.library() != null && !sameLibrary(journal.library(), info.library())) {
                throw mismatch("the token is seen through " + info.library() + ", the journal's library is "
                        + journal.library());
            }
            String sha256 = journal.currentSha256();
            for (TokenCertificate certificate : token.certificates()) {
                if (Fingerprints.sha256(certificate.value()).equals(sha256)) {
                    String key = keys.keyOf(certificate);
                    if (!key.equals(journal.currentKey())) {
                        throw mismatch("the old certificate is beside key " + key + ", the journal names key "
                                + journal.currentKey());
                    }
                    return OldCertificate.PRESENT;
                }
            }
            return OldCertificate.GONE;
        } catch (TokenException e) {
            throw RenewalException.of(e);
        }
    }

    /** Before the old key is retired the old certificate must be there. */
    static void requirePresent(RenewalJournal journal, Token token, RenewalTokenSteps.Backend keys)
            throws RenewalException {
        if (check(journal, token, keys) == OldCertificate.GONE) {
            throw mismatch("the old certificate (SHA-256 " + journal.currentSha256() + ") is no longer on the token");
        }
    }

    static RenewalException mismatch(String detail) {
        return new RenewalException(RenewalError.JOURNAL_MISMATCH, detail);
    }

    /** The same library file, however it was named (a link, another spelling of the path). */
    private static boolean sameLibrary(String recorded, String now) {
        if (recorded.equals(now)) {
            return true;
        }
        try {
            Path a = Path.of(recorded);
            Path b = Path.of(now);
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException | InvalidPathException e) {
            return false;
        }
    }
}
