/* exp_container.c: containers and their certificates. Built twice: once more with SOFTSKF_MISSPELLED, which
 * exports SKF_GetContianerType as some vendors' libraries do. */
#define SOFTSKF_BUILD
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "der.h"
#include "exports.h"
#include "util.h"

#define CONTAINER_COST 64 /* what a new container takes of free_space (model.c counts the same) */

static ULONG new_con_handle(dev_session_t *dev, const char *app, const char *name, HCONTAINER *out)
{
    con_handle_t *k = handle_new(HT_CON, sizeof *k, dev);
    if (!k)
        return SAR_MEMORYERR;
    strncpy(k->app, app, SOFTSKF_NAME_MAX);
    strncpy(k->name, name, SOFTSKF_NAME_MAX);
    *out = k;
    return SAR_OK;
}

static ULONG check_new_container(call_t *c, const char *name)
{
    ULONG rc = call_need_user(c);
    if (rc != SAR_OK)
        return rc;
    if (!name_ok(name))
        return SAR_NAMELENERR;
    if (app_find_container(c->app, name))
        return SAR_FILE_ALREADY_EXIST;
    if (c->cfg.max_containers >= 0 && c->app->ncontainers >= (size_t)c->cfg.max_containers)
        return SAR_REACH_MAX_CONTAINER_COUNT;
    return call_room_for(c, CONTAINER_COST);
}

ULONG DEVAPI SKF_CreateContainer(HAPPLICATION hApplication, LPSTR szContainerName, HCONTAINER *phContainer)
{
    if (!szContainerName || !phContainer)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_app(&c, hApplication, "SKF_CreateContainer", CALL_UPDATE);
    if (rc == SAR_OK)
        rc = check_new_container(&c, szContainerName);
    if (rc == SAR_OK)
        rc = app_add_container(c.app, szContainerName) ? call_save(&c) : SAR_MEMORYERR;
    if (rc == SAR_OK)
        rc = new_con_handle(c.dev, c.app->name, szContainerName, phContainer);
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_DeleteContainer(HAPPLICATION hApplication, LPSTR szContainerName)
{
    if (!szContainerName)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_app(&c, hApplication, "SKF_DeleteContainer", CALL_UPDATE);
    if (rc == SAR_OK)
        rc = call_need_user(&c);
    container_t *con = rc == SAR_OK ? app_find_container(c.app, szContainerName) : NULL;
    if (rc == SAR_OK && !con)
        rc = SAR_FILE_NOT_EXIST;
    if (rc == SAR_OK) {
        app_remove_container(c.app, con);
        rc = call_save(&c);
    }
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_OpenContainer(HAPPLICATION hApplication, LPSTR szContainerName, HCONTAINER *phContainer)
{
    if (!szContainerName || !phContainer)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_app(&c, hApplication, "SKF_OpenContainer", CALL_READ);
    if (rc == SAR_OK)
        rc = app_find_container(c.app, szContainerName)
                 ? new_con_handle(c.dev, c.app->name, szContainerName, phContainer)
                 : SAR_FILE_NOT_EXIST;
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_CloseContainer(HCONTAINER hContainer)
{
    con_handle_t *k = handle_get(hContainer, HT_CON);
    if (!k)
        return SAR_INVALIDHANDLEERR;
    call_t c;
    ULONG rc = call_enter_con(&c, hContainer, "SKF_CloseContainer", CALL_READ);
    handle_free(k);
    return call_leave(&c, rc == SAR_DEVICE_REMOVED ? rc : SAR_OK);
}

ULONG DEVAPI SKF_EnumContainer(HAPPLICATION hApplication, LPSTR szContainerName, ULONG *pulSize)
{
    if (!pulSize)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_app(&c, hApplication, "SKF_EnumContainer", CALL_READ);
    if (rc != SAR_OK)
        return call_leave(&c, rc);
    char **names = calloc(c.app->ncontainers + 1, sizeof *names);
    if (!names)
        return call_leave(&c, SAR_MEMORYERR);
    for (size_t i = 0; i < c.app->ncontainers; i++)
        names[i] = c.app->containers[i].name;
    rc = put_name_list(names, c.app->ncontainers, szContainerName, pulSize);
    free(names);
    return call_leave(&c, rc);
}

#ifdef SOFTSKF_MISSPELLED
#define GET_CONTAINER_TYPE SKF_GetContianerType
#else
#define GET_CONTAINER_TYPE SKF_GetContainerType
#endif

ULONG DEVAPI GET_CONTAINER_TYPE(HCONTAINER hContainer, ULONG *pulContainerType)
{
    if (!pulContainerType)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_con(&c, hContainer, "SKF_GetContainerType", CALL_READ);
    if (rc == SAR_OK)
        *pulContainerType = c.con->type;
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_ImportCertificate(HCONTAINER hContainer, BOOL bSignFlag, BYTE *pbCert, ULONG ulCertLen)
{
    if (!pbCert || ulCertLen == 0)
        return SAR_INVALIDPARAMERR;
    /* DER only, as on real keys: PEM or anything that is not one DER SEQUENCE is refused. */
    if (!der_is_one_sequence(pbCert, ulCertLen))
        return SAR_INDATAERR;
    call_t c;
    ULONG rc = call_enter_con(&c, hContainer, "SKF_ImportCertificate", CALL_UPDATE);
    if (rc == SAR_OK)
        rc = call_need_user(&c);
    blob_t *slot = rc == SAR_OK ? (bSignFlag ? &c.con->sign_cert : &c.con->enc_cert) : NULL;
    if (rc == SAR_OK)
        rc = call_room_for(&c, ulCertLen > slot->len ? ulCertLen - slot->len : 0);
    if (rc == SAR_OK && blob_set(slot, pbCert, ulCertLen))
        rc = SAR_MEMORYERR;
    if (rc == SAR_OK && c.con->type == CONTAINER_TYPE_EMPTY) {
        int kind = CERT_KEY_UNKNOWN;
        uint8_t q[64];
        der_cert_public_key(pbCert, ulCertLen, &kind, q);
        c.con->type = kind == CERT_KEY_RSA ? CONTAINER_TYPE_RSA : CONTAINER_TYPE_ECC;
    }
    if (rc == SAR_OK)
        rc = call_save(&c);
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_ExportCertificate(HCONTAINER hContainer, BOOL bSignFlag, BYTE *pbCert, ULONG *pulCertLen)
{
    if (!pulCertLen)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_con(&c, hContainer, "SKF_ExportCertificate", CALL_READ);
    if (rc == SAR_OK) {
        blob_t *cert = bSignFlag ? &c.con->sign_cert : &c.con->enc_cert;
        rc = cert->data ? put_bytes_out(cert->data, cert->len, pbCert, pulCertLen) : SAR_CERTNOTFOUNTERR;
    }
    return call_leave(&c, rc);
}
