/* t_crypto.c: key generation and signing checked by OpenSSL 3, verification, digests with Z, public key
 * export, certificate import (DER only), what needs the user PIN. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../src/crypto.h"
#include "../src/util.h"
#include "t.h"

static const char MESSAGE[] = "softskf signs this message";
static const char ID[] = "1234567812345678";

/* e = SM3(Z || M) through SKF_Digest with the public key and ID, checked against our own computation. */
static void digest_e(DEVHANDLE dev, ECCPUBLICKEYBLOB *pub, uint8_t e[32])
{
    HANDLE h;
    ULONG len = 0;
    CHECK_RC(skf.SKF_DigestInit(dev, SGD_SM3, pub, (unsigned char *)ID, 16, &h), SAR_OK);
    CHECK_RC(skf.SKF_Digest(h, (BYTE *)MESSAGE, sizeof MESSAGE - 1, NULL, &len), SAR_OK);
    CHECK(len == 32, "digest size %u", len);
    CHECK_RC(skf.SKF_Digest(h, (BYTE *)MESSAGE, sizeof MESSAGE - 1, e, &len), SAR_OK);
    CHECK_RC(skf.SKF_CloseHandle(h), SAR_OK);
    uint8_t q[64], z_m[32 + sizeof MESSAGE], mine[32];
    memcpy(q, pub->XCoordinate + 32, 32);
    memcpy(q + 32, pub->YCoordinate + 32, 32);
    sm3_z(q, (const uint8_t *)ID, 16, z_m);
    memcpy(z_m + 32, MESSAGE, sizeof MESSAGE - 1);
    sm3(z_m, 32 + sizeof MESSAGE - 1, mine);
    CHECK(memcmp(mine, e, 32) == 0, "SKF_Digest with a public key = SM3(Z || M)");
}

/* Signs MESSAGE's e on the key and has OpenSSL verify it against pub_pem. */
static void sign_and_check(t_open_t *o, ECCPUBLICKEYBLOB *pub, const char *pub_pem, const char *tag)
{
    uint8_t e[32];
    ECCSIGNATUREBLOB sig;
    digest_e(o->dev, pub, e);
    CHECK_RC(skf.SKF_ECCSignData(o->con, e, 32, &sig), SAR_OK);
    int zeros = 1;
    for (int i = 0; i < 32; i++)
        zeros &= sig.r[i] == 0 && sig.s[i] == 0;
    CHECK(zeros, "r and s right-aligned in 64 bytes");
    char sig_path[512], msg_path[512];
    snprintf(sig_path, sizeof sig_path, "%s.sig", t_path(tag));
    snprintf(msg_path, sizeof msg_path, "%s.msg", t_path(tag));
    t_write_signature_der(sig_path, &sig);
    t_write_file(msg_path, MESSAGE, sizeof MESSAGE - 1);
    int rc = t_sh("openssl dgst -sm3 -verify '%s' -sigopt distid:%s -signature '%s' '%s' >/dev/null", pub_pem, ID,
                  sig_path, msg_path);
    CHECK(rc == 0, "%s: OpenSSL verifies the signature (exit %d)", tag, rc);
    CHECK_RC(skf.SKF_ECCVerify(o->dev, pub, e, 32, &sig), SAR_OK);
    e[0] ^= 1;
    CHECK_RC(skf.SKF_ExtECCVerify(o->dev, pub, e, 32, &sig), SAR_FAIL);
    t_write_file(msg_path, "another message", 15);
    rc = t_sh("openssl dgst -sm3 -verify '%s' -sigopt distid:%s -signature '%s' '%s' >/dev/null 2>&1", pub_pem, ID,
              sig_path, msg_path);
    CHECK(rc != 0, "%s: OpenSSL refuses it for another message", tag);
}

