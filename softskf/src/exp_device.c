/* exp_device.c: SKF device management — devices are the folders under $SOFTSKF_DIR. */
#define _DEFAULT_SOURCE
#define SOFTSKF_BUILD
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "call.h"
#include "crypto.h"
#include "exports.h"
#include "store.h"
#include "util.h"

#define ENV_DIR "SOFTSKF_DIR"
#define LOCK_POLL_MS 10

static const char *root(void)
{
    const char *r = getenv(ENV_DIR);
    return r && *r ? r : NULL;
}

/* root/name for a plain folder name, else NULL. */
static char *device_dir(const char *name)
{
    if (!root() || !name || !*name || name[0] == '.' || strchr(name, '/'))
        return NULL;
    return path_join(root(), name);
}

/* The folder of a present device (a readable state), or NULL. */
static char *present_dir(const char *name)
{
    char *dir = device_dir(name);
    device_t probe;
    if (dir && store_load(dir, &probe) == 0) {
        device_free(&probe);
        return dir;
    }
    free(dir);
    return NULL;
}

ULONG DEVAPI SKF_EnumDev(BOOL bPresent, LPSTR szNameList, ULONG *pulSize)
{
    (void)bPresent; /* a soft device is known only while it is present */
    if (!pulSize)
        return SAR_INVALIDPARAMERR;
    char **names;
    size_t count;
    store_list_devices(root(), &names, &count);
    for (size_t i = 0; i < count; i++) {
        char *dir = device_dir(names[i]);
        config_t cfg;
        ULONG q = dir ? call_quirks(dir, NULL, "SKF_EnumDev", &cfg) : SAR_OK;
        free(dir);
        if (q == SAR_DEVICE_REMOVED) { /* pulled while we listed: leave it out */
            free(names[i]);
            memmove(&names[i], &names[i + 1], (count - i - 1) * sizeof *names);
            count--;
            i--;
        }
    }
    ULONG rc = put_name_list(names, count, szNameList, pulSize);
    store_free_names(names, count);
    return rc;
}

ULONG DEVAPI SKF_ConnectDev(LPSTR szName, DEVHANDLE *phDev)
{
    if (!szName || !phDev)
        return SAR_INVALIDPARAMERR;
    char *dir = present_dir(szName);
    if (!dir)
        return SAR_DEVICE_REMOVED; /* no such device present */
    dev_session_t *d = handle_new(HT_DEV, sizeof *d, NULL);
    if (!d) {
        free(dir);
        return SAR_MEMORYERR;
    }
    d->dir = dir;
    d->name = xstrdup(szName);
    config_t cfg;
    ULONG rc = presence_watch(dir, &d->presence) ? SAR_DEVICE_REMOVED : call_quirks(dir, d, "SKF_ConnectDev", &cfg);
    if (rc != SAR_OK || !d->name) {
        handle_free(d);
        return rc != SAR_OK ? rc : SAR_MEMORYERR;
    }
    *phDev = d;
    return SAR_OK;
}

ULONG DEVAPI SKF_DisConnectDev(DEVHANDLE hDev)
{
    dev_session_t *d = handle_get(hDev, HT_DEV);
    if (!d)
        return SAR_INVALIDHANDLEERR;
    config_t cfg;
    if (!d->removed)
        call_quirks(d->dir, d, "SKF_DisConnectDev", &cfg);
    handle_free(d);
    return SAR_OK;
}

ULONG DEVAPI SKF_GetDevState(LPSTR szDevName, ULONG *pulDevState)
{
    if (!szDevName || !pulDevState)
        return SAR_INVALIDPARAMERR;
    char *dir = present_dir(szDevName);
    config_t cfg;
    if (dir && call_quirks(dir, NULL, "SKF_GetDevState", &cfg) == SAR_DEVICE_REMOVED) {
        free(dir);
        dir = NULL;
    }
    *pulDevState = dir ? DEV_PRESENT_STATE : DEV_ABSENT_STATE;
    free(dir);
    return SAR_OK;
}

ULONG DEVAPI SKF_SetLabel(DEVHANDLE hDev, LPSTR szLabel)
{
    if (!szLabel)
        return SAR_INVALIDPARAMERR;
    if (strlen(szLabel) > SOFTSKF_LABEL_MAX)
        return SAR_INDATALENERR;
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, "SKF_SetLabel", CALL_UPDATE);
    if (rc == SAR_OK) {
        strcpy(c.state.label, szLabel);
        rc = call_save(&c);
    }
    return call_leave(&c, rc);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4); /* the caller's own byte order: the struct is read in-process */
}

