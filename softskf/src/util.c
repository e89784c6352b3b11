/* util.c: small helpers shared by the library and the tool. */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int buf_append(buf_t *b, const void *data, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len + 1)
            cap *= 2;
        uint8_t *p = realloc(b->data, cap);
        if (!p)
            return -1;
        b->data = p;
        b->cap = cap;
    }
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = 0;
    return 0;
}

int buf_printf(buf_t *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof small)
        return buf_append(b, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big)
        return -1;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = buf_append(b, big, (size_t)n);
    free(big);
    return rc;
}

int buf_hex(buf_t *b, const uint8_t *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        char pair[2] = {digits[data[i] >> 4], digits[data[i] & 15]};
        if (buf_append(b, pair, 2))
            return -1;
    }
    return 0;
}

void buf_free(buf_t *b)
{
    if (b->data) {
        wipe(b->data, b->cap);
        free(b->data);
    }
    b->data = NULL;
    b->len = b->cap = 0;
}

void hex_encode(const uint8_t *data, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 15];
    }
    out[2 * len] = 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

long hex_decode(const char *hex, size_t hexlen, uint8_t *out, size_t cap)
{
    if (hexlen % 2)
        return -1;
    size_t n = hexlen / 2;
    if (out && n > cap)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        if (out)
            out[i] = (uint8_t)(hi << 4 | lo);
    }
    return (long)n;
}

static int b64_value(uint8_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

static int base64_decode(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len)
{
    uint8_t *o = malloc(len / 4 * 3 + 3);
    if (!o)
        return -1;
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        if (in[i] == '=')
            break;
        if (in[i] == '\r' || in[i] == '\n' || in[i] == ' ' || in[i] == '\t')
            continue;
        int v = b64_value(in[i]);
        if (v < 0) {
            free(o);
            return -1;
        }
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            o[n++] = (uint8_t)(acc >> bits);
        }
    }
    *out = o;
    *out_len = n;
    return 0;
}

static const uint8_t *find(const uint8_t *hay, size_t len, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= len; i++)
        if (memcmp(hay + i, needle, nl) == 0)
            return hay + i;
    return NULL;
}

int looks_like_pem(const uint8_t *data, size_t len)
{
    return find(data, len, "-----BEGIN ") != NULL;
}

int pem_decode(const uint8_t *text, size_t len, const char *label, uint8_t **der, size_t *der_len)
{
    const uint8_t *begin = find(text, len, "-----BEGIN ");
    if (!begin)
        return -1;
    const uint8_t *end_of_text = text + len;
    const uint8_t *label_start = begin + 11;
    const uint8_t *dashes = find(label_start, (size_t)(end_of_text - label_start), "-----");
    if (!dashes)
        return -1;
    if (label && ((size_t)(dashes - label_start) != strlen(label) ||
                  memcmp(label_start, label, strlen(label)) != 0))
        return -1;
    const uint8_t *body = dashes + 5;
    const uint8_t *end = find(body, (size_t)(end_of_text - body), "-----END ");
    if (!end)
        return -1;
    return base64_decode(body, (size_t)(end - body), der, der_len);
}

int file_read(const char *path, uint8_t **data, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    buf_t b = {0};
    uint8_t chunk[4096];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            buf_free(&b);
            errno = e;
            return -1;
        }
        if (n == 0)
            break;
        if (buf_append(&b, chunk, (size_t)n)) {
            close(fd);
            buf_free(&b);
            errno = ENOMEM;
            return -1;
        }
    }
    close(fd);
    if (!b.data && buf_append(&b, "", 0))
        return -1;
    *data = b.data;
    *len = b.len;
    return 0;
}

int file_write_atomic(const char *path, const void *data, size_t len)
{
    size_t plen = strlen(path) + 32;
    char *tmp = malloc(plen);
    if (!tmp)
        return -1;
    snprintf(tmp, plen, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    const uint8_t *p = data;
    size_t left = len;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            goto fail;
        p += n;
        left -= (size_t)n;
    }
    if (fsync(fd) || close(fd)) {
        fd = -1;
        goto fail;
    }
    if (rename(tmp, path)) {
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
fail:
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return -1;
}

char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

void wipe(void *p, size_t len)
{
    volatile uint8_t *v = p;
    while (len--)
        *v++ = 0;
}

void sleep_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) && errno == EINTR) {
    }
}
