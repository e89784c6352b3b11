/* t_quirks.c: the config switches — DEVINFO packing, a slow call, a call that hangs until the config lets it
 * go (or the key is pulled), the container limit, no room, and the misspelled export build. */
#define _DEFAULT_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../src/util.h"
#include "t.h"

static int config(const char *device, const char *setting)
{
    return t_sh("%s/softskf config --device '%s' '%s'", t_out, t_path(device), setting);
}

static void devinfo_packing(void)
{
    t_open_t o;
    uint8_t info[320];
    ULONG sym;
    CHECK_RC(t_open("QUIRKS", NULL, NULL, &o), SAR_OK);
    memset(info, 0xEE, sizeof info);
    CHECK_RC(skf.SKF_GetDevInfo(o.dev, (DEVINFO *)info), SAR_OK);
    memcpy(&sym, info + 200, 4);
    CHECK(sym == (SGD_SM4_ECB | SGD_SM4_CBC) && info[198] == 0 && info[199] == 0 && info[295] == 0 &&
              info[296] == 0xEE,
          "natural DEVINFO: 296 bytes, AlgSymCap at 200");
    CHECK(config("QUIRKS", "devinfo=packed") == 0, "config devinfo=packed");
    memset(info, 0xEE, sizeof info);
    CHECK_RC(skf.SKF_GetDevInfo(o.dev, (DEVINFO *)info), SAR_OK);
    memcpy(&sym, info + 198, 4);
    CHECK(sym == (SGD_SM4_ECB | SGD_SM4_CBC) && info[293] == 0 && info[294] == 0xEE,
          "packed DEVINFO: 294 bytes, AlgSymCap at 198");
    CHECK(strcmp((char *)info + 130, "SoftSKF SM2") == 0, "packed: label at 130");
    t_close(&o);
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void slow(void)
{
    t_open_t o;
    DEVINFO info;
    CHECK(config("QUIRKS", "slow_ms=120") == 0, "config slow_ms");
    CHECK_RC(t_open("QUIRKS", NULL, NULL, &o), SAR_OK);
    long start = now_ms();
    CHECK_RC(skf.SKF_GetDevInfo(o.dev, &info), SAR_OK);
    CHECK(now_ms() - start >= 120, "slow_ms=120: the call slept at least 120 ms");
    CHECK(config("QUIRKS", "slow_ms=") == 0, "config slow_ms=");
    t_close(&o);
}

typedef struct {
    DEVHANDLE dev;
    ULONG rc;
    volatile int done;
} hung_t;

static void *hung_call(void *arg)
{
    hung_t *h = arg;
    DEVINFO info;
    h->rc = skf.SKF_GetDevInfo(h->dev, &info);
    h->done = 1;
    return NULL;
}

static void hang(void)
{
    t_open_t o;
    CHECK_RC(t_open("QUIRKS", NULL, NULL, &o), SAR_OK);
    CHECK(config("QUIRKS", "hang=SKF_VerifyPIN,SKF_GetDevInfo") == 0, "config hang");
    hung_t h = {o.dev, 0, 0};
    pthread_t t;
    pthread_create(&t, NULL, hung_call, &h);
    sleep_ms(150);
    CHECK(!h.done, "hang: the call blocks while the config names it");
    CHECK(config("QUIRKS", "hang=SKF_VerifyPIN") == 0, "config hang released");
    pthread_join(t, NULL);
    CHECK(h.done && h.rc == SAR_OK, "released: rc 0x%X", h.rc);

    CHECK(config("QUIRKS", "hang=SKF_GetDevInfo") == 0, "config hang");
    h.done = 0;
    pthread_create(&t, NULL, hung_call, &h);
    sleep_ms(50);
    CHECK(rename(t_path("QUIRKS"), t_path(".QUIRKS")) == 0, "pull while hung");
    pthread_join(t, NULL);
    CHECK(h.rc == SAR_DEVICE_REMOVED, "hung call on a pulled key: rc 0x%X", h.rc);
    CHECK(rename(t_path(".QUIRKS"), t_path("QUIRKS")) == 0, "insert");
    CHECK(config("QUIRKS", "hang=") == 0, "config hang=");
    t_close(&o);
}

static void limits(void)
{
    t_open_t o;
    ULONG rc;
    HCONTAINER con;
    CHECK(config("QUIRKS", "max_containers=2") == 0, "config max_containers");
    CHECK_RC(t_open("QUIRKS", NULL, NULL, &o), SAR_OK);
    CHECK_RC(skf.SKF_VerifyPIN(o.app, USER_TYPE, "12345678", &rc), SAR_OK);
    CHECK_RC(skf.SKF_CreateContainer(o.app, "second", &con), SAR_OK);
    CHECK_RC(skf.SKF_CreateContainer(o.app, "third", &con), SAR_REACH_MAX_CONTAINER_COUNT);
    CHECK(config("QUIRKS", "max_containers=") == 0 && config("QUIRKS", "free_space=1300") == 0, "free_space");
    CHECK_RC(skf.SKF_CreateContainer(o.app, "third", &con), SAR_NO_ROOM);
    uint8_t cert[600] = {0x30, 0x82, 0x02, 0x54};
    CHECK_RC(skf.SKF_OpenContainer(o.app, "second", &con), SAR_OK);
    CHECK_RC(skf.SKF_ImportCertificate(con, TRUE, cert, 600), SAR_NO_ROOM);
    CHECK(config("QUIRKS", "free_space=") == 0, "config free_space=");
    CHECK_RC(skf.SKF_CreateContainer(o.app, "third", &con), SAR_OK);
    t_close(&o);
}

static void misspelled(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/libsoftskf-misspelled.so", t_out);
    skf_t saved = skf, other;
    CHECK(t_load(&other, path) == 0, "load %s", path);
    void *right = dlsym(other.lib, "SKF_GetContainerType");
    ULONG (*wrong)(HCONTAINER, ULONG *) = (ULONG(*)(HCONTAINER, ULONG *))dlsym(other.lib, "SKF_GetContianerType");
    CHECK(!right && wrong, "the misspelled build exports SKF_GetContianerType only");
    skf = other;
    t_open_t o;
    ULONG type = 9;
    CHECK_RC(t_open("QUIRKS", NULL, "SM2 Identity", &o), SAR_OK);
    CHECK_RC(wrong ? wrong(o.con, &type) : SAR_FAIL, SAR_OK);
    CHECK(type == CONTAINER_TYPE_ECC, "misspelled export answers");
    t_close(&o);
    skf = saved;
    dlclose(other.lib);
}

void test_quirks(void)
{
    t_make_device("QUIRKS", NULL);
    devinfo_packing();
    slow();
    hang();
    limits();
    misspelled();
}
