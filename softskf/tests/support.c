/* support.c: the harness behind t.h. */
#define _DEFAULT_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "../src/der.h"
#include "t.h"

skf_t skf;
const char *t_out;
const char *t_root;
int t_checks, t_failures;

void t_check(int ok, const char *file, int line, const char *fmt, ...)
{
    t_checks++;
    if (ok)
        return;
    t_failures++;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL %s:%d: ", file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void t_check_rc(ULONG got, ULONG want, const char *expr, const char *file, int line)
{
    t_check(got == want, file, line, "%s = 0x%08X, want 0x%08X", expr, got, want);
}

int t_load(skf_t *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!s->lib) {
        fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
        return -1;
    }
    int missing = 0;
#define SKF_FN(name, ...)                                                                                            \
    *(void **)&s->name = dlsym(s->lib, #name);                                                                       \
    if (!s->name && strcmp(#name, "SKF_GetContainerType")) {                                                         \
        fprintf(stderr, "%s: no export %s\n", path, #name);                                                        \
        missing++;                                                                                                   \
    }
#include "t_exports.h"
#undef SKF_FN
    return missing ? -1 : 0;
}

int t_sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

char *t_path(const char *name)
{
    static char buf[4][1024];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", t_root, name);
    return p;
}

void t_make_device(const char *name, const char *extra)
{
    int rc = t_sh("scripts/make-sm2-device.sh --softskf %s/softskf --device '%s' --ca '%s' --serial %08x %s >/dev/null",
                  t_out, t_path(name), t_path(".ca"), (unsigned)rand(), extra ? extra : "");
    CHECK(rc == 0, "make-sm2-device.sh %s %s: exit %d", name, extra ? extra : "", rc);
}

ULONG t_open(const char *device, const char *app, const char *container, t_open_t *o)
{
    memset(o, 0, sizeof *o);
    ULONG rc = skf.SKF_ConnectDev((LPSTR)device, &o->dev);
    if (rc == SAR_OK)
        rc = skf.SKF_OpenApplication(o->dev, (LPSTR)(app ? app : "SOFTSKF_APP"), &o->app);
    if (rc == SAR_OK && container)
        rc = skf.SKF_OpenContainer(o->app, (LPSTR)container, &o->con);
    return rc;
}

void t_close(t_open_t *o)
{
    if (o->dev)
        skf.SKF_DisConnectDev(o->dev);
    memset(o, 0, sizeof *o);
}

void t_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(data, 1, len, f) == len, "write %s", path);
    if (f)
        fclose(f);
}

static void base64(const uint8_t *in, size_t len, FILE *f)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < len ? in[i + 1] << 8 : 0) | (i + 2 < len ? in[i + 2] : 0);
        fputc(a[v >> 18 & 63], f);
        fputc(a[v >> 12 & 63], f);
        fputc(i + 1 < len ? a[v >> 6 & 63] : '=', f);
        fputc(i + 2 < len ? a[v & 63] : '=', f);
        if ((i / 3 + 1) % 16 == 0)
            fputc('\n', f);
    }
    fputc('\n', f);
}

void t_write_public_pem(const char *path, const ECCPUBLICKEYBLOB *blob)
{
    uint8_t q[64], spki[SM2_SPKI_LEN];
    memcpy(q, blob->XCoordinate + 32, 32);
    memcpy(q + 32, blob->YCoordinate + 32, 32);
    der_sm2_spki(q, spki);
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    fputs("-----BEGIN PUBLIC KEY-----\n", f);
    base64(spki, sizeof spki, f);
    fputs("-----END PUBLIC KEY-----\n", f);
    fclose(f);
}

/* An unsigned big-endian value as a DER INTEGER. */
static size_t der_integer(const uint8_t v[32], uint8_t *out)
{
    size_t skip = 0;
    while (skip < 31 && v[skip] == 0)
        skip++;
    size_t n = 32 - skip, pad = v[skip] & 0x80 ? 1 : 0;
    out[0] = 0x02;
    out[1] = (uint8_t)(n + pad);
    out[2] = 0;
    memcpy(out + 2 + pad, v + skip, n);
    return 2 + pad + n;
}

void t_write_signature_der(const char *path, const ECCSIGNATUREBLOB *sig)
{
    uint8_t body[80], der[82];
    size_t n = der_integer(sig->r + 32, body);
    n += der_integer(sig->s + 32, body + n);
    der[0] = 0x30;
    der[1] = (uint8_t)n;
    memcpy(der + 2, body, n);
    t_write_file(path, der, n + 2);
}
