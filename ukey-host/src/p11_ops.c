/*
 * PKCS#11 calls: fields in, the library's function, fields out (see schema.txt for each op's signature). Here the
 * binding, the dispatch and the calls on the library, its slots, sessions and PINs; objects and keys are in
 * p11_objects.c.
 */
#include "p11.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handles.h"
#include "platform.h"

CK_FUNCTION_LIST *p11_list;

int p11_bind(void *library, char *message, size_t size) {
    void *symbol = plat_symbol(library, "C_GetFunctionList");
    if (symbol == NULL) {
        snprintf(message, size, "no C_GetFunctionList: not a PKCS#11 library");
        return -1;
    }
    CK_C_GetFunctionList get_function_list;
    memcpy(&get_function_list, &symbol, sizeof symbol);
    CK_RV rv = get_function_list(&p11_list);
    if (rv != CKR_OK || p11_list == NULL) {
        snprintf(message, size, "C_GetFunctionList failed: 0x%lx", (unsigned long) rv);
        p11_list = NULL;
        return -1;
    }
    return 0;
}

int p11_session(uint64_t id, CK_SESSION_HANDLE *out) {
    uintptr_t value;
    if (!handle_get(id, HANDLE_P11_SESSION, &value)) {
        return 0;
    }
    *out = (CK_SESSION_HANDLE) value;
    return 1;
}

static CK_RV initialize(void) {
    typedef CK_RV (*fn)(void *);
    CK_C_INITIALIZE_ARGS args;
    memset(&args, 0, sizeof args);
    args.flags = CKF_OS_LOCKING_OK; /* no mutex callbacks: nothing ever calls back across the pipe */
    return FUNCTION(FN_Initialize, fn)(&args);
}

static CK_RV finalize(void) {
    typedef CK_RV (*fn)(void *);
    CK_RV rv = FUNCTION(FN_Finalize, fn)(NULL);
    handle_remove_all(HANDLE_P11_SESSION);
    return rv;
}

static void get_info(struct writer *w) {
    typedef CK_RV (*fn)(CK_INFO *);
    CK_INFO info;
    memset(&info, 0, sizeof info);
    CK_RV rv = FUNCTION(FN_GetInfo, fn)(&info);
    wire_u(w, rv);
    wire_s(w, &info.cryptokiVersion, 2);
    wire_s(w, info.manufacturerID, 32);
    wire_u(w, wide(info.flags));
    wire_s(w, info.libraryDescription, 32);
    wire_s(w, &info.libraryVersion, 2);
}

static void get_slot_list(const struct field *f, struct writer *w) {
    typedef CK_RV (*fn)(CK_BBOOL, CK_SLOT_ID *, CK_ULONG *);
    /* more slots than this are a garbled request: the library answers CKR_BUFFER_TOO_SMALL if it has more */
    CK_ULONG count = f[1].given ? (CK_ULONG) (f[1].u > 65536 ? 65536 : f[1].u) : 0;
    CK_SLOT_ID *slots = f[1].given ? calloc(count + 1, sizeof *slots) : NULL;
    uint64_t *out = calloc(count + 1, sizeof *out);
    CK_RV rv = f[1].given && slots == NULL ? CKR_HOST_MEMORY : out == NULL ? CKR_HOST_MEMORY
               : FUNCTION(FN_GetSlotList, fn)((CK_BBOOL) f[0].u, slots, &count);
    uint32_t filled = 0;
    if (rv == CKR_OK && slots != NULL) {
        for (; filled < count && filled < 65536 && filled < f[1].u; filled++) out[filled] = wide(slots[filled]);
    }
    wire_u(w, rv);
    wire_u(w, wide(count));
    wire_L(w, out, filled);
    free(slots);
    free(out);
}

static void get_token_info(const struct field *f, struct writer *w) {
    typedef CK_RV (*fn)(CK_SLOT_ID, CK_TOKEN_INFO *);
    CK_TOKEN_INFO info;
    memset(&info, 0, sizeof info);
    CK_SLOT_ID slot;
    CK_RV rv = narrow(f[0].u, &slot) ? FUNCTION(FN_GetTokenInfo, fn)(slot, &info) : CKR_ARGUMENTS_BAD;
    wire_u(w, rv);
    wire_s(w, info.label, 32);
    wire_s(w, info.manufacturerID, 32);
    wire_s(w, info.model, 16);
    wire_s(w, info.serialNumber, 16);
    wire_u(w, wide(info.flags));
    wire_u(w, wide(info.ulMaxPinLen));
    wire_u(w, wide(info.ulMinPinLen));
    wire_s(w, &info.hardwareVersion, 2);
    wire_s(w, &info.firmwareVersion, 2);
}

static CK_RV pins(const struct field *f, int op) {
    CK_SESSION_HANDLE h;
    if (!p11_session(f[0].u, &h)) {
        return CKR_SESSION_HANDLE_INVALID;
    }
    if (op == OP_C_InitPIN) {
        typedef CK_RV (*fn)(CK_SESSION_HANDLE, CK_BYTE *, CK_ULONG);
        return FUNCTION(FN_InitPIN, fn)(h, f[1].data, f[1].length);
    }
    if (op == OP_C_SetPIN) {
        typedef CK_RV (*fn)(CK_SESSION_HANDLE, CK_BYTE *, CK_ULONG, CK_BYTE *, CK_ULONG);
        return FUNCTION(FN_SetPIN, fn)(h, f[1].data, f[1].length, f[2].data, f[2].length);
    }
    typedef CK_RV (*fn)(CK_SESSION_HANDLE, CK_ULONG, CK_BYTE *, CK_ULONG);
    CK_ULONG user;
    return narrow(f[1].u, &user) ? FUNCTION(FN_Login, fn)(h, user, f[2].data, f[2].length) : CKR_ARGUMENTS_BAD;
}

