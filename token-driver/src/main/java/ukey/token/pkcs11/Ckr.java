package ukey.token.pkcs11;

import java.util.Map;

import ukey.token.TokenError;
import ukey.token.TokenException;

/** PKCS#11 return values: their names for logs and errors, and what each means to callers. */
final class Ckr {
    private Ckr() {
    }

    static final long CKR_OK = 0x0L;
    static final long CKR_GENERAL_ERROR = 0x5L;
    static final long CKR_ATTRIBUTE_TYPE_INVALID = 0x12L;
    static final long CKR_BUFFER_TOO_SMALL = 0x150L;
    static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191L;
    static final long CKR_USER_ALREADY_LOGGED_IN = 0x100L;
    static final long CKR_USER_NOT_LOGGED_IN = 0x101L;
    static final long CKR_NO_EVENT = 0x8L;

    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(0x0L, "CKR_OK"),
            Map.entry(0x1L, "CKR_CANCEL"),
            Map.entry(0x2L, "CKR_HOST_MEMORY"),
            Map.entry(0x3L, "CKR_SLOT_ID_INVALID"),
            Map.entry(0x5L, "CKR_GENERAL_ERROR"),
            Map.entry(0x6L, "CKR_FUNCTION_FAILED"),
            Map.entry(0x7L, "CKR_ARGUMENTS_BAD"),
            Map.entry(0x8L, "CKR_NO_EVENT"),
            Map.entry(0x10L, "CKR_ATTRIBUTE_READ_ONLY"),
            Map.entry(0x11L, "CKR_ATTRIBUTE_SENSITIVE"),
            Map.entry(0x12L, "CKR_ATTRIBUTE_TYPE_INVALID"),
            Map.entry(0x13L, "CKR_ATTRIBUTE_VALUE_INVALID"),
            Map.entry(0x20L, "CKR_DATA_INVALID"),
            Map.entry(0x21L, "CKR_DATA_LEN_RANGE"),
            Map.entry(0x30L, "CKR_DEVICE_ERROR"),
            Map.entry(0x31L, "CKR_DEVICE_MEMORY"),
            Map.entry(0x32L, "CKR_DEVICE_REMOVED"),
            Map.entry(0x50L, "CKR_FUNCTION_CANCELED"),
            Map.entry(0x54L, "CKR_FUNCTION_NOT_SUPPORTED"),
            Map.entry(0x60L, "CKR_KEY_HANDLE_INVALID"),
            Map.entry(0x62L, "CKR_KEY_SIZE_RANGE"),
            Map.entry(0x63L, "CKR_KEY_TYPE_INCONSISTENT"),
            Map.entry(0x68L, "CKR_KEY_FUNCTION_NOT_PERMITTED"),
            Map.entry(0x70L, "CKR_MECHANISM_INVALID"),
            Map.entry(0x71L, "CKR_MECHANISM_PARAM_INVALID"),
            Map.entry(0x82L, "CKR_OBJECT_HANDLE_INVALID"),
            Map.entry(0x90L, "CKR_OPERATION_ACTIVE"),
            Map.entry(0x91L, "CKR_OPERATION_NOT_INITIALIZED"),
            Map.entry(0xA0L, "CKR_PIN_INCORRECT"),
            Map.entry(0xA1L, "CKR_PIN_INVALID"),
            Map.entry(0xA2L, "CKR_PIN_LEN_RANGE"),
            Map.entry(0xA3L, "CKR_PIN_EXPIRED"),
            Map.entry(0xA4L, "CKR_PIN_LOCKED"),
            Map.entry(0xB0L, "CKR_SESSION_CLOSED"),
            Map.entry(0xB1L, "CKR_SESSION_COUNT"),
            Map.entry(0xB3L, "CKR_SESSION_HANDLE_INVALID"),
            Map.entry(0xB4L, "CKR_SESSION_PARALLEL_NOT_SUPPORTED"),
            Map.entry(0xB5L, "CKR_SESSION_READ_ONLY"),
            Map.entry(0xB6L, "CKR_SESSION_EXISTS"),
            Map.entry(0xB7L, "CKR_SESSION_READ_ONLY_EXISTS"),
            Map.entry(0xB8L, "CKR_SESSION_READ_WRITE_SO_EXISTS"),
            Map.entry(0xC0L, "CKR_SIGNATURE_INVALID"),
            Map.entry(0xD0L, "CKR_TEMPLATE_INCOMPLETE"),
            Map.entry(0xD1L, "CKR_TEMPLATE_INCONSISTENT"),
            Map.entry(0xE0L, "CKR_TOKEN_NOT_PRESENT"),
            Map.entry(0xE1L, "CKR_TOKEN_NOT_RECOGNIZED"),
            Map.entry(0xE2L, "CKR_TOKEN_WRITE_PROTECTED"),
            Map.entry(0x100L, "CKR_USER_ALREADY_LOGGED_IN"),
            Map.entry(0x101L, "CKR_USER_NOT_LOGGED_IN"),
            Map.entry(0x102L, "CKR_USER_PIN_NOT_INITIALIZED"),
            Map.entry(0x103L, "CKR_USER_TYPE_INVALID"),
            Map.entry(0x104L, "CKR_USER_ANOTHER_ALREADY_LOGGED_IN"),
            Map.entry(0x150L, "CKR_BUFFER_TOO_SMALL"),
            Map.entry(0x190L, "CKR_CRYPTOKI_NOT_INITIALIZED"),
            Map.entry(0x191L, "CKR_CRYPTOKI_ALREADY_INITIALIZED"));

    static String name(long rv) {
        String name = NAMES.get(rv);
        return name != null ? name : String.format("CKR_0x%08X", rv);
    }

    /** What a return value means to a caller of the token API. */
    static TokenError error(long rv) {
        return switch ((int) rv) {
            case 0xA0 -> TokenError.PIN_INCORRECT;
            case 0xA4 -> TokenError.PIN_LOCKED;
            case 0xA2 -> TokenError.PIN_LEN_RANGE;
            case 0xA1 -> TokenError.PIN_INVALID;
            case 0xA3 -> TokenError.PIN_EXPIRED;
            // the token went away, or the library lost it: rescan, never a stuck state
            case 0x32, 0xE0, 0xE1, 0xB0, 0xB3, 0x82, 0x3, 0x190 -> TokenError.TOKEN_REMOVED;
            case 0x30, 0x5 -> TokenError.DEVICE_ERROR;
            case 0xE2, 0xB5 -> TokenError.TOKEN_WRITE_PROTECTED;
            case 0x31 -> TokenError.TOKEN_MEMORY_FULL;
            case 0x54, 0x70, 0x71, 0x62, 0x12 -> TokenError.NOT_SUPPORTED;
            case 0x60 -> TokenError.OBJECT_NOT_FOUND;
            case 0x101, 0x104, 0x102 -> TokenError.LOGIN_REQUIRED;
            default -> TokenError.OTHER;
        };
    }

    static TokenException exception(String function, long rv) {
        return new TokenException(error(rv), name(rv), function + " failed: " + name(rv), null, null);
    }
}
