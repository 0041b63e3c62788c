/* Switching between kernel threads. A suspended thread's kernel stack holds its callee-saved
 * registers and a return address; saved_rsp points at them:
 *     r15, r14, r13, r12, rbx, rbp, return address      (lowest address first)
 * New threads get a made-up frame returning into one of the entry trampolines below. */

    .text
    /* void context_switch(uint64_t *save_rsp, uint64_t next_rsp) */
    .globl context_switch
context_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret

    /* First run of a kernel thread: r12 = function, r13 = argument. */
    .globl thread_entry_kernel
thread_entry_kernel:
    call scheduler_thread_start
    sti
    movq %r13, %rdi
    call *%r12
    call thread_exit            /* does not return */
    ud2

    /* First run of a user thread: the stack pointer is at its struct trap_frame. */
    .globl thread_entry_user
thread_entry_user:
    call scheduler_thread_start
    jmp trap_exit

    .section .note.GNU-stack, "", @progbits
