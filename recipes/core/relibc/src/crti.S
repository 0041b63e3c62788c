/* The start of _init and _fini: crtbeginT.o, the program and crtend.o add code to .init and
 * .fini between this file and crtn.S; newlib's __libc_init_array calls _init. */
    .section .init, "ax", @progbits
    .globl _init
    .type _init, @function
_init:
    pushq %rbp
    movq %rsp, %rbp

    .section .fini, "ax", @progbits
    .globl _fini
    .type _fini, @function
_fini:
    pushq %rbp
    movq %rsp, %rbp

    .section .note.GNU-stack, "", @progbits
