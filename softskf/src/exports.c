/* exports.c: output conventions shared by every export. */
#include "exports.h"

#include <string.h>

#include "model.h"

ULONG put_bytes_out(const void *data, size_t len, BYTE *out, ULONG *size)
{
    if (!size)
        return SAR_INVALIDPARAMERR;
    if (!out) {
        *size = (ULONG)len;
        return SAR_OK;
    }
    if (*size < len) {
        *size = (ULONG)len;
        return SAR_BUFFER_TOO_SMALL;
    }
    memcpy(out, data, len);
    *size = (ULONG)len;
    return SAR_OK;
}

ULONG put_name_list(char *const *names, size_t count, LPSTR out, ULONG *size)
{
    if (!size)
        return SAR_INVALIDPARAMERR;
    size_t need = count ? 1 : 2;
    for (size_t i = 0; i < count; i++)
        need += strlen(names[i]) + 1;
    if (!out) {
        *size = (ULONG)need;
        return SAR_OK;
    }
    if (*size < need) {
        *size = (ULONG)need;
        return SAR_BUFFER_TOO_SMALL;
    }
    char *p = out;
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(names[i]) + 1;
        memcpy(p, names[i], n);
        p += n;
    }
    *p++ = 0;
    if (!count)
        *p = 0;
    *size = (ULONG)need;
    return SAR_OK;
}

void put_right_aligned(uint8_t field[64], const uint8_t value[32])
{
    memset(field, 0, 32);
    memcpy(field + 32, value, 32);
}

int get_right_aligned(const uint8_t field[64], uint8_t value[32])
{
    for (int i = 0; i < 32; i++)
        if (field[i])
            return -1;
    memcpy(value, field + 32, 32);
    return 0;
}

void point_to_blob(const uint8_t q[64], ECCPUBLICKEYBLOB *blob)
{
    memset(blob, 0, sizeof *blob);
    blob->BitLen = 256;
    put_right_aligned(blob->XCoordinate, q);
    put_right_aligned(blob->YCoordinate, q + 32);
}

int blob_to_point(const ECCPUBLICKEYBLOB *blob, uint8_t q[64])
{
    if (blob->BitLen != 256)
        return -1;
    return get_right_aligned(blob->XCoordinate, q) || get_right_aligned(blob->YCoordinate, q + 32) ? -1 : 0;
}

int name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n > 0 && n <= SOFTSKF_NAME_MAX;
}
