/* Windows: LoadLibrary, Win32 threads and pipes, no error dialogs. */
#ifdef _WIN32

#include "platform.h"

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>

static HANDLE protocol_in = INVALID_HANDLE_VALUE;
static HANDLE protocol_out = INVALID_HANDLE_VALUE;

/* A crash in the library ends the host at once with the exception code, instead of Windows Error Reporting. */
static LONG WINAPI crashed(EXCEPTION_POINTERS *exception) {
    TerminateProcess(GetCurrentProcess(), exception->ExceptionRecord->ExceptionCode);
    return EXCEPTION_EXECUTE_HANDLER;
}

/*
 * The host in a job of its own that ends with it: whatever a vendor library starts (an updater, a tray helper)
 * goes when the host goes, and an unhandled exception ends the job without Windows Error Reporting. The host itself
 * ends with the client: its stdin closes (see main.c).
 */
static void own_job(void) {
    HANDLE job = CreateJobObjectW(NULL, NULL);
    if (job == NULL) {
        return;
    }
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    ZeroMemory(&limits, sizeof limits);
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
            | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
    if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits)
            || !AssignProcessToJobObject(job, GetCurrentProcess())) {
        CloseHandle(job); /* an older Windows, or a job that forbids nesting: go on without */
    }
    /* the handle stays open until the process ends, which closes the job and kills what is left in it */
}

int plat_setup(void) {
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    SetUnhandledExceptionFilter(crashed);
    own_job();
    _setmode(0, _O_BINARY);
    _setmode(1, _O_BINARY);
    HANDLE self = GetCurrentProcess();
    if (!DuplicateHandle(self, GetStdHandle(STD_INPUT_HANDLE), self, &protocol_in, 0, FALSE, DUPLICATE_SAME_ACCESS)
            || !DuplicateHandle(self, GetStdHandle(STD_OUTPUT_HANDLE), self, &protocol_out, 0, FALSE,
                                DUPLICATE_SAME_ACCESS)) {
        return -1;
    }
    /* the standard handles and the C runtime's descriptors 0 and 1 now lead away from the protocol */
    HANDLE null = CreateFileA("NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    SetStdHandle(STD_INPUT_HANDLE, null);
    SetStdHandle(STD_OUTPUT_HANDLE, GetStdHandle(STD_ERROR_HANDLE));
    int null_fd = _open("NUL", _O_RDONLY | _O_BINARY);
    if (null_fd >= 0) {
        _dup2(null_fd, 0);
        _close(null_fd);
    }
    _dup2(2, 1);
    return 0;
}

int plat_read(void *buffer, size_t n) {
    unsigned char *p = buffer;
    while (n > 0) {
        DWORD got = 0;
        if (!ReadFile(protocol_in, p, n > 0x10000000 ? 0x10000000 : (DWORD) n, &got, NULL) || got == 0) {
            return -1;
        }
        p += got;
        n -= got;
    }
    return 0;
}

int plat_write(const void *buffer, size_t n) {
    const unsigned char *p = buffer;
    while (n > 0) {
        DWORD put = 0;
        if (!WriteFile(protocol_out, p, n > 0x10000000 ? 0x10000000 : (DWORD) n, &put, NULL) || put == 0) {
            return -1;
        }
        p += put;
        n -= put;
    }
    return 0;
}

void *plat_load(const char *path, char *message, size_t size) {
    int length = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, NULL, 0);
    if (length <= 0) {
        snprintf(message, size, "the path is not UTF-8");
        return NULL;
    }
    wchar_t *wide = malloc(sizeof(wchar_t) * (size_t) length);
    if (wide == NULL) {
        snprintf(message, size, "out of memory");
        return NULL;
    }
    MultiByteToWideChar(CP_UTF8, 0, path, -1, wide, length);
    /* the library's own folder first, so its dependencies next to it are found */
    HMODULE library = LoadLibraryExW(wide, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    free(wide);
    if (library == NULL) {
        DWORD error = GetLastError();
        char text[256] = "";
        FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, error, 0, text,
                       sizeof text, NULL);
        snprintf(message, size, "LoadLibrary error %lu: %s", (unsigned long) error, text);
    }
    return (void *) library;
}

void *plat_symbol(void *library, const char *name) {
    return (void *) GetProcAddress((HMODULE) library, name);
}

struct start {
    void (*run)(void *);
    void *argument;
};

static DWORD WINAPI thread_main(LPVOID p) {
    struct start start = *(struct start *) p;
    free(p);
    start.run(start.argument);
    return 0;
}

int plat_thread(void (*run)(void *), void *argument) {
    struct start *start = malloc(sizeof *start);
    if (start == NULL) {
        return -1;
    }
    start->run = run;
    start->argument = argument;
    HANDLE thread = CreateThread(NULL, 0, thread_main, start, 0, NULL);
    if (thread == NULL) {
        free(start);
        return -1;
    }
    CloseHandle(thread);
    return 0;
}

uint64_t plat_pid(void) {
    return GetCurrentProcessId();
}

uint64_t plat_machine(void) {
#if defined(_WIN64)
    return 0x8664;
#else
    return 0x14C;
#endif
}

const char *plat_name(void) {
    return "windows";
}

void plat_exit(int code) {
    TerminateProcess(GetCurrentProcess(), (UINT) code);
}

void plat_mutex_init(plat_mutex *mutex) {
    InitializeCriticalSection(mutex);
}

void plat_lock(plat_mutex *mutex) {
    EnterCriticalSection(mutex);
}

void plat_unlock(plat_mutex *mutex) {
    LeaveCriticalSection(mutex);
}

void plat_cond_init(plat_cond *cond) {
    InitializeConditionVariable(cond);
}

void plat_wait(plat_cond *cond, plat_mutex *mutex) {
    SleepConditionVariableCS(cond, mutex, INFINITE);
}

void plat_signal(plat_cond *cond) {
    WakeConditionVariable(cond);
}

#else
typedef int ukey_windows_unused; /* ISO C wants something in every translation unit */
#endif
