/* model.h: what a soft device holds. One device_t is the whole state of one device folder. */
#ifndef SOFTSKF_MODEL_H
#define SOFTSKF_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define SOFTSKF_NAME_MAX 64 /* bytes in an application or container name, as on typical keys */
#define SOFTSKF_LABEL_MAX 32
#define SOFTSKF_SERIAL_MAX 32
#define SOFTSKF_PIN_MIN 6
#define SOFTSKF_PIN_MAX 16

typedef struct {
    uint8_t *data;
    size_t len;
} blob_t;

/* An SM2 key pair: d and Q = d*G (x || y, 32 bytes each). Private keys are kept here and never leave. */
typedef struct {
    int present;
    uint8_t d[32];
    uint8_t q[64];
} keypair_t;

typedef struct {
    uint8_t hash[32]; /* SM3(salt || PIN) */
    uint8_t salt[16];
    uint32_t max_retries;
    uint32_t retries_left;
    int is_default; /* set by the tool (a CA's reset); cleared by a change */
} pin_t;

typedef struct {
    char *name; /* raw bytes as the caller gave them (GBK, UTF-8, ...), NUL-terminated */
    uint32_t type; /* CONTAINER_TYPE_* */
    keypair_t sign, enc;
    blob_t sign_cert, enc_cert;
} container_t;

typedef struct {
    char *name;
    pin_t user, admin;
    container_t *containers;
    size_t ncontainers;
} app_t;

typedef struct {
    char label[SOFTSKF_LABEL_MAX + 1];
    char serial[SOFTSKF_SERIAL_MAX + 1];
    uint8_t devauth_key[16]; /* SM4 key of SKF_DevAuth */
    app_t *apps;
    size_t napps;
} device_t;

void device_free(device_t *dev);
app_t *device_find_app(device_t *dev, const char *name);
container_t *app_find_container(app_t *app, const char *name);
/* Adds an empty application or container; returns it or NULL (out of memory). Names are copied. */
app_t *device_add_app(device_t *dev, const char *name);
container_t *app_add_container(app_t *app, const char *name);
void app_remove_container(app_t *app, container_t *con);
void device_remove_app(device_t *dev, app_t *app);
int blob_set(blob_t *b, const uint8_t *data, size_t len);
void blob_clear(blob_t *b);
/* Bytes of key and certificate storage in use (what free_space counts). */
size_t device_used_space(const device_t *dev);

#endif
