/*
 * What the PKCS#11 calls share: the bound library's function list, CK_ULONG across the wire, session ids. The calls
 * on the library, its slots, sessions and PINs are in p11_ops.c; those on objects and keys in p11_objects.c.
 */
#ifndef UKEY_P11_H
#define UKEY_P11_H

#include <stdint.h>

#include "cryptoki.h"
#include "ops.h"

#define P11_BUFFER_MAX (16u * 1024u * 1024u)

/* The bound library's function list; NULL before p11_bind. */
extern CK_FUNCTION_LIST *p11_list;

/* A function of the list as its C type, or NULL when the library leaves it out. */
#define FUNCTION(index, type) ((type) p11_list->function[index])

/* CK_ULONG out: all ones stays all ones (CK_UNAVAILABLE_INFORMATION) whatever CK_ULONG's width. */
static inline uint64_t wide(CK_ULONG value) {
    return value == (CK_ULONG) -1 ? UINT64_MAX : (uint64_t) value;
}

/* CK_ULONG in: a value that does not fit this library's CK_ULONG is refused, never truncated. */
static inline int narrow(uint64_t value, CK_ULONG *out) {
    *out = (CK_ULONG) value;
    return (uint64_t) *out == value;
}

/* The library's session behind a client's session id; 0 when the id is not a live session. */
int p11_session(uint64_t id, CK_SESSION_HANDLE *out);

/* Object, key and signature calls (p11_objects.c); -1 when the op is not one of them. */
int p11_serve_objects(const struct call *call, struct writer *w);

#endif
