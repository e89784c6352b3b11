/* exports.h: helpers shared by the exp_*.c files (the SKF_* entry points). */
#ifndef SOFTSKF_EXPORTS_H
#define SOFTSKF_EXPORTS_H

#include <stddef.h>
#include <stdint.h>

#include "../include/skf.h"

/* The two-call pattern: out NULL -> *size = len; *size too small -> SAR_BUFFER_TOO_SMALL with *size = len;
 * else copies and sets *size = len. */
ULONG put_bytes_out(const void *data, size_t len, BYTE *out, ULONG *size);
/* A double-NUL-terminated multi-string of names (2 bytes for an empty list), two-call pattern. */
ULONG put_name_list(char *const *names, size_t count, LPSTR out, ULONG *size);

/* ECCPUBLICKEYBLOB <-> x || y; blob_to_point refuses a bit length other than 256 or a non-zero left half. */
void point_to_blob(const uint8_t q[64], ECCPUBLICKEYBLOB *blob);
int blob_to_point(const ECCPUBLICKEYBLOB *blob, uint8_t q[64]);
/* Right-aligned 64-byte field <-> 32 bytes. */
void put_right_aligned(uint8_t field[64], const uint8_t value[32]);
int get_right_aligned(const uint8_t field[64], uint8_t value[32]);
/* A name argument: non-empty, at most SOFTSKF_NAME_MAX bytes. */
int name_ok(const char *name);

#endif
