#include "handles.h"

#include <stdlib.h>

struct entry {
    uint64_t id;
    enum handle_kind kind;
    uintptr_t value;
};

static struct entry *entries;
static size_t used;
static size_t capacity;
static uint64_t next_id = 1;

uint64_t handle_add(enum handle_kind kind, uintptr_t value) {
    if (used == capacity) {
        size_t grown = capacity == 0 ? 16 : capacity * 2;
        struct entry *more = realloc(entries, grown * sizeof *more);
        if (more == NULL) {
            return 0;
        }
        entries = more;
        capacity = grown;
    }
    entries[used].id = next_id++;
    entries[used].kind = kind;
    entries[used].value = value;
    return entries[used++].id;
}

int handle_get(uint64_t id, enum handle_kind kind, uintptr_t *value) {
    for (size_t i = 0; i < used; i++) {
        if (entries[i].id == id && entries[i].kind == kind) {
            *value = entries[i].value;
            return 1;
        }
    }
    return 0;
}

void handle_remove(uint64_t id) {
    for (size_t i = 0; i < used; i++) {
        if (entries[i].id == id) {
            entries[i] = entries[--used];
            return;
        }
    }
}

void handle_remove_all(enum handle_kind kind) {
    for (size_t i = 0; i < used;) {
        if (entries[i].kind == kind) {
            entries[i] = entries[--used];
        } else {
            i++;
        }
    }
}
