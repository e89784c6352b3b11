/* Linux (and other POSIX systems): dlopen, pthreads, file descriptors. */
#ifndef _WIN32

#include "platform.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int protocol_in = -1;
static int protocol_out = -1;

int plat_setup(void) {
    protocol_in = fcntl(0, F_DUPFD_CLOEXEC, 3);
    protocol_out = fcntl(1, F_DUPFD_CLOEXEC, 3);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (protocol_in < 0 || protocol_out < 0 || null < 0) {
        return -1;
    }
    /* fd 0 reads nothing, fd 1 is stderr: whatever the library prints lands in the client's log */
    if (dup2(null, 0) < 0 || dup2(2, 1) < 0) {
        return -1;
    }
    close(null);
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

int plat_read(void *buffer, size_t n) {
    unsigned char *p = buffer;
    while (n > 0) {
        ssize_t got = read(protocol_in, p, n);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return -1;
        }
        p += got;
        n -= (size_t) got;
    }
    return 0;
}

int plat_write(const void *buffer, size_t n) {
    const unsigned char *p = buffer;
    while (n > 0) {
        ssize_t put = write(protocol_out, p, n);
        if (put < 0 && errno == EINTR) {
            continue;
        }
        if (put <= 0) {
            return -1;
        }
        p += put;
        n -= (size_t) put;
    }
    return 0;
}

void *plat_load(const char *path, char *message, size_t size) {
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(message, size, "%s", why != NULL ? why : "dlopen failed");
    }
    return library;
}

void *plat_symbol(void *library, const char *name) {
    return dlsym(library, name);
}

struct start {
    void (*run)(void *);
    void *argument;
};

static void *thread_main(void *p) {
    struct start start = *(struct start *) p;
    free(p);
    start.run(start.argument);
    return NULL;
}

int plat_thread(void (*run)(void *), void *argument) {
    struct start *start = malloc(sizeof *start);
    if (start == NULL) {
        return -1;
    }
    start->run = run;
    start->argument = argument;
    pthread_t thread;
    if (pthread_create(&thread, NULL, thread_main, start) != 0) {
        free(start);
        return -1;
    }
    pthread_detach(thread);
    return 0;
}

uint64_t plat_pid(void) {
    return (uint64_t) getpid();
}

uint64_t plat_machine(void) {
#if defined(__x86_64__)
    return 62;
#elif defined(__aarch64__)
    return 183;
#elif defined(__i386__)
    return 3;
#elif defined(__loongarch64)
    return 258;
#elif defined(__riscv)
    return 243;
#else
    return 0;
#endif
}

const char *plat_name(void) {
    return "posix";
}

void plat_exit(int code) {
    _exit(code);
}

void plat_mutex_init(plat_mutex *mutex) {
    pthread_mutex_init(mutex, NULL);
}

void plat_lock(plat_mutex *mutex) {
    pthread_mutex_lock(mutex);
}

void plat_unlock(plat_mutex *mutex) {
    pthread_mutex_unlock(mutex);
}

void plat_cond_init(plat_cond *cond) {
    pthread_cond_init(cond, NULL);
}

void plat_wait(plat_cond *cond, plat_mutex *mutex) {
    pthread_cond_wait(cond, mutex);
}

void plat_signal(plat_cond *cond) {
    pthread_cond_signal(cond);
}

#else
typedef int ukey_posix_unused; /* ISO C wants something in every translation unit */
#endif
