/* t_envelope.c: SKF_ImportECCKeyPair of an ENVELOPEDKEYBLOB in the three layouts, a mismatched envelope
 * refused, and the imported key proved by unwrapping a session key (SKF_ImportSessionKey + SM4). */
#include <stdio.h>
#include <string.h>

#include "../src/crypto.h"
#include "t.h"

static const char *const LAYOUTS[] = {"right", "left", "full64"};

/* An envelope of (d, q) for the signing key sign_q, built by the KMC's rules in layout. */
static void make_envelope(DEVHANDLE dev, const ECCPUBLICKEYBLOB *sign_pub, const uint8_t d[32], const uint8_t q[64],
                          int layout, uint8_t env[400])
{
    uint8_t k[16], in[64] = {0};
    crypto_random(k, 16);
    k[0] = 0; /* a leading zero byte must survive the SM2 wrapping */
    memset(env, 0, 400);
    ULONG v = 1, alg = SGD_SM4_ECB, bits = 256;
    memcpy(env, &v, 4);
    memcpy(env + 4, &alg, 4);
    memcpy(env + 8, &bits, 4);
    if (layout == 2) {
        memcpy(in + 32, d, 32);
        sm4_crypt(1, k, NULL, in, 64, env + 12);
    } else {
        sm4_crypt(1, k, NULL, d, 32, env + 12 + (layout == 0 ? 32 : 0));
    }
    ECCPUBLICKEYBLOB pub = {.BitLen = 256};
    memcpy(pub.XCoordinate + 32, q, 32);
    memcpy(pub.YCoordinate + 32, q + 32, 32);
    memcpy(env + ENVELOPEDKEYBLOB_PUBKEY_OFFSET, &pub, sizeof pub);
    CHECK_RC(skf.SKF_ExtECCEncrypt(dev, (ECCPUBLICKEYBLOB *)sign_pub, k, 16,
                                   (PECCCIPHERBLOB)(env + ENVELOPEDKEYBLOB_CIPHER_OFFSET)),
             SAR_OK);
}

static void import_layout(int layout)
{
    char name[32];
    snprintf(name, sizeof name, "ENV-%s", LAYOUTS[layout]);
    char extra[64];
    snprintf(extra, sizeof extra, "--no-enc envelope=%s", LAYOUTS[layout]);
    t_make_device(name, extra);
    t_open_t o;
    ULONG rc, len = sizeof(ECCPUBLICKEYBLOB);
    ECCPUBLICKEYBLOB sign_pub, enc_pub;
    CHECK_RC(t_open(name, NULL, "SM2 Identity", &o), SAR_OK);
    CHECK_RC(skf.SKF_ExportPublicKey(o.con, TRUE, (BYTE *)&sign_pub, &len), SAR_OK);
    uint8_t d[32], q[64], other_d[32], other_q[64], env[400];
    sm2_generate(d, q);
    sm2_generate(other_d, other_q);
    make_envelope(o.dev, &sign_pub, d, q, layout, env);
    CHECK_RC(skf.SKF_ImportECCKeyPair(o.con, (PENVELOPEDKEYBLOB)env), SAR_USER_NOT_LOGGED_IN);
    CHECK_RC(skf.SKF_VerifyPIN(o.app, USER_TYPE, "12345678", &rc), SAR_OK);
    /* refused: the public key is another one; the envelope in the other layouts */
    make_envelope(o.dev, &sign_pub, d, other_q, layout, env);
    CHECK_RC(skf.SKF_ImportECCKeyPair(o.con, (PENVELOPEDKEYBLOB)env), SAR_INDATAERR);
    make_envelope(o.dev, &sign_pub, d, q, (layout + 1) % 3, env);
    CHECK_RC(skf.SKF_ImportECCKeyPair(o.con, (PENVELOPEDKEYBLOB)env), SAR_INDATAERR);
    len = sizeof enc_pub;
    CHECK_RC(skf.SKF_ExportPublicKey(o.con, FALSE, (BYTE *)&enc_pub, &len), SAR_KEYNOTFOUNTERR);
    make_envelope(o.dev, &sign_pub, d, q, layout, env);
    CHECK_RC(skf.SKF_ImportECCKeyPair(o.con, (PENVELOPEDKEYBLOB)env), SAR_OK);
    len = sizeof enc_pub;
    CHECK_RC(skf.SKF_ExportPublicKey(o.con, FALSE, (BYTE *)&enc_pub, &len), SAR_OK);
    CHECK(memcmp(enc_pub.XCoordinate + 32, q, 32) == 0 && memcmp(enc_pub.YCoordinate + 32, q + 32, 32) == 0,
          "%s: the imported encryption public key", LAYOUTS[layout]);
    t_close(&o);
}

