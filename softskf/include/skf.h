/*
 * skf.h: the GM/T 0016-2012 (SKF) interface as softskf implements it: types, structures, algorithm ids,
 * SAR_* codes and the exported functions. Written from the standard's published tables; the sizes and
 * offsets are fixed by /work/wt/SKF-CONTRACT.md (repository: softskf section of README.md).
 */
#ifndef SOFTSKF_SKF_H
#define SOFTSKF_SKF_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Base types: 32-bit ULONG/DWORD/BOOL whatever the platform's long is (GmSSL's SGD_NATIVE_LONG off). */
typedef int8_t INT8;
typedef int16_t INT16;
typedef int32_t INT32;
typedef uint8_t UINT8;
typedef uint16_t UINT16;
typedef uint32_t UINT32;
typedef int32_t BOOL;
typedef uint8_t BYTE;
typedef char CHAR;
typedef int16_t SHORT;
typedef uint16_t USHORT;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef uint32_t UINT;
typedef uint16_t WORD;
typedef uint32_t DWORD;
typedef uint32_t FLAGS;
typedef CHAR *LPSTR;
typedef void *HANDLE;
typedef HANDLE DEVHANDLE;
typedef HANDLE HAPPLICATION;
typedef HANDLE HCONTAINER;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#if defined(_WIN32) && !defined(_WIN64)
#define DEVAPI __stdcall
#else
#define DEVAPI
#endif

#if defined(SOFTSKF_BUILD)
#if defined(_WIN32)
#define SKF_EXPORT __declspec(dllexport)
#else
#define SKF_EXPORT __attribute__((visibility("default")))
#endif
#else
#define SKF_EXPORT
#endif

/* Algorithm identifiers (GM/T 0006). */
#define SGD_SM1_ECB 0x00000101
#define SGD_SM1_CBC 0x00000102
#define SGD_SSF33_ECB 0x00000201
#define SGD_SSF33_CBC 0x00000202
#define SGD_SM4_ECB 0x00000401
#define SGD_SM4_CBC 0x00000402
#define SGD_RSA 0x00010000
#define SGD_SM2_1 0x00020200
#define SGD_SM2_2 0x00020400
#define SGD_SM2_3 0x00020800
#define SGD_SM3 0x00000001
#define SGD_SHA1 0x00000002
#define SGD_SHA256 0x00000004

#define MAX_RSA_MODULUS_LEN 256
#define MAX_RSA_EXPONENT_LEN 4
#define ECC_MAX_XCOORDINATE_BITS_LEN 512
#define ECC_MAX_YCOORDINATE_BITS_LEN 512
#define ECC_MAX_MODULUS_BITS_LEN 512
#define MAX_IV_LEN 32

#define ADMIN_TYPE 0
#define USER_TYPE 1

#define DEV_ABSENT_STATE 0x00000000
#define DEV_PRESENT_STATE 0x00000001
#define DEV_UNKNOW_STATE 0x00000002

#define SECURE_NEVER_ACCOUNT 0x00000000
#define SECURE_ADM_ACCOUNT 0x00000001
#define SECURE_USER_ACCOUNT 0x00000010
#define SECURE_ANYONE_ACCOUNT 0x000000FF

/* Container types returned by SKF_GetContainerType. */
#define CONTAINER_TYPE_EMPTY 0
#define CONTAINER_TYPE_RSA 1
#define CONTAINER_TYPE_ECC 2

/* SKF_WaitForDevEvent events. */
#define DEV_EVENT_INSERTED 1
#define DEV_EVENT_REMOVED 2

typedef struct Struct_Version {
    BYTE major;
    BYTE minor;
} VERSION;

/* Natural alignment: 296 bytes. A device configured devinfo=packed writes the 294-byte packed layout instead
 * (the ULONG fields two bytes earlier); the string fields sit at the same offsets either way. */
