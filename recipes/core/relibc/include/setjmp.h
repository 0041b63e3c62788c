/* setjmp and longjmp (newlib's, which leave the signal mask alone), POSIX's _setjmp/_longjmp,
 * and sigsetjmp/siglongjmp, which newlib declares only for Cygwin and RTEMS: a sigjmp_buf is a
 * jmp_buf followed by a "mask saved" flag and the saved mask (src/sigsetjmp.c). */
#ifndef _SETJMP_H_
#define _SETJMP_H_

#include "_ansi.h"
#include <machine/setjmp.h>
#include <sys/signal.h>

_BEGIN_STD_C

void longjmp(jmp_buf __jmpb, int __retval) __attribute__((__noreturn__));
int setjmp(jmp_buf __jmpb) __attribute__((__returns_twice__));

#if __POSIX_VISIBLE
void _longjmp(jmp_buf __jmpb, int __retval) __attribute__((__noreturn__));
int _setjmp(jmp_buf __jmpb) __attribute__((__returns_twice__));

#define _SIGJMP_SAVED _JBLEN       /* nonzero when the mask was saved */
#define _SIGJMP_MASK (_JBLEN + 1) /* the mask (a sigset_t fits one _JBTYPE) */
typedef _JBTYPE sigjmp_buf[_JBLEN + 2];

int sigsetjmp(sigjmp_buf __env, int __savemask) __attribute__((__returns_twice__));
void siglongjmp(sigjmp_buf __env, int __value) __attribute__((__noreturn__));
#endif

_END_STD_C

#endif
