/* tool.h: the softskf command line — the "factory" that makes and inspects soft devices. */
#ifndef SOFTSKF_TOOL_H
#define SOFTSKF_TOOL_H

#include <stddef.h>

#include "../src/model.h"

#define MAX_OPTS 32

typedef struct {
    const char *name[MAX_OPTS]; /* "--device" ... */
    const char *value[MAX_OPTS]; /* NULL for a flag */
    size_t count;
    const char *args[MAX_OPTS]; /* the rest: key=value settings */
    size_t nargs;
} opts_t;

/* Parses argv; flags lists the options that take no value (NULL-terminated). 0 ok. */
int opts_parse(int argc, char **argv, const char *const *flags, opts_t *o);
const char *opt(const opts_t *o, const char *name);
int has_flag(const opts_t *o, const char *name);
/* Complains about options outside allowed (NULL-terminated); 0 when all are known. */
int opts_only(const opts_t *o, const char *const *allowed);

int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Names typed on the command line (UTF-8) in the device's encoding (--encoding gbk|utf-8): a new string. */
char *name_to_device(const opts_t *o, const char *name);
/* A stored name as UTF-8 for printing (invalid bytes shown as U+FFFD): a new string. */
char *name_from_device(const opts_t *o, const char *name);

/* Loads DIR under its lock for a change; tool_save writes and unlocks. */
int tool_begin(const char *dir, device_t *dev, int *lock_fd);
int tool_save(const char *dir, device_t *dev, int lock_fd);
void tool_abort(device_t *dev, int lock_fd);
/* The application named by --app, or the device's only one. */
app_t *tool_app(const opts_t *o, device_t *dev);

int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_reset_pin(int argc, char **argv);
int cmd_add_container(int argc, char **argv);

#endif
