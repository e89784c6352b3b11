/* PKCS#11 calls on objects and keys: templates in, attribute values, object handles and signatures out. */
#include "p11.h"

#include <stdlib.h>
#include <string.h>

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

/* C_CreateObject, C_SetAttributeValue, C_FindObjectsInit: a session, maybe an object, a template. */
static void with_template(const struct field *f, int op, struct writer *w) {
    CK_SESSION_HANDLE h;
    CK_OBJECT_HANDLE object = 0;
    struct template t;
    const struct field *tf = op == OP_C_SetAttributeValue ? &f[2] : &f[1];
    CK_RV rv = !p11_session(f[0].u, &h) ? CKR_SESSION_HANDLE_INVALID
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
    if (!p11_session(f[0].u, &h)) {
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
               : !p11_session(f[0].u, &h) ? CKR_SESSION_HANDLE_INVALID
               : !narrow(f[1].u, &object) ? CKR_ARGUMENTS_BAD : CKR_OK;
    struct cursor c = {f[2].data};
    for (uint32_t i = 0; rv == CKR_OK && i < n; i++) {
        uint64_t type = cursor_u64(&c);
        int given = cursor_u8(&c);
        uint32_t size = cursor_u32(&c);
        if (!narrow(type, &attributes[i].type) || size > P11_BUFFER_MAX) {
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
               : !p11_session(f[0].u, &h) ? CKR_SESSION_HANDLE_INVALID
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
    if (!p11_session(f[0].u, &h)) {
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
    CK_BYTE *signature = f[2].given && f[2].u <= P11_BUFFER_MAX ? calloc(length + 1, 1) : NULL;
    CK_RV rv = !p11_session(f[0].u, &h) ? CKR_SESSION_HANDLE_INVALID
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
    CK_RV rv = !p11_session(f[0].u, &h) ? CKR_SESSION_HANDLE_INVALID
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

int p11_serve_objects(const struct call *call, struct writer *w) {
    const struct field *f = call->fields;
    switch (call->op) {
    case OP_C_CreateObject:
    case OP_C_SetAttributeValue:
    case OP_C_FindObjectsInit: with_template(f, call->op, w); break;
    case OP_C_DestroyObject: wire_u(w, destroy_object(f)); break;
    case OP_C_GetAttributeValue: get_attribute_value(f, w); break;
    case OP_C_FindObjects: find_objects(f, w); break;
    case OP_C_SignInit: wire_u(w, sign_init(f)); break;
    case OP_C_Sign: sign(f, w); break;
    case OP_C_GenerateKeyPair: generate_key_pair(f, w); break;
    default: return -1;
    }
    return 0;
}
