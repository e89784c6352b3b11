/* model.c: lookups and edits on the in-memory device. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define CONTAINER_OVERHEAD 64 /* bytes a container costs before keys and certificates */
#define KEYPAIR_SIZE 96

void blob_clear(blob_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
}

int blob_set(blob_t *b, const uint8_t *data, size_t len)
{
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy)
        return -1;
    memcpy(copy, data, len);
    blob_clear(b);
    b->data = copy;
    b->len = len;
    return 0;
}

static void container_free(container_t *c)
{
    free(c->name);
    blob_clear(&c->sign_cert);
    blob_clear(&c->enc_cert);
    wipe(c, sizeof *c);
}

static void app_free(app_t *a)
{
    for (size_t i = 0; i < a->ncontainers; i++)
        container_free(&a->containers[i]);
    free(a->containers);
    free(a->name);
    wipe(a, sizeof *a);
}

void device_free(device_t *dev)
{
    for (size_t i = 0; i < dev->napps; i++)
        app_free(&dev->apps[i]);
    free(dev->apps);
    wipe(dev, sizeof *dev);
}

app_t *device_find_app(device_t *dev, const char *name)
{
    for (size_t i = 0; i < dev->napps; i++)
        if (strcmp(dev->apps[i].name, name) == 0)
            return &dev->apps[i];
    return NULL;
}

container_t *app_find_container(app_t *app, const char *name)
{
    for (size_t i = 0; i < app->ncontainers; i++)
        if (strcmp(app->containers[i].name, name) == 0)
            return &app->containers[i];
    return NULL;
}

app_t *device_add_app(device_t *dev, const char *name)
{
    app_t *apps = realloc(dev->apps, (dev->napps + 1) * sizeof *apps);
    if (!apps)
        return NULL;
    dev->apps = apps;
    app_t *a = &apps[dev->napps];
    memset(a, 0, sizeof *a);
    if (!(a->name = xstrdup(name)))
        return NULL;
    dev->napps++;
    return a;
}

container_t *app_add_container(app_t *app, const char *name)
{
    container_t *cons = realloc(app->containers, (app->ncontainers + 1) * sizeof *cons);
    if (!cons)
        return NULL;
    app->containers = cons;
    container_t *c = &cons[app->ncontainers];
    memset(c, 0, sizeof *c);
    if (!(c->name = xstrdup(name)))
        return NULL;
    app->ncontainers++;
    return c;
}

void app_remove_container(app_t *app, container_t *con)
{
    size_t i = (size_t)(con - app->containers);
    container_free(con);
    memmove(&app->containers[i], &app->containers[i + 1], (app->ncontainers - i - 1) * sizeof *con);
    app->ncontainers--;
}

void device_remove_app(device_t *dev, app_t *app)
{
    size_t i = (size_t)(app - dev->apps);
    app_free(app);
    memmove(&dev->apps[i], &dev->apps[i + 1], (dev->napps - i - 1) * sizeof *app);
    dev->napps--;
}

size_t device_used_space(const device_t *dev)
{
    size_t used = 0;
    for (size_t i = 0; i < dev->napps; i++) {
        const app_t *a = &dev->apps[i];
        for (size_t j = 0; j < a->ncontainers; j++) {
            const container_t *c = &a->containers[j];
            used += CONTAINER_OVERHEAD + c->sign_cert.len + c->enc_cert.len;
            used += (c->sign.present ? KEYPAIR_SIZE : 0) + (c->enc.present ? KEYPAIR_SIZE : 0);
        }
    }
    return used;
}
