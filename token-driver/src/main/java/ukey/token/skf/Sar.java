package ukey.token.skf;

import java.util.Map;

import ukey.token.TokenError;
import ukey.token.TokenException;

/** SKF return values (GM/T 0016-2012 SAR_*): their names for logs, and what each means to callers. */
public final class Sar {

    public static final int OK = 0;
    public static final int FAIL = 0x0A000001;
    public static final int NOT_SUPPORTED_YET = 0x0A000003;
    public static final int INVALID_HANDLE = 0x0A000005;
    public static final int INVALID_PARAM = 0x0A000006;
    public static final int IN_DATA = 0x0A000011;
    public static final int KEY_NOT_FOUND = 0x0A00001B;
    public static final int CERT_NOT_FOUND = 0x0A00001C;
    public static final int BUFFER_TOO_SMALL = 0x0A000020;
    public static final int DEVICE_REMOVED = 0x0A000023;
    public static final int PIN_INCORRECT = 0x0A000024;
    public static final int PIN_LOCKED = 0x0A000025;
    public static final int USER_ALREADY_LOGGED_IN = 0x0A000028;
    public static final int USER_NOT_LOGGED_IN = 0x0A00002D;
    public static final int NO_ROOM = 0x0A000030;
    public static final int REACH_MAX_CONTAINER_COUNT = 0x0A000032;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "SAR_OK"),
            Map.entry(0x0A000001, "SAR_FAIL"),
            Map.entry(0x0A000002, "SAR_UNKNOWNERR"),
            Map.entry(0x0A000003, "SAR_NOTSUPPORTYETERR"),
            Map.entry(0x0A000004, "SAR_FILEERR"),
            Map.entry(0x0A000005, "SAR_INVALIDHANDLEERR"),
            Map.entry(0x0A000006, "SAR_INVALIDPARAMERR"),
            Map.entry(0x0A000007, "SAR_READFILEERR"),
            Map.entry(0x0A000008, "SAR_WRITEFILEERR"),
            Map.entry(0x0A000009, "SAR_NAMELENERR"),
            Map.entry(0x0A00000A, "SAR_KEYUSAGEERR"),
            Map.entry(0x0A00000B, "SAR_MODULUSLENERR"),
            Map.entry(0x0A00000C, "SAR_NOTINITIALIZEERR"),
            Map.entry(0x0A00000D, "SAR_OBJERR"),
            Map.entry(0x0A00000E, "SAR_MEMORYERR"),
            Map.entry(0x0A00000F, "SAR_TIMEOUTERR"),
            Map.entry(0x0A000010, "SAR_INDATALENERR"),
            Map.entry(0x0A000011, "SAR_INDATAERR"),
            Map.entry(0x0A000012, "SAR_GENRANDERR"),
            Map.entry(0x0A000013, "SAR_HASHOBJERR"),
            Map.entry(0x0A000014, "SAR_HASHERR"),
            Map.entry(0x0A000015, "SAR_GENRSAKEYERR"),
            Map.entry(0x0A000016, "SAR_RSAMODULUSLENERR"),
            Map.entry(0x0A000017, "SAR_CSPIMPRTPUBKEYERR"),
            Map.entry(0x0A000018, "SAR_RSAENCERR"),
            Map.entry(0x0A000019, "SAR_RSADECERR"),
            Map.entry(0x0A00001A, "SAR_HASHNOTEQUALERR"),
            Map.entry(0x0A00001B, "SAR_KEYNOTFOUNTERR"),
            Map.entry(0x0A00001C, "SAR_CERTNOTFOUNTERR"),
            Map.entry(0x0A00001D, "SAR_NOTEXPORTERR"),
            Map.entry(0x0A00001E, "SAR_DECRYPTPADERR"),
            Map.entry(0x0A00001F, "SAR_MACLENERR"),
            Map.entry(0x0A000020, "SAR_BUFFER_TOO_SMALL"),
            Map.entry(0x0A000021, "SAR_KEYINFOTYPEERR"),
            Map.entry(0x0A000022, "SAR_NOT_EVENTERR"),
            Map.entry(0x0A000023, "SAR_DEVICE_REMOVED"),
            Map.entry(0x0A000024, "SAR_PIN_INCORRECT"),
            Map.entry(0x0A000025, "SAR_PIN_LOCKED"),
            Map.entry(0x0A000026, "SAR_PIN_INVALID"),
            Map.entry(0x0A000027, "SAR_PIN_LEN_RANGE"),
            Map.entry(0x0A000028, "SAR_USER_ALREADY_LOGGED_IN"),
            Map.entry(0x0A000029, "SAR_USER_PIN_NOT_INITIALIZED"),
            Map.entry(0x0A00002A, "SAR_USER_TYPE_INVALID"),
            Map.entry(0x0A00002B, "SAR_APPLICATION_NAME_INVALID"),
            Map.entry(0x0A00002C, "SAR_APPLICATION_EXISTS"),
            Map.entry(0x0A00002D, "SAR_USER_NOT_LOGGED_IN"),
            Map.entry(0x0A00002E, "SAR_APPLICATION_NOT_EXISTS"),
            Map.entry(0x0A00002F, "SAR_FILE_ALREADY_EXIST"),
            Map.entry(0x0A000030, "SAR_NO_ROOM"),
            Map.entry(0x0A000031, "SAR_FILE_NOT_EXIST"),
            Map.entry(0x0A000032, "SAR_REACH_MAX_CONTAINER_COUNT"));

    private Sar() {
    }

    public static String name(int sar) {
        String name = NAMES.get(sar);
        return name != null ? name : String.format("SAR_0x%08X", sar);
    }

    /** What a return value means to a caller of the token API. */
    public static TokenError error(int sar) {
        return switch (sar) {
            case 0x0A000024 -> TokenError.PIN_INCORRECT;
            case 0x0A000025 -> TokenError.PIN_LOCKED;
            case 0x0A000026 -> TokenError.PIN_INVALID;
            case 0x0A000027 -> TokenError.PIN_LEN_RANGE;
            // the key went away, or its handles died with it (a re-inserted key's old handles stay dead)
            case 0x0A000023, 0x0A000005 -> TokenError.TOKEN_REMOVED;
            case 0x0A000030, 0x0A000032 -> TokenError.TOKEN_MEMORY_FULL;
            case 0x0A000003 -> TokenError.NOT_SUPPORTED;
            case 0x0A00001B, 0x0A00001C, 0x0A00002E, 0x0A000031 -> TokenError.OBJECT_NOT_FOUND;
            case 0x0A00002D, 0x0A000029 -> TokenError.LOGIN_REQUIRED;
            case 0x0A000001, 0x0A000002, 0x0A000004, 0x0A000007, 0x0A000008, 0x0A00000F -> TokenError.DEVICE_ERROR;
            default -> TokenError.OTHER;
        };
    }

    public static TokenException exception(String function, int sar) {
        return new TokenException(error(sar), name(sar), function + " failed: " + name(sar), null, null);
    }

    /** Throws the mapped exception unless the call answered SAR_OK. */
    public static void check(String function, int sar) throws TokenException {
        if (sar != OK) {
            throw exception(function, sar);
        }
    }
}
