/* exec_probe's ELF file as data in libc-tests (there is no filesystem to load it from yet):
 * libc-tests writes these bytes into a pipe and fexecve()s its read end. */
    .section .rodata
    .globl exec_probe_image, exec_probe_image_end
    .balign 16
exec_probe_image:
    .incbin EXEC_PROBE_PATH
exec_probe_image_end:

    .section .note.GNU-stack, "", @progbits
