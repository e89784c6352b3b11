/* t_device.c: listing (two-call sizes, GBK names), device info, labels, pull and re-insert, events,
 * device authentication and applications, exclusive access. */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/crypto.h"
#include "../src/util.h"
#include "t.h"

#define GBK_NAME "\xd5\xc5\xc8\xfd\xb5\xc4\xd6\xa4\xca\xe9" /* 张三的证书 in GBK */

static void enum_devices(void)
{
    ULONG size = 0;
    char list[256];
    CHECK_RC(skf.SKF_EnumDev(TRUE, NULL, &size), SAR_OK);
    CHECK(size == 2, "no devices: size %u, want 2", size);
    t_make_device("KEY-A", "--encoding gbk --container 张三的证书");
    t_make_device("KEY-B", "--no-enc --container 'UTF-8 张三'");
    CHECK_RC(skf.SKF_EnumDev(TRUE, NULL, &size), SAR_OK);
    CHECK(size == 13, "two devices: size %u, want 13", size);
    ULONG small = 5;
    CHECK_RC(skf.SKF_EnumDev(TRUE, list, &small), SAR_BUFFER_TOO_SMALL);
    CHECK(small == 13, "too small: needed size %u written back", small);
    size = sizeof list;
    CHECK_RC(skf.SKF_EnumDev(TRUE, list, &size), SAR_OK);
    CHECK(size == 13 && memcmp(list, "KEY-A\0KEY-B\0\0", 13) == 0, "device list");
}

static void names_and_certificates(void)
{
    t_open_t o;
    CHECK_RC(t_open("KEY-A", NULL, NULL, &o), SAR_OK);
    char list[128];
    ULONG size = 0;
    CHECK_RC(skf.SKF_EnumContainer(o.app, NULL, &size), SAR_OK);
    CHECK(size == strlen(GBK_NAME) + 2, "GBK name list size %u", size);
    ULONG small = 3;
    CHECK_RC(skf.SKF_EnumContainer(o.app, list, &small), SAR_BUFFER_TOO_SMALL);
    CHECK(small == size, "container list needed size");
    CHECK_RC(skf.SKF_EnumContainer(o.app, list, &size), SAR_OK);
    CHECK(memcmp(list, GBK_NAME "\0", sizeof GBK_NAME + 1) == 0, "the GBK bytes come back unchanged");
    CHECK_RC(skf.SKF_OpenContainer(o.app, GBK_NAME, &o.con), SAR_OK);
    ULONG type = 9;
    CHECK_RC(skf.SKF_GetContainerType(o.con, &type), SAR_OK);
    CHECK(type == CONTAINER_TYPE_ECC, "type %u", type);
    uint8_t cert[2048], *want;
    size_t want_len;
    t_sh("openssl x509 -in '%s' -outform DER -out '%s'", t_path("KEY-A.files/sign.crt"), t_path("sign.der"));
    CHECK(file_read(t_path("sign.der"), &want, &want_len) == 0, "read sign.der");
    size = 0;
    CHECK_RC(skf.SKF_ExportCertificate(o.con, TRUE, NULL, &size), SAR_OK);
    CHECK(size == want_len, "certificate size %u, want %zu", size, want_len);
    small = 10;
    CHECK_RC(skf.SKF_ExportCertificate(o.con, TRUE, cert, &small), SAR_BUFFER_TOO_SMALL);
    CHECK(small == want_len, "certificate needed size");
    size = sizeof cert;
    CHECK_RC(skf.SKF_ExportCertificate(o.con, TRUE, cert, &size), SAR_OK);
    CHECK(size == want_len && memcmp(cert, want, want_len) == 0, "the signing certificate as DER");
    free(want);
    size = sizeof cert;
    CHECK_RC(skf.SKF_ExportCertificate(o.con, FALSE, cert, &size), SAR_OK);
    CHECK(size > 300 && cert[0] == 0x30, "the encryption certificate");
    CHECK_RC(skf.SKF_OpenContainer(o.app, "nope", &o.con), SAR_FILE_NOT_EXIST);
    CHECK_RC(skf.SKF_OpenApplication(o.dev, "nope", &o.app), SAR_APPLICATION_NOT_EXISTS);
    t_close(&o);

    CHECK_RC(t_open("KEY-B", NULL, "UTF-8 张三", &o), SAR_OK);
    size = sizeof cert;
    CHECK_RC(skf.SKF_ExportCertificate(o.con, FALSE, cert, &size), SAR_CERTNOTFOUNTERR);
    t_close(&o);
    CHECK(t_sh("%s/softskf add-container --device '%s' --container empty", t_out, t_path("KEY-B")) == 0, "tool");
    CHECK_RC(t_open("KEY-B", NULL, "empty", &o), SAR_OK);
    ULONG type2 = 9;
    CHECK_RC(skf.SKF_GetContainerType(o.con, &type2), SAR_OK);
    CHECK(type2 == CONTAINER_TYPE_EMPTY, "empty container type %u", type2);
    t_close(&o);
}

