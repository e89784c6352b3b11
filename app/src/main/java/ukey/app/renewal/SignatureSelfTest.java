package ukey.app.renewal;

import java.security.SecureRandom;

import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;

import ukey.token.TokenException;

/** The self-test of a new key: it signs a random challenge on the token, and the issued certificate verifies it. */
final class SignatureSelfTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SignatureSelfTest() {
    }

    /**
     * @param signer    the new key on the token
     * @param verifiers the issued certificate's public key
     * @throws RenewalException SELF_TEST_FAILED when the signature does not verify; TOKEN when the token failed
     */
    static void check(ContentSigner signer, ContentVerifierProvider verifiers) throws RenewalException {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        try {
            signer.getOutputStream().write(challenge);
            byte[] signature = signer.getSignature();
            ContentVerifier verifier = verifiers.get(signer.getAlgorithmIdentifier());
            verifier.getOutputStream().write(challenge);
            if (!verifier.verify(signature)) {
                throw new RenewalException(RenewalError.SELF_TEST_FAILED, "the signature does not verify");
            }
        } catch (RenewalException e) {
            throw e;
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof TokenException token) {
                    throw RenewalException.of(token);
                }
            }
            throw new RenewalException(RenewalError.SELF_TEST_FAILED, e.getMessage(), e);
        }
    }
}
