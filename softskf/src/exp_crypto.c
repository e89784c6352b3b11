/* exp_crypto.c: SM2 key pairs in containers — generate (signing), import an ENVELOPEDKEYBLOB (encryption),
 * sign, verify, encrypt to an outside key, export public keys. Private keys never leave. */
#define SOFTSKF_BUILD
#include <string.h>

#include "call.h"
#include "crypto.h"
#include "exports.h"
#include "util.h"

#define KEYPAIR_COST 96 /* what a key pair takes of free_space (model.c counts the same) */

ULONG DEVAPI SKF_GenECCKeyPair(HCONTAINER hContainer, ULONG ulAlgId, ECCPUBLICKEYBLOB *pBlob)
{
    if (!pBlob)
        return SAR_INVALIDPARAMERR;
    if (ulAlgId != SGD_SM2_1)
        return SAR_NOTSUPPORTYETERR;
    call_t c;
    ULONG rc = call_enter_con(&c, hContainer, "SKF_GenECCKeyPair", CALL_UPDATE);
    if (rc == SAR_OK)
        rc = call_need_user(&c);
    if (rc == SAR_OK)
        rc = call_room_for(&c, c.con->sign.present ? 0 : KEYPAIR_COST);
    if (rc != SAR_OK)
        return call_leave(&c, rc);
    keypair_t fresh = {.present = 1};
    if (sm2_generate(fresh.d, fresh.q))
        return call_leave(&c, SAR_GENRANDERR);
    c.con->sign = fresh;
    c.con->type = CONTAINER_TYPE_ECC;
    rc = call_save(&c);
    if (rc == SAR_OK)
        point_to_blob(fresh.q, pBlob);
    wipe(&fresh, sizeof fresh);
    return call_leave(&c, rc);
}

/* The 32-byte d from cbEncryptedPriKey under the device's layout (see SKF-CONTRACT.md). */
static int unwrap_private(const uint8_t field[64], envelope_layout_t layout, const uint8_t k[16], uint8_t d[32])
{
    uint8_t plain[64];
    int rc = -1;
    if (layout == ENVELOPE_FULL64) {
        if (sm4_crypt(0, k, NULL, field, 64, plain) == 0 && get_right_aligned(plain, d) == 0)
            rc = 0;
    } else {
        rc = sm4_crypt(0, k, NULL, layout == ENVELOPE_LEFT ? field : field + 32, 32, d);
    }
    wipe(plain, sizeof plain);
    return rc;
}

/* Opens the envelope with the container's signing key; the result must be a key pair that belongs together. */
static ULONG open_envelope(const call_t *c, const uint8_t *env, keypair_t *out)
{
    ULONG version, alg, bits, cipher_len;
    memcpy(&version, env, 4);
    memcpy(&alg, env + 4, 4);
    memcpy(&bits, env + 8, 4);
    const uint8_t *cipher = env + ENVELOPEDKEYBLOB_CIPHER_OFFSET;
    memcpy(&cipher_len, cipher + 160, 4);
    if (version != 1 || alg != SGD_SM4_ECB || bits != 256 || cipher_len != 16)
        return SAR_INDATAERR;
    uint8_t claimed[64], k[16], check[64];
    if (blob_to_point((const ECCPUBLICKEYBLOB *)(env + ENVELOPEDKEYBLOB_PUBKEY_OFFSET), claimed) ||
        get_right_aligned(cipher, check) || get_right_aligned(cipher + 64, check + 32))
        return SAR_INDATAERR;
    ULONG rc = SAR_INDATAERR;
    if (sm2_decrypt(c->con->sign.d, check, cipher + 128, cipher + ECCCIPHERBLOB_HEADER_SIZE, 16, k) == 0 &&
        unwrap_private(env + 12, c->cfg.envelope, k, out->d) == 0 && sm2_public_from_private(out->d, check) == 0 &&
        memcmp(check, claimed, 64) == 0) {
        memcpy(out->q, claimed, 64);
        out->present = 1;
        rc = SAR_OK;
    }
    wipe(k, sizeof k);
    return rc;
}

