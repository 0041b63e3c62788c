/* void handoff_enter_kernel(uint64_t pml4, uint64_t entry, uint64_t boot_info, uint64_t stack_top)
 *
 * The last step of booting: runs after ExitBootServices from identity-mapped bootloader code.
 * Switches to the kernel's initial page tables and stack and jumps to the kernel entry point
 * with RDI = boot_info, in the state bootinfo.h promises. Never returns. */
    .text
    .globl handoff_enter_kernel
    .type handoff_enter_kernel, @function
handoff_enter_kernel:
    cli
    cld
    mov %rdi, %cr3
    mov %rcx, %rsp
    mov %rdx, %rdi
    xor %ebp, %ebp
    pushq $0            /* return address 0 ends frame-pointer backtraces */
    jmp *%rsi
    .size handoff_enter_kernel, . - handoff_enter_kernel

    .section .note.GNU-stack, "", @progbits
