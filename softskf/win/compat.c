/* The Windows side of win/compat.h and win/sys/file.h. */
#include <errno.h>
#include <io.h>
#include <windows.h>

#include "sys/file.h"

int flock(int fd, int operation) {
    HANDLE file = (HANDLE) _get_osfhandle(fd);
    if (file == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    OVERLAPPED whole = {0};
    if (operation & LOCK_UN) {
        return UnlockFileEx(file, 0, MAXDWORD, MAXDWORD, &whole) ? 0 : -1;
    }
    DWORD flags = (operation & LOCK_EX ? LOCKFILE_EXCLUSIVE_LOCK : 0)
            | (operation & LOCK_NB ? LOCKFILE_FAIL_IMMEDIATELY : 0);
    if (LockFileEx(file, flags, 0, MAXDWORD, MAXDWORD, &whole)) {
        return 0;
    }
    errno = GetLastError() == ERROR_LOCK_VIOLATION ? EWOULDBLOCK : EIO;
    return -1;
}

int softskf_win_rename(const char *from, const char *to) {
    if (MoveFileExA(from, to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        return 0;
    }
    errno = EACCES;
    return -1;
}
