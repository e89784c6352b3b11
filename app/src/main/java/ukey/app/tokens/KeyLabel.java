package ukey.app.tokens;

import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * 修改标签: renames a key, for the command line and the window alike. An SKF key takes any label of up to 32
 * characters (DEVINFO's Label[32]; the library refuses what its code page cannot hold); a PKCS#11 key's label is
 * set only when it is initialised, which wipes it, so the token answers NOT_SUPPORTED and the user is told so.
 */
public final class KeyLabel {

    /** DEVINFO's Label is CHAR[32]. */
    public static final int MAX_LENGTH = 32;

    private KeyLabel() {
    }

    /** The label as it will be written: stripped; refused when empty, too long or with control characters. */
    public static String checked(String label) throws AppException {
        String stripped = label == null ? "" : label.strip();
        if (stripped.isEmpty() || stripped.codePointCount(0, stripped.length()) > MAX_LENGTH
                || stripped.codePoints().anyMatch(Character::isISOControl)) {
            throw new AppException(AppError.LABEL_INVALID, MAX_LENGTH);
        }
        return stripped;
    }

    /**
     * Writes the new label to the key.
     *
     * @param keyName how the key is named in messages
     * @throws AppException LABEL_INVALID, or LABEL_NOT_CHANGEABLE for a key whose label only initialising sets
     */
    public static void rename(Token token, String label, String keyName) throws AppException, TokenException {
        String checked = checked(label);
        try {
            token.setLabel(checked);
        } catch (TokenException e) {
            if (e.error() == TokenError.NOT_SUPPORTED) {
                throw new AppException(AppError.LABEL_NOT_CHANGEABLE, e, null, keyName);
            }
            throw e;
        }
    }
}
