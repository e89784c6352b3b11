/*
 * How a call reaches an SKF (GM/T 0016-2012) export. SKFULONG and BOOL are 32-bit, handles pointer-sized and never
 * leave the host (the client gets ids). Every call passes its arguments as pointer-sized integers: on 32-bit
 * Windows through the stack-restoring thunk (vendors mix __stdcall and __cdecl), elsewhere through a cast to a
 * function of that many integer arguments, which is how x86-64 and arm64 pass 32-bit integers and pointers.
 */
#include "skf.h"

#include <stdio.h>
#include <string.h>

#include "platform.h"

/* Export names in enum order; the op of each is OP_<name>. */
static const char *const NAMES[X_COUNT] = {
    "SKF_WaitForDevEvent", "SKF_CancelWaitForDevEvent", "SKF_EnumDev", "SKF_ConnectDev", "SKF_DisConnectDev",
    "SKF_GetDevInfo", "SKF_SetLabel", "SKF_GetPINInfo", "SKF_VerifyPIN", "SKF_ChangePIN", "SKF_UnblockPIN",
    "SKF_ClearSecureState", "SKF_EnumApplication", "SKF_OpenApplication", "SKF_CloseApplication",
    "SKF_EnumContainer", "SKF_CreateContainer", "SKF_DeleteContainer", "SKF_OpenContainer", "SKF_CloseContainer",
    "SKF_GetContainerType", "SKF_ImportCertificate", "SKF_ExportCertificate", "SKF_ExportPublicKey",
    "SKF_GenECCKeyPair", "SKF_ImportECCKeyPair", "SKF_ECCSignData", "SKF_RSASignData", "SKF_ImportSessionKey",
    "SKF_EncryptInit", "SKF_Encrypt", "SKF_CloseHandle",
};

void *skf_exports[X_COUNT];
static int bound;

int skf_bind(void *library, char *message, size_t size) {
    for (int i = 0; i < X_COUNT; i++) {
        skf_exports[i] = plat_symbol(library, NAMES[i]);
    }
    if (skf_exports[X_GetContainerType] == NULL) {
        skf_exports[X_GetContainerType] = plat_symbol(library, "SKF_GetContianerType"); /* a vendor's spelling */
    }
    if (skf_exports[X_EnumDev] == NULL || skf_exports[X_ConnectDev] == NULL) {
        snprintf(message, size, "no SKF_EnumDev/SKF_ConnectDev: not an SKF library");
        return -1;
    }
    bound = 1;
    return 0;
}

int skf_bound(void) {
    return bound;
}

#if defined(_WIN32) && !defined(_WIN64)
uint32_t ukey_thunk(void *function, const uint32_t *arguments, uint32_t count);
#endif

SKFULONG skf_call(void *function, const uintptr_t *a, int n) {
#if defined(_WIN32) && !defined(_WIN64)
    return ukey_thunk(function, (const uint32_t *) a, (uint32_t) n);
#else
    typedef SKFULONG (*f0)(void);
    typedef SKFULONG (*f1)(uintptr_t);
    typedef SKFULONG (*f2)(uintptr_t, uintptr_t);
    typedef SKFULONG (*f3)(uintptr_t, uintptr_t, uintptr_t);
    typedef SKFULONG (*f4)(uintptr_t, uintptr_t, uintptr_t, uintptr_t);
    typedef SKFULONG (*f5)(uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t);
    union {
        void *p;
        f0 none; f1 one; f2 two; f3 three; f4 four; f5 five;
    } f;
    f.p = function;
    switch (n) {
    case 0: return f.none();
    case 1: return f.one(a[0]);
    case 2: return f.two(a[0], a[1]);
    case 3: return f.three(a[0], a[1], a[2]);
    case 4: return f.four(a[0], a[1], a[2], a[3]);
    default: return f.five(a[0], a[1], a[2], a[3], a[4]);
    }
#endif
}

SKFULONG skf_encrypt_init(uintptr_t key, const BLOCKCIPHERPARAM *parameter) {
#if defined(_WIN32) && !defined(_WIN64)
    /* the structure by value: its 11 words on the stack after the handle */
    uint32_t a[1 + sizeof *parameter / 4];
    a[0] = (uint32_t) key;
    memcpy(&a[1], parameter, sizeof *parameter);
    return ukey_thunk(skf_exports[X_EncryptInit], a, 1 + sizeof *parameter / 4);
#else
    union {
        void *p;
        SKFULONG (*init)(void *, BLOCKCIPHERPARAM);
    } fn;
    fn.p = skf_exports[X_EncryptInit];
    return fn.init((void *) key, *parameter);
#endif
}

void skf_list_exports(struct writer *w) {
    char names[2048];
    size_t used = 0;
    for (int i = 0; i < X_COUNT; i++) {
        size_t length = strlen(NAMES[i]);
        if (skf_exports[i] != NULL && used + length + 1 < sizeof names) {
            memcpy(names + used, NAMES[i], length + 1);
            used += length + 1;
        }
    }
    wire_s(w, names, (uint32_t) used);
}

int skf_export_of(uint16_t op) {
    const struct op_schema *schema = wire_op(op);
    if (schema == NULL) {
        return -1;
    }
    for (int i = 0; i < X_COUNT; i++) {
        if (strcmp(schema->name, NAMES[i]) == 0) {
            return i;
        }
    }
    return -1;
}

