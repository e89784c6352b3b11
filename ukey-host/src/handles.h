/*
 * The host's own handle ids: the client sees small numbers, never the library's pointers or values. Ids are
 * never reused while the host runs, so a stale id fails instead of reaching another object.
 */
#ifndef UKEY_HANDLES_H
#define UKEY_HANDLES_H

#include <stdint.h>

enum handle_kind { HANDLE_P11_SESSION = 1, HANDLE_SKF_DEVICE, HANDLE_SKF_APPLICATION, HANDLE_SKF_CONTAINER,
                   HANDLE_SKF_KEY };

/* Returns the new id, or 0 when out of memory. */
uint64_t handle_add(enum handle_kind kind, uintptr_t value);

/* Returns 1 and the value when the id is of that kind, else 0. */
int handle_get(uint64_t id, enum handle_kind kind, uintptr_t *value);

void handle_remove(uint64_t id);

/* Forgets every handle of that kind (C_Finalize ends all sessions). */
void handle_remove_all(enum handle_kind kind);

#endif
