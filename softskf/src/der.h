/* der.h: the little DER reading softskf needs: SM2 PKCS#8 keys and a certificate's public key. */
#ifndef SOFTSKF_DER_H
#define SOFTSKF_DER_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    unsigned tag;
    const uint8_t *body;
    size_t len;   /* of the body */
    size_t total; /* header + body */
} der_t;

/* Reads one TLV at p (at most len bytes). 0 ok, -1 malformed. */
int der_read(const uint8_t *p, size_t len, der_t *out);
/* 1 when data is exactly one DER SEQUENCE (what a certificate must at least be). */
int der_is_one_sequence(const uint8_t *data, size_t len);

/* A PKCS#8 PrivateKeyInfo for SM2 (id-ecPublicKey or id-sm2 with curve 1.2.156.10197.1.301), as
 * `openssl genpkey -algorithm SM2` writes it. q is set when the key carries its public point. */
int der_sm2_private_key(const uint8_t *der, size_t len, uint8_t d[32], uint8_t q[64], int *has_q);

#define CERT_KEY_UNKNOWN 0
#define CERT_KEY_RSA 1
#define CERT_KEY_SM2 2
#define CERT_KEY_OTHER_EC 3
/* The kind of a certificate's subject public key; for SM2 also its point. -1 when not a certificate. */
int der_cert_public_key(const uint8_t *der, size_t len, int *kind, uint8_t q[64]);

/* SubjectPublicKeyInfo of an SM2 point (91 bytes), for writing a PEM public key. */
#define SM2_SPKI_LEN 91
void der_sm2_spki(const uint8_t q[64], uint8_t out[SM2_SPKI_LEN]);

#endif
