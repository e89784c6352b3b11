/* Frames and fields, checked against the signatures of schema.txt (see there for the encoding). */
#ifndef UKEY_WIRE_H
#define UKEY_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "schema.h"

#define FRAME_HEADER 10                  /* u32 length, u32 id, u16 op */
#define FRAME_MAX (64u * 1024u * 1024u)  /* refuse anything larger: a garbled length, not a real call */
#define FIELDS_MAX 8

/* One decoded request field. Bytes point into the frame, which the caller owns (and clears). */
struct field {
    char type;
    uint64_t u;        /* u and b; for o the capacity */
    int given;         /* o: 0 asks for the size */
    uint8_t *data;     /* s, k: the bytes; t, q: the first entry */
    uint32_t length;   /* s, k: their length */
    uint32_t count;    /* t, q: the number of entries */
};

/* Decodes the fields of a request body by its signature; returns 0, or -1 when the body does not match it. */
int wire_decode(const char *signature, uint8_t *body, size_t size, struct field *fields);

/* An answer being written; every put checks the next letter of the op's answer signature. */
struct writer {
    uint8_t *buffer;
    size_t length;
    size_t capacity;
    const char *signature;
    int bad;
};

void wire_begin(struct writer *w, const char *signature);
void wire_u(struct writer *w, uint64_t value);
void wire_b(struct writer *w, uint8_t value);
void wire_s(struct writer *w, const void *bytes, uint32_t length);
void wire_L(struct writer *w, const uint64_t *values, uint32_t count);
/* Q: wire_Q then, per attribute, wire_Q_entry */
void wire_Q(struct writer *w, uint32_t count);
void wire_Q_entry(struct writer *w, uint64_t length, const void *bytes, uint32_t size);
/* Fills in the header; returns -1 when the answer did not follow its signature to the end. */
int wire_end(struct writer *w, uint32_t id, uint16_t op);
void wire_free(struct writer *w);

/* Readers of t and q entries, which wire_decode has already checked. */
struct cursor {
    const uint8_t *p;
};
uint64_t cursor_u64(struct cursor *c);
uint32_t cursor_u32(struct cursor *c);
uint8_t cursor_u8(struct cursor *c);

uint32_t wire_get_u32(const uint8_t *p);
uint16_t wire_get_u16(const uint8_t *p);

const struct op_schema *wire_op(uint16_t op);

#endif
