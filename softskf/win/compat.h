/*
 * The few POSIX calls softskf makes, on Windows (mingw-w64): force-included into the 32-bit DLL build only
 * (make windows), so the sources stay POSIX. Files open in binary mode (every open() of softskf passes O_CLOEXEC,
 * which becomes not-inherited + binary here), rename replaces an existing file as POSIX rename does, fsync is
 * _commit, and flock (win/sys/file.h) locks the whole file with LockFileEx.
 */
#ifndef SOFTSKF_WIN_COMPAT_H
#define SOFTSKF_WIN_COMPAT_H

#include <fcntl.h>
#include <io.h>
#include <stdio.h>

#define O_CLOEXEC (_O_NOINHERIT | _O_BINARY)
#define fsync _commit

int softskf_win_rename(const char *from, const char *to);
#define rename softskf_win_rename

#endif
