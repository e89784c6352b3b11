package ukey.token;

/**
 * One inserted, initialised token as its library describes it.
 *
 * @param label        the token label (e.g. the holder's name on many CA keys)
 * @param manufacturer manufacturer ID
 * @param model        model
 * @param serial       serial number: with {@code library}, what identifies a key across insertions
 * @param firmware     firmware version "major.minor"
 * @param library      path of the PKCS#11 library that sees this token
 * @param userPin      the user PIN's state
 * @param soPin        the security officer (administrator) PIN's state
 */
public record TokenInfo(String label, String manufacturer, String model, String serial, String firmware,
                        String library, PinState userPin, PinState soPin) {

    /** The key that stays the same while the token is inserted, and after it is re-inserted. */
    public String key() {
        return key(library, serial);
    }

    /** {@link #key()} of the token with this serial that this library sees. */
    public static String key(String library, String serial) {
        return library + "#" + serial;
    }
}
