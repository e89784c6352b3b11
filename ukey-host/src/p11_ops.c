/* PKCS#11 calls: fields in, the library's function, fields out (see schema.txt for each op's signature). */
#include "ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cryptoki.h"
#include "handles.h"
#include "platform.h"

#define BUFFER_MAX (16u * 1024u * 1024u)

static CK_FUNCTION_LIST *list;

int p11_bind(void *library, char *message, size_t size) {
    void *symbol = plat_symbol(library, "C_GetFunctionList");
    if (symbol == NULL) {
        snprintf(message, size, "no C_GetFunctionList: not a PKCS#11 library");
        return -1;
    }
    CK_C_GetFunctionList get_function_list;
    memcpy(&get_function_list, &symbol, sizeof symbol);
    CK_RV rv = get_function_list(&list);
    if (rv != CKR_OK || list == NULL) {
        snprintf(message, size, "C_GetFunctionList failed: 0x%lx", (unsigned long) rv);
        list = NULL;
        return -1;
    }
    return 0;
}

/* A function of the list as its C type, or NULL when the library leaves it out. */
#define FUNCTION(index, type) ((type) list->function[index])

/* CK_ULONG out: all ones stays all ones (CK_UNAVAILABLE_INFORMATION) whatever CK_ULONG's width. */
static uint64_t wide(CK_ULONG value) {
    return value == (CK_ULONG) -1 ? UINT64_MAX : (uint64_t) value;
}

/* CK_ULONG in: a value that does not fit this library's CK_ULONG is refused, never truncated. */
static int narrow(uint64_t value, CK_ULONG *out) {
    *out = (CK_ULONG) value;
    return (uint64_t) *out == value;
}

static int session(uint64_t id, CK_SESSION_HANDLE *out) {
    uintptr_t value;
    if (!handle_get(id, HANDLE_P11_SESSION, &value)) {
        return 0;
    }
    *out = (CK_SESSION_HANDLE) value;
    return 1;
}

struct template {
    CK_ATTRIBUTE *attributes;
    CK_ULONG count;
    CK_ULONG *ulongs;
    CK_BBOOL *bools;
};

static void template_free(struct template *t) {
    free(t->attributes);
    free(t->ulongs);
    free(t->bools);
    memset(t, 0, sizeof *t);
}

