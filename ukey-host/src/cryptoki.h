/*
 * The PKCS#11 v2.40 types and functions the host serves, declared from the specification. CK_ULONG is the
 * platform's unsigned long (64 bits on Linux x86-64, 32 bits on Windows); on Windows every struct is packed to
 * 1 byte and functions are cdecl, as the specification's Windows conventions say.
 */
#ifndef UKEY_CRYPTOKI_H
#define UKEY_CRYPTOKI_H

typedef unsigned long CK_ULONG;
typedef unsigned char CK_BYTE;
typedef CK_BYTE CK_BBOOL;
typedef CK_ULONG CK_RV;
typedef CK_ULONG CK_FLAGS;
typedef CK_ULONG CK_SLOT_ID;
typedef CK_ULONG CK_SESSION_HANDLE;
typedef CK_ULONG CK_OBJECT_HANDLE;

#define CKR_OK 0x0UL
#define CKR_ARGUMENTS_BAD 0x7UL
#define CKR_HOST_MEMORY 0x2UL
#define CKR_FUNCTION_NOT_SUPPORTED 0x54UL
#define CKR_SESSION_HANDLE_INVALID 0xB3UL
#define CKR_CRYPTOKI_NOT_INITIALIZED 0x190UL
#define CKF_OS_LOCKING_OK 0x2UL

#ifdef _WIN32
#pragma pack(push, 1)
#endif

typedef struct {
    CK_BYTE major;
    CK_BYTE minor;
} CK_VERSION;

typedef struct {
    CK_VERSION cryptokiVersion;
    CK_BYTE manufacturerID[32];
    CK_FLAGS flags;
    CK_BYTE libraryDescription[32];
    CK_VERSION libraryVersion;
} CK_INFO;

typedef struct {
    CK_BYTE label[32];
    CK_BYTE manufacturerID[32];
    CK_BYTE model[16];
    CK_BYTE serialNumber[16];
    CK_FLAGS flags;
    CK_ULONG ulMaxSessionCount;
    CK_ULONG ulSessionCount;
    CK_ULONG ulMaxRwSessionCount;
    CK_ULONG ulRwSessionCount;
    CK_ULONG ulMaxPinLen;
    CK_ULONG ulMinPinLen;
    CK_ULONG ulTotalPublicMemory;
    CK_ULONG ulFreePublicMemory;
    CK_ULONG ulTotalPrivateMemory;
    CK_ULONG ulFreePrivateMemory;
    CK_VERSION hardwareVersion;
    CK_VERSION firmwareVersion;
    CK_BYTE utcTime[16];
} CK_TOKEN_INFO;

typedef struct {
    CK_ULONG type;
    void *pValue;
    CK_ULONG ulValueLen;
} CK_ATTRIBUTE;

typedef struct {
    CK_ULONG mechanism;
    void *pParameter;
    CK_ULONG ulParameterLen;
} CK_MECHANISM;

typedef struct {
    void *CreateMutex;
    void *DestroyMutex;
    void *LockMutex;
    void *UnlockMutex;
    CK_FLAGS flags;
    void *pReserved;
} CK_C_INITIALIZE_ARGS;

/* CK_FUNCTION_LIST: the version, then the 68 function pointers of v2.40 in the header's order. */
typedef struct {
    CK_VERSION version;
    void *function[68];
} CK_FUNCTION_LIST;

#ifdef _WIN32
#pragma pack(pop)
#endif

/* Indexes into CK_FUNCTION_LIST.function. */
enum {
    FN_Initialize = 0, FN_Finalize = 1, FN_GetInfo = 2, FN_GetSlotList = 4, FN_GetTokenInfo = 6,
    FN_InitPIN = 10, FN_SetPIN = 11, FN_OpenSession = 12, FN_CloseSession = 13, FN_Login = 18, FN_Logout = 19,
    FN_CreateObject = 20, FN_DestroyObject = 22, FN_GetAttributeValue = 24, FN_SetAttributeValue = 25,
    FN_FindObjectsInit = 26, FN_FindObjects = 27, FN_FindObjectsFinal = 28, FN_SignInit = 42, FN_Sign = 43,
    FN_GenerateKeyPair = 59, FN_WaitForSlotEvent = 67
};

typedef CK_RV (*CK_C_GetFunctionList)(CK_FUNCTION_LIST **list);

#endif
