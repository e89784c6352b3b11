/* der.c: a strict, minimal DER walker. */
#include "der.h"

#include <string.h>

static const uint8_t OID_EC_PUBLIC_KEY[] = {0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01};
static const uint8_t OID_SM2_CURVE[] = {0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D};
static const uint8_t OID_RSA[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01};

int der_read(const uint8_t *p, size_t len, der_t *out)
{
    if (len < 2 || (p[0] & 0x1F) == 0x1F)
        return -1;
    size_t hdr = 2, body;
    if (p[1] < 0x80) {
        body = p[1];
    } else {
        size_t n = p[1] & 0x7F;
        if (n == 0 || n > 4 || len < 2 + n)
            return -1;
        body = 0;
        for (size_t i = 0; i < n; i++)
            body = body << 8 | p[2 + i];
        hdr += n;
    }
    if (body > len - hdr)
        return -1;
    out->tag = p[0];
    out->body = p + hdr;
    out->len = body;
    out->total = hdr + body;
    return 0;
}

int der_is_one_sequence(const uint8_t *data, size_t len)
{
    der_t t;
    return der_read(data, len, &t) == 0 && t.tag == 0x30 && t.total == len;
}

/* Steps over one element of a constructed body; fails at its end. */
static int next(const uint8_t **p, size_t *left, der_t *t)
{
    if (der_read(*p, *left, t))
        return -1;
    *p += t->total;
    *left -= t->total;
    return 0;
}

static int same_oid(const der_t *t, const uint8_t *oid, size_t len)
{
    return t->tag == 0x06 && t->len == len && memcmp(t->body, oid, len) == 0;
}

/* Right-aligns an INTEGER or OCTET STRING body into 32 bytes. */
static int fit_32(const der_t *t, uint8_t out[32])
{
    const uint8_t *b = t->body;
    size_t n = t->len;
    while (n > 32 && *b == 0) {
        b++;
        n--;
    }
    if (n > 32)
        return -1;
    memset(out, 0, 32);
    memcpy(out + 32 - n, b, n);
    return 0;
}

/* An uncompressed point in a BIT STRING body: 00 04 x y. */
static int point_from_bits(const der_t *t, uint8_t q[64])
{
    if (t->tag != 0x03 || t->len != 66 || t->body[0] != 0 || t->body[1] != 0x04)
        return -1;
    memcpy(q, t->body + 2, 64);
    return 0;
}

/* ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] params OPTIONAL, [1] publicKey OPTIONAL } */
static int ec_private_key(const uint8_t *p, size_t left, uint8_t d[32], uint8_t q[64], int *has_q)
{
    der_t seq, version, key, t;
    if (next(&p, &left, &seq) || seq.tag != 0x30)
        return -1;
    p = seq.body;
    left = seq.len;
    if (next(&p, &left, &version) || version.tag != 0x02 || next(&p, &left, &key) || key.tag != 0x04 ||
        fit_32(&key, d))
        return -1;
    *has_q = 0;
    while (left && next(&p, &left, &t) == 0) {
        if (t.tag == 0xA1) {
            der_t bits;
            if (der_read(t.body, t.len, &bits) || point_from_bits(&bits, q))
                return -1;
            *has_q = 1;
        }
    }
    return 0;
}

int der_sm2_private_key(const uint8_t *der, size_t len, uint8_t d[32], uint8_t q[64], int *has_q)
{
    der_t info, version, alg, oid, curve, key;
    const uint8_t *p = der;
    size_t left = len;
    if (next(&p, &left, &info) || info.tag != 0x30)
        return -1;
    p = info.body;
    left = info.len;
    if (next(&p, &left, &version) || version.tag != 0x02 || next(&p, &left, &alg) || alg.tag != 0x30 ||
        next(&p, &left, &key) || key.tag != 0x04)
        return -1;
    const uint8_t *a = alg.body;
    size_t aleft = alg.len;
    if (next(&a, &aleft, &oid) || next(&a, &aleft, &curve))
        return -1;
    if (!(same_oid(&oid, OID_EC_PUBLIC_KEY, sizeof OID_EC_PUBLIC_KEY) ||
          same_oid(&oid, OID_SM2_CURVE, sizeof OID_SM2_CURVE)) ||
        !same_oid(&curve, OID_SM2_CURVE, sizeof OID_SM2_CURVE))
        return -1;
    return ec_private_key(key.body, key.len, d, q, has_q);
}

static int spki_kind(const der_t *spki, int *kind, uint8_t q[64])
{
    der_t alg, oid, param, bits;
    const uint8_t *p = spki->body;
    size_t left = spki->len;
    if (spki->tag != 0x30 || next(&p, &left, &alg) || alg.tag != 0x30 || next(&p, &left, &bits))
        return -1;
    const uint8_t *a = alg.body;
    size_t aleft = alg.len;
    if (next(&a, &aleft, &oid))
        return -1;
    *kind = CERT_KEY_UNKNOWN;
    if (same_oid(&oid, OID_RSA, sizeof OID_RSA)) {
        *kind = CERT_KEY_RSA;
    } else if (same_oid(&oid, OID_EC_PUBLIC_KEY, sizeof OID_EC_PUBLIC_KEY)) {
        *kind = CERT_KEY_OTHER_EC;
        if (next(&a, &aleft, &param) == 0 && same_oid(&param, OID_SM2_CURVE, sizeof OID_SM2_CURVE) &&
            point_from_bits(&bits, q) == 0)
            *kind = CERT_KEY_SM2;
    }
    return 0;
}

int der_cert_public_key(const uint8_t *der, size_t len, int *kind, uint8_t q[64])
{
    der_t cert, tbs, t;
    const uint8_t *p = der;
    size_t left = len;
    if (!der_is_one_sequence(der, len) || next(&p, &left, &cert))
        return -1;
    p = cert.body;
    left = cert.len;
    if (next(&p, &left, &tbs) || tbs.tag != 0x30)
        return -1;
    p = tbs.body;
    left = tbs.len;
    if (next(&p, &left, &t))
        return -1;
    if (t.tag == 0xA0 && next(&p, &left, &t)) /* [0] version, then the serial number */
        return -1;
    /* serial (t), signature, issuer, validity, subject, then subjectPublicKeyInfo */
    for (int i = 0; i < 4; i++)
        if (next(&p, &left, &t))
            return -1;
    if (next(&p, &left, &t))
        return -1;
    return spki_kind(&t, kind, q);
}

void der_sm2_spki(const uint8_t q[64], uint8_t out[SM2_SPKI_LEN])
{
    static const uint8_t prefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02,
                                     0x01, 0x06, 0x08, 0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D, 0x03,
                                     0x42, 0x00, 0x04};
    memcpy(out, prefix, sizeof prefix);
    memcpy(out + sizeof prefix, q, 64);
}
