/* Process entry: the kernel starts the program with RSP at argc, followed by the argv
 * pointers, NULL, the environment pointers, NULL and the auxiliary vector (System V layout).
 * __mh_start (start.c) does the rest in C. */
    .text
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp             /* the outermost frame, for backtraces */
    movq %rsp, %rdi
    andq $-16, %rsp             /* the ABI's alignment at a call */
    call __mh_start
    ud2
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