static void info_and_label(void)
{
    t_open_t o;
    CHECK_RC(t_open("KEY-A", NULL, NULL, &o), SAR_OK);
    uint8_t info[320];
    memset(info, 0xEE, sizeof info);
    CHECK_RC(skf.SKF_GetDevInfo(o.dev, (DEVINFO *)info), SAR_OK);
    CHECK(strcmp((char *)info + 130, "SoftSKF SM2") == 0, "label at 130: %.32s", info + 130);
    CHECK(strlen((char *)info + 162) == 8, "serial at 162: %.32s", info + 162);
    CHECK(strcmp((char *)info + 2, "softskf") == 0, "manufacturer");
    CHECK_RC(skf.SKF_SetLabel(o.dev, "新标签 label"), SAR_OK);
    CHECK_RC(skf.SKF_SetLabel(o.dev, "123456789012345678901234567890123"), SAR_INDATALENERR);
    CHECK_RC(skf.SKF_GetDevInfo(o.dev, (DEVINFO *)info), SAR_OK);
    CHECK(strcmp((char *)info + 130, "新标签 label") == 0, "new label");
    ULONG state = 9;
    CHECK_RC(skf.SKF_GetDevState("KEY-A", &state), SAR_OK);
    CHECK(state == DEV_PRESENT_STATE, "present");
    CHECK_RC(skf.SKF_GetDevState("KEY-Z", &state), SAR_OK);
    CHECK(state == DEV_ABSENT_STATE, "absent");
    uint8_t data[4];
    ULONG len = 4;
    CHECK_RC(skf.SKF_Transmit(o.dev, data, 4, data, &len), SAR_NOTSUPPORTYETERR);
    CHECK_RC(skf.SKF_GetDevInfo((DEVHANDLE)info, (DEVINFO *)info), SAR_INVALIDHANDLEERR);
    t_close(&o);
    CHECK_RC(skf.SKF_ConnectDev("KEY-Z", &o.dev), SAR_DEVICE_REMOVED);
}

static void pull_and_insert(void)
{
    t_open_t o;
    CHECK_RC(t_open("KEY-B", NULL, "UTF-8 张三", &o), SAR_OK);
    CHECK(rename(t_path("KEY-B"), t_path(".KEY-B-pulled")) == 0, "pull");
    ULONG type, size = 0, state;
    CHECK_RC(skf.SKF_GetContainerType(o.con, &type), SAR_DEVICE_REMOVED);
    CHECK_RC(skf.SKF_EnumContainer(o.app, NULL, &size), SAR_DEVICE_REMOVED);
    CHECK_RC(skf.SKF_GetDevState("KEY-B", &state), SAR_OK);
    CHECK(state == DEV_ABSENT_STATE, "pulled: absent");
    CHECK_RC(skf.SKF_EnumDev(TRUE, NULL, &size), SAR_OK);
    CHECK(size == 7, "pulled: one device listed (size %u)", size);
    CHECK(rename(t_path(".KEY-B-pulled"), t_path("KEY-B")) == 0, "insert");
    CHECK_RC(skf.SKF_GetContainerType(o.con, &type), SAR_DEVICE_REMOVED);
    CHECK_RC(skf.SKF_GetDevInfo(o.dev, NULL), SAR_INVALIDPARAMERR);
    DEVINFO info;
    CHECK_RC(skf.SKF_GetDevInfo(o.dev, &info), SAR_DEVICE_REMOVED);
    CHECK_RC(skf.SKF_DisConnectDev(o.dev), SAR_OK);
    o.dev = NULL;

    /* pulled and put back between two calls: the handle is still dead */
    CHECK_RC(t_open("KEY-B", NULL, "UTF-8 张三", &o), SAR_OK);
    CHECK_RC(skf.SKF_GetContainerType(o.con, &type), SAR_OK);
    CHECK(rename(t_path("KEY-B"), t_path(".KEY-B-pulled")) == 0 &&
              rename(t_path(".KEY-B-pulled"), t_path("KEY-B")) == 0,
          "pull and insert");
    CHECK_RC(skf.SKF_GetContainerType(o.con, &type), SAR_DEVICE_REMOVED);
    t_close(&o);
    CHECK_RC(t_open("KEY-B", NULL, "UTF-8 张三", &o), SAR_OK);
    CHECK_RC(skf.SKF_GetContainerType(o.con, &type), SAR_OK);
    t_close(&o);
}

typedef struct {
    char name[64];
    ULONG len, event, rc;
    volatile int done;
} wait_t;

static void *waiter(void *arg)
{
    wait_t *w = arg;
    w->len = sizeof w->name;
    w->rc = skf.SKF_WaitForDevEvent(w->name, &w->len, &w->event);
    w->done = 1;
    return NULL;
}

