/*
 * What the SKF calls share: the standard's types, the exports of the bound library and how a call reaches one
 * (skf_calls.c); the calls themselves, their arguments and answers, are in skf_ops.c.
 */
#ifndef UKEY_SKF_H
#define UKEY_SKF_H

#include <stdint.h>

#include "ops.h"

typedef uint32_t SKFULONG; /* the standard's ULONG: 32 bits everywhere (windows.h has its own ULONG) */

#define SAR_OK 0x00000000u
#define SAR_FAIL 0x0A000001u
#define SAR_NOTSUPPORTYETERR 0x0A000003u
#define SAR_INVALIDHANDLEERR 0x0A000005u
#define SAR_INVALIDPARAMERR 0x0A000006u
#define SAR_MEMORYERR 0x0A00000Eu
#define SKF_BUFFER_MAX (16u * 1024u * 1024u)

typedef struct {
    uint8_t IV[32];
    SKFULONG IVLen;
    SKFULONG PaddingType;
    SKFULONG FeedBitLen;
} BLOCKCIPHERPARAM;

enum export {
    X_WaitForDevEvent, X_CancelWaitForDevEvent, X_EnumDev, X_ConnectDev, X_DisConnectDev, X_GetDevInfo, X_SetLabel,
    X_GetPINInfo, X_VerifyPIN, X_ChangePIN, X_UnblockPIN, X_ClearSecureState, X_EnumApplication, X_OpenApplication,
    X_CloseApplication, X_EnumContainer, X_CreateContainer, X_DeleteContainer, X_OpenContainer, X_CloseContainer,
    X_GetContainerType, X_ImportCertificate, X_ExportCertificate, X_ExportPublicKey, X_GenECCKeyPair,
    X_ImportECCKeyPair, X_ECCSignData, X_RSASignData, X_ImportSessionKey, X_EncryptInit, X_Encrypt, X_CloseHandle,
    X_COUNT
};

/* The bound library's exports, in enum order; NULL where it lacks one. */
extern void *skf_exports[X_COUNT];

/* 1 once skf_bind found an SKF library. */
int skf_bound(void);

/* Calls an export with n pointer-sized integer arguments. */
SKFULONG skf_call(void *function, const uintptr_t *a, int n);

/* SKF_EncryptInit, whose BLOCKCIPHERPARAM goes by value. */
SKFULONG skf_encrypt_init(uintptr_t key, const BLOCKCIPHERPARAM *parameter);

/* The export an op calls, or -1. */
int skf_export_of(uint16_t op);

/* EXPORTS: the names of the exports the library has, each NUL-terminated. */
void skf_list_exports(struct writer *w);

#endif