/* Writes DEVINFO field by field: packed puts the ULONGs at 198, natural at 200 (after 2 bytes of padding). */
static void fill_devinfo(uint8_t *out, const device_t *dev, const config_t *cfg)
{
    size_t size = cfg->devinfo_packed ? DEVINFO_PACKED_SIZE : DEVINFO_NATURAL_SIZE;
    memset(out, 0, size);
    out[0] = 1; /* Version 1.0 */
    strncpy((char *)out + 2, "softskf", 64);
    strncpy((char *)out + 66, "UKey Assistant soft SKF token", 64);
    memcpy(out + 130, dev->label, strlen(dev->label)); /* Label[32]: NUL-terminated only when shorter */
    memcpy(out + 162, dev->serial, strlen(dev->serial));
    out[194] = 1; /* HWVersion 1.0 */
    out[196] = 1; /* FirmwareVersion 1.0 */
    uint8_t *u = out + (cfg->devinfo_packed ? 198 : 200);
    long long total = cfg->free_space >= 0 ? cfg->free_space : 65536;
    long long free_bytes = total - (long long)device_used_space(dev);
    put_u32(u + 0, SGD_SM4_ECB | SGD_SM4_CBC);
    put_u32(u + 4, SGD_SM2_1 | SGD_SM2_2 | SGD_SM2_3);
    put_u32(u + 8, SGD_SM3);
    put_u32(u + 12, SGD_SM4_ECB);
    put_u32(u + 16, (uint32_t)total);
    put_u32(u + 20, free_bytes > 0 ? (uint32_t)free_bytes : 0);
    put_u32(u + 24, 1024);
    put_u32(u + 28, 4096);
}

ULONG DEVAPI SKF_GetDevInfo(DEVHANDLE hDev, DEVINFO *pDevInfo)
{
    if (!pDevInfo)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, "SKF_GetDevInfo", CALL_READ);
    if (rc == SAR_OK)
        fill_devinfo((uint8_t *)pDevInfo, &c.state, &c.cfg);
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_LockDev(DEVHANDLE hDev, ULONG ulTimeOut)
{
    dev_session_t *d = handle_get(hDev, HT_DEV);
    if (!d)
        return SAR_INVALIDHANDLEERR;
    config_t cfg;
    ULONG rc = d->removed ? SAR_DEVICE_REMOVED : call_quirks(d->dir, d, "SKF_LockDev", &cfg);
    if (rc != SAR_OK || d->exclusive_fd >= 0)
        return rc;
    char *path = path_join(d->dir, ".exclusive");
    int fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1;
    free(path);
    if (fd < 0)
        return SAR_FILEERR;
    for (ULONG waited = 0; flock(fd, LOCK_EX | LOCK_NB); waited += LOCK_POLL_MS) {
        if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= ulTimeOut) {
            close(fd);
            return SAR_TIMEOUTERR;
        }
        sleep_ms(LOCK_POLL_MS);
    }
    d->exclusive_fd = fd;
    return SAR_OK;
}

ULONG DEVAPI SKF_UnlockDev(DEVHANDLE hDev)
{
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, "SKF_UnlockDev", CALL_READ);
    if (c.dev && handle_get(hDev, HT_DEV) && c.dev->exclusive_fd >= 0) {
        close(c.dev->exclusive_fd);
        c.dev->exclusive_fd = -1;
    }
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_Transmit(DEVHANDLE hDev, BYTE *pbCommand, ULONG ulCommandLen, BYTE *pbData, ULONG *pulDataLen)
{
    (void)pbCommand;
    (void)ulCommandLen;
    (void)pbData;
    (void)pulDataLen;
    return handle_get(hDev, HT_DEV) ? SAR_NOTSUPPORTYETERR : SAR_INVALIDHANDLEERR;
}

ULONG DEVAPI SKF_GenRandom(DEVHANDLE hDev, BYTE *pbRandom, ULONG ulRandomLen)
{
    if (!pbRandom || ulRandomLen == 0 || ulRandomLen > 1024)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, "SKF_GenRandom", CALL_NO_STATE);
    if (rc == SAR_OK) {
        crypto_random(pbRandom, ulRandomLen);
        /* SKF_DevAuth answers the last random (8 or 16 bytes, zero-padded to one SM4 block). */
        memset(c.dev->challenge, 0, sizeof c.dev->challenge);
        memcpy(c.dev->challenge, pbRandom, ulRandomLen < 16 ? ulRandomLen : 16);
        c.dev->has_challenge = 1;
    }
    return call_leave(&c, rc);
}
