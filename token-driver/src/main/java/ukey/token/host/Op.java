package ukey.token.host;

/**
 * The ops of the host protocol with their field signatures: the Java copy of {@code ukey-host/schema.txt}, which
 * explains the letters. HostSchemaTest checks this table against that file, and {@link Request} and
 * {@link Answer} check every frame against these signatures, as the host does on its side.
 */
public enum Op {
    HELLO(0x0001, Deadline.CALL, "", "uuus"),
    LOAD(0x0002, Deadline.CALL, "us", "us"),
    ERROR(0x00FF, Deadline.CALL, "", "s"),
    C_Initialize(0x0100, Deadline.CALL, "", "u"),
    C_Finalize(0x0101, Deadline.CALL, "", "u"),
    C_GetInfo(0x0102, Deadline.CALL, "", "ussuss"),
    C_GetSlotList(0x0103, Deadline.CALL, "bo", "uuL"),
    C_GetTokenInfo(0x0104, Deadline.CALL, "u", "ussssuuuss"),
    C_InitPIN(0x0105, Deadline.LONG, "uk", "u"),
    C_SetPIN(0x0106, Deadline.LONG, "ukk", "u"),
    C_OpenSession(0x0107, Deadline.CALL, "uu", "uu"),
    C_CloseSession(0x0108, Deadline.CALL, "u", "u"),
    C_Login(0x0109, Deadline.LONG, "uuk", "u"),
    C_Logout(0x010A, Deadline.CALL, "u", "u"),
    C_CreateObject(0x010B, Deadline.CALL, "ut", "uu"),
    C_DestroyObject(0x010C, Deadline.CALL, "uu", "u"),
    C_GetAttributeValue(0x010D, Deadline.CALL, "uuq", "uQ"),
    C_SetAttributeValue(0x010E, Deadline.CALL, "uut", "u"),
    C_FindObjectsInit(0x010F, Deadline.CALL, "ut", "u"),
    C_FindObjects(0x0110, Deadline.CALL, "uu", "uL"),
    C_FindObjectsFinal(0x0111, Deadline.CALL, "u", "u"),
    C_SignInit(0x0112, Deadline.CALL, "uuu", "u"),
    C_Sign(0x0113, Deadline.CALL, "uso", "uus"),
    C_GenerateKeyPair(0x0114, Deadline.LONG, "uutt", "uuu"),
    C_WaitForSlotEvent(0x0115, Deadline.NONE, "u", "uu");

    /** How long the client waits for an answer: see {@link HostPolicy}. */
    public enum Deadline { CALL, LONG, NONE }

    public final int code;
    public final Deadline deadline;
    public final String request;
    public final String answer;

    Op(int code, Deadline deadline, String request, String answer) {
        this.code = code;
        this.deadline = deadline;
        this.request = request;
        this.answer = answer;
    }

    private static final Op[] BY_CODE = new Op[0x200];

    static {
        for (Op op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    /** The op of a code read from the wire, or null. */
    static Op of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
