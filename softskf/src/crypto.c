/* crypto.c: libgcrypt does the arithmetic. Signing uses gcry_pk_sign with the "sm2" flag. SM2 encryption is
 * written here on libgcrypt's point arithmetic because gcry_pk_encrypt takes the plaintext as an integer and
 * drops its leading zero bytes (a 16-byte session key starting with 00 would come back 15 bytes long). */
#include "crypto.h"

#include <gcrypt.h>
#include <pthread.h>
#include <string.h>

#include "util.h"

#define CURVE "sm2p256v1"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_ok;

static void init_once(void)
{
    if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
        if (!gcry_check_version("1.9.0"))
            return;
        gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
        gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    }
    init_ok = 1;
}

int crypto_init(void)
{
    pthread_once(&once, init_once);
    return init_ok ? 0 : -1;
}

int crypto_random(uint8_t *out, size_t len)
{
    if (crypto_init())
        return -1;
    gcry_randomize(out, len, GCRY_STRONG_RANDOM);
    return 0;
}

void sm3(const void *data, size_t len, uint8_t out[32])
{
    crypto_init();
    gcry_md_hash_buffer(GCRY_MD_SM3, out, data, len);
}

/* The curve's a, b, G as fixed bytes (GB/T 32918.5). */
static const uint8_t CURVE_PARAMS[128] = {
    0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFC,
    0x28, 0xE9, 0xFA, 0x9E, 0x9D, 0x9F, 0x5E, 0x34, 0x4D, 0x5A, 0x9E, 0x4B, 0xCF, 0x65, 0x09, 0xA7,
    0xF3, 0x97, 0x89, 0xF5, 0x15, 0xAB, 0x8F, 0x92, 0xDD, 0xBC, 0xBD, 0x41, 0x4D, 0x94, 0x0E, 0x93,
    0x32, 0xC4, 0xAE, 0x2C, 0x1F, 0x19, 0x81, 0x19, 0x5F, 0x99, 0x04, 0x46, 0x6A, 0x39, 0xC9, 0x94,
    0x8F, 0xE3, 0x0B, 0xBF, 0xF2, 0x66, 0x0B, 0xE1, 0x71, 0x5A, 0x45, 0x89, 0x33, 0x4C, 0x74, 0xC7,
    0xBC, 0x37, 0x36, 0xA2, 0xF4, 0xF6, 0x77, 0x9C, 0x59, 0xBD, 0xCE, 0xE3, 0x6B, 0x69, 0x21, 0x53,
    0xD0, 0xA9, 0x87, 0x7C, 0xC6, 0x2A, 0x47, 0x40, 0x02, 0xDF, 0x32, 0xE5, 0x21, 0x39, 0xF0, 0xA0,
};

int sm3_z(const uint8_t q[64], const uint8_t *id, size_t id_len, uint8_t z[32])
{
    if (crypto_init() || id_len > 8191)
        return -1;
    gcry_md_hd_t md;
    if (gcry_md_open(&md, GCRY_MD_SM3, 0))
        return -1;
    uint8_t entl[2] = {(uint8_t)(id_len * 8 >> 8), (uint8_t)(id_len * 8)};
    gcry_md_write(md, entl, 2);
    gcry_md_write(md, id, id_len);
    gcry_md_write(md, CURVE_PARAMS, sizeof CURVE_PARAMS);
    gcry_md_write(md, q, 64);
    memcpy(z, gcry_md_read(md, GCRY_MD_SM3), 32);
    gcry_md_close(md);
    return 0;
}

/* Writes the unsigned value of m right-aligned into out[32]. */
static int mpi_to_32(gcry_mpi_t m, uint8_t out[32])
{
    uint8_t tmp[33];
    size_t n = 0;
    if (gcry_mpi_print(GCRYMPI_FMT_USG, tmp, sizeof tmp, &n, m) || n > 32)
        return -1;
    memset(out, 0, 32);
    memcpy(out + 32 - n, tmp, n);
    return 0;
}

static gcry_mpi_t mpi_from(const uint8_t *data, size_t len)
{
    gcry_mpi_t m = NULL;
    gcry_mpi_scan(&m, GCRYMPI_FMT_USG, data, len, NULL);
    return m;
}

