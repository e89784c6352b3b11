/* exp_session.c: session keys (an SM4 key wrapped to the container's encryption key, then single-part
 * SM4 ECB/CBC) and SM3 digests. Handles belong to the connection: they die with it and with a pull. */
#define SOFTSKF_BUILD
#include <gcrypt.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "crypto.h"
#include "exports.h"
#include "util.h"

#define MAX_DATA (1u << 20)

ULONG DEVAPI SKF_ImportSessionKey(HCONTAINER hContainer, ULONG ulAlgId, BYTE *pbWrapedData, ULONG ulWrapedLen,
                                  HANDLE *phKey)
{
    if (!pbWrapedData || !phKey)
        return SAR_INVALIDPARAMERR;
    if (ulAlgId != SGD_SM4_ECB && ulAlgId != SGD_SM4_CBC)
        return SAR_NOTSUPPORTYETERR;
    const ECCCIPHERBLOB *blob = (const ECCCIPHERBLOB *)pbWrapedData;
    if (ulWrapedLen < ECCCIPHERBLOB_HEADER_SIZE || blob->CipherLen != 16 ||
        ulWrapedLen < ECCCIPHERBLOB_HEADER_SIZE + blob->CipherLen)
        return SAR_INDATALENERR;
    uint8_t c1[64];
    if (get_right_aligned(blob->XCoordinate, c1) || get_right_aligned(blob->YCoordinate, c1 + 32))
        return SAR_INDATAERR;
    call_t c;
    ULONG rc = call_enter_con(&c, hContainer, "SKF_ImportSessionKey", CALL_READ);
    if (rc == SAR_OK)
        rc = call_need_user(&c);
    if (rc == SAR_OK && !c.con->enc.present)
        rc = SAR_KEYNOTFOUNTERR;
    uint8_t key[16];
    if (rc == SAR_OK && sm2_decrypt(c.con->enc.d, c1, blob->HASH, pbWrapedData + ECCCIPHERBLOB_HEADER_SIZE, 16, key))
        rc = SAR_INDATAERR; /* not wrapped to this container's encryption key */
    if (rc == SAR_OK) {
        key_handle_t *k = handle_new(HT_KEY, sizeof *k, c.dev);
        if (!k) {
            rc = SAR_MEMORYERR;
        } else {
            k->alg = ulAlgId;
            memcpy(k->key, key, 16);
            *phKey = k;
        }
    }
    wipe(key, sizeof key);
    return call_leave(&c, rc);
}

