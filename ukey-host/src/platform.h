/* What differs between Linux and Windows: the protocol channel, threads, locks and loading a library. */
#ifndef UKEY_PLATFORM_H
#define UKEY_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#ifdef _WIN32
#include <windows.h>
typedef CRITICAL_SECTION plat_mutex;
typedef CONDITION_VARIABLE plat_cond;
#else
#include <pthread.h>
typedef pthread_mutex_t plat_mutex;
typedef pthread_cond_t plat_cond;
#endif

/*
 * Keeps stdin and stdout as the protocol channel (binary) and points the standard streams elsewhere, so a
 * vendor library's printf goes to stderr and never into a frame. On Windows also: no error dialogs, and a crash
 * ends the process at once. Call before loading any library. Returns 0 on success.
 */
int plat_setup(void);

/* Reads exactly n bytes of the protocol channel; returns 0, or -1 at its end. */
int plat_read(void *buffer, size_t n);

/* Writes n bytes to the protocol channel; returns 0, or -1 when the client is gone. */
int plat_write(const void *buffer, size_t n);

/* Loads a library by its UTF-8 path; NULL with why in message otherwise. */
void *plat_load(const char *path, char *message, size_t size);

void *plat_symbol(void *library, const char *name);

/* Starts a detached thread; returns 0 on success. */
int plat_thread(void (*run)(void *), void *argument);

uint64_t plat_pid(void);

/* The machine this host was built for: PE Machine on Windows, ELF e_machine elsewhere. */
uint64_t plat_machine(void);

const char *plat_name(void);

/* Ends the process now, without running anything a hung library might block. */
void plat_exit(int code);

void plat_mutex_init(plat_mutex *mutex);
void plat_lock(plat_mutex *mutex);
void plat_unlock(plat_mutex *mutex);
void plat_cond_init(plat_cond *cond);
void plat_wait(plat_cond *cond, plat_mutex *mutex);
void plat_signal(plat_cond *cond);

#endif