/* Affine x || y of point p. */
static int point_bytes(gcry_mpi_point_t p, gcry_ctx_t ctx, uint8_t out[64])
{
    gcry_mpi_t x = gcry_mpi_new(0), y = gcry_mpi_new(0);
    int rc = gcry_mpi_ec_get_affine(x, y, p, ctx) || mpi_to_32(x, out) || mpi_to_32(y, out + 32) ? -1 : 0;
    gcry_mpi_release(x);
    gcry_mpi_release(y);
    return rc;
}

static gcry_mpi_point_t point_from(const uint8_t q[64])
{
    gcry_mpi_t x = mpi_from(q, 32), y = mpi_from(q + 32, 32), one = gcry_mpi_set_ui(NULL, 1);
    gcry_mpi_point_t p = gcry_mpi_point_snatch_set(NULL, x, y, one);
    return p;
}

/* out = k * (base or G). */
static int scalar_mult(const uint8_t k[32], const uint8_t *base, uint8_t out[64])
{
    gcry_ctx_t ctx;
    if (crypto_init() || gcry_mpi_ec_new(&ctx, NULL, CURVE))
        return -1;
    gcry_mpi_t n = gcry_mpi_ec_get_mpi("n", ctx, 1), s = mpi_from(k, 32);
    int rc = -1;
    gcry_mpi_point_t r = gcry_mpi_point_new(0), b = base ? point_from(base) : gcry_mpi_ec_get_point("g", ctx, 1);
    if (gcry_mpi_cmp_ui(s, 0) > 0 && gcry_mpi_cmp(s, n) < 0 && (!base || gcry_mpi_ec_curve_point(b, ctx))) {
        gcry_mpi_ec_mul(r, s, b, ctx);
        rc = point_bytes(r, ctx, out);
    }
    gcry_mpi_point_release(r);
    gcry_mpi_point_release(b);
    gcry_mpi_release(s);
    gcry_mpi_release(n);
    gcry_ctx_release(ctx);
    return rc;
}

int sm2_public_from_private(const uint8_t d[32], uint8_t q[64])
{
    return scalar_mult(d, NULL, q);
}

int sm2_point_valid(const uint8_t q[64])
{
    gcry_ctx_t ctx;
    if (crypto_init() || gcry_mpi_ec_new(&ctx, NULL, CURVE))
        return 0;
    gcry_mpi_point_t p = point_from(q);
    int ok = gcry_mpi_ec_curve_point(p, ctx);
    gcry_mpi_point_release(p);
    gcry_ctx_release(ctx);
    return ok;
}

int sm2_generate(uint8_t d[32], uint8_t q[64])
{
    if (crypto_init())
        return -1;
    for (int tries = 0; tries < 8; tries++) {
        gcry_randomize(d, 32, GCRY_STRONG_RANDOM); /* VERY_STRONG costs ~30 ms a key for a test token */
        if (sm2_public_from_private(d, q) == 0) /* fails only for d = 0 or d >= n */
            return 0;
    }
    return -1;
}

int sm2_sign(const uint8_t d[32], const uint8_t q[64], const uint8_t e[32], uint8_t r[32], uint8_t s[32])
{
    if (crypto_init())
        return -1;
    uint8_t point[65] = {0x04};
    memcpy(point + 1, q, 64);
    gcry_sexp_t key = NULL, data = NULL, sig = NULL;
    gcry_mpi_t mr = NULL, ms = NULL;
    int rc = -1;
    if (gcry_sexp_build(&key, NULL, "(private-key(ecc(curve " CURVE ")(q %b)(d %b)))", 65, point, 32, d) ||
        gcry_sexp_build(&data, NULL, "(data(flags sm2)(hash sm3 %b))", 32, e) || gcry_pk_sign(&sig, data, key) ||
        gcry_sexp_extract_param(sig, "sm2", "rs", &mr, &ms, NULL))
        goto out;
    rc = mpi_to_32(mr, r) || mpi_to_32(ms, s) ? -1 : 0;
out:
    gcry_mpi_release(mr);
    gcry_mpi_release(ms);
    gcry_sexp_release(sig);
    gcry_sexp_release(data);
    gcry_sexp_release(key);
    return rc;
}

int sm2_verify(const uint8_t q[64], const uint8_t e[32], const uint8_t r[32], const uint8_t s[32])
{
    if (crypto_init())
        return -1;
    uint8_t point[65] = {0x04};
    memcpy(point + 1, q, 64);
    gcry_sexp_t key = NULL, data = NULL, sig = NULL;
    int rc = -1;
    if (!gcry_sexp_build(&key, NULL, "(public-key(ecc(curve " CURVE ")(q %b)))", 65, point) &&
        !gcry_sexp_build(&data, NULL, "(data(flags sm2)(hash sm3 %b))", 32, e) &&
        !gcry_sexp_build(&sig, NULL, "(sig-val(sm2(r %b)(s %b)))", 32, r, 32, s))
        rc = gcry_pk_verify(sig, data, key) ? -1 : 0;
    gcry_sexp_release(sig);
    gcry_sexp_release(data);
    gcry_sexp_release(key);
    return rc;
}

