#include "wire.h"

#include <stdlib.h>
#include <string.h>

uint32_t wire_get_u32(const uint8_t *p) {
    return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

uint16_t wire_get_u16(const uint8_t *p) {
    return (uint16_t) (p[0] | p[1] << 8);
}

static uint64_t get_u64(const uint8_t *p) {
    return (uint64_t) wire_get_u32(p) | (uint64_t) wire_get_u32(p + 4) << 32;
}

uint64_t cursor_u64(struct cursor *c) {
    uint64_t value = get_u64(c->p);
    c->p += 8;
    return value;
}

uint32_t cursor_u32(struct cursor *c) {
    uint32_t value = wire_get_u32(c->p);
    c->p += 4;
    return value;
}

uint8_t cursor_u8(struct cursor *c) {
    return *c->p++;
}

const struct op_schema *wire_op(uint16_t op) {
    for (size_t i = 0; i < OP_COUNT; i++) {
        if (OP_TABLE[i].op == op) {
            return &OP_TABLE[i];
        }
    }
    return NULL;
}

/* How many bytes one template entry takes from p, or 0 when it does not fit in what is left. */
static size_t template_entry(const uint8_t *p, size_t left) {
    if (left < 9) {
        return 0;
    }
    switch (p[8]) {
    case 0:
        return left >= 10 ? 10 : 0;
    case 1:
        return left >= 17 ? 17 : 0;
    case 2: {
        if (left < 13) {
            return 0;
        }
        uint32_t length = wire_get_u32(p + 9);
        return length <= left - 13 ? 13 + (size_t) length : 0;
    }
    default:
        return 0;
    }
}

static int decode_field(char type, uint8_t **pp, size_t *left, struct field *f) {
    uint8_t *p = *pp;
    size_t used;
    f->type = type;
    switch (type) {
    case 'u':
        if (*left < 8) return -1;
        f->u = get_u64(p);
        used = 8;
        break;
    case 'b':
        if (*left < 1) return -1;
        f->u = p[0];
        used = 1;
        break;
    case 's':
    case 'k':
        if (*left < 4 || wire_get_u32(p) > *left - 4) return -1;
        f->length = wire_get_u32(p);
        f->data = p + 4;
        used = 4 + f->length;
        break;
    case 'o':
        if (*left < 5 || p[0] > 1) return -1;
        f->given = p[0];
        f->u = wire_get_u32(p + 1);
        used = 5;
        break;
    case 't':
    case 'q': {
        if (*left < 4) return -1;
        f->count = wire_get_u32(p);
        f->data = p + 4;
        used = 4;
        for (uint32_t i = 0; i < f->count; i++) {
            size_t entry = type == 'q' ? (*left - used >= 13 && p[used + 8] <= 1 ? 13 : 0)
                                       : template_entry(p + used, *left - used);
            if (entry == 0) return -1;
            used += entry;
        }
        break;
    }
    default:
        return -1;
    }
    *pp = p + used;
    *left -= used;
    return 0;
}

int wire_decode(const char *signature, uint8_t *body, size_t size, struct field *fields) {
    size_t count = strlen(signature);
    if (count > FIELDS_MAX) {
        return -1;
    }
    uint8_t *p = body;
    size_t left = size;
    for (size_t i = 0; i < count; i++) {
        memset(&fields[i], 0, sizeof fields[i]);
        if (decode_field(signature[i], &p, &left, &fields[i]) != 0) {
            return -1;
        }
    }
    return left == 0 ? 0 : -1;
}

static void reserve(struct writer *w, size_t more) {
    if (w->bad || w->length + more <= w->capacity) {
        return;
    }
    size_t capacity = w->capacity * 2 + more;
    uint8_t *grown = realloc(w->buffer, capacity);
    if (grown == NULL || capacity > FRAME_MAX + FRAME_HEADER) {
        w->bad = 1;
        return;
    }
    w->buffer = grown;
    w->capacity = capacity;
}

static void put(struct writer *w, const void *bytes, size_t n) {
    reserve(w, n);
    if (!w->bad && n > 0) {
        memcpy(w->buffer + w->length, bytes, n);
        w->length += n;
    }
}

static void put_u32(struct writer *w, uint32_t v) {
    uint8_t b[4] = {(uint8_t) v, (uint8_t) (v >> 8), (uint8_t) (v >> 16), (uint8_t) (v >> 24)};
    put(w, b, 4);
}

static void put_u64(struct writer *w, uint64_t v) {
    put_u32(w, (uint32_t) v);
    put_u32(w, (uint32_t) (v >> 32));
}

/* The next field must be of this type. */
static int expect(struct writer *w, char type) {
    if (w->bad || *w->signature != type) {
        w->bad = 1;
        return 0;
    }
    w->signature++;
    return 1;
}

void wire_begin(struct writer *w, const char *signature) {
    memset(w, 0, sizeof *w);
    w->signature = signature;
    reserve(w, 256);
    w->length = FRAME_HEADER;
}

void wire_u(struct writer *w, uint64_t value) {
    if (expect(w, 'u')) put_u64(w, value);
}

void wire_b(struct writer *w, uint8_t value) {
    if (expect(w, 'b')) put(w, &value, 1);
}

void wire_s(struct writer *w, const void *bytes, uint32_t length) {
    if (expect(w, 's')) {
        put_u32(w, length);
        put(w, bytes, length);
    }
}

void wire_L(struct writer *w, const uint64_t *values, uint32_t count) {
    if (expect(w, 'L')) {
        put_u32(w, count);
        for (uint32_t i = 0; i < count; i++) put_u64(w, values[i]);
    }
}

void wire_Q(struct writer *w, uint32_t count) {
    if (expect(w, 'Q')) put_u32(w, count);
}

void wire_Q_entry(struct writer *w, uint64_t length, const void *bytes, uint32_t size) {
    put_u64(w, length);
    put_u32(w, size);
    put(w, bytes, size);
}

int wire_end(struct writer *w, uint32_t id, uint16_t op) {
    if (w->bad || *w->signature != '\0') {
        return -1;
    }
    uint32_t length = (uint32_t) (w->length - 4);
    uint8_t *h = w->buffer;
    h[0] = (uint8_t) length; h[1] = (uint8_t) (length >> 8); h[2] = (uint8_t) (length >> 16);
    h[3] = (uint8_t) (length >> 24);
    h[4] = (uint8_t) id; h[5] = (uint8_t) (id >> 8); h[6] = (uint8_t) (id >> 16); h[7] = (uint8_t) (id >> 24);
    h[8] = (uint8_t) op; h[9] = (uint8_t) (op >> 8);
    return 0;
}

void wire_free(struct writer *w) {
    if (w->buffer != NULL) {
        memset(w->buffer, 0, w->length);
        free(w->buffer);
    }
    w->buffer = NULL;
}
