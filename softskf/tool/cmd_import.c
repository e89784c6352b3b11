/* cmd_import.c: softskf import — a certificate (PEM or DER, stored as DER) and optionally its SM2 private key
 * (PKCS#8 PEM as `openssl genpkey -algorithm SM2` writes it) into a container's signing or encryption half. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../include/skf.h"
#include "../src/crypto.h"
#include "../src/der.h"
#include "../src/util.h"
#include "tool.h"

/* The certificate file as DER (PEM decoded). */
static int read_cert(const char *path, blob_t *out)
{
    uint8_t *data;
    size_t len;
    if (file_read(path, &data, &len))
        return fail("%s: cannot read", path);
    if (!looks_like_pem(data, len)) {
        out->data = data;
        out->len = len;
        return 0;
    }
    int rc = pem_decode(data, len, "CERTIFICATE", &out->data, &out->len);
    free(data);
    return rc ? fail("%s: not a PEM CERTIFICATE", path) : 0;
}

static int read_key(const char *path, keypair_t *key)
{
    uint8_t *data, *der = NULL;
    size_t len, der_len;
    if (file_read(path, &data, &len))
        return fail("%s: cannot read", path);
    int has_q = 0, rc = pem_decode(data, len, "PRIVATE KEY", &der, &der_len) ||
                                der_sm2_private_key(der, der_len, key->d, key->q, &has_q);
    wipe(data, len);
    free(data);
    if (der) {
        wipe(der, der_len);
        free(der);
    }
    if (rc)
        return fail("%s: not an SM2 PKCS#8 PEM key (openssl genpkey -algorithm SM2)", path);
    uint8_t q[64];
    if (sm2_public_from_private(key->d, q) || (has_q && memcmp(q, key->q, 64)))
        return fail("%s: the private and public halves of the key do not match", path);
    memcpy(key->q, q, 64);
    key->present = 1;
    return 0;
}

/* Checks what the certificate is; sets *kind. Garbage passes only with --allow-garbage. */
static int check_cert(const opts_t *o, const blob_t *cert, const keypair_t *key, int *kind)
{
    uint8_t q[64];
    *kind = CERT_KEY_UNKNOWN;
    if (der_cert_public_key(cert->data, cert->len, kind, q)) {
        *kind = CERT_KEY_UNKNOWN;
        return has_flag(o, "--allow-garbage") ? 0 : fail("the certificate cannot be read (--allow-garbage stores it)");
    }
    if (key->present && *kind != CERT_KEY_SM2)
        return fail("--key is for SM2 certificates; import other certificates without a key");
    if (key->present && memcmp(q, key->q, 64))
        return fail("the key does not belong to the certificate");
    return 0;
}

static int store_into(const opts_t *o, container_t *con, blob_t *cert, const keypair_t *key, int kind)
{
    int sign = has_flag(o, "--sign");
    if (blob_set(sign ? &con->sign_cert : &con->enc_cert, cert->data, cert->len))
        return fail("out of memory");
    if (key->present)
        *(sign ? &con->sign : &con->enc) = *key;
    if (kind == CERT_KEY_RSA)
        con->type = CONTAINER_TYPE_RSA;
    else if (kind != CERT_KEY_UNKNOWN || key->present || con->type == CONTAINER_TYPE_EMPTY)
        con->type = CONTAINER_TYPE_ECC;
    return 0;
}

int cmd_import(int argc, char **argv)
{
    static const char *const flags[] = {"--sign", "--enc", "--allow-garbage", NULL};
    static const char *const allowed[] = {"--device", "--container", "--sign", "--enc", "--key", "--cert", "--app",
                                          "--allow-garbage", "--encoding", NULL};
    opts_t o;
    if (opts_parse(argc, argv, flags, &o) || opts_only(&o, allowed))
        return 2;
    const char *dir = opt(&o, "--device"), *container = opt(&o, "--container");
    if (!dir || !container || !opt(&o, "--cert") || has_flag(&o, "--sign") == has_flag(&o, "--enc"))
        return fail("import needs --device DIR --container NAME (--sign|--enc) [--key PEM] --cert PEM|DER");
    blob_t cert = {0};
    keypair_t key = {0};
    int kind, rc = 1;
    char *name = name_to_device(&o, container);
    if (!name || !*name || strlen(name) > SOFTSKF_NAME_MAX)
        fail("container names are 1 to %d bytes", SOFTSKF_NAME_MAX);
    else if (!read_cert(opt(&o, "--cert"), &cert) && !(opt(&o, "--key") && read_key(opt(&o, "--key"), &key)) &&
             !check_cert(&o, &cert, &key, &kind)) {
        device_t dev;
        int lock;
        if (tool_begin(dir, &dev, &lock) == 0) {
            app_t *app = tool_app(&o, &dev);
            container_t *con = app ? app_find_container(app, name) : NULL;
            if (app && !con)
                con = app_add_container(app, name);
            if (con && store_into(&o, con, &cert, &key, kind) == 0)
                rc = tool_save(dir, &dev, lock);
            else
                tool_abort(&dev, lock);
        }
    }
    wipe(&key, sizeof key);
    blob_clear(&cert);
    free(name);
    return rc;
}
