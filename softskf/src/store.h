/* store.h: a device folder on disk. The state is one text file replaced atomically (write temp, fsync,
 * rename) under an flock on DIR/.lock, so every process sees a change whole on its next call. */
#ifndef SOFTSKF_STORE_H
#define SOFTSKF_STORE_H

#include <stddef.h>

#include "model.h"

#define STORE_STATE_FILE "state"
#define STORE_LOCK_FILE ".lock"

/* Reads DIR/state. 0 ok; -1 when the folder is not a device (gone, or no valid state). */
int store_load(const char *dir, device_t *dev);
/* Writes DIR/state atomically (0600). 0 ok, -1 error. Call with the lock held. */
int store_save(const char *dir, const device_t *dev);
/* Exclusive lock on the device for a read-modify-write; returns the fd to give store_unlock, or -1. */
int store_lock(const char *dir);
void store_unlock(int fd);
/* The present devices under root: sorted folder names (dot-folders skipped) that hold a state file. */
int store_list_devices(const char *root, char ***names, size_t *count);
void store_free_names(char **names, size_t count);

/* Text form, exposed for tests of the format. */
int store_serialize(const device_t *dev, char **text, size_t *len);
int store_parse(const char *text, size_t len, device_t *dev);

#endif
