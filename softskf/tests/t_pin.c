/* t_pin.c: retry counters down to locked, unblock, change, the default-PIN flag, the security state. */
#include <string.h>

#include "t.h"

static void pin_info(HAPPLICATION app, ULONG type, ULONG want_max, ULONG want_left, BOOL want_default, int line)
{
    ULONG max = 99, left = 99;
    BOOL def = 99;
    ULONG rc = skf.SKF_GetPINInfo(app, type, &max, &left, &def);
    t_check(rc == SAR_OK && max == want_max && left == want_left && def == want_default, __FILE__, line,
            "GetPINInfo: rc 0x%X max %u left %u default %d, want %u %u %d", rc, max, left, def, want_max, want_left,
            want_default);
}

#define PIN_INFO(app, type, max, left, def) pin_info(app, type, max, left, def, __LINE__)

static void verify(HAPPLICATION app, ULONG type, const char *pin, ULONG want_rc, ULONG want_left, int line)
{
    ULONG left = 99, rc = skf.SKF_VerifyPIN(app, type, (LPSTR)pin, &left);
    t_check(rc == want_rc && left == want_left, __FILE__, line, "VerifyPIN(%s): rc 0x%X left %u, want 0x%X %u",
            type == USER_TYPE ? "user" : "admin", rc, left, want_rc, want_left);
}

#define VERIFY(app, type, pin, rc, left) verify(app, type, pin, rc, left, __LINE__)

static void countdown_and_unblock(void)
{
    t_open_t o;
    CHECK_RC(t_open("PIN", NULL, NULL, &o), SAR_OK);
    PIN_INFO(o.app, USER_TYPE, 3, 3, FALSE);
    PIN_INFO(o.app, ADMIN_TYPE, 3, 3, FALSE);
    VERIFY(o.app, USER_TYPE, "00000000", SAR_PIN_INCORRECT, 2);
    PIN_INFO(o.app, USER_TYPE, 3, 2, FALSE);
    VERIFY(o.app, USER_TYPE, "12345678", SAR_OK, 3);
    VERIFY(o.app, USER_TYPE, "00000000", SAR_PIN_INCORRECT, 2);
    VERIFY(o.app, USER_TYPE, "00000000", SAR_PIN_INCORRECT, 1);
    VERIFY(o.app, USER_TYPE, "00000000", SAR_PIN_LOCKED, 0);
    VERIFY(o.app, USER_TYPE, "12345678", SAR_PIN_LOCKED, 0);
    PIN_INFO(o.app, USER_TYPE, 3, 0, FALSE);
    ULONG left = 99;
    CHECK_RC(skf.SKF_UnblockPIN(o.app, "11111111", "55555555", &left), SAR_PIN_INCORRECT);
    CHECK(left == 2, "admin retries left %u", left);
    CHECK_RC(skf.SKF_UnblockPIN(o.app, "87654321", "123", &left), SAR_PIN_LEN_RANGE);
    CHECK_RC(skf.SKF_UnblockPIN(o.app, "87654321", "55555555", &left), SAR_OK);
    PIN_INFO(o.app, ADMIN_TYPE, 3, 3, FALSE);
    PIN_INFO(o.app, USER_TYPE, 3, 3, FALSE);
    VERIFY(o.app, USER_TYPE, "12345678", SAR_PIN_INCORRECT, 2);
    VERIFY(o.app, USER_TYPE, "55555555", SAR_OK, 3);
    CHECK_RC(skf.SKF_VerifyPIN(o.app, 7, "55555555", &left), SAR_USER_TYPE_INVALID);
    t_close(&o);
}

