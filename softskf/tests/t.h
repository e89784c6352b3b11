/* t.h: the C tests' harness. The library is reached only through dlopen/dlsym, as the Java side does. */
#ifndef SOFTSKF_T_H
#define SOFTSKF_T_H

#include <stddef.h>
#include <stdint.h>

#include "../include/skf.h"

/* Every export the tests call, looked up by name. */
typedef struct {
    void *lib;
#define SKF_FN(name, ...) ULONG (*name)(__VA_ARGS__);
#include "t_exports.h"
#undef SKF_FN
} skf_t;

extern skf_t skf;
extern const char *t_out;   /* the build folder: target or target/asan */
extern const char *t_root;  /* $SOFTSKF_DIR of this run */
extern int t_checks, t_failures;

#define CHECK(cond, ...) t_check((cond), __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_RC(expr, want) t_check_rc((expr), (want), #expr, __FILE__, __LINE__)
void t_check(int ok, const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void t_check_rc(ULONG got, ULONG want, const char *expr, const char *file, int line);

int t_load(skf_t *s, const char *path);
/* Runs a shell command (formatted); returns its exit status. */
int t_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A dual-certificate SM2 device NAME under t_root (scripts/make-sm2-device.sh) with extra arguments. */
void t_make_device(const char *name, const char *extra);
char *t_path(const char *name); /* t_root/name, static buffer */

/* Connects to a device, opens its only application and (when container is not NULL) that container. */
typedef struct {
    DEVHANDLE dev;
    HAPPLICATION app;
    HCONTAINER con;
} t_open_t;
ULONG t_open(const char *device, const char *app, const char *container, t_open_t *o);
void t_close(t_open_t *o);

/* Writes a public key as a PEM file (SubjectPublicKeyInfo) for OpenSSL. */
void t_write_public_pem(const char *path, const ECCPUBLICKEYBLOB *blob);
/* Writes (r, s) as a DER ECDSA-Sig-Value, as `openssl dgst -verify` wants. */
void t_write_signature_der(const char *path, const ECCSIGNATUREBLOB *sig);
void t_write_file(const char *path, const void *data, size_t len);

void test_device(void);
void test_pin(void);
void test_crypto(void);
void test_envelope(void);
void test_quirks(void);
void test_process(const char *self);
/* The child side of test_process: argv after "--child". */
int test_process_child(int argc, char **argv);

#endif
