/* open() and fcntl() constants with Redox's values, which the MACROHARD kernel takes as they
 * are (relibc uses the same), replacing newlib's defaults. Note O_RDONLY is not 0: test the
 * access mode with (flags & O_ACCMODE). */
#ifndef _SYS__DEFAULT_FCNTL_H_
#define _SYS__DEFAULT_FCNTL_H_
#ifdef __cplusplus
extern "C" {
#endif
#include <_ansi.h>
#include <sys/cdefs.h>
#include <sys/types.h>

#define O_RDONLY 0x00010000
#define O_WRONLY 0x00020000
#define O_RDWR 0x00030000
#define O_ACCMODE (O_RDONLY | O_WRONLY | O_RDWR)
#define O_NONBLOCK 0x00040000
#define O_NDELAY O_NONBLOCK
#define O_APPEND 0x00080000
#define O_SHLOCK 0x00100000
#define O_EXLOCK 0x00200000
#define O_ASYNC 0x00400000
#define O_FSYNC 0x00800000
#define O_SYNC O_FSYNC
#define O_DSYNC O_FSYNC
#define O_CLOEXEC 0x01000000
#define O_CREAT 0x02000000
#define O_TRUNC 0x04000000
#define O_EXCL 0x08000000
#define O_DIRECTORY 0x10000000
#define O_STAT 0x20000000
#define O_PATH O_STAT
#define O_SYMLINK 0x40000000
#define O_NOFOLLOW 0x80000000
#define O_NOCTTY 0 /* no controlling terminals: nothing to avoid */
#define O_SEARCH O_RDONLY
#define O_EXEC O_RDONLY

#define FD_CLOEXEC 1

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_DUPFD_CLOEXEC 1030

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

#define AT_FDCWD (-100)
#define AT_EACCESS 0x200
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_SYMLINK_FOLLOW 0x400
#define AT_REMOVEDIR 0x200
#define AT_EMPTY_PATH 0x1000

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

struct flock {
    short l_type;
    short l_whence;
    off_t l_start;
    off_t l_len;
    pid_t l_pid;
};

extern int open(const char *, int, ...);
extern int openat(int, const char *, int, ...);
extern int creat(const char *, mode_t);
extern int fcntl(int, int, ...);
extern int flock(int, int);
#ifdef _COMPILING_NEWLIB
extern int _open(const char *, int, ...);
extern int _fcntl(int, int, ...);
#endif

#ifdef __cplusplus
}
#endif
#endif /* _SYS__DEFAULT_FCNTL_H_ */
