/* The initfs archive, linked into the bootstrap's read-only data so that the kernel's ELF
 * loader maps it along with the program. INITFS_ARCHIVE is the packed file's path. */
    .section .rodata.initfs_archive, "a"
    .balign 16
    .globl initfs_archive_start
initfs_archive_start:
    .incbin INITFS_ARCHIVE
    .globl initfs_archive_end
initfs_archive_end:
    .section .note.GNU-stack, "", @progbits