typedef struct Struct_DEVINFO {
    VERSION Version;
    CHAR Manufacturer[64];
    CHAR Issuer[64];
    CHAR Label[32];
    CHAR SerialNumber[32];
    VERSION HWVersion;
    VERSION FirmwareVersion;
    ULONG AlgSymCap;
    ULONG AlgAsymCap;
    ULONG AlgHashCap;
    ULONG DevAuthAlgId;
    ULONG TotalSpace;
    ULONG FreeSpace;
    ULONG MaxECCBufferSize;
    ULONG MaxBufferSize;
    BYTE Reserved[64];
} DEVINFO, *PDEVINFO;

#define DEVINFO_PACKED_SIZE 294
#define DEVINFO_NATURAL_SIZE 296

typedef struct Struct_RSAPUBLICKEYBLOB {
    ULONG AlgID;
    ULONG BitLen;
    BYTE Modulus[MAX_RSA_MODULUS_LEN];
    BYTE PublicExponent[MAX_RSA_EXPONENT_LEN];
} RSAPUBLICKEYBLOB, *PRSAPUBLICKEYBLOB;

typedef struct Struct_ECCPUBLICKEYBLOB {
    ULONG BitLen;
    BYTE XCoordinate[ECC_MAX_XCOORDINATE_BITS_LEN / 8];
    BYTE YCoordinate[ECC_MAX_YCOORDINATE_BITS_LEN / 8];
} ECCPUBLICKEYBLOB, *PECCPUBLICKEYBLOB;

typedef struct Struct_ECCPRIVATEKEYBLOB {
    ULONG BitLen;
    BYTE PrivateKey[ECC_MAX_MODULUS_BITS_LEN / 8];
} ECCPRIVATEKEYBLOB, *PECCPRIVATEKEYBLOB;

/* C1 (XCoordinate, YCoordinate) || C3 (HASH) || C2 (Cipher, CipherLen bytes from offset 164). */
typedef struct Struct_ECCCIPHERBLOB {
    BYTE XCoordinate[ECC_MAX_XCOORDINATE_BITS_LEN / 8];
    BYTE YCoordinate[ECC_MAX_YCOORDINATE_BITS_LEN / 8];
    BYTE HASH[32];
    ULONG CipherLen;
    BYTE Cipher[1];
} ECCCIPHERBLOB, *PECCCIPHERBLOB;

#define ECCCIPHERBLOB_HEADER_SIZE 164

typedef struct Struct_ECCSIGNATUREBLOB {
    BYTE r[ECC_MAX_XCOORDINATE_BITS_LEN / 8];
    BYTE s[ECC_MAX_XCOORDINATE_BITS_LEN / 8];
} ECCSIGNATUREBLOB, *PECCSIGNATUREBLOB;

typedef struct Struct_BLOCKCIPHERPARAM {
    BYTE IV[MAX_IV_LEN];
    ULONG IVLen;
    ULONG PaddingType;
    ULONG FeedBitLen;
} BLOCKCIPHERPARAM, *PBLOCKCIPHERPARAM;

/* Version 1; PubKey at offset 76, ECCCipherBlob at 208 (388 bytes in all with a 16-byte SM4 key). */
typedef struct SKF_ENVELOPEDKEYBLOB {
    ULONG Version;
    ULONG ulSymmAlgID;
    ULONG ulBits;
    BYTE cbEncryptedPriKey[64];
    ECCPUBLICKEYBLOB PubKey;
    ECCCIPHERBLOB ECCCipherBlob;
} ENVELOPEDKEYBLOB, *PENVELOPEDKEYBLOB;

#define ENVELOPEDKEYBLOB_PUBKEY_OFFSET 76
#define ENVELOPEDKEYBLOB_CIPHER_OFFSET 208

typedef struct Struct_FILEATTRIBUTE {
    CHAR FileName[32];
    ULONG FileSize;
    ULONG ReadRights;
    ULONG WriteRights;
} FILEATTRIBUTE, *PFILEATTRIBUTE;

