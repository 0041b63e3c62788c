/* POSIX _setjmp and _longjmp (declared in include/setjmp.h): setjmp and longjmp that leave
 * the signal mask alone, which newlib's setjmp and longjmp already do. A jump (not a call) keeps the caller's return
 * address and stack pointer, so setjmp records the caller's context; a C wrapper could not,
 * since setjmp returns twice. */
__asm__(".text\n"
        ".globl _setjmp\n"
        ".type _setjmp, @function\n"
        "_setjmp:\n"
        "    jmp setjmp\n"
        ".size _setjmp, . - _setjmp\n"
        ".globl _longjmp\n"
        ".type _longjmp, @function\n"
        "_longjmp:\n"
        "    jmp longjmp\n"
        ".size _longjmp, . - _longjmp\n");
