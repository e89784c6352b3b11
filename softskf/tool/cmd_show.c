/* cmd_show.c: softskf show — applications, containers, certificates' SHA-256, PIN retries; text or --json. */
#include <gcrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../include/skf.h"
#include "../src/config.h"
#include "../src/store.h"
#include "../src/util.h"
#include "tool.h"

static void sha256_hex(const blob_t *b, char out[65])
{
    uint8_t h[32];
    gcry_md_hash_buffer(GCRY_MD_SHA256, h, b->data, b->len);
    hex_encode(h, 32, out);
}

static void json_string(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf("\\%c", *p);
        else if (*p < 0x20)
            printf("\\u%04x", *p);
        else
            putchar(*p);
    }
    putchar('"');
}

static void json_name(const opts_t *o, const char *name)
{
    char *shown = name_from_device(o, name), hex[2 * SOFTSKF_NAME_MAX + 1];
    hex_encode((const uint8_t *)name, strlen(name), hex);
    printf("\"name\":");
    json_string(shown ? shown : "");
    printf(",\"nameHex\":\"%s\"", hex);
    free(shown);
}

static void json_pin(const char *key, const pin_t *p)
{
    printf("\"%s\":{\"maxRetries\":%u,\"retriesLeft\":%u,\"default\":%s}", key, p->max_retries, p->retries_left,
           p->is_default ? "true" : "false");
}

static void json_half(const char *key, const keypair_t *k, const blob_t *cert)
{
    printf("\"%s\":{\"privateKey\":%s,\"certificate\":", key, k->present ? "true" : "false");
    if (cert->data) {
        char hex[65];
        sha256_hex(cert, hex);
        printf("{\"sha256\":\"%s\",\"length\":%zu}}", hex, cert->len);
    } else {
        printf("null}");
    }
}

static void json_container(const opts_t *o, const container_t *c)
{
    putchar('{');
    json_name(o, c->name);
    printf(",\"type\":%u,", c->type);
    json_half("sign", &c->sign, &c->sign_cert);
    putchar(',');
    json_half("enc", &c->enc, &c->enc_cert);
    putchar('}');
}

static void json_config(const config_t *cfg)
{
    static const char *const layouts[] = {"right", "left", "full64"};
    printf("\"config\":{\"devinfo\":\"%s\",\"envelope\":\"%s\",\"slow_ms\":%u,\"hang\":",
           cfg->devinfo_packed ? "packed" : "natural", layouts[cfg->envelope], cfg->slow_ms);
    json_string(cfg->hang);
    printf(",\"max_containers\":%ld,\"free_space\":%lld}", cfg->max_containers, cfg->free_space);
}

static void show_json(const opts_t *o, const char *dir, const device_t *dev, const config_t *cfg)
{
    printf("{\"path\":");
    json_string(dir);
    printf(",\"label\":");
    json_string(dev->label);
    printf(",\"serial\":");
    json_string(dev->serial);
    printf(",\"usedSpace\":%zu,", device_used_space(dev));
    json_config(cfg);
    printf(",\"applications\":[");
    for (size_t i = 0; i < dev->napps; i++) {
        const app_t *a = &dev->apps[i];
        printf("%s{", i ? "," : "");
        json_name(o, a->name);
        putchar(',');
        json_pin("userPin", &a->user);
        putchar(',');
        json_pin("adminPin", &a->admin);
        printf(",\"containers\":[");
        for (size_t j = 0; j < a->ncontainers; j++) {
            printf("%s", j ? "," : "");
            json_container(o, &a->containers[j]);
        }
        printf("]}");
    }
    printf("]}\n");
}

static void text_half(const char *what, const keypair_t *k, const blob_t *cert)
{
    char hex[65] = "none";
    if (cert->data)
        sha256_hex(cert, hex);
    printf("      %s: private key %s, certificate %s%s\n", what, k->present ? "yes" : "no",
           cert->data ? "SHA-256 " : "", hex);
}

static void show_text(const opts_t *o, const char *dir, const device_t *dev, const config_t *cfg)
{
    static const char *const types[] = {"empty", "RSA", "ECC"};
    static const char *const layouts[] = {"right", "left", "full64"};
    printf("device %s\n  label: %s\n  serial: %s\n", dir, dev->label, dev->serial);
    printf("  config: devinfo=%s envelope=%s slow_ms=%u hang=%s max_containers=%ld free_space=%lld (used %zu)\n",
           cfg->devinfo_packed ? "packed" : "natural", layouts[cfg->envelope], cfg->slow_ms, cfg->hang,
           cfg->max_containers, cfg->free_space, device_used_space(dev));
    for (size_t i = 0; i < dev->napps; i++) {
        const app_t *a = &dev->apps[i];
        char *name = name_from_device(o, a->name);
        printf("  application %s: user PIN %u of %u tries left%s, admin PIN %u of %u tries left\n", name,
               a->user.retries_left, a->user.max_retries, a->user.is_default ? " (default PIN)" : "",
               a->admin.retries_left, a->admin.max_retries);
        free(name);
        for (size_t j = 0; j < a->ncontainers; j++) {
            const container_t *c = &a->containers[j];
            name = name_from_device(o, c->name);
            printf("    container %s: %s\n", name, c->type <= 2 ? types[c->type] : "?");
            free(name);
            text_half("sign", &c->sign, &c->sign_cert);
            text_half("enc", &c->enc, &c->enc_cert);
        }
    }
}

int cmd_show(int argc, char **argv)
{
    static const char *const flags[] = {"--json", NULL};
    static const char *const allowed[] = {"--device", "--json", "--encoding", NULL};
    opts_t o;
    if (opts_parse(argc, argv, flags, &o) || opts_only(&o, allowed))
        return 2;
    const char *dir = opt(&o, "--device");
    device_t dev;
    if (!dir || store_load(dir, &dev))
        return fail("show needs --device DIR of a softskf device");
    config_t cfg;
    config_load(dir, &cfg);
    if (has_flag(&o, "--json"))
        show_json(&o, dir, &dev, &cfg);
    else
        show_text(&o, dir, &dev, &cfg);
    device_free(&dev);
    return 0;
}
