/* The lua interpreter's ELF file as data in ports-check (no filesystem to load it from yet). */
    .section .rodata
    .globl lua_image, lua_image_end
    .balign 16
lua_image:
    .incbin LUA_PATH
lua_image_end:

    .section .note.GNU-stack, "", @progbits
