/*
 * SKF (GM/T 0016-2012) calls: fields in, the library's export, fields out (see schema.txt). SKFULONG and BOOL are
 * 32-bit, handles pointer-sized and never leave the host (the client gets ids). Every call passes its arguments
 * as pointer-sized integers: on 32-bit Windows through the stack-restoring thunk (vendors mix __stdcall and
 * __cdecl), elsewhere through a cast to a function of that many integer arguments, which is how x86-64 and
 * arm64 pass 32-bit integers and pointers.
 */
#include "ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handles.h"
#include "platform.h"

typedef uint32_t SKFULONG; /* the standard's ULONG: 32 bits everywhere (windows.h has its own ULONG) */

#define SAR_OK 0x00000000u
#define SAR_FAIL 0x0A000001u
#define SAR_NOTSUPPORTYETERR 0x0A000003u
#define SAR_INVALIDHANDLEERR 0x0A000005u
#define SAR_INVALIDPARAMERR 0x0A000006u
#define SAR_MEMORYERR 0x0A00000Eu
#define BUFFER_MAX (16u * 1024u * 1024u)

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

static void *exports[X_COUNT];
static int bound;

int skf_bind(void *library, char *message, size_t size) {
    for (int i = 0; i < X_COUNT; i++) {
        exports[i] = plat_symbol(library, NAMES[i]);
    }
    if (exports[X_GetContainerType] == NULL) {
        exports[X_GetContainerType] = plat_symbol(library, "SKF_GetContianerType"); /* a vendor's spelling */
    }
    if (exports[X_EnumDev] == NULL || exports[X_ConnectDev] == NULL) {
        snprintf(message, size, "no SKF_EnumDev/SKF_ConnectDev: not an SKF library");
        return -1;
    }
    bound = 1;
    return 0;
}

#if defined(_WIN32) && !defined(_WIN64)
uint32_t ukey_thunk(void *function, const uint32_t *arguments, uint32_t count);
#endif