/* Error codes. */
#define SAR_OK 0x00000000
#define SAR_FAIL 0x0A000001
#define SAR_UNKNOWNERR 0x0A000002
#define SAR_NOTSUPPORTYETERR 0x0A000003
#define SAR_FILEERR 0x0A000004
#define SAR_INVALIDHANDLEERR 0x0A000005
#define SAR_INVALIDPARAMERR 0x0A000006
#define SAR_READFILEERR 0x0A000007
#define SAR_WRITEFILEERR 0x0A000008
#define SAR_NAMELENERR 0x0A000009
#define SAR_KEYUSAGEERR 0x0A00000A
#define SAR_MODULUSLENERR 0x0A00000B
#define SAR_NOTINITIALIZEERR 0x0A00000C
#define SAR_OBJERR 0x0A00000D
#define SAR_MEMORYERR 0x0A00000E
#define SAR_TIMEOUTERR 0x0A00000F
#define SAR_INDATALENERR 0x0A000010
#define SAR_INDATAERR 0x0A000011
#define SAR_GENRANDERR 0x0A000012
#define SAR_HASHOBJERR 0x0A000013
#define SAR_HASHERR 0x0A000014
#define SAR_GENRSAKEYERR 0x0A000015
#define SAR_RSAMODULUSLENERR 0x0A000016
#define SAR_CSPIMPRTPUBKEYERR 0x0A000017
#define SAR_RSAENCERR 0x0A000018
#define SAR_RSADECERR 0x0A000019
#define SAR_HASHNOTEQUALERR 0x0A00001A
#define SAR_KEYNOTFOUNTERR 0x0A00001B
#define SAR_CERTNOTFOUNTERR 0x0A00001C
#define SAR_NOTEXPORTERR 0x0A00001D
#define SAR_DECRYPTPADERR 0x0A00001E
#define SAR_MACLENERR 0x0A00001F
#define SAR_BUFFER_TOO_SMALL 0x0A000020
#define SAR_KEYINFOTYPEERR 0x0A000021
#define SAR_NOT_EVENTERR 0x0A000022
#define SAR_DEVICE_REMOVED 0x0A000023
#define SAR_PIN_INCORRECT 0x0A000024
#define SAR_PIN_LOCKED 0x0A000025
#define SAR_PIN_INVALID 0x0A000026
#define SAR_PIN_LEN_RANGE 0x0A000027
#define SAR_USER_ALREADY_LOGGED_IN 0x0A000028
#define SAR_USER_PIN_NOT_INITIALIZED 0x0A000029
#define SAR_USER_TYPE_INVALID 0x0A00002A
#define SAR_APPLICATION_NAME_INVALID 0x0A00002B
#define SAR_APPLICATION_EXISTS 0x0A00002C
#define SAR_USER_NOT_LOGGED_IN 0x0A00002D
#define SAR_APPLICATION_NOT_EXISTS 0x0A00002E
#define SAR_FILE_ALREADY_EXIST 0x0A00002F
#define SAR_NO_ROOM 0x0A000030
#define SAR_FILE_NOT_EXIST 0x0A000031
#define SAR_REACH_MAX_CONTAINER_COUNT 0x0A000032
/* Common spellings of the two misspelled standard names. */
#define SAR_KEYNOTFOUNDERR SAR_KEYNOTFOUNTERR
#define SAR_CERTNOTFOUNDERR SAR_CERTNOTFOUNTERR

/* Device management. */
SKF_EXPORT ULONG DEVAPI SKF_WaitForDevEvent(LPSTR szDevName, ULONG *pulDevNameLen, ULONG *pulEvent);
SKF_EXPORT ULONG DEVAPI SKF_CancelWaitForDevEvent(void);
SKF_EXPORT ULONG DEVAPI SKF_EnumDev(BOOL bPresent, LPSTR szNameList, ULONG *pulSize);
SKF_EXPORT ULONG DEVAPI SKF_ConnectDev(LPSTR szName, DEVHANDLE *phDev);
SKF_EXPORT ULONG DEVAPI SKF_DisConnectDev(DEVHANDLE hDev);
SKF_EXPORT ULONG DEVAPI SKF_GetDevState(LPSTR szDevName, ULONG *pulDevState);
SKF_EXPORT ULONG DEVAPI SKF_SetLabel(DEVHANDLE hDev, LPSTR szLabel);
SKF_EXPORT ULONG DEVAPI SKF_GetDevInfo(DEVHANDLE hDev, DEVINFO *pDevInfo);
SKF_EXPORT ULONG DEVAPI SKF_LockDev(DEVHANDLE hDev, ULONG ulTimeOut);
SKF_EXPORT ULONG DEVAPI SKF_UnlockDev(DEVHANDLE hDev);
SKF_EXPORT ULONG DEVAPI SKF_Transmit(DEVHANDLE hDev, BYTE *pbCommand, ULONG ulCommandLen, BYTE *pbData,
                                     ULONG *pulDataLen);

