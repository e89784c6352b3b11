/* call.c: the frame around every export that touches a device. */
#define _DEFAULT_SOURCE
#include "call.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "store.h"
#include "util.h"

#define EXCLUSIVE_FILE ".exclusive"
#define HANG_POLL_MS 20

static int gone(const char *dir, dev_session_t *session)
{
    if (session)
        return session->removed || (session->removed = presence_lost(dir, &session->presence));
    return access(dir, F_OK) != 0;
}

ULONG call_quirks(const char *dir, dev_session_t *session, const char *fn, config_t *cfg)
{
    config_load(dir, cfg);
    if (cfg->slow_ms)
        sleep_ms(cfg->slow_ms);
    while (config_names_hang(cfg, fn)) {
        if (gone(dir, session))
            return SAR_DEVICE_REMOVED;
        sleep_ms(HANG_POLL_MS);
        config_load(dir, cfg);
    }
    return gone(dir, session) ? SAR_DEVICE_REMOVED : SAR_OK;
}

/* Waits while another connection holds SKF_LockDev on this device. */
static ULONG respect_exclusive(call_t *c)
{
    dev_session_t *d = c->dev;
    if (d->exclusive_fd >= 0)
        return SAR_OK;
    char *path = path_join(d->dir, EXCLUSIVE_FILE);
    c->shared_fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1;
    free(path);
    if (c->shared_fd < 0)
        return SAR_OK; /* read-only folder: nobody can lock it either */
    while (flock(c->shared_fd, LOCK_SH | LOCK_NB)) {
        if (errno != EWOULDBLOCK && errno != EINTR)
            return SAR_FAIL;
        if (gone(d->dir, d))
            return SAR_DEVICE_REMOVED;
        sleep_ms(HANG_POLL_MS);
    }
    return SAR_OK;
}

static ULONG enter(call_t *c, dev_session_t *dev, const char *fn, int mode)
{
    memset(c, 0, sizeof *c);
    c->shared_fd = c->lock_fd = -1;
    c->dev = dev;
    if (!dev)
        return SAR_INVALIDHANDLEERR;
    if (dev->removed)
        return SAR_DEVICE_REMOVED;
    ULONG rc = call_quirks(dev->dir, dev, fn, &c->cfg);
    if (rc == SAR_OK)
        rc = respect_exclusive(c);
    if (rc != SAR_OK)
        return rc;
    if (mode == CALL_NO_STATE)
        return SAR_OK;
    if (mode == CALL_UPDATE && (c->lock_fd = store_lock(dev->dir)) < 0)
        return gone(dev->dir, dev) ? SAR_DEVICE_REMOVED : SAR_FILEERR;
    if (store_load(dev->dir, &c->state))
        return gone(dev->dir, dev) ? SAR_DEVICE_REMOVED : SAR_READFILEERR;
    c->loaded = 1;
    return SAR_OK;
}

ULONG call_enter_dev(call_t *c, DEVHANDLE h, const char *fn, int mode)
{
    dev_session_t *d = handle_get(h, HT_DEV);
    if (!d) {
        memset(c, 0, sizeof *c);
        c->shared_fd = c->lock_fd = -1;
        return SAR_INVALIDHANDLEERR;
    }
    return enter(c, d, fn, mode);
}

static ULONG find_app(call_t *c, const char *name)
{
    c->app = device_find_app(&c->state, name);
    c->login = session_login(c->dev, name);
    if (!c->login)
        return SAR_MEMORYERR;
    return c->app ? SAR_OK : SAR_APPLICATION_NOT_EXISTS;
}

ULONG call_enter_app(call_t *c, HAPPLICATION h, const char *fn, int mode)
{
    app_handle_t *a = handle_get(h, HT_APP);
    ULONG rc = enter(c, a ? a->h.dev : NULL, fn, mode);
    return rc != SAR_OK ? rc : find_app(c, a->name);
}

ULONG call_enter_con(call_t *c, HCONTAINER h, const char *fn, int mode)
{
    con_handle_t *k = handle_get(h, HT_CON);
    ULONG rc = enter(c, k ? k->h.dev : NULL, fn, mode);
    if (rc == SAR_OK)
        rc = find_app(c, k->app);
    if (rc != SAR_OK)
        return rc;
    c->con = app_find_container(c->app, k->name);
    return c->con ? SAR_OK : SAR_FILE_NOT_EXIST; /* deleted through another handle or process */
}

ULONG call_enter_handle(call_t *c, const void *h, handle_type_t type, const char *fn)
{
    handle_t *k = handle_get(h, type);
    return enter(c, k ? k->dev : NULL, fn, CALL_NO_STATE);
}

ULONG call_save(call_t *c)
{
    if (c->lock_fd < 0 || !c->loaded)
        return SAR_FAIL;
    return store_save(c->dev->dir, &c->state) ? SAR_WRITEFILEERR : SAR_OK;
}

ULONG call_leave(call_t *c, ULONG rc)
{
    if (c->loaded)
        device_free(&c->state);
    c->loaded = 0;
    store_unlock(c->lock_fd);
    if (c->shared_fd >= 0)
        close(c->shared_fd);
    c->lock_fd = c->shared_fd = -1;
    return rc;
}

ULONG call_need_user(const call_t *c)
{
    return c->login && c->login->user ? SAR_OK : SAR_USER_NOT_LOGGED_IN;
}

ULONG call_room_for(const call_t *c, size_t more)
{
    if (c->cfg.free_space < 0)
        return SAR_OK;
    return device_used_space(&c->state) + more > (unsigned long long)c->cfg.free_space ? SAR_NO_ROOM : SAR_OK;
}
