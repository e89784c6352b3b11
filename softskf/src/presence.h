/* presence.h: has a device folder been pulled (moved away or deleted) since a handle was opened? A real key's
 * handles die when it is pulled, also when it comes back; inotify sees a pull-and-return between two calls. */
#ifndef SOFTSKF_PRESENCE_H
#define SOFTSKF_PRESENCE_H

typedef struct {
    int wd;   /* inotify watch, -1 when only stat() can tell */
    long gen; /* pulls seen on that watch when the handle was opened */
} presence_t;

/* Starts following dir. -1 when it is not there. */
int presence_watch(const char *dir, presence_t *out);
/* 1 when dir was pulled since presence_watch (or is not there now). */
int presence_lost(const char *dir, const presence_t *p);

#endif
