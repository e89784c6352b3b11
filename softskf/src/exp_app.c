/* exp_app.c: applications. Creating and deleting one needs SKF_DevAuth on the connection, as on a key. */
#define SOFTSKF_BUILD
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "exports.h"
#include "pin.h"
#include "util.h"

#define MAX_RETRIES 15

static ULONG new_app_handle(dev_session_t *dev, const char *name, HAPPLICATION *out)
{
    app_handle_t *a = handle_new(HT_APP, sizeof *a, dev);
    if (!a)
        return SAR_MEMORYERR;
    strncpy(a->name, name, SOFTSKF_NAME_MAX);
    *out = a;
    return SAR_OK;
}

static ULONG check_new_app(call_t *c, LPSTR name, LPSTR admin, DWORD admin_retries, LPSTR user, DWORD user_retries)
{
    if (!c->dev->devauth)
        return SAR_USER_NOT_LOGGED_IN; /* device authentication first */
    if (!name_ok(name))
        return SAR_APPLICATION_NAME_INVALID;
    if (device_find_app(&c->state, name))
        return SAR_APPLICATION_EXISTS;
    if (admin_retries == 0 || admin_retries > MAX_RETRIES || user_retries == 0 || user_retries > MAX_RETRIES)
        return SAR_INVALIDPARAMERR;
    ULONG rc = pin_length_check(admin);
    return rc != SAR_OK ? rc : pin_length_check(user);
}

ULONG DEVAPI SKF_CreateApplication(DEVHANDLE hDev, LPSTR szAppName, LPSTR szAdminPin, DWORD dwAdminPinRetryCount,
                                   LPSTR szUserPin, DWORD dwUserPinRetryCount, DWORD dwCreateFileRights,
                                   HAPPLICATION *phApplication)
{
    (void)dwCreateFileRights; /* softskf has no files besides containers */
    if (!szAppName || !szAdminPin || !szUserPin || !phApplication)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, "SKF_CreateApplication", CALL_UPDATE);
    if (rc == SAR_OK)
        rc = check_new_app(&c, szAppName, szAdminPin, dwAdminPinRetryCount, szUserPin, dwUserPinRetryCount);
    if (rc != SAR_OK)
        return call_leave(&c, rc);
    app_t *app = device_add_app(&c.state, szAppName);
    if (!app || pin_set(&app->admin, szAdminPin, dwAdminPinRetryCount) ||
        pin_set(&app->user, szUserPin, dwUserPinRetryCount))
        return call_leave(&c, SAR_MEMORYERR);
    rc = call_save(&c);
    if (rc == SAR_OK) {
        session_logout_all(c.dev, szAppName); /* a fresh application starts logged out */
        rc = new_app_handle(c.dev, szAppName, phApplication);
    }
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_EnumApplication(DEVHANDLE hDev, LPSTR szAppName, ULONG *pulSize)
{
    if (!pulSize)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, "SKF_EnumApplication", CALL_READ);
    if (rc != SAR_OK)
        return call_leave(&c, rc);
    char **names = calloc(c.state.napps + 1, sizeof *names);
    if (!names)
        return call_leave(&c, SAR_MEMORYERR);
    for (size_t i = 0; i < c.state.napps; i++)
        names[i] = c.state.apps[i].name;
    rc = put_name_list(names, c.state.napps, szAppName, pulSize);
    free(names);
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_DeleteApplication(DEVHANDLE hDev, LPSTR szAppName)
{
    if (!szAppName)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, "SKF_DeleteApplication", CALL_UPDATE);
    app_t *app = rc == SAR_OK ? device_find_app(&c.state, szAppName) : NULL;
    if (rc == SAR_OK && !c.dev->devauth)
        rc = SAR_USER_NOT_LOGGED_IN;
    else if (rc == SAR_OK && !app)
        rc = SAR_APPLICATION_NOT_EXISTS;
    if (rc == SAR_OK) {
        device_remove_app(&c.state, app);
        rc = call_save(&c);
        session_logout_all(c.dev, szAppName);
    }
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_OpenApplication(DEVHANDLE hDev, LPSTR szAppName, HAPPLICATION *phApplication)
{
    if (!szAppName || !phApplication)
        return SAR_INVALIDPARAMERR;
    call_t c;
    ULONG rc = call_enter_dev(&c, hDev, "SKF_OpenApplication", CALL_READ);
    if (rc == SAR_OK)
        rc = device_find_app(&c.state, szAppName) ? new_app_handle(c.dev, szAppName, phApplication)
                                                  : SAR_APPLICATION_NOT_EXISTS;
    return call_leave(&c, rc);
}

ULONG DEVAPI SKF_CloseApplication(HAPPLICATION hApplication)
{
    app_handle_t *a = handle_get(hApplication, HT_APP);
    if (!a)
        return SAR_INVALIDHANDLEERR;
    call_t c;
    ULONG rc = call_enter_app(&c, hApplication, "SKF_CloseApplication", CALL_READ);
    handle_free(a); /* closed even when the device is gone */
    return call_leave(&c, rc == SAR_APPLICATION_NOT_EXISTS ? SAR_OK : rc);
}
