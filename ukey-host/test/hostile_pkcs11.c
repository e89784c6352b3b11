/*
 * A hostile PKCS#11 library for the host's fault tests, never shipped: it forwards every call to the real
 * library named by HOSTILE_PKCS11_REAL (SoftHSM in the tests), except that the file named by
 * HOSTILE_PKCS11_FAULTS, read again on every wrapped call, can make a function misbehave. One line per
 * function: "C_Sign=crash" (SIGSEGV), "=abort", "=exit" (exit code 3), "=hang" (never returns),
 * "=print" (writes garbage to stdout, then works), "=stomp" (writes garbage into every pipe it holds open
 * beyond stderr, the host's protocol channel among them), "=slow:MS" (sleeps, then works).
 * A line ending in " once" removes the fault file before misbehaving, so only one call suffers.
 * HOSTILE_PKCS11_CALLS names a file that gets one line per wrapped call, so tests see what reached the library.
 * The faults live here, in a test library, so the host itself has no switch that a user could turn.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cryptoki.h"

static CK_FUNCTION_LIST real;
static CK_FUNCTION_LIST hostile;

static void sleep_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static void record(const char *function) {
    const char *file = getenv("HOSTILE_PKCS11_CALLS");
    FILE *f = file != NULL ? fopen(file, "a") : NULL;
    if (f != NULL) {
        fprintf(f, "%s\n", function);
        fclose(f);
    }
}

/* What a library that scribbles over its process's descriptors would do to the host's channel. */
static void stomp(void) {
    for (int fd = 3; fd < 64; fd++) {
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) && (fcntl(fd, F_GETFL) & O_ACCMODE) != O_RDONLY) {
            if (write(fd, "\x07\x00\x00\x00garbage", 11) < 0) {
                continue;
            }
        }
    }
}

/* Does what the fault file says for this function, if anything. */
static void misbehave(const char *function) {
    record(function);
    const char *file = getenv("HOSTILE_PKCS11_FAULTS");
    FILE *f = file != NULL ? fopen(file, "r") : NULL;
    if (f == NULL) {
        return;
    }
    char line[128];
    size_t n = strlen(function);
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, function, n) != 0 || line[n] != '=') {
            continue;
        }
        const char *what = line + n + 1;
        fclose(f);
        if (strstr(what, " once") != NULL) {
            unlink(file);
        }
        if (strncmp(what, "crash", 5) == 0) {
            raise(SIGSEGV);
        } else if (strncmp(what, "abort", 5) == 0) {
            abort();
        } else if (strncmp(what, "exit", 4) == 0) {
            _exit(3);
        } else if (strncmp(what, "hang", 4) == 0) {
            for (;;) sleep_ms(1000);
        } else if (strncmp(what, "print", 5) == 0) {
            printf("\x01\x02garbage from a chatty vendor library\n");
            fflush(stdout);
            if (write(1, "\xff\xff\xff\xff raw garbage", 16) < 0) {
                return;
            }
        } else if (strncmp(what, "stomp", 5) == 0) {
            stomp();
        } else if (strncmp(what, "slow:", 5) == 0) {
            sleep_ms(atol(what + 5));
        }
        return;
    }
    fclose(f);
}

typedef CK_RV (*slot_list_fn)(CK_BBOOL, CK_SLOT_ID *, CK_ULONG *);
typedef CK_RV (*token_info_fn)(CK_SLOT_ID, CK_TOKEN_INFO *);
typedef CK_RV (*login_fn)(CK_SESSION_HANDLE, CK_ULONG, CK_BYTE *, CK_ULONG);
typedef CK_RV (*sign_fn)(CK_SESSION_HANDLE, CK_BYTE *, CK_ULONG, CK_BYTE *, CK_ULONG *);

static CK_RV get_slot_list(CK_BBOOL present, CK_SLOT_ID *slots, CK_ULONG *count) {
    misbehave("C_GetSlotList");
    return ((slot_list_fn) real.function[FN_GetSlotList])(present, slots, count);
}

static CK_RV get_token_info(CK_SLOT_ID slot, CK_TOKEN_INFO *info) {
    misbehave("C_GetTokenInfo");
    return ((token_info_fn) real.function[FN_GetTokenInfo])(slot, info);
}

static CK_RV login(CK_SESSION_HANDLE session, CK_ULONG user, CK_BYTE *pin, CK_ULONG length) {
    misbehave("C_Login");
    return ((login_fn) real.function[FN_Login])(session, user, pin, length);
}

static CK_RV sign(CK_SESSION_HANDLE session, CK_BYTE *data, CK_ULONG length, CK_BYTE *signature,
                  CK_ULONG *signature_length) {
    misbehave("C_Sign");
    return ((sign_fn) real.function[FN_Sign])(session, data, length, signature, signature_length);
}

/* Function pointers stored as the list's void pointers. */
static void *as_pointer(void (*function)(void)) {
    void *p;
    memcpy(&p, &function, sizeof p);
    return p;
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list) {
    const char *path = getenv("HOSTILE_PKCS11_REAL");
    void *library = path != NULL ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
    void *symbol = library != NULL ? dlsym(library, "C_GetFunctionList") : NULL;
    if (symbol == NULL) {
        return 0x5UL; /* CKR_GENERAL_ERROR */
    }
    CK_C_GetFunctionList get;
    memcpy(&get, &symbol, sizeof get);
    CK_FUNCTION_LIST *list_of_real;
    CK_RV rv = get(&list_of_real);
    if (rv != CKR_OK) {
        return rv;
    }
    real = *list_of_real;
    hostile = real;
    hostile.function[FN_GetSlotList] = as_pointer((void (*)(void)) get_slot_list);
    hostile.function[FN_GetTokenInfo] = as_pointer((void (*)(void)) get_token_info);
    hostile.function[FN_Login] = as_pointer((void (*)(void)) login);
    hostile.function[FN_Sign] = as_pointer((void (*)(void)) sign);
    *list = &hostile;
    return CKR_OK;
}
