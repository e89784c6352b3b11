/* flock for the Windows build of softskf: whole-file locks with LockFileEx (see win/compat.h). */
#ifndef SOFTSKF_WIN_SYS_FILE_H
#define SOFTSKF_WIN_SYS_FILE_H

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

int flock(int fd, int operation);

#endif