/* Calls an export with n pointer-sized integer arguments. */
static SKFULONG call(void *function, const uintptr_t *a, int n) {
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

/* A handle id of the client as the library's handle; 0 when it is not one of that kind. */
static int handle(uint64_t id, enum handle_kind kind, uintptr_t *out) {
    return handle_get(id, kind, out);
}

/* Bytes as a NUL-terminated string (SKF names and PINs); the caller frees it (clearing a PIN first). */
static char *text(const struct field *f) {
    char *s = malloc((size_t) f->length + 1);
    if (s != NULL) {
        memcpy(s, f->data, f->length);
        s[f->length] = '\0';
    }
    return s;
}

static void free_secret(char *s, uint32_t length) {
    if (s != NULL) {
        memset(s, 0, length);
        free(s);
    }
}

/*
 * The two-call pattern: a[n-2] and a[n-1] become the buffer (NULL when not given) and &size; answers rv, size
 * and the bytes written.
 */
static void sized(void *function, uintptr_t *a, int n, const struct field *o, struct writer *w) {
    SKFULONG size = o->given ? (SKFULONG) (o->u > BUFFER_MAX ? BUFFER_MAX : o->u) : 0;
    uint8_t *buffer = o->given ? calloc((size_t) size + 2, 1) : NULL;
    SKFULONG rv = o->given && buffer == NULL ? SAR_MEMORYERR : SAR_OK;
    if (rv == SAR_OK) {
        a[n - 2] = (uintptr_t) buffer;
        a[n - 1] = (uintptr_t) &size;
        rv = call(function, a, n);
    }
    wire_u(w, rv);
    wire_u(w, size);
    wire_s(w, buffer, rv == SAR_OK && buffer != NULL && size <= o->u ? size : 0);
    free(buffer);
}

/* Open-style calls: a parent handle, a name, a new handle out (ConnectDev has no parent). */
static void open_call(int x, const struct field *f, enum handle_kind parent, enum handle_kind child,
                      struct writer *w) {
    uintptr_t a[3], opened = 0;
    int n = 0;
    SKFULONG rv = SAR_OK;
    const struct field *name = f;
    if (parent != 0) {
        if (!handle(f[0].u, parent, &a[n++])) {
            rv = SAR_INVALIDHANDLEERR;
        }
        name = &f[1];
    }
    char *s = text(name);
    uint64_t id = 0;
    if (rv == SAR_OK && s == NULL) {
        rv = SAR_MEMORYERR;
    }
    if (rv == SAR_OK) {
        a[n++] = (uintptr_t) s;
        a[n++] = (uintptr_t) &opened;
        rv = call(exports[x], a, n);
        if (rv == SAR_OK && (id = handle_add(child, opened)) == 0) {
            rv = SAR_MEMORYERR;
        }
    }
    free(s);
    wire_u(w, rv);
    wire_u(w, id);
}

/* Calls on one handle that answer only the return value; close calls forget the handle. */
static void on_handle(int x, const struct field *f, enum handle_kind kind, int closes, struct writer *w) {
    uintptr_t a[1];
    SKFULONG rv = handle(f[0].u, kind, &a[0]) ? call(exports[x], a, 1) : SAR_INVALIDHANDLEERR;
    if (closes) {
        handle_remove(f[0].u);
    }
    wire_u(w, rv);
}

static void pins(int x, const struct field *f, struct writer *w) {
    uintptr_t a[5];
    SKFULONG retries = 0;
    SKFULONG rv = SAR_OK;
    int n = 0;
    const struct field *first = x == X_UnblockPIN ? &f[1] : &f[2];
    int secrets = x == X_VerifyPIN ? 1 : 2;
    char *s1 = text(first);
    char *s2 = secrets == 2 ? text(first + 1) : NULL;
    if (!handle(f[0].u, HANDLE_SKF_APPLICATION, &a[n++])) {
        rv = SAR_INVALIDHANDLEERR;
    } else if (s1 == NULL || (secrets == 2 && s2 == NULL)) {
        rv = SAR_MEMORYERR;
    } else {
        if (x != X_UnblockPIN) {
            a[n++] = (uintptr_t) (SKFULONG) f[1].u; /* ulPINType */
        }
        a[n++] = (uintptr_t) s1;
        if (secrets == 2) {
            a[n++] = (uintptr_t) s2;
        }
        a[n++] = (uintptr_t) &retries;
        rv = call(exports[x], a, n);
    }
    free_secret(s1, first->length);
    free_secret(s2, secrets == 2 ? first[1].length : 0);
    wire_u(w, rv);
    wire_u(w, retries);
}

static void get_pin_info(const struct field *f, struct writer *w) {
    uintptr_t a[5];
    SKFULONG max = 0, left = 0, is_default = 0;
    SKFULONG rv = SAR_INVALIDHANDLEERR;
    if (handle(f[0].u, HANDLE_SKF_APPLICATION, &a[0])) {
        a[1] = (uintptr_t) (SKFULONG) f[1].u;
        a[2] = (uintptr_t) &max;
        a[3] = (uintptr_t) &left;
        a[4] = (uintptr_t) &is_default;
        rv = call(exports[X_GetPINInfo], a, 5);
    }
    wire_u(w, rv);
    wire_u(w, max);
    wire_u(w, left);
    wire_u(w, is_default);
}

/* A handle and a name in: SetLabel, DeleteContainer. */
static void handle_and_name(int x, const struct field *f, enum handle_kind kind, struct writer *w) {
    uintptr_t a[2];
    char *s = text(&f[1]);
    SKFULONG rv = !handle(f[0].u, kind, &a[0]) ? SAR_INVALIDHANDLEERR : s == NULL ? SAR_MEMORYERR : SAR_OK;
    if (rv == SAR_OK) {
        a[1] = (uintptr_t) s;
        rv = call(exports[x], a, 2);
    }
    free(s);
    wire_u(w, rv);
}

/* A handle in, a fixed-size structure out (DEVINFO, ECCPUBLICKEYBLOB, ECCSIGNATUREBLOB); the client names its size. */
static void fixed_out(int x, const struct field *f, enum handle_kind kind, struct writer *w) {
    uintptr_t a[4];
    int n = 0;
    uint64_t size = x == X_GenECCKeyPair ? f[2].u : x == X_ECCSignData ? f[2].u : f[1].u;
    uint8_t *out = size <= 65536 ? calloc((size_t) size + 8, 1) : NULL;
    SKFULONG rv = out == NULL ? SAR_INVALIDPARAMERR : !handle(f[0].u, kind, &a[n++]) ? SAR_INVALIDHANDLEERR : SAR_OK;
    if (rv == SAR_OK) {
        if (x == X_GenECCKeyPair) {
            a[n++] = (uintptr_t) (SKFULONG) f[1].u;
        } else if (x == X_ECCSignData) {
            a[n++] = (uintptr_t) f[1].data;
            a[n++] = (uintptr_t) f[1].length;
        }
        a[n++] = (uintptr_t) out;
        rv = call(exports[x], a, n);
    }
    wire_u(w, rv);
    wire_s(w, out, out != NULL ? (uint32_t) size : 0);
    free(out);
}

static void wait_for_dev_event(const struct field *f, struct writer *w) {
    uintptr_t a[3];
    SKFULONG size = f[0].given ? (SKFULONG) (f[0].u > 65536 ? 65536 : f[0].u) : 0;
    SKFULONG event = 0;
    char *name = calloc((size_t) size + 2, 1);
    SKFULONG rv = name == NULL ? SAR_MEMORYERR : SAR_OK;
    if (rv == SAR_OK) {
        a[0] = (uintptr_t) name;
        a[1] = (uintptr_t) &size;
        a[2] = (uintptr_t) &event;
        rv = call(exports[X_WaitForDevEvent], a, 3);
    }
    wire_u(w, rv);
    wire_u(w, size);
    wire_s(w, name, rv == SAR_OK && name != NULL && size <= f[0].u ? (uint32_t) strnlen(name, size) : 0);
    wire_u(w, event);
    free(name);
}

static void encrypt_init(const struct field *f, struct writer *w) {
    uintptr_t key;
    BLOCKCIPHERPARAM parameter;
    memset(&parameter, 0, sizeof parameter);
    memcpy(&parameter, f[1].data, f[1].length < sizeof parameter ? f[1].length : sizeof parameter);
    SKFULONG rv = SAR_INVALIDHANDLEERR;
    if (handle(f[0].u, HANDLE_SKF_KEY, &key)) {
#if defined(_WIN32) && !defined(_WIN64)
        /* the structure by value: its 11 words on the stack after the handle */
        uint32_t a[1 + sizeof parameter / 4];
        a[0] = (uint32_t) key;
        memcpy(&a[1], &parameter, sizeof parameter);
        rv = ukey_thunk(exports[X_EncryptInit], a, 1 + sizeof parameter / 4);
#else
        union {
            void *p;
            SKFULONG (*init)(void *, BLOCKCIPHERPARAM);
        } fn;
        fn.p = exports[X_EncryptInit];
        rv = fn.init((void *) key, parameter);
#endif
    }
    wire_u(w, rv);
}

static void import_session_key(const struct field *f, struct writer *w) {
    uintptr_t a[5], key = 0;
    uint64_t id = 0;
    SKFULONG rv = SAR_INVALIDHANDLEERR;
    if (handle(f[0].u, HANDLE_SKF_CONTAINER, &a[0])) {
        a[1] = (uintptr_t) (SKFULONG) f[1].u;
        a[2] = (uintptr_t) f[2].data;
        a[3] = (uintptr_t) f[2].length;
        a[4] = (uintptr_t) &key;
        rv = call(exports[X_ImportSessionKey], a, 5);
        if (rv == SAR_OK && (id = handle_add(HANDLE_SKF_KEY, key)) == 0) {
            rv = SAR_MEMORYERR;
        }
    }
    wire_u(w, rv);
    wire_u(w, id);
}

static void list_exports(struct writer *w) {
    char names[2048];
    size_t used = 0;
    for (int i = 0; i < X_COUNT; i++) {
        size_t length = strlen(NAMES[i]);
        if (exports[i] != NULL && used + length + 1 < sizeof names) {
            memcpy(names + used, NAMES[i], length + 1);
            used += length + 1;
        }
    }
    wire_s(w, names, (uint32_t) used);
}

static int export_of(uint16_t op) {
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

/* An answer for an export the library lacks: SAR_NOTSUPPORTYETERR and empty fields. */
static void not_supported(const char *signature, struct writer *w) {
    wire_u(w, SAR_NOTSUPPORTYETERR);
    for (const char *p = signature + 1; *p != '\0'; p++) {
        if (*p == 'u') {
            wire_u(w, 0);
        } else {
            wire_s(w, NULL, 0);
        }
    }
}

/* Calls with a handle, a BOOL and a sized output, or a handle, data and a sized output. */
static void handle_sized(int x, const struct field *f, enum handle_kind kind, struct writer *w) {
    uintptr_t a[5];
    int n = 0;
    if (!handle(f[0].u, kind, &a[n++])) {
        wire_u(w, SAR_INVALIDHANDLEERR);
        wire_u(w, 0);
        wire_s(w, NULL, 0);
        return;
    }
    if (x == X_ExportCertificate || x == X_ExportPublicKey) {
        a[n++] = (uintptr_t) (SKFULONG) (f[1].u != 0);
    } else if (x == X_RSASignData || x == X_Encrypt) {
        a[n++] = (uintptr_t) f[1].data;
        a[n++] = (uintptr_t) f[1].length;
    }
    n += 2;
    sized(exports[x], a, n, &f[x == X_EnumApplication || x == X_EnumContainer ? 1 : 2], w);
}

int skf_serve(const struct call *call_, struct writer *w) {
    if (!bound) {
        return -1;
    }
    if (call_->op == OP_EXPORTS) {
        list_exports(w);
        return 0;
    }
    int x = export_of(call_->op);
    if (x < 0) {
        return -1;
    }
    if (exports[x] == NULL) {
        not_supported(call_->schema->answer, w);
        return 0;
    }
    const struct field *f = call_->fields;
    uintptr_t a[4];
    switch (x) {
    case X_WaitForDevEvent: wait_for_dev_event(f, w); break;
    case X_CancelWaitForDevEvent: wire_u(w, call(exports[x], a, 0)); break;
    case X_EnumDev:
        a[0] = (uintptr_t) (SKFULONG) (f[0].u != 0);
        sized(exports[x], a, 3, &f[1], w);
        break;
    case X_ConnectDev: open_call(x, f, 0, HANDLE_SKF_DEVICE, w); break;
    case X_DisConnectDev: on_handle(x, f, HANDLE_SKF_DEVICE, 1, w); break;
    case X_GetDevInfo: fixed_out(x, f, HANDLE_SKF_DEVICE, w); break;
    case X_SetLabel: handle_and_name(x, f, HANDLE_SKF_DEVICE, w); break;
    case X_GetPINInfo: get_pin_info(f, w); break;
    case X_VerifyPIN:
    case X_ChangePIN:
    case X_UnblockPIN: pins(x, f, w); break;
    case X_ClearSecureState: on_handle(x, f, HANDLE_SKF_APPLICATION, 0, w); break;
    case X_EnumApplication: handle_sized(x, f, HANDLE_SKF_DEVICE, w); break;
    case X_OpenApplication: open_call(x, f, HANDLE_SKF_DEVICE, HANDLE_SKF_APPLICATION, w); break;
    case X_CloseApplication: on_handle(x, f, HANDLE_SKF_APPLICATION, 1, w); break;
    case X_EnumContainer: handle_sized(x, f, HANDLE_SKF_APPLICATION, w); break;
    case X_CreateContainer:
    case X_OpenContainer: open_call(x, f, HANDLE_SKF_APPLICATION, HANDLE_SKF_CONTAINER, w); break;
    case X_DeleteContainer: handle_and_name(x, f, HANDLE_SKF_APPLICATION, w); break;
    case X_CloseContainer: on_handle(x, f, HANDLE_SKF_CONTAINER, 1, w); break;
    case X_GetContainerType: {
        SKFULONG type = 0;
        SKFULONG rv = SAR_INVALIDHANDLEERR;
        if (handle(f[0].u, HANDLE_SKF_CONTAINER, &a[0])) {
            a[1] = (uintptr_t) &type;
            rv = call(exports[x], a, 2);
        }
        wire_u(w, rv);
        wire_u(w, type);
        break;
    }
    case X_ImportCertificate:
    case X_ImportECCKeyPair: {
        SKFULONG rv = SAR_INVALIDHANDLEERR;
        if (handle(f[0].u, HANDLE_SKF_CONTAINER, &a[0])) {
            if (x == X_ImportCertificate) {
                a[1] = (uintptr_t) (SKFULONG) (f[1].u != 0);
                a[2] = (uintptr_t) f[2].data;
                a[3] = (uintptr_t) f[2].length;
                rv = call(exports[x], a, 4);
            } else {
                a[1] = (uintptr_t) f[1].data;
                rv = call(exports[x], a, 2);
            }
        }
        wire_u(w, rv);
        break;
    }
    case X_ExportCertificate:
    case X_ExportPublicKey:
    case X_RSASignData: handle_sized(x, f, HANDLE_SKF_CONTAINER, w); break;
    case X_GenECCKeyPair:
    case X_ECCSignData: fixed_out(x, f, HANDLE_SKF_CONTAINER, w); break;
    case X_ImportSessionKey: import_session_key(f, w); break;
    case X_EncryptInit: encrypt_init(f, w); break;
    case X_Encrypt: handle_sized(x, f, HANDLE_SKF_KEY, w); break;
    case X_CloseHandle: on_handle(x, f, HANDLE_SKF_KEY, 1, w); break;
    default: return -1;
    }
    return 0;
}
