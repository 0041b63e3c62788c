/* The kernel's ELF entry point, reached from the bootloader as bootinfo.h describes
 * (RDI = boot information). Moves to the kernel's own boot stack and calls kernel_main. */

#define BOOT_STACK_SIZE 32768

    .section .text.entry, "ax"
    .globl kernel_entry
kernel_entry:
    cli
    cld
    leaq boot_stack_top(%rip), %rsp
    xorl %ebp, %ebp             /* backtraces end here */
    call kernel_main
1:  cli
    hlt
    jmp 1b

    .section .bss
    .align 16
boot_stack:
    .skip BOOT_STACK_SIZE
    .globl boot_stack_top
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
