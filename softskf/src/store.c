/* store.c: the device state file and the device folders. */
#define _DEFAULT_SOURCE
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define FORMAT_LINE "softskf-device 1"

static int put_pin(buf_t *b, const char *key, const pin_t *p)
{
    int rc = buf_printf(b, "%s ", key);
    rc |= buf_hex(b, p->hash, sizeof p->hash);
    rc |= buf_append(b, " ", 1);
    rc |= buf_hex(b, p->salt, sizeof p->salt);
    rc |= buf_printf(b, " %u %u %d\n", p->max_retries, p->retries_left, p->is_default);
    return rc;
}

static int put_bytes(buf_t *b, const char *key, const uint8_t *data, size_t len)
{
    int rc = buf_printf(b, "%s ", key);
    rc |= buf_hex(b, data, len);
    return rc | buf_append(b, "\n", 1);
}

static int put_key(buf_t *b, const char *key, const keypair_t *k)
{
    if (!k->present)
        return 0;
    int rc = buf_printf(b, "%s ", key);
    rc |= buf_hex(b, k->d, 32);
    rc |= buf_append(b, " ", 1);
    rc |= buf_hex(b, k->q, 64);
    return rc | buf_append(b, "\n", 1);
}

static int put_container(buf_t *b, const container_t *c)
{
    int rc = put_bytes(b, "container", (const uint8_t *)c->name, strlen(c->name));
    rc |= buf_printf(b, "type %u\n", c->type);
    rc |= put_key(b, "sign-key", &c->sign);
    rc |= put_key(b, "enc-key", &c->enc);
    if (c->sign_cert.data)
        rc |= put_bytes(b, "sign-cert", c->sign_cert.data, c->sign_cert.len);
    if (c->enc_cert.data)
        rc |= put_bytes(b, "enc-cert", c->enc_cert.data, c->enc_cert.len);
    return rc;
}

int store_serialize(const device_t *dev, char **text, size_t *len)
{
    buf_t b = {0};
    int rc = buf_printf(&b, "%s\n", FORMAT_LINE);
    rc |= put_bytes(&b, "label", (const uint8_t *)dev->label, strlen(dev->label));
    rc |= put_bytes(&b, "serial", (const uint8_t *)dev->serial, strlen(dev->serial));
    rc |= put_bytes(&b, "devauth", dev->devauth_key, sizeof dev->devauth_key);
    for (size_t i = 0; i < dev->napps; i++) {
        const app_t *a = &dev->apps[i];
        rc |= put_bytes(&b, "app", (const uint8_t *)a->name, strlen(a->name));
        rc |= put_pin(&b, "user-pin", &a->user);
        rc |= put_pin(&b, "admin-pin", &a->admin);
        for (size_t j = 0; j < a->ncontainers; j++)
            rc |= put_container(&b, &a->containers[j]);
    }
    if (rc) {
        buf_free(&b);
        return -1;
    }
    *text = (char *)b.data;
    *len = b.len;
    return 0;
}

/* Splits a line into up to max space-separated fields (in place). */
static int split(char *line, char **fields, int max)
{
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, " ", &save); t && n < max; t = strtok_r(NULL, " ", &save))
        fields[n++] = t;
    return n;
}

static int fixed_hex(const char *hex, uint8_t *out, size_t len)
{
    return hex_decode(hex, strlen(hex), out, len) == (long)len ? 0 : -1;
}

/* Decodes hex into a fresh NUL-terminated string of at most max bytes. */
static char *hex_string(const char *hex, size_t max)
{
    long n = hex_decode(hex, strlen(hex), NULL, 0);
    if (n < 0 || (size_t)n > max)
        return NULL;
    char *s = calloc((size_t)n + 1, 1);
    if (s)
        hex_decode(hex, strlen(hex), (uint8_t *)s, (size_t)n);
    return s;
}

static int parse_pin(char **f, int n, pin_t *p)
{
    if (n != 6 || fixed_hex(f[1], p->hash, 32) || fixed_hex(f[2], p->salt, 16))
        return -1;
    p->max_retries = (uint32_t)strtoul(f[3], NULL, 10);
    p->retries_left = (uint32_t)strtoul(f[4], NULL, 10);
    p->is_default = atoi(f[5]);
    return 0;
}

static int parse_key(char **f, int n, keypair_t *k)
{
    if (n != 3 || fixed_hex(f[1], k->d, 32) || fixed_hex(f[2], k->q, 64))
        return -1;
    k->present = 1;
    return 0;
}

static int parse_blob(char **f, int n, blob_t *b)
{
    if (n != 2)
        return -1;
    long len = hex_decode(f[1], strlen(f[1]), NULL, 0);
    if (len < 0)
        return -1;
    blob_clear(b);
    b->data = malloc((size_t)len + 1);
    if (!b->data)
        return -1;
    b->len = (size_t)hex_decode(f[1], strlen(f[1]), b->data, (size_t)len);
    return 0;
}

static int copy_string(char **f, int n, char *out, size_t max)
{
    char *s = n == 2 ? hex_string(f[1], max) : NULL;
    if (!s)
        return -1;
    strcpy(out, s);
    free(s);
    return 0;
}

