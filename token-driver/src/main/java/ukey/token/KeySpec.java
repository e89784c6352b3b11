package ukey.token;

/** The key pairs the token layer generates on a token. */
public enum KeySpec {
    RSA_2048("RSA", 2048),
    RSA_3072("RSA", 3072),
    EC_P256("EC", 256),
    EC_P384("EC", 384);

    private final String algorithm;
    private final int bits;

    KeySpec(String algorithm, int bits) {
        this.algorithm = algorithm;
        this.bits = bits;
    }

    /** "RSA" or "EC". */
    public String algorithm() {
        return algorithm;
    }

    public int bits() {
        return bits;
    }
}
