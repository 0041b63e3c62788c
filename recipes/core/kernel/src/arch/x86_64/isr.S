/* Interrupt and exception entry: one stub per vector pushes the vector (and a 0 error code when
 * the CPU pushes none), then isr_common saves every general register in struct trap_frame order
 * (trap.h) and calls trap_dispatch(frame). trap_exit unwinds such a frame; it is also how new
 * user threads first enter ring 3 (thread_entry_user). GS is swapped only when crossing from or to ring 3. */

#include "trap_frame.inc"

    .altmacro

    .macro ISR_STUB vector
    .align 16
isr_\vector:
    .if (\vector == 8) || (\vector == 10) || (\vector == 11) || (\vector == 12) || (\vector == 13) || (\vector == 14) || (\vector == 17) || (\vector == 21) || (\vector == 29) || (\vector == 30)
    /* the CPU pushed an error code */
    .else
    pushq $0
    .endif
    pushq $\vector
    jmp isr_common
    .endm

    .macro ISR_TABLE_ENTRY vector
    .quad isr_\vector
    .endm

    .text
    .set vector, 0
    .rept 256
    ISR_STUB %vector
    .set vector, vector + 1
    .endr

    .align 16
isr_common:
    testb $3, 24(%rsp)          /* CS of the interrupted context: vector, error, rip, cs */
    jz 1f
    swapgs
1:
    PUSH_GENERAL_REGISTERS
    cld
    movq %rsp, %rdi
    call trap_dispatch
    /* fall through */

    .globl trap_exit
trap_exit:
    POP_GENERAL_REGISTERS
    addq $16, %rsp              /* vector and error code */
    testb $3, 8(%rsp)           /* CS we are returning to */
    jz 2f
    swapgs
2:
    iretq

    .section .rodata
    .align 8
    .globl isr_stub_table
isr_stub_table:
    .set vector, 0
    .rept 256
    ISR_TABLE_ENTRY %vector
    .set vector, vector + 1
    .endr

    .section .note.GNU-stack, "", @progbits
