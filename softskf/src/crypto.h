/* crypto.h: SM2, SM3 and SM4 on libgcrypt. Points are x || y (32 bytes each), scalars 32 bytes big-endian. */
#ifndef SOFTSKF_CRYPTO_H
#define SOFTSKF_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

int crypto_init(void);
int crypto_random(uint8_t *out, size_t len);

void sm3(const void *data, size_t len, uint8_t out[32]);
/* Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA) for public key q. */
int sm3_z(const uint8_t q[64], const uint8_t *id, size_t id_len, uint8_t z[32]);

int sm2_generate(uint8_t d[32], uint8_t q[64]);
/* q = d*G; -1 when d is not a valid private key. */
int sm2_public_from_private(const uint8_t d[32], uint8_t q[64]);
int sm2_point_valid(const uint8_t q[64]);
/* Signs the 32-byte digest e (the caller's SM3(Z || M)). */
int sm2_sign(const uint8_t d[32], const uint8_t q[64], const uint8_t e[32], uint8_t r[32], uint8_t s[32]);
/* 0 valid, -1 not. */
int sm2_verify(const uint8_t q[64], const uint8_t e[32], const uint8_t r[32], const uint8_t s[32]);
/* C1 = kG (x || y), C3 = SM3(x2 || M || y2), C2 = M xor KDF(x2 || y2) (len bytes). */
int sm2_encrypt(const uint8_t q[64], const uint8_t *m, size_t len, uint8_t c1[64], uint8_t c3[32], uint8_t *c2);
/* 0 ok (out holds len bytes), -1 when the ciphertext does not belong to d. */
int sm2_decrypt(const uint8_t d[32], const uint8_t c1[64], const uint8_t c3[32], const uint8_t *c2, size_t len,
                uint8_t *out);

/* SM4 with a 16-byte key; len a multiple of 16; iv NULL for ECB. */
int sm4_crypt(int encrypt, const uint8_t key[16], const uint8_t *iv, const uint8_t *in, size_t len, uint8_t *out);

#endif