static void change_and_default(void)
{
    t_open_t o;
    ULONG left = 99;
    CHECK(t_sh("%s/softskf reset-pin --device '%s' --pin 11112222 --default-pin", t_out, t_path("PIN")) == 0,
          "reset-pin --default-pin");
    CHECK_RC(t_open("PIN", NULL, NULL, &o), SAR_OK);
    PIN_INFO(o.app, USER_TYPE, 3, 3, TRUE);
    CHECK_RC(skf.SKF_ChangePIN(o.app, USER_TYPE, "00000000", "33334444", &left), SAR_PIN_INCORRECT);
    CHECK(left == 2, "change with a wrong PIN: %u left", left);
    CHECK_RC(skf.SKF_ChangePIN(o.app, USER_TYPE, "11112222", "333", &left), SAR_PIN_LEN_RANGE);
    PIN_INFO(o.app, USER_TYPE, 3, 2, TRUE);
    CHECK_RC(skf.SKF_ChangePIN(o.app, USER_TYPE, "11112222", "33334444", &left), SAR_OK);
    PIN_INFO(o.app, USER_TYPE, 3, 3, FALSE);
    VERIFY(o.app, USER_TYPE, "11112222", SAR_PIN_INCORRECT, 2);
    VERIFY(o.app, USER_TYPE, "33334444", SAR_OK, 3);
    CHECK_RC(skf.SKF_ChangePIN(o.app, ADMIN_TYPE, "87654321", "88889999", &left), SAR_OK);
    VERIFY(o.app, ADMIN_TYPE, "88889999", SAR_OK, 3);
    /* the admin PIN locks too, and then nothing unblocks the user PIN */
    VERIFY(o.app, ADMIN_TYPE, "00000000", SAR_PIN_INCORRECT, 2);
    VERIFY(o.app, ADMIN_TYPE, "00000000", SAR_PIN_INCORRECT, 1);
    VERIFY(o.app, ADMIN_TYPE, "00000000", SAR_PIN_LOCKED, 0);
    CHECK_RC(skf.SKF_UnblockPIN(o.app, "88889999", "12345678", &left), SAR_PIN_LOCKED);
    t_close(&o);
    CHECK(t_sh("%s/softskf reset-pin --device '%s' --admin --pin 87654321", t_out, t_path("PIN")) == 0, "admin");
    CHECK(t_sh("%s/softskf reset-pin --device '%s' --pin 12345678 --left 1", t_out, t_path("PIN")) == 0, "--left");
    CHECK_RC(t_open("PIN", NULL, NULL, &o), SAR_OK);
    PIN_INFO(o.app, USER_TYPE, 3, 1, FALSE);
    PIN_INFO(o.app, ADMIN_TYPE, 3, 3, FALSE);
    t_close(&o);
}

static void security_state(void)
{
    t_open_t o, other;
    HCONTAINER con;
    CHECK_RC(t_open("PIN", NULL, NULL, &o), SAR_OK);
    CHECK_RC(skf.SKF_CreateContainer(o.app, "c1", &con), SAR_USER_NOT_LOGGED_IN);
    VERIFY(o.app, USER_TYPE, "12345678", SAR_OK, 3);
    CHECK_RC(skf.SKF_CreateContainer(o.app, "c1", &con), SAR_OK);
    CHECK_RC(skf.SKF_CreateContainer(o.app, "c1", &con), SAR_FILE_ALREADY_EXIST);
    CHECK_RC(t_open("PIN", NULL, NULL, &other), SAR_OK); /* another connection is not logged in */
    CHECK_RC(skf.SKF_DeleteContainer(other.app, "c1"), SAR_USER_NOT_LOGGED_IN);
    t_close(&other);
    CHECK_RC(skf.SKF_ClearSecureState(o.app), SAR_OK);
    CHECK_RC(skf.SKF_DeleteContainer(o.app, "c1"), SAR_USER_NOT_LOGGED_IN);
    VERIFY(o.app, USER_TYPE, "12345678", SAR_OK, 3);
    CHECK_RC(skf.SKF_DeleteContainer(o.app, "c1"), SAR_OK);
    ULONG type;
    CHECK_RC(skf.SKF_GetContainerType(con, &type), SAR_FILE_NOT_EXIST);
    CHECK_RC(skf.SKF_CloseContainer(con), SAR_OK);
    CHECK_RC(skf.SKF_CloseContainer(con), SAR_INVALIDHANDLEERR);
    t_close(&o);
}

void test_pin(void)
{
    t_make_device("PIN", "--retries 3");
    countdown_and_unblock();
    change_and_default();
    security_state();
}
