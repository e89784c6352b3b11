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
    C_WaitForSlotEvent(0x0115, Deadline.NONE, "u", "uu"),
    EXPORTS(0x0200, Deadline.CALL, "", "s"),
    SKF_WaitForDevEvent(0x0201, Deadline.NONE, "o", "uusu"),
    SKF_CancelWaitForDevEvent(0x0202, Deadline.CALL, "", "u"),
    SKF_EnumDev(0x0203, Deadline.CALL, "bo", "uus"),
    SKF_ConnectDev(0x0204, Deadline.CALL, "s", "uu"),
    SKF_DisConnectDev(0x0205, Deadline.CALL, "u", "u"),
    SKF_GetDevInfo(0x0206, Deadline.CALL, "uu", "us"),
    SKF_SetLabel(0x0207, Deadline.CALL, "us", "u"),
    SKF_GetPINInfo(0x0208, Deadline.CALL, "uu", "uuuu"),
    SKF_VerifyPIN(0x0209, Deadline.LONG, "uuk", "uu"),
    SKF_ChangePIN(0x020A, Deadline.LONG, "uukk", "uu"),
    SKF_UnblockPIN(0x020B, Deadline.LONG, "ukk", "uu"),
    SKF_ClearSecureState(0x020C, Deadline.CALL, "u", "u"),
    SKF_EnumApplication(0x020D, Deadline.CALL, "uo", "uus"),
    SKF_OpenApplication(0x020E, Deadline.CALL, "us", "uu"),
    SKF_CloseApplication(0x020F, Deadline.CALL, "u", "u"),
    SKF_EnumContainer(0x0210, Deadline.CALL, "uo", "uus"),
    SKF_CreateContainer(0x0211, Deadline.CALL, "us", "uu"),
    SKF_DeleteContainer(0x0212, Deadline.CALL, "us", "u"),
    SKF_OpenContainer(0x0213, Deadline.CALL, "us", "uu"),
    SKF_CloseContainer(0x0214, Deadline.CALL, "u", "u"),
    SKF_GetContainerType(0x0215, Deadline.CALL, "u", "uu"),
    SKF_ImportCertificate(0x0216, Deadline.CALL, "ubs", "u"),
    SKF_ExportCertificate(0x0217, Deadline.CALL, "ubo", "uus"),
    SKF_ExportPublicKey(0x0218, Deadline.CALL, "ubo", "uus"),
    SKF_GenECCKeyPair(0x0219, Deadline.LONG, "uuu", "us"),
    SKF_ImportECCKeyPair(0x021A, Deadline.CALL, "uk", "u"),
    SKF_ECCSignData(0x021B, Deadline.CALL, "usu", "us"),
    SKF_RSASignData(0x021C, Deadline.CALL, "uso", "uus"),
    SKF_ImportSessionKey(0x021D, Deadline.CALL, "uus", "uu"),
    SKF_EncryptInit(0x021E, Deadline.CALL, "us", "u"),
    SKF_Encrypt(0x021F, Deadline.CALL, "uso", "uus"),
    SKF_CloseHandle(0x0220, Deadline.CALL, "u", "u");

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

    private static final Op[] BY_CODE = new Op[0x300];

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
