/* The end of _init and _fini (see crti.S). */
    .section .init, "ax", @progbits
    popq %rbp
    ret

    .section .fini, "ax", @progbits
    popq %rbp
    ret

    .section .note.GNU-stack, "", @progbits
