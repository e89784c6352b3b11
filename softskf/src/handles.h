/* handles.h: the handles the library gives out. Every handle is registered; a pointer that is not a live
 * handle of the expected kind gets SAR_INVALIDHANDLEERR instead of a crash. */
#ifndef SOFTSKF_HANDLES_H
#define SOFTSKF_HANDLES_H

#include <stddef.h>
#include <stdint.h>

#include "../include/skf.h"
#include "model.h"
#include "presence.h"

typedef enum { HT_DEV = 1, HT_APP, HT_CON, HT_KEY, HT_HASH } handle_type_t;

typedef struct dev_session dev_session_t;

typedef struct handle {
    handle_type_t type;
    dev_session_t *dev; /* the connection it belongs to (itself for HT_DEV) */
    struct handle *next;
} handle_t;

/* The security state of one application on one connection. */
typedef struct {
    char app[SOFTSKF_NAME_MAX + 1];
    int user;
    int admin;
} login_t;

struct dev_session {
    handle_t h;
    char *name;
    char *dir;
    presence_t presence;
    int removed;
    int devauth;          /* SKF_DevAuth passed */
    uint8_t challenge[16]; /* the last SKF_GenRandom, what SKF_DevAuth expects encrypted */
    int has_challenge;
    int exclusive_fd;     /* held between SKF_LockDev and SKF_UnlockDev, else -1 */
    login_t *logins;
    size_t nlogins;
};

typedef struct {
    handle_t h;
    char name[SOFTSKF_NAME_MAX + 1];
} app_handle_t;

typedef struct {
    handle_t h;
    char app[SOFTSKF_NAME_MAX + 1];
    char name[SOFTSKF_NAME_MAX + 1];
} con_handle_t;

typedef enum { KEY_IDLE = 0, KEY_ENCRYPT, KEY_DECRYPT } key_op_t;

typedef struct {
    handle_t h;
    uint32_t alg;
    uint8_t key[16];
    key_op_t op;
    uint8_t iv[16];
    uint32_t padding; /* 0 none, 1 PKCS#5 */
} key_handle_t;

typedef struct {
    handle_t h;
    void *md; /* gcry_md_hd_t */
} hash_handle_t;

/* A new registered handle of size bytes (zeroed). dev NULL for HT_DEV (the handle is its own device). */
void *handle_new(handle_type_t type, size_t size, dev_session_t *dev);
/* The live handle h of that type, or NULL. */
void *handle_get(const void *h, handle_type_t type);
/* Unregisters and frees h; for a device also every handle opened through it. */
void handle_free(void *h);

/* Security state of an application on a connection (created on first use). */
login_t *session_login(dev_session_t *dev, const char *app);
void session_logout_all(dev_session_t *dev, const char *app);

#endif