static void wait_event(wait_t *w, int cancel)
{
    pthread_t t;
    memset(w, 0, sizeof *w);
    pthread_create(&t, NULL, waiter, w);
    while (cancel && !w->done) { /* until the waiter has seen the cancel (its first poll took the snapshot) */
        skf.SKF_CancelWaitForDevEvent();
        sleep_ms(10);
    }
    if (!cancel)
        CHECK(rename(t_path("KEY-B"), t_path(".KEY-B-pulled")) == 0, "pull for the event");
    pthread_join(t, NULL);
}

static void events(void)
{
    wait_t w;
    wait_event(&w, 1);
    CHECK(w.rc == SAR_OK && w.event == 0, "cancelled wait: rc 0x%X event %u", w.rc, w.event);
    wait_event(&w, 0);
    CHECK(w.rc == SAR_OK && w.event == DEV_EVENT_REMOVED && strcmp(w.name, "KEY-B") == 0,
          "removal event: rc 0x%X event %u name %s", w.rc, w.event, w.name);
    CHECK(rename(t_path(".KEY-B-pulled"), t_path("KEY-B")) == 0, "insert");
    w.len = sizeof w.name;
    w.rc = skf.SKF_WaitForDevEvent(w.name, &w.len, &w.event);
    CHECK(w.rc == SAR_OK && w.event == DEV_EVENT_INSERTED && strcmp(w.name, "KEY-B") == 0 && w.len == 5,
          "insertion event: rc 0x%X event %u name %s", w.rc, w.event, w.name);
}

static void applications(void)
{
    t_open_t o;
    CHECK_RC(t_open("KEY-B", NULL, NULL, &o), SAR_OK);
    HAPPLICATION app2;
    CHECK_RC(skf.SKF_CreateApplication(o.dev, "APP2", "87654321", 6, "12345678", 6, SECURE_USER_ACCOUNT, &app2),
             SAR_USER_NOT_LOGGED_IN);
    uint8_t random[8], block[16] = {0}, answer[16];
    CHECK_RC(skf.SKF_GenRandom(o.dev, random, 8), SAR_OK);
    memset(answer, 0, 16);
    CHECK_RC(skf.SKF_DevAuth(o.dev, answer, 16), SAR_FAIL);
    CHECK_RC(skf.SKF_GenRandom(o.dev, random, 8), SAR_OK);
    memcpy(block, random, 8);
    sm4_crypt(1, (const uint8_t *)"1234567812345678", NULL, block, 16, answer);
    CHECK_RC(skf.SKF_DevAuth(o.dev, answer, 16), SAR_OK);
    CHECK_RC(skf.SKF_CreateApplication(o.dev, "APP2", "87654321", 6, "12345678", 6, SECURE_USER_ACCOUNT, &app2),
             SAR_OK);
    CHECK_RC(skf.SKF_CreateApplication(o.dev, "APP2", "87654321", 6, "12345678", 6, SECURE_USER_ACCOUNT, &app2),
             SAR_APPLICATION_EXISTS);
    char list[64];
    ULONG size = sizeof list;
    CHECK_RC(skf.SKF_EnumApplication(o.dev, list, &size), SAR_OK);
    CHECK(size == 18 && memcmp(list, "SOFTSKF_APP\0APP2\0\0", 18) == 0, "two applications");
    CHECK_RC(skf.SKF_CloseApplication(app2), SAR_OK);
    CHECK_RC(skf.SKF_DeleteApplication(o.dev, "APP2"), SAR_OK);
    CHECK_RC(skf.SKF_DeleteApplication(o.dev, "APP2"), SAR_APPLICATION_NOT_EXISTS);
    t_close(&o);
}

static void exclusive(void)
{
    t_open_t a, b;
    CHECK_RC(t_open("KEY-B", NULL, NULL, &a), SAR_OK);
    CHECK_RC(t_open("KEY-B", NULL, NULL, &b), SAR_OK);
    CHECK_RC(skf.SKF_LockDev(a.dev, 0), SAR_OK);
    CHECK_RC(skf.SKF_LockDev(b.dev, 50), SAR_TIMEOUTERR);
    DEVINFO info;
    CHECK_RC(skf.SKF_GetDevInfo(a.dev, &info), SAR_OK);
    CHECK_RC(skf.SKF_UnlockDev(a.dev), SAR_OK);
    CHECK_RC(skf.SKF_LockDev(b.dev, 50), SAR_OK);
    CHECK_RC(skf.SKF_UnlockDev(b.dev), SAR_OK);
    t_close(&a);
    t_close(&b);
}

void test_device(void)
{
    enum_devices();
    names_and_certificates();
    info_and_label();
    pull_and_insert();
    events();
    applications();
    exclusive();
}
