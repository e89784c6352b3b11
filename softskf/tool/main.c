/* main.c: softskf COMMAND [options] — dispatch and the shared option handling. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/crypto.h"
#include "../src/store.h"
#include "../src/util.h"
#include "tool.h"

static const char USAGE[] =
    "usage: softskf COMMAND [options]   (the soft SKF token's factory tool; see README.md, softskf)\n"
    "  init --device DIR --label LABEL --serial HEX --pin PIN --admin-pin PIN [--app NAME] [--retries N]\n"
    "       [--default-pin] [--encoding gbk|utf-8] [key=value ...]\n"
    "  import --device DIR --container NAME (--sign|--enc) [--key PEM] --cert PEM|DER [--app NAME]\n"
    "       [--allow-garbage] [--encoding gbk|utf-8]\n"
    "  add-container --device DIR --container NAME [--app NAME] [--encoding gbk|utf-8]\n"
    "  show --device DIR [--json] [--encoding gbk|utf-8]\n"
    "  config --device DIR [key=value ...]   (devinfo, envelope, slow_ms, hang, max_containers, free_space;\n"
    "       key= removes a key; no settings prints the config)\n"
    "  reset-pin --device DIR [--pin NEW] [--admin] [--default-pin] [--left N] [--app NAME]\n";

int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("softskf: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

static int is_flag(const char *const *flags, const char *name)
{
    for (; *flags; flags++)
        if (strcmp(*flags, name) == 0)
            return 1;
    return 0;
}

int opts_parse(int argc, char **argv, const char *const *flags, opts_t *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0) {
            if (o->nargs == MAX_OPTS)
                return fail("too many arguments");
            o->args[o->nargs++] = argv[i];
            continue;
        }
        if (o->count == MAX_OPTS)
            return fail("too many options");
        o->name[o->count] = argv[i];
        if (!is_flag(flags, argv[i])) {
            if (i + 1 >= argc)
                return fail("%s needs a value", argv[i]);
            o->value[o->count] = argv[++i];
        }
        o->count++;
    }
    return 0;
}

const char *opt(const opts_t *o, const char *name)
{
    const char *v = NULL;
    for (size_t i = 0; i < o->count; i++)
        if (strcmp(o->name[i], name) == 0 && o->value[i])
            v = o->value[i];
    return v;
}

int has_flag(const opts_t *o, const char *name)
{
    for (size_t i = 0; i < o->count; i++)
        if (strcmp(o->name[i], name) == 0)
            return 1;
    return 0;
}

int opts_only(const opts_t *o, const char *const *allowed)
{
    for (size_t i = 0; i < o->count; i++)
        if (!is_flag(allowed, o->name[i]))
            return fail("unknown option %s", o->name[i]);
    return 0;
}

static char *convert(const char *to, const char *from, const char *text)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t in_left = strlen(text), out_size = in_left * 4 + 1, out_left = out_size - 1;
    char *out = calloc(out_size, 1), *in = (char *)text, *o = out;
    if (out && iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1) {
        free(out);
        out = NULL;
    }
    iconv_close(cd);
    return out;
}

static int wants_gbk(const opts_t *o)
{
    const char *e = opt(o, "--encoding");
    return e && (strcasecmp(e, "gbk") == 0 || strcasecmp(e, "gb18030") == 0);
}

char *name_to_device(const opts_t *o, const char *name)
{
    return wants_gbk(o) ? convert("GBK", "UTF-8", name) : xstrdup(name);
}

/* Keeps valid UTF-8 sequences, replaces every other byte with U+FFFD. */
static char *sanitize_utf8(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n * 3 + 1), *o = out;
    if (!out)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        int len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        int ok = len > 0 && (len == 1 || *p >= 0xC2);
        for (int i = 1; ok && i < len; i++)
            ok = (p[i] & 0xC0) == 0x80;
        if (ok) {
            memcpy(o, p, (size_t)len);
            o += len;
            p += len;
        } else {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            p++;
        }
    }
    *o = 0;
    return out;
}

char *name_from_device(const opts_t *o, const char *name)
{
    char *utf8 = wants_gbk(o) ? convert("UTF-8", "GBK", name) : NULL;
    char *clean = sanitize_utf8(utf8 ? utf8 : name);
    free(utf8);
    return clean;
}

int tool_begin(const char *dir, device_t *dev, int *lock_fd)
{
    *lock_fd = store_lock(dir);
    if (*lock_fd < 0)
        return fail("%s: cannot lock (%s)", dir, strerror(errno));
    if (store_load(dir, dev)) {
        store_unlock(*lock_fd);
        return fail("%s is not a softskf device (run softskf init)", dir);
    }
    return 0;
}

int tool_save(const char *dir, device_t *dev, int lock_fd)
{
    int rc = store_save(dir, dev) ? fail("%s: cannot write (%s)", dir, strerror(errno)) : 0;
    device_free(dev);
    store_unlock(lock_fd);
    return rc;
}

void tool_abort(device_t *dev, int lock_fd)
{
    device_free(dev);
    store_unlock(lock_fd);
}

app_t *tool_app(const opts_t *o, device_t *dev)
{
    const char *name = opt(o, "--app");
    if (!name) {
        if (dev->napps == 1)
            return &dev->apps[0];
        fail(dev->napps ? "the device has several applications: name one with --app" : "the device has no application");
        return NULL;
    }
    char *stored = name_to_device(o, name);
    app_t *app = stored ? device_find_app(dev, stored) : NULL;
    free(stored);
    if (!app)
        fail("no application %s", name);
    return app;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        fputs(USAGE, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (crypto_init())
        return fail("libgcrypt 1.9 or newer is needed");
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {{"init", cmd_init},     {"import", cmd_import},       {"show", cmd_show},
                    {"config", cmd_config}, {"reset-pin", cmd_reset_pin}, {"add-container", cmd_add_container}};
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "softskf: unknown command %s\n%s", argv[1], USAGE);
    return 2;
}
