/* The SYSCALL entry point (MSR_LSTAR). SYSCALL leaves RCX = user RIP, R11 = user RFLAGS and the
 * user RSP untouched, with interrupts masked by MSR_SFMASK. We switch to the thread's kernel
 * stack (per-CPU data through GS: offset 0 = kernel stack top, 8 = scratch for the user RSP),
 * build the same struct trap_frame an interrupt from ring 3 would, and call
 * syscall_dispatch(frame) with interrupts enabled. The way back is SYSRET when the frame still
 * describes a plain ring-3 context at a lower-half address whose RCX and R11 are what SYSRET
 * will leave in them (the return address and the flags), IRETQ (trap_exit) otherwise: after
 * exec, a signal handler's start or sigreturn, every register must come back as written. */

#include "trap_frame.inc"

#define PERCPU_KERNEL_STACK 0
#define PERCPU_USER_RSP 8
#define USER_DATA 0x1b
#define USER_CODE 0x23
#define FRAME_R11 32
#define FRAME_RCX 96
#define FRAME_RIP 136
#define FRAME_CS 144
#define FRAME_RFLAGS 152
#define FRAME_SS 168

    .text
    .globl syscall_entry
    .align 16
syscall_entry:
    swapgs
    movq %rsp, %gs:PERCPU_USER_RSP
    movq %gs:PERCPU_KERNEL_STACK, %rsp
    pushq $USER_DATA
    pushq %gs:PERCPU_USER_RSP
    pushq %r11
    pushq $USER_CODE
    pushq %rcx
    pushq $0                    /* error code */
    pushq $0x100                /* TRAP_VECTOR_SYSCALL */
    PUSH_GENERAL_REGISTERS
    cld
    xorl %ebp, %ebp             /* backtraces stop at the user boundary */
    movq %rsp, %rdi
    sti
    call syscall_dispatch
    cli

    movq FRAME_RIP(%rsp), %rcx
    cmpq %rcx, FRAME_RCX(%rsp)
    jne trap_exit
    movq FRAME_RFLAGS(%rsp), %r11
    cmpq %r11, FRAME_R11(%rsp)
    jne trap_exit
    movq %rcx, %r11
    shrq $47, %r11
    jnz trap_exit               /* not a lower-half address: SYSRET would fault in ring 0 */
    cmpq $USER_CODE, FRAME_CS(%rsp)
    jne trap_exit
    cmpq $USER_DATA, FRAME_SS(%rsp)
    jne trap_exit

    POP_GENERAL_REGISTERS       /* RCX and R11 are reloaded with RIP and RFLAGS below */
    movq 16(%rsp), %rcx         /* rip: vector, error code, rip, cs, rflags, rsp, ss */
    movq 32(%rsp), %r11         /* rflags */
    movq 40(%rsp), %rsp         /* user stack */
    swapgs
    sysretq

    .section .note.GNU-stack, "", @progbits
