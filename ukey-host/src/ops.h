/* The calls the host serves, by library kind. */
#ifndef UKEY_OPS_H
#define UKEY_OPS_H

#include <stddef.h>

#include "wire.h"

struct call {
    uint32_t id;
    uint16_t op;
    const struct op_schema *schema;
    struct field fields[FIELDS_MAX];
};

/* After the library is loaded: finds its entry points. Returns 0, or -1 with why in message. */
int p11_bind(void *library, char *message, size_t size);

/* Runs one PKCS#11 call and writes its answer; returns -1 when the op is not a PKCS#11 call of a bound library. */
int p11_serve(const struct call *call, struct writer *w);

int skf_bind(void *library, char *message, size_t size);

/* Runs one SKF call (or EXPORTS) and writes its answer; -1 when the op is not one of a bound SKF library. */
int skf_serve(const struct call *call, struct writer *w);

#endif
