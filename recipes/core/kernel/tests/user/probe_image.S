/* The exec test program (kprobe), built first and embedded here as data; PROBE_PATH names it. */
    .section .rodata
    .balign 16
    .globl probe_image
probe_image:
    .incbin PROBE_PATH
    .globl probe_image_end
probe_image_end:

    .section .note.GNU-stack, "", @progbits