/* GB/T 32918.4 KDF with SM3: out = SM3(z || ct1) || SM3(z || ct2) || ... truncated to len. */
static void kdf(const uint8_t z[64], uint8_t *out, size_t len)
{
    uint8_t block[68], h[32];
    memcpy(block, z, 64);
    for (uint32_t ct = 1; len; ct++) {
        block[64] = (uint8_t)(ct >> 24);
        block[65] = (uint8_t)(ct >> 16);
        block[66] = (uint8_t)(ct >> 8);
        block[67] = (uint8_t)ct;
        sm3(block, sizeof block, h);
        size_t n = len < 32 ? len : 32;
        memcpy(out, h, n);
        out += n;
        len -= n;
    }
    wipe(h, sizeof h);
}

static int all_zero(const uint8_t *p, size_t len)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++)
        acc |= p[i];
    return acc == 0;
}

/* C3 = SM3(x2 || m || y2). */
static void c3_hash(const uint8_t shared[64], const uint8_t *m, size_t len, uint8_t c3[32])
{
    gcry_md_hd_t md;
    if (gcry_md_open(&md, GCRY_MD_SM3, 0)) {
        memset(c3, 0, 32);
        return;
    }
    gcry_md_write(md, shared, 32);
    gcry_md_write(md, m, len);
    gcry_md_write(md, shared + 32, 32);
    memcpy(c3, gcry_md_read(md, GCRY_MD_SM3), 32);
    gcry_md_close(md);
}

int sm2_encrypt(const uint8_t q[64], const uint8_t *m, size_t len, uint8_t c1[64], uint8_t c3[32], uint8_t *c2)
{
    if (!sm2_point_valid(q) || len == 0)
        return -1;
    uint8_t k[32], shared[64];
    int rc = -1;
    for (int tries = 0; tries < 8 && rc; tries++) {
        uint8_t k_unused[64];
        if (sm2_generate(k, k_unused) || sm2_public_from_private(k, c1) || scalar_mult(k, q, shared))
            break;
        kdf(shared, c2, len);
        if (all_zero(c2, len))
            continue; /* t = 0: choose another k, as the standard says */
        for (size_t i = 0; i < len; i++)
            c2[i] ^= m[i];
        c3_hash(shared, m, len, c3);
        rc = 0;
    }
    wipe(k, sizeof k);
    wipe(shared, sizeof shared);
    return rc;
}

int sm2_decrypt(const uint8_t d[32], const uint8_t c1[64], const uint8_t c3[32], const uint8_t *c2, size_t len,
                uint8_t *out)
{
    uint8_t shared[64], check[32];
    if (len == 0 || scalar_mult(d, c1, shared))
        return -1;
    kdf(shared, out, len);
    int rc = all_zero(out, len) ? -1 : 0;
    for (size_t i = 0; i < len; i++)
        out[i] ^= c2[i];
    c3_hash(shared, out, len, check);
    uint8_t diff = 0;
    for (int i = 0; i < 32; i++)
        diff |= check[i] ^ c3[i];
    if (diff)
        rc = -1;
    if (rc)
        wipe(out, len);
    wipe(shared, sizeof shared);
    return rc;
}

int sm4_crypt(int encrypt, const uint8_t key[16], const uint8_t *iv, const uint8_t *in, size_t len, uint8_t *out)
{
    if (crypto_init() || len % 16)
        return -1;
    gcry_cipher_hd_t h;
    if (gcry_cipher_open(&h, GCRY_CIPHER_SM4, iv ? GCRY_CIPHER_MODE_CBC : GCRY_CIPHER_MODE_ECB, 0))
        return -1;
    int rc = gcry_cipher_setkey(h, key, 16) || (iv && gcry_cipher_setiv(h, iv, 16)) ||
                     (encrypt ? gcry_cipher_encrypt(h, out, len, in, len) : gcry_cipher_decrypt(h, out, len, in, len))
                 ? -1
                 : 0;
    gcry_cipher_close(h);
    return rc;
}
