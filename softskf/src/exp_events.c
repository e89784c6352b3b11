/* exp_events.c: SKF_WaitForDevEvent by polling the device folders. The first call takes the devices present
 * then as known; later calls report each insertion (1) or removal (2) once. */
#define SOFTSKF_BUILD
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "exports.h"
#include "store.h"
#include "util.h"

#define EVENT_POLL_MS 50

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static char **known;
static size_t nknown;
static int have_snapshot;
static volatile unsigned long cancels;

__attribute__((destructor)) static void events_unload(void)
{
    store_free_names(known, nknown);
    known = NULL;
    nknown = 0;
    have_snapshot = 0;
}

static int contains(char **list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

/* Finds the first difference between known and now: 1 inserted, 2 removed, 0 none; *name points into a list. */
static ULONG difference(char **now, size_t nnow, const char **name)
{
    for (size_t i = 0; i < nnow; i++)
        if (!contains(known, nknown, now[i])) {
            *name = now[i];
            return DEV_EVENT_INSERTED;
        }
    for (size_t i = 0; i < nknown; i++)
        if (!contains(now, nnow, known[i])) {
            *name = known[i];
            return DEV_EVENT_REMOVED;
        }
    return 0;
}

/* Moves the known picture by one event. */
static int remember(const char *name, ULONG event)
{
    if (event == DEV_EVENT_REMOVED) {
        for (size_t i = 0; i < nknown; i++)
            if (strcmp(known[i], name) == 0) {
                free(known[i]);
                known[i] = known[--nknown];
                return 0;
            }
        return 0;
    }
    char **grown = realloc(known, (nknown + 1) * sizeof *grown);
    if (!grown || !(grown[nknown] = xstrdup(name))) {
        if (grown)
            known = grown;
        return -1;
    }
    known = grown;
    nknown++;
    return 0;
}

/* One look at the folders; SAR_OK with *pulEvent 0 when nothing changed. */
static ULONG poll_once(LPSTR szDevName, ULONG *pulDevNameLen, ULONG *pulEvent)
{
    char **now;
    size_t nnow;
    store_list_devices(getenv("SOFTSKF_DIR"), &now, &nnow);
    pthread_mutex_lock(&mutex);
    ULONG rc = SAR_OK;
    *pulEvent = 0;
    if (!have_snapshot) {
        known = now;
        nknown = nnow;
        have_snapshot = 1;
        now = NULL;
        nnow = 0;
    } else {
        const char *name = NULL;
        ULONG event = difference(now, nnow, &name);
        if (event) {
            size_t len = strlen(name) + 1;
            if (*pulDevNameLen < len) {
                *pulDevNameLen = (ULONG)len;
                rc = SAR_BUFFER_TOO_SMALL; /* the event stays pending */
            } else {
                memcpy(szDevName, name, len);
                *pulDevNameLen = (ULONG)len - 1;
                *pulEvent = event;
                rc = remember(name, event) ? SAR_MEMORYERR : SAR_OK; /* other changes stay pending */
            }
        }
    }
    pthread_mutex_unlock(&mutex);
    store_free_names(now, nnow);
    return rc;
}

ULONG DEVAPI SKF_WaitForDevEvent(LPSTR szDevName, ULONG *pulDevNameLen, ULONG *pulEvent)
{
    if (!szDevName || !pulDevNameLen || !pulEvent)
        return SAR_INVALIDPARAMERR;
    unsigned long cancel_seen = cancels;
    for (;;) {
        ULONG rc = poll_once(szDevName, pulDevNameLen, pulEvent);
        if (rc != SAR_OK || *pulEvent)
            return rc;
        if (cancels != cancel_seen) { /* SKF_CancelWaitForDevEvent: return with no event */
            *pulDevNameLen = 0;
            szDevName[0] = 0;
            return SAR_OK;
        }
        sleep_ms(EVENT_POLL_MS);
    }
}

ULONG DEVAPI SKF_CancelWaitForDevEvent(void)
{
    __atomic_add_fetch(&cancels, 1, __ATOMIC_SEQ_CST);
    return SAR_OK;
}
