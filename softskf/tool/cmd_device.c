/* cmd_device.c: init, config, reset-pin, add-container. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../include/skf.h"
#include "../src/config.h"
#include "../src/pin.h"
#include "../src/store.h"
#include "../src/util.h"
#include "tool.h"

#define DEFAULT_APP "SOFTSKF_APP"
#define DEFAULT_RETRIES 6
#define DEFAULT_DEVAUTH_KEY "1234567812345678" /* the common factory default of vendors' keys */

static int mkdirs(const char *dir)
{
    char *copy = xstrdup(dir);
    for (char *p = copy + 1; copy && *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        mkdir(copy, 0700);
        *p = '/';
    }
    free(copy);
    return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* key=value settings into DIR/config. */
static int apply_settings(const char *dir, const opts_t *o)
{
    for (size_t i = 0; i < o->nargs; i++) {
        char *kv = xstrdup(o->args[i]), *eq = kv ? strchr(kv, '=') : NULL;
        if (!eq) {
            free(kv);
            return fail("%s: settings are key=value", o->args[i]);
        }
        *eq = 0;
        const char *problem = eq[1] ? config_check(kv, eq + 1) : NULL;
        int rc = problem ? fail("%s: %s", o->args[i], problem)
                 : config_set(dir, kv, eq + 1) ? fail("%s: cannot set (%s)", o->args[i], "unknown key or write error")
                                               : 0;
        free(kv);
        if (rc)
            return rc;
    }
    return 0;
}

static int check_init(const opts_t *o, unsigned long retries)
{
    const char *need[] = {"--device", "--label", "--serial", "--pin", "--admin-pin"};
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (!opt(o, need[i]))
            return fail("init needs %s", need[i]);
    if (strlen(opt(o, "--label")) > SOFTSKF_LABEL_MAX || strlen(opt(o, "--serial")) > SOFTSKF_SERIAL_MAX)
        return fail("label and serial are at most 32 bytes");
    if (pin_length_check(opt(o, "--pin")) || pin_length_check(opt(o, "--admin-pin")))
        return fail("PINs are %d to %d characters", SOFTSKF_PIN_MIN, SOFTSKF_PIN_MAX);
    if (retries < 1 || retries > 15)
        return fail("--retries is 1 to 15");
    return 0;
}

int cmd_init(int argc, char **argv)
{
    static const char *const flags[] = {"--default-pin", "--force", NULL};
    static const char *const allowed[] = {"--device", "--label", "--serial", "--pin", "--admin-pin", "--app",
                                          "--retries", "--default-pin", "--encoding", "--force", NULL};
    opts_t o;
    if (opts_parse(argc, argv, flags, &o) || opts_only(&o, allowed))
        return 2;
    unsigned long retries = opt(&o, "--retries") ? strtoul(opt(&o, "--retries"), NULL, 10) : DEFAULT_RETRIES;
    if (check_init(&o, retries))
        return 2;
    const char *dir = opt(&o, "--device");
    device_t probe;
    if (store_load(dir, &probe) == 0) {
        device_free(&probe);
        if (!has_flag(&o, "--force"))
            return fail("%s is already a device (--force makes it anew)", dir);
    }
    if (mkdirs(dir))
        return fail("%s: %s", dir, strerror(errno));
    device_t dev = {0};
    snprintf(dev.label, sizeof dev.label, "%s", opt(&o, "--label"));
    snprintf(dev.serial, sizeof dev.serial, "%s", opt(&o, "--serial"));
    memcpy(dev.devauth_key, DEFAULT_DEVAUTH_KEY, 16);
    char *app_name = name_to_device(&o, opt(&o, "--app") ? opt(&o, "--app") : DEFAULT_APP);
    app_t *app = app_name ? device_add_app(&dev, app_name) : NULL;
    free(app_name);
    if (!app || pin_set(&app->user, opt(&o, "--pin"), (uint32_t)retries) ||
        pin_set(&app->admin, opt(&o, "--admin-pin"), (uint32_t)retries))
        return fail("cannot make the application (name not in the encoding?)");
    app->user.is_default = has_flag(&o, "--default-pin");
    int lock = store_lock(dir);
    if (lock < 0)
        return fail("%s: cannot lock", dir);
    int rc = tool_save(dir, &dev, lock);
    return rc ? rc : apply_settings(dir, &o);
}

int cmd_config(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"--device", NULL};
    opts_t o;
    if (opts_parse(argc, argv, flags, &o) || opts_only(&o, allowed))
        return 2;
    const char *dir = opt(&o, "--device");
    device_t probe;
    if (!dir || store_load(dir, &probe))
        return fail("config needs --device DIR of a softskf device");
    device_free(&probe);
    if (o.nargs == 0) {
        char *path = path_join(dir, CONFIG_FILE);
        uint8_t *text;
        size_t len;
        if (path && file_read(path, &text, &len) == 0) {
            fwrite(text, 1, len, stdout);
            free(text);
        }
        free(path);
        return 0;
    }
    int lock = store_lock(dir); /* one writer of the config at a time */
    int rc = apply_settings(dir, &o);
    store_unlock(lock);
    return rc;
}