/* Access control. */
SKF_EXPORT ULONG DEVAPI SKF_ChangeDevAuthKey(DEVHANDLE hDev, BYTE *pbKeyValue, ULONG ulKeyLen);
SKF_EXPORT ULONG DEVAPI SKF_DevAuth(DEVHANDLE hDev, BYTE *pbAuthData, ULONG ulLen);
SKF_EXPORT ULONG DEVAPI SKF_ChangePIN(HAPPLICATION hApplication, ULONG ulPINType, LPSTR szOldPin, LPSTR szNewPin,
                                      ULONG *pulRetryCount);
SKF_EXPORT ULONG DEVAPI SKF_GetPINInfo(HAPPLICATION hApplication, ULONG ulPINType, ULONG *pulMaxRetryCount,
                                       ULONG *pulRemainRetryCount, BOOL *pbDefaultPin);
SKF_EXPORT ULONG DEVAPI SKF_VerifyPIN(HAPPLICATION hApplication, ULONG ulPINType, LPSTR szPIN,
                                      ULONG *pulRetryCount);
SKF_EXPORT ULONG DEVAPI SKF_UnblockPIN(HAPPLICATION hApplication, LPSTR szAdminPIN, LPSTR szNewUserPIN,
                                       ULONG *pulRetryCount);
SKF_EXPORT ULONG DEVAPI SKF_ClearSecureState(HAPPLICATION hApplication);

/* Applications. */
SKF_EXPORT ULONG DEVAPI SKF_CreateApplication(DEVHANDLE hDev, LPSTR szAppName, LPSTR szAdminPin,
                                              DWORD dwAdminPinRetryCount, LPSTR szUserPin,
                                              DWORD dwUserPinRetryCount, DWORD dwCreateFileRights,
                                              HAPPLICATION *phApplication);
SKF_EXPORT ULONG DEVAPI SKF_EnumApplication(DEVHANDLE hDev, LPSTR szAppName, ULONG *pulSize);
SKF_EXPORT ULONG DEVAPI SKF_DeleteApplication(DEVHANDLE hDev, LPSTR szAppName);
SKF_EXPORT ULONG DEVAPI SKF_OpenApplication(DEVHANDLE hDev, LPSTR szAppName, HAPPLICATION *phApplication);
SKF_EXPORT ULONG DEVAPI SKF_CloseApplication(HAPPLICATION hApplication);

/* Containers. */
SKF_EXPORT ULONG DEVAPI SKF_CreateContainer(HAPPLICATION hApplication, LPSTR szContainerName,
                                            HCONTAINER *phContainer);
SKF_EXPORT ULONG DEVAPI SKF_DeleteContainer(HAPPLICATION hApplication, LPSTR szContainerName);
SKF_EXPORT ULONG DEVAPI SKF_OpenContainer(HAPPLICATION hApplication, LPSTR szContainerName,
                                          HCONTAINER *phContainer);
SKF_EXPORT ULONG DEVAPI SKF_CloseContainer(HCONTAINER hContainer);
SKF_EXPORT ULONG DEVAPI SKF_EnumContainer(HAPPLICATION hApplication, LPSTR szContainerName, ULONG *pulSize);
#ifdef SOFTSKF_MISSPELLED
SKF_EXPORT ULONG DEVAPI SKF_GetContianerType(HCONTAINER hContainer, ULONG *pulContainerType);
#else
SKF_EXPORT ULONG DEVAPI SKF_GetContainerType(HCONTAINER hContainer, ULONG *pulContainerType);
#endif
SKF_EXPORT ULONG DEVAPI SKF_ImportCertificate(HCONTAINER hContainer, BOOL bSignFlag, BYTE *pbCert,
                                              ULONG ulCertLen);
