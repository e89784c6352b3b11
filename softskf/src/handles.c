/* handles.c: the registry of live handles. */
#include "handles.h"

#include <gcrypt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static handle_t *live;

void *handle_new(handle_type_t type, size_t size, dev_session_t *dev)
{
    handle_t *h = calloc(1, size);
    if (!h)
        return NULL;
    h->type = type;
    h->dev = type == HT_DEV ? (dev_session_t *)h : dev;
    if (type == HT_DEV)
        ((dev_session_t *)h)->exclusive_fd = -1;
    pthread_mutex_lock(&mutex);
    h->next = live;
    live = h;
    pthread_mutex_unlock(&mutex);
    return h;
}

void *handle_get(const void *p, handle_type_t type)
{
    if (!p)
        return NULL;
    pthread_mutex_lock(&mutex);
    handle_t *found = NULL;
    for (handle_t *h = live; h; h = h->next)
        if (h == p && h->type == type) {
            found = h;
            break;
        }
    pthread_mutex_unlock(&mutex);
    return found;
}

static void release(handle_t *h)
{
    size_t size = sizeof *h;
    if (h->type == HT_DEV) {
        dev_session_t *d = (dev_session_t *)h;
        if (d->exclusive_fd >= 0)
            close(d->exclusive_fd);
        free(d->name);
        free(d->dir);
        free(d->logins);
        size = sizeof *d;
    } else if (h->type == HT_KEY) {
        size = sizeof(key_handle_t);
    } else if (h->type == HT_HASH) {
        gcry_md_close(((hash_handle_t *)h)->md);
        size = sizeof(hash_handle_t);
    }
    wipe(h, size);
    free(h);
}

/* The library is unloaded (dlclose): handles the caller never closed go with it. */
__attribute__((destructor)) static void handles_unload(void)
{
    while (live) {
        handle_t *h = live;
        live = h->next;
        release(h);
    }
}

void handle_free(void *p)
{
    handle_t *target = p, *doomed = NULL;
    pthread_mutex_lock(&mutex);
    for (handle_t **link = &live; *link;) {
        handle_t *h = *link;
        int goes = h == target || (target->type == HT_DEV && h->dev == (dev_session_t *)target);
        if (goes) {
            *link = h->next;
            h->next = doomed;
            doomed = h;
        } else {
            link = &h->next;
        }
    }
    pthread_mutex_unlock(&mutex);
    while (doomed) {
        handle_t *next = doomed->next;
        release(doomed);
        doomed = next;
    }
}

login_t *session_login(dev_session_t *dev, const char *app)
{
    for (size_t i = 0; i < dev->nlogins; i++)
        if (strcmp(dev->logins[i].app, app) == 0)
            return &dev->logins[i];
    login_t *grown = realloc(dev->logins, (dev->nlogins + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    dev->logins = grown;
    login_t *l = &grown[dev->nlogins++];
    memset(l, 0, sizeof *l);
    strncpy(l->app, app, SOFTSKF_NAME_MAX);
    return l;
}

void session_logout_all(dev_session_t *dev, const char *app)
{
    login_t *l = session_login(dev, app);
    if (l)
        l->user = l->admin = 0;
}
