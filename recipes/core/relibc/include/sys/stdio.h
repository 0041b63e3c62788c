/* newlib's stdio.h includes this after defining FILE: the stream locking hooks (no locks
 * while there is one thread), and the POSIX.1-2008 line readers that newlib 3.3 implements
 * only as __getdelim and __getline (src/stdio_extra.c provides the standard names). */
#ifndef _NEWLIB_STDIO_H
#define _NEWLIB_STDIO_H

#include <sys/lock.h>
#include <sys/reent.h>

#ifndef _flockfile
#ifdef __SINGLE_THREAD__
#define _flockfile(fp) ((void)0)
#else
#define _flockfile(fp) (((fp)->_flags & __SSTR) ? 0 : __lock_acquire_recursive((fp)->_lock))
#endif
#endif

#ifndef _funlockfile
#ifdef __SINGLE_THREAD__
#define _funlockfile(fp) ((void)0)
#else
#define _funlockfile(fp) (((fp)->_flags & __SSTR) ? 0 : __lock_release_recursive((fp)->_lock))
#endif
#endif

#if __POSIX_VISIBLE >= 200809
_BEGIN_STD_C
ssize_t getdelim(char **__restrict, size_t *__restrict, int, FILE *__restrict);
ssize_t getline(char **__restrict, size_t *__restrict, FILE *__restrict);
_END_STD_C
#endif

#endif /* _NEWLIB_STDIO_H */
