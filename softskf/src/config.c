/* config.c: reading and writing a device's quirk switches. */
#define _DEFAULT_SOURCE
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const KEYS[] = {"devinfo", "envelope", "slow_ms", "hang", "max_containers", "free_space"};

static int is_number(const char *v)
{
    if (!*v)
        return 0;
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return strlen(v) <= 12;
}

const char *config_check(const char *key, const char *value)
{
    if (!strcmp(key, "devinfo"))
        return !strcmp(value, "packed") || !strcmp(value, "natural") ? NULL : "devinfo is packed or natural";
    if (!strcmp(key, "envelope"))
        return !strcmp(value, "right") || !strcmp(value, "left") || !strcmp(value, "full64")
                   ? NULL
                   : "envelope is right, left or full64";
    if (!strcmp(key, "slow_ms") || !strcmp(key, "max_containers") || !strcmp(key, "free_space"))
        return is_number(value) ? NULL : "a number is wanted";
    if (!strcmp(key, "hang"))
        return strlen(value) < sizeof(((config_t *)0)->hang) && !strchr(value, ' ') ? NULL
                                                                                     : "hang is SKF_Name[,SKF_Name]";
    return "unknown key (devinfo, envelope, slow_ms, hang, max_containers, free_space)";
}

static void apply(config_t *cfg, const char *key, const char *value)
{
    if (config_check(key, value))
        return;
    if (!strcmp(key, "devinfo"))
        cfg->devinfo_packed = !strcmp(value, "packed");
    else if (!strcmp(key, "envelope"))
        cfg->envelope = !strcmp(value, "left") ? ENVELOPE_LEFT
                        : !strcmp(value, "full64") ? ENVELOPE_FULL64
                                                   : ENVELOPE_RIGHT;
    else if (!strcmp(key, "slow_ms"))
        cfg->slow_ms = (unsigned)strtoul(value, NULL, 10);
    else if (!strcmp(key, "hang"))
        snprintf(cfg->hang, sizeof cfg->hang, "%s", value);
    else if (!strcmp(key, "max_containers"))
        cfg->max_containers = strtol(value, NULL, 10);
    else if (!strcmp(key, "free_space"))
        cfg->free_space = strtoll(value, NULL, 10);
}

/* Calls fn(key, value) for each key=value line of text (modified in place). */
static void each_line(char *text, void (*fn)(void *, char *, char *), void *arg)
{
    char *save = NULL;
    for (char *line = strtok_r(text, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
        while (*line == ' ' || *line == '\t')
            line++;
        char *eq = strchr(line, '=');
        if (*line == '#' || !eq)
            continue;
        *eq = 0;
        char *value = eq + 1, *end = eq;
        while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
            *--end = 0;
        while (*value == ' ' || *value == '\t')
            value++;
        for (end = value + strlen(value); end > value && (end[-1] == ' ' || end[-1] == '\t');)
            *--end = 0;
        fn(arg, line, value);
    }
}

static void apply_line(void *cfg, char *key, char *value)
{
    apply(cfg, key, value);
}

void config_load(const char *dir, config_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->max_containers = -1;
    cfg->free_space = -1;
    char *path = path_join(dir, CONFIG_FILE);
    uint8_t *text;
    size_t len;
    if (path && file_read(path, &text, &len) == 0) {
        each_line((char *)text, apply_line, cfg);
        free(text);
    }
    free(path);
}

int config_names_hang(const config_t *cfg, const char *function)
{
    size_t n = strlen(function);
    for (const char *p = cfg->hang; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && !strncmp(p, function, n))
            return 1;
        p += len + (comma ? 1 : 0);
    }
    return 0;
}

typedef struct {
    const char *key;
    const char *value;
    int done;
    buf_t out;
} rewrite_t;

static void keep_or_replace(void *arg, char *key, char *value)
{
    rewrite_t *r = arg;
    if (strcmp(key, r->key)) {
        buf_printf(&r->out, "%s=%s\n", key, value);
    } else if (!r->done && *r->value) {
        buf_printf(&r->out, "%s=%s\n", key, r->value);
        r->done = 1;
    }
}

int config_set(const char *dir, const char *key, const char *value)
{
    if (*value && config_check(key, value))
        return -1;
    int known = 0;
    for (size_t i = 0; i < sizeof KEYS / sizeof *KEYS; i++)
        known |= !strcmp(KEYS[i], key);
    if (!known)
        return -1;
    char *path = path_join(dir, CONFIG_FILE);
    uint8_t *text = NULL;
    size_t len;
    rewrite_t r = {key, value, 0, {0}};
    if (path && file_read(path, &text, &len) == 0)
        each_line((char *)text, keep_or_replace, &r);
    free(text);
    if (!r.done && *value)
        buf_printf(&r.out, "%s=%s\n", key, value);
    int rc = path ? file_write_atomic(path, r.out.data ? (char *)r.out.data : "", r.out.len) : -1;
    buf_free(&r.out);
    free(path);
    return rc;
}
