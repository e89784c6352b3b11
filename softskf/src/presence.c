/* presence.c: one inotify descriptor per process watches every connected device folder for IN_MOVE_SELF and
 * IN_DELETE_SELF; each event bumps that folder's pull count. Elsewhere (no inotify) only stat() is used. */
#define _GNU_SOURCE
#include "presence.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/inotify.h>
#endif

static int exists(const char *dir)
{
    struct stat st;
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

#ifdef __linux__

typedef struct {
    int wd;
    long gen;
} watch_t;

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static int ifd = -1;
static pid_t owner; /* a forked child gets its own descriptor */
static watch_t *watches;
static size_t nwatches;

static watch_t *find(int wd)
{
    for (size_t i = 0; i < nwatches; i++)
        if (watches[i].wd == wd)
            return &watches[i];
    return NULL;
}

static watch_t *find_or_add(int wd)
{
    watch_t *w = find(wd);
    if (w)
        return w;
    watch_t *grown = realloc(watches, (nwatches + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    watches = grown;
    w = &watches[nwatches++];
    w->wd = wd;
    w->gen = 0;
    return w;
}

/* Reads every queued event without blocking; called with the mutex held. */
static void drain(void)
{
    char events[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t n = read(ifd, events, sizeof events);
        if (n <= 0)
            return;
        for (char *p = events; p < events + n;) {
            struct inotify_event *e = (struct inotify_event *)p;
            watch_t *w = find(e->wd);
            if (w && (e->mask & (IN_MOVE_SELF | IN_DELETE_SELF | IN_IGNORED | IN_UNMOUNT)))
                w->gen++;
            p += sizeof *e + e->len;
        }
    }
}

static int ensure_fd(void)
{
    if (ifd >= 0 && owner == getpid())
        return 0;
    if (ifd >= 0 && owner != getpid())
        close(ifd);
    free(watches);
    watches = NULL;
    nwatches = 0;
    ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    owner = getpid();
    return ifd >= 0 ? 0 : -1;
}

/* The library is unloaded (dlclose): give back the descriptor and the table. */
__attribute__((destructor)) static void presence_unload(void)
{
    if (ifd >= 0 && owner == getpid())
        close(ifd);
    ifd = -1;
    free(watches);
    watches = NULL;
    nwatches = 0;
}

int presence_watch(const char *dir, presence_t *out)
{
    out->wd = -1;
    out->gen = 0;
    if (!exists(dir))
        return -1;
    pthread_mutex_lock(&mutex);
    if (ensure_fd() == 0) {
        drain();
        int wd = inotify_add_watch(ifd, dir, IN_MOVE_SELF | IN_DELETE_SELF | IN_ONLYDIR);
        watch_t *w = wd >= 0 ? find_or_add(wd) : NULL;
        if (w) {
            out->wd = wd;
            out->gen = w->gen;
        }
    }
    pthread_mutex_unlock(&mutex);
    return exists(dir) ? 0 : -1;
}

int presence_lost(const char *dir, const presence_t *p)
{
    if (!exists(dir))
        return 1;
    if (p->wd < 0)
        return 0;
    pthread_mutex_lock(&mutex);
    int lost = 1; /* a new process (fork) cannot know: say pulled, as a reset key would */
    if (owner == getpid() && ifd >= 0) {
        drain();
        watch_t *w = find(p->wd);
        lost = !w || w->gen != p->gen;
    }
    pthread_mutex_unlock(&mutex);
    return lost;
}

#else

int presence_watch(const char *dir, presence_t *out)
{
    out->wd = -1;
    out->gen = 0;
    return exists(dir) ? 0 : -1;
}

int presence_lost(const char *dir, const presence_t *p)
{
    (void)p;
    return !exists(dir);
}

#endif
