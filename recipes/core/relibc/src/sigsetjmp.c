/* sigsetjmp and siglongjmp: setjmp and longjmp that also save and restore the signal mask
 * when asked to. sigsetjmp must not be a C function (it returns twice and its caller's frame
 * is what setjmp records), so it saves the mask through a helper, then jumps to setjmp with
 * the caller's return address still on the stack. */
#include <setjmp.h>
#include <signal.h>

_Static_assert(sizeof(sigset_t) <= sizeof(_JBTYPE), "the mask fits one sigjmp_buf slot");

void __mh_sigsetjmp_save(sigjmp_buf env, int save_mask);

void __mh_sigsetjmp_save(sigjmp_buf env, int save_mask)
{
    env[_SIGJMP_SAVED] = save_mask != 0;
    if (save_mask != 0) {
        sigset_t mask;
        sigprocmask(SIG_BLOCK, NULL, &mask);
        env[_SIGJMP_MASK] = (_JBTYPE)mask;
    }
}

/* rdi = env, esi = save_mask: kept across the helper; rsp is 16-byte aligned for the call
 * after two pushes and 8 more bytes. */
__asm__(".text\n"
        ".globl sigsetjmp\n"
        ".type sigsetjmp, @function\n"
        "sigsetjmp:\n"
        "    push %rdi\n"
        "    push %rsi\n"
        "    sub $8, %rsp\n"
        "    call __mh_sigsetjmp_save\n"
        "    add $8, %rsp\n"
        "    pop %rsi\n"
        "    pop %rdi\n"
        "    jmp setjmp\n"
        ".size sigsetjmp, . - sigsetjmp\n");

void siglongjmp(sigjmp_buf env, int value)
{
    if (env[_SIGJMP_SAVED]) {
        sigset_t mask = (sigset_t)env[_SIGJMP_MASK];
        sigprocmask(SIG_SETMASK, &mask, NULL);
    }
    longjmp(env, value);
}