static void open_session(const struct field *f, struct writer *w) {
    typedef CK_RV (*fn)(CK_SLOT_ID, CK_FLAGS, void *, void *, CK_SESSION_HANDLE *);
    CK_SLOT_ID slot;
    CK_FLAGS flags;
    CK_SESSION_HANDLE h = 0;
    uint64_t id = 0;
    /* no application pointer and no notify callback: nothing calls back across the pipe */
    CK_RV rv = narrow(f[0].u, &slot) && narrow(f[1].u, &flags) ? FUNCTION(FN_OpenSession, fn)(slot, flags, NULL,
                                                                                              NULL, &h)
                                                                : CKR_ARGUMENTS_BAD;
    if (rv == CKR_OK) {
        id = handle_add(HANDLE_P11_SESSION, (uintptr_t) h);
        if (id == 0) {
            typedef CK_RV (*close_fn)(CK_SESSION_HANDLE);
            FUNCTION(FN_CloseSession, close_fn)(h);
            rv = CKR_HOST_MEMORY;
        }
    }
    wire_u(w, rv);
    wire_u(w, id);
}

/* Calls that take a session and return only the CK_RV. */
static CK_RV session_only(const struct field *f, int op) {
    typedef CK_RV (*fn)(CK_SESSION_HANDLE);
    CK_SESSION_HANDLE h;
    if (!p11_session(f[0].u, &h)) {
        return CKR_SESSION_HANDLE_INVALID;
    }
    switch (op) {
    case OP_C_CloseSession:
        handle_remove(f[0].u);
        return FUNCTION(FN_CloseSession, fn)(h);
    case OP_C_Logout:
        return FUNCTION(FN_Logout, fn)(h);
    default:
        return FUNCTION(FN_FindObjectsFinal, fn)(h);
    }
}

static void wait_for_slot_event(const struct field *f, struct writer *w) {
    typedef CK_RV (*fn)(CK_FLAGS, CK_SLOT_ID *, void *);
    CK_FLAGS flags;
    CK_SLOT_ID slot = 0;
    CK_RV rv = narrow(f[0].u, &flags) ? FUNCTION(FN_WaitForSlotEvent, fn)(flags, &slot, NULL) : CKR_ARGUMENTS_BAD;
    wire_u(w, rv);
    wire_u(w, wide(slot));
}

/* The list index of the function an op calls. */
static int function_of(uint16_t op) {
    static const struct {
        uint16_t op;
        int index;
    } map[] = {
        {OP_C_Initialize, FN_Initialize}, {OP_C_Finalize, FN_Finalize}, {OP_C_GetInfo, FN_GetInfo},
        {OP_C_GetSlotList, FN_GetSlotList}, {OP_C_GetTokenInfo, FN_GetTokenInfo}, {OP_C_InitPIN, FN_InitPIN},
        {OP_C_SetPIN, FN_SetPIN}, {OP_C_OpenSession, FN_OpenSession}, {OP_C_CloseSession, FN_CloseSession},
        {OP_C_Login, FN_Login}, {OP_C_Logout, FN_Logout}, {OP_C_CreateObject, FN_CreateObject},
        {OP_C_DestroyObject, FN_DestroyObject}, {OP_C_GetAttributeValue, FN_GetAttributeValue},
        {OP_C_SetAttributeValue, FN_SetAttributeValue}, {OP_C_FindObjectsInit, FN_FindObjectsInit},
        {OP_C_FindObjects, FN_FindObjects}, {OP_C_FindObjectsFinal, FN_FindObjectsFinal},
        {OP_C_SignInit, FN_SignInit}, {OP_C_Sign, FN_Sign}, {OP_C_GenerateKeyPair, FN_GenerateKeyPair},
        {OP_C_WaitForSlotEvent, FN_WaitForSlotEvent},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (map[i].op == op) {
            return map[i].index;
        }
    }
    return -1;
}

/* An answer for a function the library leaves out: CKR_FUNCTION_NOT_SUPPORTED and empty fields. */
static void not_supported(const char *signature, struct writer *w) {
    wire_u(w, CKR_FUNCTION_NOT_SUPPORTED);
    for (const char *p = signature + 1; *p != '\0'; p++) {
        switch (*p) {
        case 'u': wire_u(w, 0); break;
        case 's': wire_s(w, NULL, 0); break;
        case 'L': wire_L(w, NULL, 0); break;
        case 'Q': wire_Q(w, 0); break;
        default: w->bad = 1; break;
        }
    }
}

int p11_serve(const struct call *call, struct writer *w) {
    int index = function_of(call->op);
    if (p11_list == NULL || index < 0) {
        return -1;
    }
    const struct field *f = call->fields;
    if (p11_list->function[index] == NULL) {
        not_supported(call->schema->answer, w);
        return 0;
    }
    switch (call->op) {
    case OP_C_Initialize: wire_u(w, initialize()); break;
    case OP_C_Finalize: wire_u(w, finalize()); break;
    case OP_C_GetInfo: get_info(w); break;
    case OP_C_GetSlotList: get_slot_list(f, w); break;
    case OP_C_GetTokenInfo: get_token_info(f, w); break;
    case OP_C_InitPIN:
    case OP_C_SetPIN:
    case OP_C_Login: wire_u(w, pins(f, call->op)); break;
    case OP_C_OpenSession: open_session(f, w); break;
    case OP_C_CloseSession:
    case OP_C_Logout:
    case OP_C_FindObjectsFinal: wire_u(w, session_only(f, call->op)); break;
    case OP_C_WaitForSlotEvent: wait_for_slot_event(f, w); break;
    default: return p11_serve_objects(call, w);
    }
    return 0;
}
