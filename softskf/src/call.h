/* call.h: what every export does around its work — the device still there, the quirks of its config (slow,
 * hang), another connection's SKF_LockDev respected — and loading/saving the state under the device lock. */
#ifndef SOFTSKF_CALL_H
#define SOFTSKF_CALL_H

#include "config.h"
#include "handles.h"
#include "model.h"

typedef struct {
    dev_session_t *dev;
    config_t cfg;
    int shared_fd; /* shared lock on .exclusive while the call runs, or -1 */
    int lock_fd;   /* the store lock while updating, or -1 */
    int loaded;
    device_t state;
    app_t *app;       /* set by call_enter_app / call_enter_con after loading */
    container_t *con; /* set by call_enter_con */
    login_t *login;   /* this connection's security state for app */
} call_t;

#define CALL_READ 0
#define CALL_UPDATE 1
#define CALL_NO_STATE 2 /* presence and quirks only: session keys and hashes */

/* The quirks of one device folder for function fn: sleeps slow_ms, then blocks while the config names fn.
 * SAR_OK, or SAR_DEVICE_REMOVED when the folder goes away meanwhile (session may be NULL). */
ULONG call_quirks(const char *dir, dev_session_t *session, const char *fn, config_t *cfg);

ULONG call_enter_dev(call_t *c, DEVHANDLE h, const char *fn, int mode);
ULONG call_enter_app(call_t *c, HAPPLICATION h, const char *fn, int mode);
ULONG call_enter_con(call_t *c, HCONTAINER h, const char *fn, int mode);
/* A session-key or hash handle: presence and quirks of its device, no state. */
ULONG call_enter_handle(call_t *c, const void *h, handle_type_t type, const char *fn);
/* Writes the state back (call entered with CALL_UPDATE); SAR_WRITEFILEERR when it cannot. */
ULONG call_save(call_t *c);
/* Releases everything the call held; returns rc. */
ULONG call_leave(call_t *c, ULONG rc);

/* SAR_OK when this connection has verified the user PIN of the call's application. */
ULONG call_need_user(const call_t *c);
/* SAR_NO_ROOM when adding more bytes would pass the device's free_space. */
ULONG call_room_for(const call_t *c, size_t more);

#endif
