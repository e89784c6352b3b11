/* exp_access.c: PINs (verify, change, unblock, info), the security state, device authentication. */
#define SOFTSKF_BUILD
#include <string.h>

#include "call.h"
#include "crypto.h"
#include "exports.h"
#include "pin.h"
#include "util.h"

static pin_t *pin_of(call_t *c, ULONG type)
{
    return type == USER_TYPE ? &c->app->user : type == ADMIN_TYPE ? &c->app->admin : NULL;
}

static void put_retries(ULONG *out, uint32_t left)
{
    if (out)
        *out = left;
}

ULONG DEVAPI SKF_VerifyPIN(HAPPLICATION hApplication, ULONG ulPINType, LPSTR szPIN, ULONG *pulRetryCount)
{
    if (!szPIN)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_app(&c, hApplication, "SKF_VerifyPIN", CALL_UPDATE);
    pin_t *pin = rc == SAR_OK ? pin_of(&c, ulPINType) : NULL;
    if (rc == SAR_OK && !pin)
        rc = SAR_USER_TYPE_INVALID;
    if (rc != SAR_OK)
        return call_leave(&c, rc);
    uint32_t before = pin->retries_left, left;
    rc = pin_check(pin, szPIN, &left);
    put_retries(pulRetryCount, left);
    if (left != before) { /* the counter is on the device: every process sees it */
        ULONG saved = call_save(&c);
        if (saved != SAR_OK)
            rc = saved;
    }
    if (rc == SAR_OK) {
        if (ulPINType == USER_TYPE)
            c.login->user = 1;
        else
            c.login->admin = 1;
    }
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_ChangePIN(HAPPLICATION hApplication, ULONG ulPINType, LPSTR szOldPin, LPSTR szNewPin,
                           ULONG *pulRetryCount)
{
    if (!szOldPin || !szNewPin)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_app(&c, hApplication, "SKF_ChangePIN", CALL_UPDATE);
    pin_t *pin = rc == SAR_OK ? pin_of(&c, ulPINType) : NULL;
    if (rc == SAR_OK && !pin)
        rc = SAR_USER_TYPE_INVALID;
    if (rc == SAR_OK)
        rc = pin_length_check(szNewPin);
    if (rc != SAR_OK)
        return call_leave(&c, rc);
    uint32_t before = pin->retries_left, left;
    rc = pin_check(pin, szOldPin, &left);
    put_retries(pulRetryCount, left);
    if (rc == SAR_OK && pin_set(pin, szNewPin, pin->max_retries)) /* also clears the default-PIN flag */
        rc = SAR_FAIL;
    if (rc == SAR_OK || left != before) {
        ULONG saved = call_save(&c);
        if (saved != SAR_OK)
            rc = saved;
    }
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_GetPINInfo(HAPPLICATION hApplication, ULONG ulPINType, ULONG *pulMaxRetryCount,
                            ULONG *pulRemainRetryCount, BOOL *pbDefaultPin)
{
    if (!pulMaxRetryCount || !pulRemainRetryCount || !pbDefaultPin)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_app(&c, hApplication, "SKF_GetPINInfo", CALL_READ);
    pin_t *pin = rc == SAR_OK ? pin_of(&c, ulPINType) : NULL;
    if (rc == SAR_OK && !pin)
        rc = SAR_USER_TYPE_INVALID;
    if (rc == SAR_OK) {
        *pulMaxRetryCount = pin->max_retries;
        *pulRemainRetryCount = pin->retries_left;
        *pbDefaultPin = pin->is_default ? TRUE : FALSE;
    }
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_UnblockPIN(HAPPLICATION hApplication, LPSTR szAdminPIN, LPSTR szNewUserPIN, ULONG *pulRetryCount)
{
    if (!szAdminPIN || !szNewUserPIN)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_app(&c, hApplication, "SKF_UnblockPIN", CALL_UPDATE);
    if (rc == SAR_OK)
        rc = pin_length_check(szNewUserPIN);
    if (rc != SAR_OK)
        return call_leave(&c, rc);
    uint32_t before = c.app->admin.retries_left, left;
    rc = pin_check(&c.app->admin, szAdminPIN, &left);
    put_retries(pulRetryCount, left);
    if (rc == SAR_OK) {
        if (pin_set(&c.app->user, szNewUserPIN, c.app->user.max_retries))
            rc = SAR_FAIL;
        c.login->user = 0;
    }
    if (rc == SAR_OK || left != before) {
        ULONG saved = call_save(&c);
        if (saved != SAR_OK)
            rc = saved;
    }
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_ClearSecureState(HAPPLICATION hApplication)
{
    call_t c;
    ULONG rc = call_enter_app(&c, hApplication, "SKF_ClearSecureState", CALL_READ);
    if (rc == SAR_OK)
        c.login->user = c.login->admin = 0;
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_DevAuth(DEVHANDLE hDev, BYTE *pbAuthData, ULONG ulLen)
{
    if (!pbAuthData || ulLen != 16)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, "SKF_DevAuth", CALL_READ);
    if (rc != SAR_OK)
        return call_leave(&c, rc);
    uint8_t expected[16];
    rc = SAR_FAIL;
    if (c.dev->has_challenge && sm4_crypt(1, c.state.devauth_key, NULL, c.dev->challenge, 16, expected) == 0 &&
        memcmp(expected, pbAuthData, 16) == 0)
        rc = SAR_OK;
    c.dev->has_challenge = 0; /* one answer per challenge */
    c.dev->devauth = rc == SAR_OK;
    wipe(expected, sizeof expected);
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_ChangeDevAuthKey(DEVHANDLE hDev, BYTE *pbKeyValue, ULONG ulKeyLen)
{
    if (!pbKeyValue || ulKeyLen != 16)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, "SKF_ChangeDevAuthKey", CALL_UPDATE);
    if (rc == SAR_OK && !c.dev->devauth)
        rc = SAR_USER_NOT_LOGGED_IN;
    if (rc == SAR_OK) {
        memcpy(c.state.devauth_key, pbKeyValue, 16);
        rc = call_save(&c);
    }
    return call_leave(&c, rc);
}
