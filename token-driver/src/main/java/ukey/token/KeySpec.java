package ukey.token;

/** The key pairs the token layer generates on a token. */
public enum KeySpec {
    RSA_2048("RSA", 2048),
    RSA_3072("RSA", 3072),
    EC_P256("EC", 256),
    EC_P384("EC", 384),
    /** SM2 on sm2p256v1 (GM/T 0003): SKF keys; PKCS#11 has no standard SM2 mechanism. */
    SM2("SM2", 256);

    private final String algorithm;
    private final int bits;

    KeySpec(String algorithm, int bits) {
        this.algorithm = algorithm;
        this.bits = bits;
    }

    /** "RSA", "EC" or "SM2". */
    public String algorithm() {
        return algorithm;
    }

    public int bits() {
        return bits;
    }
}
