/* Signal helpers that must be written in assembly:
 *   signal_restorer          what sigaction() is given as the restorer: calls sigreturn
 *   register_probe(pid, sig) loads every general register (and xmm0) with a pattern, sends
 *                            itself sig with kill() and checks that all of them survived the
 *                            handler; returns 0, or the number of the first register changed
 *   clobber_handler          a handler that overwrites every register it can (and sets DF) */
#define SYS_KILL 37
#define SYS_SIGRETURN 119

    .text
    .globl signal_restorer
signal_restorer:
    movl $SYS_SIGRETURN, %eax
    syscall
    ud2

    .globl clobber_handler
clobber_handler:
    lock incl clobber_handler_calls(%rip)
    movabs $0x0badc0de0badc0de, %rax
    movq %rax, %rbx
    movq %rax, %rcx
    movq %rax, %rdx
    movq %rax, %rsi
    movq %rax, %rdi
    movq %rax, %rbp
    movq %rax, %r8
    movq %rax, %r9
    movq %rax, %r10
    movq %rax, %r11
    movq %rax, %r12
    movq %rax, %r13
    movq %rax, %r14
    movq %rax, %r15
    movq %rax, %xmm0
    std
    ret

    .macro EXPECT register, value, number
    movabs \value, %rcx
    cmpq %rcx, \register
    movl \number, %eax
    jne 9f
    .endm

    .globl register_probe
register_probe:
    pushq %rbx
    pushq %rbp
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movabs $0x1111111111111111, %rbx
    movabs $0x2222222222222222, %rbp
    movabs $0x3333333333333333, %r12
    movabs $0x4444444444444444, %r13
    movabs $0x5555555555555555, %r14
    movabs $0x6666666666666666, %r15
    movabs $0x7777777777777777, %rdx
    movabs $0x8888888888888888, %r8
    movabs $0x9999999999999999, %r9
    movabs $0xaaaaaaaaaaaaaaaa, %r10
    movabs $0xbbbbbbbbbbbbbbbb, %rax
    movq %rax, %xmm0
    movq %rdi, %rcx             /* pid */
    movq %rsi, %rax             /* signal */
    movq %rcx, %rdi
    movq %rax, %rsi
    movl $SYS_KILL, %eax
    syscall
    testq %rax, %rax
    movl $1, %eax
    jne 9f
    EXPECT %rbx, $0x1111111111111111, $2
    EXPECT %rbp, $0x2222222222222222, $3
    EXPECT %r12, $0x3333333333333333, $4
    EXPECT %r13, $0x4444444444444444, $5
    EXPECT %r14, $0x5555555555555555, $6
    EXPECT %r15, $0x6666666666666666, $7
    EXPECT %rdx, $0x7777777777777777, $8
    EXPECT %r8, $0x8888888888888888, $9
    EXPECT %r9, $0x9999999999999999, $10
    EXPECT %r10, $0xaaaaaaaaaaaaaaaa, $11
    movq %xmm0, %rsi
    EXPECT %rsi, $0xbbbbbbbbbbbbbbbb, $12
    pushfq
    popq %rcx
    testq $0x400, %rcx          /* the direction flag the handler set is gone */
    movl $13, %eax
    jne 9f
    xorl %eax, %eax
9:
    cld
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbp
    popq %rbx
    ret

    .section .note.GNU-stack, "", @progbits