static ULONG cipher_init(HANDLE hKey, const BLOCKCIPHERPARAM *param, key_op_t op, const char *fn)
{
    call_t c;
    ULONG rc = call_enter_handle(&c, hKey, HT_KEY, fn);
    key_handle_t *k = rc == SAR_OK ? handle_get(hKey, HT_KEY) : NULL;
    if (rc == SAR_OK && (param->PaddingType > 1 || (k->alg == SGD_SM4_CBC && param->IVLen != 16)))
        rc = SAR_INVALIDPARAMERR;
    if (rc == SAR_OK) {
        memset(k->iv, 0, sizeof k->iv);
        if (k->alg == SGD_SM4_CBC)
            memcpy(k->iv, param->IV, 16);
        k->padding = param->PaddingType;
        k->op = op;
    }
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_EncryptInit(HANDLE hKey, BLOCKCIPHERPARAM EncryptParam)
{
    return cipher_init(hKey, &EncryptParam, KEY_ENCRYPT, "SKF_EncryptInit");
}

ULONG DEVAPI SKF_DecryptInit(HANDLE hKey, BLOCKCIPHERPARAM DecryptParam)
{
    return cipher_init(hKey, &DecryptParam, KEY_DECRYPT, "SKF_DecryptInit");
}

/* PKCS#5 padding removed in place; -1 when it is not valid. */
static int unpad(const uint8_t *data, size_t *len)
{
    if (*len == 0)
        return -1;
    uint8_t n = data[*len - 1];
    if (n == 0 || n > 16 || n > *len)
        return -1;
    for (size_t i = *len - n; i < *len; i++)
        if (data[i] != n)
            return -1;
    *len -= n;
    return 0;
}

/* Single-part SM4 for an initialised key: the two-call pattern; the operation ends once output is written. */
static ULONG sm4_single(HANDLE hKey, key_op_t op, const char *fn, const BYTE *in, ULONG len, BYTE *out,
                        ULONG *out_len)
{
    if (!in || !out_len || len > MAX_DATA)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_handle(&c, hKey, HT_KEY, fn);
    key_handle_t *k = rc == SAR_OK ? handle_get(hKey, HT_KEY) : NULL;
    if (rc == SAR_OK && k->op != op)
        rc = SAR_NOTINITIALIZEERR;
    if (rc != SAR_OK)
        return call_leave(&c, rc);
    int encrypt = op == KEY_ENCRYPT;
    size_t padded = encrypt && k->padding ? (len / 16 + 1) * 16 : len;
    if (padded % 16)
        return call_leave(&c, SAR_INDATALENERR);
    uint8_t *work = malloc(padded ? padded : 1);
    if (!work)
        return call_leave(&c, SAR_MEMORYERR);
    memcpy(work, in, len);
    memset(work + len, (int)(padded - len), padded - len);
    size_t result = padded;
    if (sm4_crypt(encrypt, k->key, k->alg == SGD_SM4_CBC ? k->iv : NULL, work, padded, work))
        rc = SAR_FAIL;
    else if (!encrypt && k->padding && unpad(work, &result))
        rc = SAR_DECRYPTPADERR;
    if (rc == SAR_OK)
        rc = put_bytes_out(work, result, out, out_len);
    if (rc == SAR_OK && out)
        k->op = KEY_IDLE;
    wipe(work, padded);
    free(work);
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_Encrypt(HANDLE hKey, BYTE *pbData, ULONG ulDataLen, BYTE *pbEncryptedData, ULONG *pulEncryptedLen)
{
    return sm4_single(hKey, KEY_ENCRYPT, "SKF_Encrypt", pbData, ulDataLen, pbEncryptedData, pulEncryptedLen);
}

ULONG DEVAPI SKF_Decrypt(HANDLE hKey, BYTE *pbEncryptedData, ULONG ulEncryptedLen, BYTE *pbData, ULONG *pulDataLen)
{
    return sm4_single(hKey, KEY_DECRYPT, "SKF_Decrypt", pbEncryptedData, ulEncryptedLen, pbData, pulDataLen);
}

ULONG DEVAPI SKF_DigestInit(DEVHANDLE hDev, ULONG ulAlgID, ECCPUBLICKEYBLOB *pPubKey, unsigned char *pucID,
                            ULONG ulIDLen, HANDLE *phHash)
{
    if (!phHash || (pPubKey && !pucID))
        return SAR_INVALIDPARAMERR;
    if (ulAlgID != SGD_SM3)
        return SAR_NOTSUPPORTYETERR;
    uint8_t q[64], z[32];
    if (pPubKey && (blob_to_point(pPubKey, q) || sm3_z(q, pucID, ulIDLen, z)))
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, "SKF_DigestInit", CALL_NO_STATE);
    gcry_md_hd_t md = NULL;
    if (rc == SAR_OK && gcry_md_open(&md, GCRY_MD_SM3, 0))
        rc = SAR_HASHOBJERR;
    hash_handle_t *h = rc == SAR_OK ? handle_new(HT_HASH, sizeof *h, c.dev) : NULL;
    if (rc == SAR_OK && !h) {
        gcry_md_close(md);
        rc = SAR_MEMORYERR;
    }
    if (rc == SAR_OK) {
        if (pPubKey) /* with a public key the digest is SM3(Z || M), the signer's e */
            gcry_md_write(md, z, 32);
        h->md = md;
        *phHash = h;
    }
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_DigestUpdate(HANDLE hHash, BYTE *pbData, ULONG ulDataLen)
{
    if (!pbData && ulDataLen)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_handle(&c, hHash, HT_HASH, "SKF_DigestUpdate");
    if (rc == SAR_OK)
        gcry_md_write(((hash_handle_t *)handle_get(hHash, HT_HASH))->md, pbData, ulDataLen);
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_DigestFinal(HANDLE hHash, BYTE *pHashData, ULONG *pulHashLen)
{
    call_t c;
    ULONG rc = call_enter_handle(&c, hHash, HT_HASH, "SKF_DigestFinal");
    if (rc == SAR_OK) {
        hash_handle_t *h = handle_get(hHash, HT_HASH);
        rc = put_bytes_out(gcry_md_read(h->md, GCRY_MD_SM3), 32, pHashData, pulHashLen);
        if (rc == SAR_OK && pHashData)
            gcry_md_reset(h->md);
    }
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_Digest(HANDLE hHash, BYTE *pbData, ULONG ulDataLen, BYTE *pbHashData, ULONG *pulHashLen)
{
    if (!pulHashLen || (!pbData && ulDataLen))
        return SAR_INVALIDPARAMERR;
    if (!pbHashData) { /* size query: nothing hashed yet */
        *pulHashLen = 32;
        return handle_get(hHash, HT_HASH) ? SAR_OK : SAR_INVALIDHANDLEERR;
    }
    if (*pulHashLen < 32) {
        *pulHashLen = 32;
        return SAR_BUFFER_TOO_SMALL;
    }
    ULONG rc = SKF_DigestUpdate(hHash, pbData, ulDataLen);
    return rc != SAR_OK ? rc : SKF_DigestFinal(hHash, pbHashData, pulHashLen);
}

ULONG DEVAPI SKF_CloseHandle(HANDLE hHandle)
{
    handle_t *h = handle_get(hHandle, HT_KEY);
    if (!h)
        h = handle_get(hHandle, HT_HASH);
    if (!h)
        return SAR_INVALIDHANDLEERR;
    handle_free(h);
    return SAR_OK;
}