SKF_EXPORT ULONG DEVAPI SKF_ExportCertificate(HCONTAINER hContainer, BOOL bSignFlag, BYTE *pbCert,
                                              ULONG *pulCertLen);

/* Cryptographic services. */
SKF_EXPORT ULONG DEVAPI SKF_GenRandom(DEVHANDLE hDev, BYTE *pbRandom, ULONG ulRandomLen);
SKF_EXPORT ULONG DEVAPI SKF_GenECCKeyPair(HCONTAINER hContainer, ULONG ulAlgId, ECCPUBLICKEYBLOB *pBlob);
SKF_EXPORT ULONG DEVAPI SKF_ImportECCKeyPair(HCONTAINER hContainer, PENVELOPEDKEYBLOB pEnvelopedKeyBlob);
SKF_EXPORT ULONG DEVAPI SKF_ECCSignData(HCONTAINER hContainer, BYTE *pbData, ULONG ulDataLen,
                                        PECCSIGNATUREBLOB pSignature);
SKF_EXPORT ULONG DEVAPI SKF_ECCVerify(DEVHANDLE hDev, ECCPUBLICKEYBLOB *pECCPubKeyBlob, BYTE *pbData,
                                      ULONG ulDataLen, PECCSIGNATUREBLOB pSignature);
SKF_EXPORT ULONG DEVAPI SKF_ExtECCVerify(DEVHANDLE hDev, ECCPUBLICKEYBLOB *pECCPubKeyBlob, BYTE *pbData,
                                         ULONG ulDataLen, PECCSIGNATUREBLOB pSignature);
SKF_EXPORT ULONG DEVAPI SKF_ExtECCEncrypt(DEVHANDLE hDev, ECCPUBLICKEYBLOB *pECCPubKeyBlob, BYTE *pbPlainText,
                                          ULONG ulPlainTextLen, PECCCIPHERBLOB pCipherText);
SKF_EXPORT ULONG DEVAPI SKF_ExportPublicKey(HCONTAINER hContainer, BOOL bSignFlag, BYTE *pbBlob,
                                            ULONG *pulBlobLen);
SKF_EXPORT ULONG DEVAPI SKF_ImportSessionKey(HCONTAINER hContainer, ULONG ulAlgId, BYTE *pbWrapedData,
                                             ULONG ulWrapedLen, HANDLE *phKey);
SKF_EXPORT ULONG DEVAPI SKF_EncryptInit(HANDLE hKey, BLOCKCIPHERPARAM EncryptParam);
SKF_EXPORT ULONG DEVAPI SKF_Encrypt(HANDLE hKey, BYTE *pbData, ULONG ulDataLen, BYTE *pbEncryptedData,
                                    ULONG *pulEncryptedLen);
SKF_EXPORT ULONG DEVAPI SKF_DecryptInit(HANDLE hKey, BLOCKCIPHERPARAM DecryptParam);
SKF_EXPORT ULONG DEVAPI SKF_Decrypt(HANDLE hKey, BYTE *pbEncryptedData, ULONG ulEncryptedLen, BYTE *pbData,
                                    ULONG *pulDataLen);
SKF_EXPORT ULONG DEVAPI SKF_DigestInit(DEVHANDLE hDev, ULONG ulAlgID, ECCPUBLICKEYBLOB *pPubKey,
                                       unsigned char *pucID, ULONG ulIDLen, HANDLE *phHash);
SKF_EXPORT ULONG DEVAPI SKF_Digest(HANDLE hHash, BYTE *pbData, ULONG ulDataLen, BYTE *pbHashData,
                                   ULONG *pulHashLen);
SKF_EXPORT ULONG DEVAPI SKF_DigestUpdate(HANDLE hHash, BYTE *pbData, ULONG ulDataLen);
SKF_EXPORT ULONG DEVAPI SKF_DigestFinal(HANDLE hHash, BYTE *pHashData, ULONG *pulHashLen);
SKF_EXPORT ULONG DEVAPI SKF_CloseHandle(HANDLE hHandle);

#ifdef __cplusplus
}
#endif

#endif