static void generated_key(void)
{
    t_open_t o;
    ECCPUBLICKEYBLOB pub, exported;
    ULONG rc, len;
    CHECK_RC(t_open("CRYPTO", NULL, NULL, &o), SAR_OK);
    CHECK_RC(skf.SKF_VerifyPIN(o.app, USER_TYPE, "12345678", &rc), SAR_OK);
    CHECK_RC(skf.SKF_CreateContainer(o.app, "generated", &o.con), SAR_OK);
    uint8_t e[32] = {1};
    ECCSIGNATUREBLOB sig;
    CHECK_RC(skf.SKF_ECCSignData(o.con, e, 32, &sig), SAR_KEYNOTFOUNTERR);
    len = sizeof exported;
    CHECK_RC(skf.SKF_ExportPublicKey(o.con, TRUE, (BYTE *)&exported, &len), SAR_KEYNOTFOUNTERR);
    CHECK_RC(skf.SKF_GenECCKeyPair(o.con, SGD_SM2_1, &pub), SAR_OK);
    CHECK(pub.BitLen == 256, "BitLen %u", pub.BitLen);
    len = 0;
    CHECK_RC(skf.SKF_ExportPublicKey(o.con, TRUE, NULL, &len), SAR_OK);
    CHECK(len == 132, "public key blob size %u", len);
    len = 100;
    CHECK_RC(skf.SKF_ExportPublicKey(o.con, TRUE, (BYTE *)&exported, &len), SAR_BUFFER_TOO_SMALL);
    len = sizeof exported;
    CHECK_RC(skf.SKF_ExportPublicKey(o.con, TRUE, (BYTE *)&exported, &len), SAR_OK);
    CHECK(memcmp(&pub, &exported, sizeof pub) == 0, "exported = generated public key");
    ULONG type;
    CHECK_RC(skf.SKF_GetContainerType(o.con, &type), SAR_OK);
    CHECK(type == CONTAINER_TYPE_ECC, "generated: ECC container");
    t_write_public_pem(t_path("generated.pem"), &pub);
    sign_and_check(&o, &pub, t_path("generated.pem"), "generated");
    CHECK_RC(skf.SKF_ECCSignData(o.con, e, 20, &sig), SAR_INDATALENERR);
    CHECK_RC(skf.SKF_ClearSecureState(o.app), SAR_OK);
    CHECK_RC(skf.SKF_ECCSignData(o.con, e, 32, &sig), SAR_USER_NOT_LOGGED_IN);
    CHECK_RC(skf.SKF_GenECCKeyPair(o.con, SGD_SM2_1, &pub), SAR_USER_NOT_LOGGED_IN);
    t_close(&o);
}

static void imported_key(void)
{
    t_open_t o;
    ULONG rc, len = sizeof(ECCPUBLICKEYBLOB);
    ECCPUBLICKEYBLOB pub;
    CHECK_RC(t_open("CRYPTO", NULL, "SM2 Identity", &o), SAR_OK);
    CHECK_RC(skf.SKF_VerifyPIN(o.app, USER_TYPE, "12345678", &rc), SAR_OK);
    CHECK_RC(skf.SKF_ExportPublicKey(o.con, TRUE, (BYTE *)&pub, &len), SAR_OK);
    t_sh("openssl x509 -in '%s' -pubkey -noout > '%s'", t_path("CRYPTO.files/sign.crt"), t_path("cert-pub.pem"));
    sign_and_check(&o, &pub, t_path("cert-pub.pem"), "imported");
    t_close(&o);
}

static void certificates(void)
{
    t_open_t o;
    ULONG rc;
    uint8_t *pem, *der;
    size_t pem_len, der_len;
    t_sh("openssl x509 -in '%s' -outform DER -out '%s'", t_path("CRYPTO.files/enc.crt"), t_path("enc.der"));
    CHECK(file_read(t_path("CRYPTO.files/enc.crt"), &pem, &pem_len) == 0 &&
              file_read(t_path("enc.der"), &der, &der_len) == 0,
          "read certificates");
    CHECK_RC(t_open("CRYPTO", NULL, "generated", &o), SAR_OK);
    CHECK_RC(skf.SKF_ImportCertificate(o.con, TRUE, der, (ULONG)der_len), SAR_USER_NOT_LOGGED_IN);
    CHECK_RC(skf.SKF_VerifyPIN(o.app, USER_TYPE, "12345678", &rc), SAR_OK);
    CHECK_RC(skf.SKF_ImportCertificate(o.con, TRUE, pem, (ULONG)pem_len), SAR_INDATAERR);
    CHECK_RC(skf.SKF_ImportCertificate(o.con, TRUE, der, (ULONG)der_len - 1), SAR_INDATAERR);
    CHECK_RC(skf.SKF_ImportCertificate(o.con, FALSE, der, (ULONG)der_len), SAR_OK);
    uint8_t back[2048];
    ULONG len = sizeof back;
    CHECK_RC(skf.SKF_ExportCertificate(o.con, FALSE, back, &len), SAR_OK);
    CHECK(len == der_len && memcmp(back, der, der_len) == 0, "imported certificate comes back");
    free(pem);
    free(der);
    t_close(&o);
    struct stat st;
    CHECK(stat(t_path("CRYPTO/state"), &st) == 0 && (st.st_mode & 0777) == 0600, "state file is 0600");
    uint8_t random[32] = {0}, zero[32] = {0};
    CHECK_RC(t_open("CRYPTO", NULL, NULL, &o), SAR_OK);
    CHECK_RC(skf.SKF_GenRandom(o.dev, random, 32), SAR_OK);
    CHECK(memcmp(random, zero, 32) != 0, "GenRandom");
    t_close(&o);
}

void test_crypto(void)
{
    t_make_device("CRYPTO", NULL);
    generated_key();
    imported_key();
    certificates();
}