/* One line of the state; app and con track where container lines belong. */
static int parse_line(device_t *dev, char **f, int n, app_t **app, container_t **con)
{
    const char *k = f[0];
    if (!strcmp(k, "label"))
        return copy_string(f, n, dev->label, SOFTSKF_LABEL_MAX);
    if (!strcmp(k, "serial"))
        return copy_string(f, n, dev->serial, SOFTSKF_SERIAL_MAX);
    if (!strcmp(k, "devauth"))
        return n == 2 ? fixed_hex(f[1], dev->devauth_key, 16) : -1;
    if (!strcmp(k, "app")) {
        char *name = n == 2 ? hex_string(f[1], SOFTSKF_NAME_MAX) : NULL;
        *app = name ? device_add_app(dev, name) : NULL;
        *con = NULL;
        free(name);
        return *app ? 0 : -1;
    }
    if (!*app)
        return -1;
    if (!strcmp(k, "user-pin"))
        return parse_pin(f, n, &(*app)->user);
    if (!strcmp(k, "admin-pin"))
        return parse_pin(f, n, &(*app)->admin);
    if (!strcmp(k, "container")) {
        char *name = n == 2 ? hex_string(f[1], SOFTSKF_NAME_MAX) : NULL;
        *con = name ? app_add_container(*app, name) : NULL;
        free(name);
        return *con ? 0 : -1;
    }
    if (!*con)
        return -1;
    if (!strcmp(k, "type"))
        return n == 2 ? ((*con)->type = (uint32_t)strtoul(f[1], NULL, 10), 0) : -1;
    if (!strcmp(k, "sign-key"))
        return parse_key(f, n, &(*con)->sign);
    if (!strcmp(k, "enc-key"))
        return parse_key(f, n, &(*con)->enc);
    if (!strcmp(k, "sign-cert"))
        return parse_blob(f, n, &(*con)->sign_cert);
    if (!strcmp(k, "enc-cert"))
        return parse_blob(f, n, &(*con)->enc_cert);
    return 0; /* unknown keys are ignored: a newer softskf may add some */
}

int store_parse(const char *text, size_t len, device_t *dev)
{
    memset(dev, 0, sizeof *dev);
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, text, len);
    copy[len] = 0;
    int rc = -1, first = 1;
    app_t *app = NULL;
    container_t *con = NULL;
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (first) {
            if (strcmp(line, FORMAT_LINE))
                goto out;
            first = 0;
            continue;
        }
        char *f[8];
        int n = split(line, f, 8);
        if (n && parse_line(dev, f, n, &app, &con)) /* app, con: the newest, so a realloc cannot stale them */
            goto out;
    }
    rc = first ? -1 : 0;
out:
    wipe(copy, len);
    free(copy);
    if (rc)
        device_free(dev);
    return rc;
}

int store_load(const char *dir, device_t *dev)
{
    char *path = path_join(dir, STORE_STATE_FILE);
    uint8_t *text;
    size_t len;
    int rc = path ? file_read(path, &text, &len) : -1;
    free(path);
    if (rc)
        return -1;
    rc = store_parse((const char *)text, len, dev);
    wipe(text, len);
    free(text);
    return rc;
}

int store_save(const char *dir, const device_t *dev)
{
    char *text, *path = path_join(dir, STORE_STATE_FILE);
    size_t len;
    if (!path || store_serialize(dev, &text, &len)) {
        free(path);
        return -1;
    }
    int rc = file_write_atomic(path, text, len);
    wipe(text, len);
    free(text);
    free(path);
    return rc;
}

int store_lock(const char *dir)
{
    char *path = path_join(dir, STORE_LOCK_FILE);
    if (!path)
        return -1;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    free(path);
    if (fd < 0)
        return -1;
    while (flock(fd, LOCK_EX)) {
        if (errno != EINTR) {
            close(fd);
            return -1;
        }
    }
    return fd;
}

void store_unlock(int fd)
{
    if (fd >= 0)
        close(fd); /* closing releases the flock */
}

static int is_device_folder(const char *root, const char *name)
{
    char *dir = path_join(root, name);
    char *state = dir ? path_join(dir, STORE_STATE_FILE) : NULL;
    struct stat st;
    int yes = state && stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && access(state, R_OK) == 0;
    free(state);
    free(dir);
    return yes;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int store_list_devices(const char *root, char ***names, size_t *count)
{
    *names = NULL;
    *count = 0;
    DIR *d = root && *root ? opendir(root) : NULL;
    if (!d)
        return 0; /* no folder: no devices */
    size_t n = 0, cap = 0;
    char **list = NULL;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || !is_device_folder(root, e->d_name))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            char **grown = realloc(list, cap * sizeof *grown);
            if (!grown)
                break;
            list = grown;
        }
        if (!(list[n] = xstrdup(e->d_name)))
            break;
        n++;
    }
    closedir(d);
    if (n)
        qsort(list, n, sizeof *list, by_name);
    *names = list;
    *count = n;
    return 0;
}

void store_free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}
