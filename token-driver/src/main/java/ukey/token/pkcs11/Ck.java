package ukey.token.pkcs11;

/** The PKCS#11 constants this binding uses, with the specification's names. Only this package knows them. */
final class Ck {
    private Ck() {
    }

    // C_Initialize
    static final long CKF_OS_LOCKING_OK = 0x2L;

    // sessions and users
    static final long CKF_RW_SESSION = 0x2L;
    static final long CKF_SERIAL_SESSION = 0x4L;
    static final long CKU_SO = 0L;
    static final long CKU_USER = 1L;

    // token flags
    static final long CKF_LOGIN_REQUIRED = 0x4L;
    static final long CKF_TOKEN_INITIALIZED = 0x400L;
    static final long CKF_USER_PIN_COUNT_LOW = 0x10000L;
    static final long CKF_USER_PIN_FINAL_TRY = 0x20000L;
    static final long CKF_USER_PIN_LOCKED = 0x40000L;
    static final long CKF_USER_PIN_TO_BE_CHANGED = 0x80000L;
    static final long CKF_SO_PIN_COUNT_LOW = 0x100000L;
    static final long CKF_SO_PIN_FINAL_TRY = 0x200000L;
    static final long CKF_SO_PIN_LOCKED = 0x400000L;
    static final long CKF_SO_PIN_TO_BE_CHANGED = 0x800000L;

    // object classes
    static final long CKO_CERTIFICATE = 1L;
    static final long CKO_PUBLIC_KEY = 2L;
    static final long CKO_PRIVATE_KEY = 3L;

    // key and certificate types
    static final long CKK_RSA = 0L;
    static final long CKK_EC = 3L;
    static final long CKC_X_509 = 0L;

    // attributes
    static final long CKA_CLASS = 0x0L;
    static final long CKA_TOKEN = 0x1L;
    static final long CKA_PRIVATE = 0x2L;
    static final long CKA_LABEL = 0x3L;
    static final long CKA_VALUE = 0x11L;
    static final long CKA_CERTIFICATE_TYPE = 0x80L;
    static final long CKA_ISSUER = 0x81L;
    static final long CKA_SERIAL_NUMBER = 0x82L;
    static final long CKA_KEY_TYPE = 0x100L;
    static final long CKA_SUBJECT = 0x101L;
    static final long CKA_ID = 0x102L;
    static final long CKA_SENSITIVE = 0x103L;
    static final long CKA_ENCRYPT = 0x104L;
    static final long CKA_DECRYPT = 0x105L;
    static final long CKA_WRAP = 0x106L;
    static final long CKA_UNWRAP = 0x107L;
    static final long CKA_SIGN = 0x108L;
    static final long CKA_VERIFY = 0x10AL;
    static final long CKA_DERIVE = 0x10CL;
    static final long CKA_MODULUS = 0x120L;
    static final long CKA_MODULUS_BITS = 0x121L;
    static final long CKA_PUBLIC_EXPONENT = 0x122L;
    static final long CKA_EXTRACTABLE = 0x162L;
    static final long CKA_NEVER_EXTRACTABLE = 0x164L;
    static final long CKA_ALWAYS_SENSITIVE = 0x165L;
    static final long CKA_MODIFIABLE = 0x170L;
    static final long CKA_EC_PARAMS = 0x180L;
    static final long CKA_EC_POINT = 0x181L;

    /** What C_GetAttributeValue puts in ulValueLen for an attribute it cannot give. */
    static final long CK_UNAVAILABLE_INFORMATION = -1L;

    // mechanisms
    static final long CKM_RSA_PKCS_KEY_PAIR_GEN = 0x0L;
    static final long CKM_RSA_PKCS = 0x1L;
    static final long CKM_EC_KEY_PAIR_GEN = 0x1040L;
    static final long CKM_ECDSA = 0x1041L;
}