ULONG DEVAPI SKF_ImportECCKeyPair(HCONTAINER hContainer, PENVELOPEDKEYBLOB pEnvelopedKeyBlob)
{
    if (!pEnvelopedKeyBlob)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_con(&c, hContainer, "SKF_ImportECCKeyPair", CALL_UPDATE);
    if (rc == SAR_OK)
        rc = call_need_user(&c);
    if (rc == SAR_OK && !c.con->sign.present)
        rc = SAR_KEYNOTFOUNTERR; /* the envelope is opened with the signing key */
    if (rc == SAR_OK)
        rc = call_room_for(&c, c.con->enc.present ? 0 : KEYPAIR_COST);
    keypair_t imported = {0};
    if (rc == SAR_OK)
        rc = open_envelope(&c, (const uint8_t *)pEnvelopedKeyBlob, &imported);
    if (rc == SAR_OK) {
        c.con->enc = imported;
        c.con->type = CONTAINER_TYPE_ECC;
        rc = call_save(&c);
    }
    wipe(&imported, sizeof imported);
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_ECCSignData(HCONTAINER hContainer, BYTE *pbData, ULONG ulDataLen, PECCSIGNATUREBLOB pSignature)
{
    if (!pbData || !pSignature)
        return SAR_INVALIDPARAMERR;
    if (ulDataLen != 32)
        return SAR_INDATALENERR; /* the caller's e = SM3(Z || M); softskf does not hash */
    call_t c;
    ULONG rc = call_enter_con(&c, hContainer, "SKF_ECCSignData", CALL_READ);
    if (rc == SAR_OK)
        rc = call_need_user(&c);
    if (rc == SAR_OK && !c.con->sign.present)
        rc = SAR_KEYNOTFOUNTERR;
    uint8_t r[32], s[32];
    if (rc == SAR_OK && sm2_sign(c.con->sign.d, c.con->sign.q, pbData, r, s))
        rc = SAR_FAIL;
    if (rc == SAR_OK) {
        put_right_aligned(pSignature->r, r);
        put_right_aligned(pSignature->s, s);
    }
    return call_leave(&c, rc);
}

static ULONG verify(DEVHANDLE hDev, const char *fn, ECCPUBLICKEYBLOB *pub, BYTE *data, ULONG len,
                    PECCSIGNATUREBLOB sig)
{
    if (!pub || !data || !sig)
        return SAR_INVALIDPARAMERR;
    if (len != 32)
        return SAR_INDATALENERR;
    uint8_t q[64], r[32], s[32];
    if (blob_to_point(pub, q) || !sm2_point_valid(q))
        return SAR_INVALIDPARAMERR;
    if (get_right_aligned(sig->r, r) || get_right_aligned(sig->s, s))
        return SAR_FAIL;
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, fn, CALL_NO_STATE);
    if (rc == SAR_OK && sm2_verify(q, data, r, s))
        rc = SAR_FAIL;
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_ECCVerify(DEVHANDLE hDev, ECCPUBLICKEYBLOB *pECCPubKeyBlob, BYTE *pbData, ULONG ulDataLen,
                           PECCSIGNATUREBLOB pSignature)
{
    return verify(hDev, "SKF_ECCVerify", pECCPubKeyBlob, pbData, ulDataLen, pSignature);
}

ULONG DEVAPI SKF_ExtECCVerify(DEVHANDLE hDev, ECCPUBLICKEYBLOB *pECCPubKeyBlob, BYTE *pbData, ULONG ulDataLen,
                              PECCSIGNATUREBLOB pSignature)
{
    return verify(hDev, "SKF_ExtECCVerify", pECCPubKeyBlob, pbData, ulDataLen, pSignature);
}

ULONG DEVAPI SKF_ExtECCEncrypt(DEVHANDLE hDev, ECCPUBLICKEYBLOB *pECCPubKeyBlob, BYTE *pbPlainText,
                               ULONG ulPlainTextLen, PECCCIPHERBLOB pCipherText)
{
    if (!pECCPubKeyBlob || !pbPlainText || !pCipherText || ulPlainTextLen == 0 || ulPlainTextLen > 1024)
        return SAR_INVALIDPARAMERR;
    uint8_t q[64], c1[64];
    if (blob_to_point(pECCPubKeyBlob, q) || !sm2_point_valid(q))
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, "SKF_ExtECCEncrypt", CALL_NO_STATE);
    if (rc == SAR_OK && sm2_encrypt(q, pbPlainText, ulPlainTextLen, c1, pCipherText->HASH, pCipherText->Cipher))
        rc = SAR_FAIL;
    if (rc == SAR_OK) {
        put_right_aligned(pCipherText->XCoordinate, c1);
        put_right_aligned(pCipherText->YCoordinate, c1 + 32);
        pCipherText->CipherLen = ulPlainTextLen;
    }
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_ExportPublicKey(HCONTAINER hContainer, BOOL bSignFlag, BYTE *pbBlob, ULONG *pulBlobLen)
{
    if (!pulBlobLen)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_con(&c, hContainer, "SKF_ExportPublicKey", CALL_READ);
    const keypair_t *k = rc == SAR_OK ? (bSignFlag ? &c.con->sign : &c.con->enc) : NULL;
    if (rc == SAR_OK && !k->present)
        rc = SAR_KEYNOTFOUNTERR;
    if (rc == SAR_OK) {
        ECCPUBLICKEYBLOB blob;
        point_to_blob(k->q, &blob);
        rc = put_bytes_out(&blob, sizeof blob, pbBlob, pulBlobLen);
    }
    return call_leave(&c, rc);
}
