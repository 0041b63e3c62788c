/* Static thread-local storage for the one thread (x86_64 TLS ABI, variant II): the program's
 * PT_TLS segment, found through AT_PHDR, is copied (.tdata) and zero-filled (.tbss) into a
 * block that ends at the thread pointer; the thread control block at the thread pointer starts
 * with a pointer to itself (%fs:0), and set_fs_base points FS at it. A program without PT_TLS
 * gets the control block alone. */
#include <elf.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

#define TCB_SIZE 64 /* the self pointer, and room compilers may address (stack guard at %fs:0x28) */

void __mh_init_tls(const uint64_t *auxv);

static const Elf64_Phdr *find_tls_segment(const uint64_t *auxv)
{
    const Elf64_Phdr *headers = NULL;
    uint64_t count = 0;
    for (; auxv[0] != MH_AT_NULL; auxv += 2) {
        if (auxv[0] == MH_AT_PHDR)
            headers = (const Elf64_Phdr *)auxv[1];
        else if (auxv[0] == MH_AT_PHNUM)
            count = auxv[1];
    }
    for (uint64_t i = 0; headers != NULL && i < count; i++)
        if (headers[i].p_type == PT_TLS)
            return &headers[i];
    return NULL;
}

static uint64_t round_up(uint64_t value, uint64_t alignment)
{
    return (value + alignment - 1) & ~(alignment - 1);
}

void __mh_init_tls(const uint64_t *auxv)
{
    const Elf64_Phdr *tls = find_tls_segment(auxv);
    uint64_t alignment = tls != NULL && tls->p_align > 16 ? tls->p_align : 16;
    /* The block's size rounded up to its alignment: variables sit at negative offsets from
     * the thread pointer that the linker computed the same way. */
    uint64_t block = tls != NULL ? round_up(tls->p_memsz, alignment) : 0;
    size_t size = (size_t)(block + TCB_SIZE + alignment);
    void *area = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED)
        __builtin_trap(); /* no memory before main: nothing else could run either */
    uintptr_t pointer = (uintptr_t)round_up((uint64_t)(uintptr_t)area + block, alignment);
    if (tls != NULL) {
        char *start = (char *)(pointer - block);
        memcpy(start, (const void *)tls->p_vaddr, tls->p_filesz); /* .tbss stays zeroed */
    }
    *(uintptr_t *)pointer = pointer;
    mh_syscall1(MH_SYS_SET_FS_BASE, pointer);
}
