/* config.h: a device's quirk switches, DIR/config as key=value lines (see README, softskf section). */
#ifndef SOFTSKF_CONFIG_H
#define SOFTSKF_CONFIG_H

#define CONFIG_FILE "config"

typedef enum { ENVELOPE_RIGHT = 0, ENVELOPE_LEFT, ENVELOPE_FULL64 } envelope_layout_t;

typedef struct {
    int devinfo_packed;       /* devinfo=packed|natural (default natural) */
    envelope_layout_t envelope; /* envelope=right|left|full64 (default right) */
    unsigned slow_ms;         /* slow_ms=N: every call sleeps N ms */
    char hang[512];           /* hang=SKF_A[,SKF_B]: those calls block while named */
    long max_containers;      /* max_containers=N, -1 unlimited */
    long long free_space;     /* free_space=N bytes of key and certificate storage, -1 unlimited */
} config_t;

/* Reads DIR/config; a missing file gives the defaults. Unknown keys and bad values are ignored. */
void config_load(const char *dir, config_t *cfg);
int config_names_hang(const config_t *cfg, const char *function);
/* Checks one key=value; returns NULL when fine, else what is wrong. */
const char *config_check(const char *key, const char *value);
/* Sets (or, with an empty value, removes) one key in DIR/config, rewriting it atomically. 0 ok. */
int config_set(const char *dir, const char *key, const char *value);

#endif