int cmd_reset_pin(int argc, char **argv)
{
    static const char *const flags[] = {"--admin", "--default-pin", NULL};
    static const char *const allowed[] = {"--device", "--pin", "--admin", "--default-pin", "--left", "--app",
                                          "--encoding", NULL};
    opts_t o;
    if (opts_parse(argc, argv, flags, &o) || opts_only(&o, allowed))
        return 2;
    const char *dir = opt(&o, "--device"), *pin = opt(&o, "--pin"), *left = opt(&o, "--left");
    if (!dir || (!pin && !left && !has_flag(&o, "--default-pin")))
        return fail("reset-pin needs --device DIR and --pin NEW, --left N or --default-pin");
    if (pin && pin_length_check(pin))
        return fail("PINs are %d to %d characters", SOFTSKF_PIN_MIN, SOFTSKF_PIN_MAX);
    device_t dev;
    int lock;
    if (tool_begin(dir, &dev, &lock))
        return 1;
    app_t *app = tool_app(&o, &dev);
    if (!app) {
        tool_abort(&dev, lock);
        return 1;
    }
    pin_t *p = has_flag(&o, "--admin") ? &app->admin : &app->user;
    if (pin && pin_set(p, pin, p->max_retries)) {
        tool_abort(&dev, lock);
        return fail("no randomness");
    }
    if (left) {
        unsigned long n = strtoul(left, NULL, 10);
        p->retries_left = n > p->max_retries ? p->max_retries : (uint32_t)n;
    }
    if (has_flag(&o, "--default-pin"))
        p->is_default = 1; /* what a CA's reset leaves: the PIN must be changed */
    return tool_save(dir, &dev, lock);
}

int cmd_add_container(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"--device", "--container", "--app", "--encoding", NULL};
    opts_t o;
    if (opts_parse(argc, argv, flags, &o) || opts_only(&o, allowed))
        return 2;
    const char *dir = opt(&o, "--device");
    if (!dir || !opt(&o, "--container"))
        return fail("add-container needs --device DIR --container NAME");
    char *name = name_to_device(&o, opt(&o, "--container"));
    if (!name || !*name || strlen(name) > SOFTSKF_NAME_MAX) {
        free(name);
        return fail("container names are 1 to %d bytes", SOFTSKF_NAME_MAX);
    }
    device_t dev;
    int lock, rc = 1;
    if (tool_begin(dir, &dev, &lock) == 0) {
        app_t *app = tool_app(&o, &dev);
        if (app && app_find_container(app, name))
            fail("container %s exists", opt(&o, "--container"));
        else if (app && app_add_container(app, name))
            rc = tool_save(dir, &dev, lock), lock = -1;
        if (lock >= 0)
            tool_abort(&dev, lock);
    }
    free(name);
    return rc;
}