/* Wraps a fresh SM4 key to the container's encryption key and proves the device unwraps it. */
static void session_key(ULONG alg)
{
    t_open_t o;
    ULONG rc, len = sizeof(ECCPUBLICKEYBLOB);
    ECCPUBLICKEYBLOB enc_pub, sign_pub;
    CHECK_RC(t_open("ENV-right", NULL, "SM2 Identity", &o), SAR_OK);
    CHECK_RC(skf.SKF_ExportPublicKey(o.con, FALSE, (BYTE *)&enc_pub, &len), SAR_OK);
    len = sizeof sign_pub;
    CHECK_RC(skf.SKF_ExportPublicKey(o.con, TRUE, (BYTE *)&sign_pub, &len), SAR_OK);
    uint8_t k[16], wrapped[ECCCIPHERBLOB_HEADER_SIZE + 16], iv[16];
    crypto_random(k, 16);
    crypto_random(iv, 16);
    k[0] = 0;
    CHECK_RC(skf.SKF_ExtECCEncrypt(o.dev, &enc_pub, k, 16, (PECCCIPHERBLOB)wrapped), SAR_OK);
    HANDLE key;
    CHECK_RC(skf.SKF_ImportSessionKey(o.con, alg, wrapped, sizeof wrapped, &key), SAR_USER_NOT_LOGGED_IN);
    CHECK_RC(skf.SKF_VerifyPIN(o.app, USER_TYPE, "12345678", &rc), SAR_OK);
    CHECK_RC(skf.SKF_ImportSessionKey(o.con, alg, wrapped, sizeof wrapped, &key), SAR_OK);
    BLOCKCIPHERPARAM param = {.IVLen = alg == SGD_SM4_CBC ? 16 : 0, .PaddingType = 1};
    memcpy(param.IV, iv, 16);
    const char plain[] = "the encryption key is on the device";
    uint8_t cipher[64], mine[64], padded[48], back[64];
    ULONG clen = 0, plen = sizeof back;
    CHECK_RC(skf.SKF_Encrypt(key, (BYTE *)plain, sizeof plain, cipher, &clen), SAR_NOTINITIALIZEERR);
    CHECK_RC(skf.SKF_EncryptInit(key, param), SAR_OK);
    CHECK_RC(skf.SKF_Encrypt(key, (BYTE *)plain, sizeof plain, NULL, &clen), SAR_OK);
    CHECK(clen == 48, "padded size %u", clen);
    clen = 16;
    CHECK_RC(skf.SKF_Encrypt(key, (BYTE *)plain, sizeof plain, cipher, &clen), SAR_BUFFER_TOO_SMALL);
    clen = sizeof cipher;
    CHECK_RC(skf.SKF_Encrypt(key, (BYTE *)plain, sizeof plain, cipher, &clen), SAR_OK);
    memcpy(padded, plain, sizeof plain);
    memset(padded + sizeof plain, 48 - sizeof plain, 48 - sizeof plain);
    sm4_crypt(1, k, alg == SGD_SM4_CBC ? iv : NULL, padded, 48, mine);
    CHECK(clen == 48 && memcmp(cipher, mine, 48) == 0, "SM4 with the unwrapped key = SM4 with our key");
    CHECK_RC(skf.SKF_DecryptInit(key, param), SAR_OK);
    CHECK_RC(skf.SKF_Decrypt(key, cipher, clen, back, &plen), SAR_OK);
    CHECK(plen == sizeof plain && memcmp(back, plain, plen) == 0, "decrypted");
    CHECK_RC(skf.SKF_CloseHandle(key), SAR_OK);
    CHECK_RC(skf.SKF_CloseHandle(key), SAR_INVALIDHANDLEERR);
    /* wrapped to the signing key instead: this container's encryption key cannot open it */
    CHECK_RC(skf.SKF_ExtECCEncrypt(o.dev, &sign_pub, k, 16, (PECCCIPHERBLOB)wrapped), SAR_OK);
    CHECK_RC(skf.SKF_ImportSessionKey(o.con, alg, wrapped, sizeof wrapped, &key), SAR_INDATAERR);
    t_close(&o);
}

void test_envelope(void)
{
    for (int layout = 0; layout < 3; layout++)
        import_layout(layout);
    session_key(SGD_SM4_ECB);
    session_key(SGD_SM4_CBC);
}
