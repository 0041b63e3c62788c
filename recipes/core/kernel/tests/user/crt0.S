/* Process entry for the test program: the kernel starts it with RSP at argc (System V). */
    .text
    .globl _start
_start:
    xorl %ebp, %ebp
    movq (%rsp), %rdi           /* argc */
    leaq 8(%rsp), %rsi          /* argv */
    call main
    movl %eax, %edi
    movl $1, %eax               /* MH_SYS_EXIT */
    syscall
    ud2

    .section .note.GNU-stack, "", @progbits