/* A t field as CK_ATTRIBUTEs in this library's ABI; byte values point into the frame. */
static CK_RV template_build(const struct field *f, struct template *t) {
    memset(t, 0, sizeof *t);
    size_t n = f->count == 0 ? 1 : f->count;
    t->attributes = calloc(n, sizeof *t->attributes);
    t->ulongs = calloc(n, sizeof *t->ulongs);
    t->bools = calloc(n, sizeof *t->bools);
    if (t->attributes == NULL || t->ulongs == NULL || t->bools == NULL) {
        template_free(t);
        return CKR_HOST_MEMORY;
    }
    struct cursor c = {f->data};
    for (uint32_t i = 0; i < f->count; i++) {
        CK_ATTRIBUTE *a = &t->attributes[i];
        if (!narrow(cursor_u64(&c), &a->type)) {
            template_free(t);
            return CKR_ARGUMENTS_BAD;
        }
        uint8_t kind = cursor_u8(&c);
        if (kind == 0) {
            t->bools[i] = cursor_u8(&c) != 0;
            a->pValue = &t->bools[i];
            a->ulValueLen = sizeof(CK_BBOOL);
        } else if (kind == 1) {
            if (!narrow(cursor_u64(&c), &t->ulongs[i])) {
                template_free(t);
                return CKR_ARGUMENTS_BAD;
            }
            a->pValue = &t->ulongs[i];
            a->ulValueLen = sizeof(CK_ULONG);
        } else {
            uint32_t length = cursor_u32(&c);
            a->pValue = length == 0 ? NULL : (void *) c.p;
            a->ulValueLen = length;
            c.p += length;
        }
    }
    t->count = f->count;
    return CKR_OK;
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
    if (!session(f[0].u, &h)) {
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
    if (!session(f[0].u, &h)) {
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

/* C_CreateObject, C_SetAttributeValue, C_FindObjectsInit: a session, maybe an object, a template. */
static void with_template(const struct field *f, int op, struct writer *w) {
    CK_SESSION_HANDLE h;
    CK_OBJECT_HANDLE object = 0;
    struct template t;
    const struct field *tf = op == OP_C_SetAttributeValue ? &f[2] : &f[1];
    CK_RV rv = !session(f[0].u, &h) ? CKR_SESSION_HANDLE_INVALID
               : op == OP_C_SetAttributeValue && !narrow(f[1].u, &object) ? CKR_ARGUMENTS_BAD
               : template_build(tf, &t);
    if (rv == CKR_OK) {
        if (op == OP_C_CreateObject) {
            typedef CK_RV (*fn)(CK_SESSION_HANDLE, CK_ATTRIBUTE *, CK_ULONG, CK_OBJECT_HANDLE *);
            rv = FUNCTION(FN_CreateObject, fn)(h, t.attributes, t.count, &object);
        } else if (op == OP_C_SetAttributeValue) {
            typedef CK_RV (*fn)(CK_SESSION_HANDLE, CK_OBJECT_HANDLE, CK_ATTRIBUTE *, CK_ULONG);
            rv = FUNCTION(FN_SetAttributeValue, fn)(h, object, t.attributes, t.count);
        } else {
            typedef CK_RV (*fn)(CK_SESSION_HANDLE, CK_ATTRIBUTE *, CK_ULONG);
            rv = FUNCTION(FN_FindObjectsInit, fn)(h, t.attributes, t.count);
        }
        template_free(&t);
    }
    wire_u(w, rv);
    if (op == OP_C_CreateObject) {
        wire_u(w, rv == CKR_OK ? wide(object) : 0);
    }
}

static CK_RV destroy_object(const struct field *f) {
    typedef CK_RV (*fn)(CK_SESSION_HANDLE, CK_OBJECT_HANDLE);
    CK_SESSION_HANDLE h;
    CK_OBJECT_HANDLE object;
    if (!session(f[0].u, &h)) {
        return CKR_SESSION_HANDLE_INVALID;
    }
    return narrow(f[1].u, &object) ? FUNCTION(FN_DestroyObject, fn)(h, object) : CKR_ARGUMENTS_BAD;
}

static void get_attribute_value(const struct field *f, struct writer *w) {
    typedef CK_RV (*fn)(CK_SESSION_HANDLE, CK_OBJECT_HANDLE, CK_ATTRIBUTE *, CK_ULONG);
    CK_SESSION_HANDLE h;
    CK_OBJECT_HANDLE object;
    uint32_t n = f[2].count;
    CK_ATTRIBUTE *attributes = calloc(n == 0 ? 1 : n, sizeof *attributes);
    uint32_t *capacity = calloc(n == 0 ? 1 : n, sizeof *capacity);
    CK_RV rv = attributes == NULL || capacity == NULL ? CKR_HOST_MEMORY
               : !session(f[0].u, &h) ? CKR_SESSION_HANDLE_INVALID
               : !narrow(f[1].u, &object) ? CKR_ARGUMENTS_BAD : CKR_OK;
    struct cursor c = {f[2].data};
    for (uint32_t i = 0; rv == CKR_OK && i < n; i++) {
        uint64_t type = cursor_u64(&c);
        int given = cursor_u8(&c);
        uint32_t size = cursor_u32(&c);
        if (!narrow(type, &attributes[i].type) || size > BUFFER_MAX) {
            rv = CKR_ARGUMENTS_BAD;
            break;
        }
        capacity[i] = given ? size : 0;
        attributes[i].pValue = given && size > 0 ? calloc(size, 1) : NULL;
        attributes[i].ulValueLen = capacity[i];
        if (given && size > 0 && attributes[i].pValue == NULL) {
            rv = CKR_HOST_MEMORY;
        }
    }
    if (rv == CKR_OK) {
        rv = FUNCTION(FN_GetAttributeValue, fn)(h, object, attributes, n);
    }
    wire_u(w, rv);
    wire_Q(w, attributes == NULL || capacity == NULL ? 0 : n);
    for (uint32_t i = 0; attributes != NULL && capacity != NULL && i < n; i++) {
        CK_ULONG length = attributes[i].ulValueLen;
        int sent = attributes[i].pValue != NULL && length != (CK_ULONG) -1 && length <= capacity[i];
        wire_Q_entry(w, wide(length), attributes[i].pValue, sent ? (uint32_t) length : 0);
        free(attributes[i].pValue);
    }
    free(attributes);
    free(capacity);
}

static void find_objects(const struct field *f, struct writer *w) {
    typedef CK_RV (*fn)(CK_SESSION_HANDLE, CK_OBJECT_HANDLE *, CK_ULONG, CK_ULONG *);
    CK_SESSION_HANDLE h;
    CK_ULONG max = f[1].u > 4096 ? 4096 : (CK_ULONG) f[1].u;
    CK_ULONG count = 0;
    CK_OBJECT_HANDLE *objects = calloc(max + 1, sizeof *objects);
    uint64_t *out = calloc(max + 1, sizeof *out);
    CK_RV rv = objects == NULL || out == NULL ? CKR_HOST_MEMORY
               : !session(f[0].u, &h) ? CKR_SESSION_HANDLE_INVALID
               : FUNCTION(FN_FindObjects, fn)(h, objects, max, &count);
    uint32_t filled = 0;
    if (rv == CKR_OK) {
        for (; filled < count && filled < max; filled++) out[filled] = wide(objects[filled]);
    }
    wire_u(w, rv);
    wire_L(w, out, filled);
    free(objects);
    free(out);
}

static CK_RV sign_init(const struct field *f) {
    typedef CK_RV (*fn)(CK_SESSION_HANDLE, CK_MECHANISM *, CK_OBJECT_HANDLE);
    CK_SESSION_HANDLE h;
    CK_MECHANISM mechanism;
    CK_OBJECT_HANDLE key;
    memset(&mechanism, 0, sizeof mechanism);
    if (!session(f[0].u, &h)) {
        return CKR_SESSION_HANDLE_INVALID;
    }
    if (!narrow(f[1].u, &mechanism.mechanism) || !narrow(f[2].u, &key)) {
        return CKR_ARGUMENTS_BAD;
    }
    return FUNCTION(FN_SignInit, fn)(h, &mechanism, key);
}

static void sign(const struct field *f, struct writer *w) {
    typedef CK_RV (*fn)(CK_SESSION_HANDLE, CK_BYTE *, CK_ULONG, CK_BYTE *, CK_ULONG *);
    CK_SESSION_HANDLE h;
    CK_ULONG length = f[2].given ? (CK_ULONG) f[2].u : 0;
    CK_BYTE *signature = f[2].given && f[2].u <= BUFFER_MAX ? calloc(length + 1, 1) : NULL;
    CK_RV rv = !session(f[0].u, &h) ? CKR_SESSION_HANDLE_INVALID
               : f[2].given && signature == NULL ? CKR_HOST_MEMORY
               : FUNCTION(FN_Sign, fn)(h, f[1].data, f[1].length, signature, &length);
    int sent = rv == CKR_OK && signature != NULL && length <= f[2].u;
    wire_u(w, rv);
    wire_u(w, wide(length));
    wire_s(w, signature, sent ? (uint32_t) length : 0);
    free(signature);
}

static void generate_key_pair(const struct field *f, struct writer *w) {
    typedef CK_RV (*fn)(CK_SESSION_HANDLE, CK_MECHANISM *, CK_ATTRIBUTE *, CK_ULONG, CK_ATTRIBUTE *, CK_ULONG,
                        CK_OBJECT_HANDLE *, CK_OBJECT_HANDLE *);
    CK_SESSION_HANDLE h;
    CK_MECHANISM mechanism;
    CK_OBJECT_HANDLE public_key = 0, private_key = 0;
    struct template pub, priv;
    memset(&mechanism, 0, sizeof mechanism);
    memset(&pub, 0, sizeof pub);
    memset(&priv, 0, sizeof priv);
    CK_RV rv = !session(f[0].u, &h) ? CKR_SESSION_HANDLE_INVALID
               : !narrow(f[1].u, &mechanism.mechanism) ? CKR_ARGUMENTS_BAD : template_build(&f[2], &pub);
    if (rv == CKR_OK) {
        rv = template_build(&f[3], &priv);
    }
    if (rv == CKR_OK) {
        rv = FUNCTION(FN_GenerateKeyPair, fn)(h, &mechanism, pub.attributes, pub.count, priv.attributes,
                                              priv.count, &public_key, &private_key);
    }
    template_free(&pub);
    template_free(&priv);
    wire_u(w, rv);
    wire_u(w, wide(public_key));
    wire_u(w, wide(private_key));
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
    if (list == NULL || index < 0) {
        return -1;
    }
    const struct field *f = call->fields;
    if (list->function[index] == NULL) {
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
    case OP_C_CreateObject:
    case OP_C_SetAttributeValue:
    case OP_C_FindObjectsInit: with_template(f, call->op, w); break;
    case OP_C_DestroyObject: wire_u(w, destroy_object(f)); break;
    case OP_C_GetAttributeValue: get_attribute_value(f, w); break;
    case OP_C_FindObjects: find_objects(f, w); break;
    case OP_C_SignInit: wire_u(w, sign_init(f)); break;
    case OP_C_Sign: sign(f, w); break;
    case OP_C_GenerateKeyPair: generate_key_pair(f, w); break;
    case OP_C_WaitForSlotEvent: wait_for_slot_event(f, w); break;
    default: return -1;
    }
    return 0;
}
