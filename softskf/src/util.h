/* util.h: byte buffers, hex and base64, files written atomically, wiping secrets. */
#ifndef SOFTSKF_UTIL_H
#define SOFTSKF_UTIL_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
} buf_t;

int buf_append(buf_t *b, const void *data, size_t len);
int buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_hex(buf_t *b, const uint8_t *data, size_t len);
void buf_free(buf_t *b);

/* Lower-case hex of len bytes into out (2*len+1 bytes). */
void hex_encode(const uint8_t *data, size_t len, char *out);
/* Decodes an even-length hex string; returns the byte count or -1. out may be NULL to measure. */
long hex_decode(const char *hex, size_t hexlen, uint8_t *out, size_t cap);

/* Decodes the first PEM block labelled label (e.g. "CERTIFICATE"); NULL label takes any. 0 ok, -1 not PEM. */
int pem_decode(const uint8_t *text, size_t len, const char *label, uint8_t **der, size_t *der_len);
int looks_like_pem(const uint8_t *data, size_t len);

/* Whole file into memory (NUL appended, not counted). 0 ok, -1 errno set. */
int file_read(const char *path, uint8_t **data, size_t *len);
/* Writes path.tmp.PID, fsyncs it, renames it over path; mode 0600. */
int file_write_atomic(const char *path, const void *data, size_t len);

char *path_join(const char *dir, const char *name);
char *xstrdup(const char *s);
void wipe(void *p, size_t len);
void sleep_ms(unsigned ms);

#endif
