#include "usercopy.h"

#include <stdbool.h>

#include "arch/x86_64/cpu.h"
#include "lib/kstring.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "syscall_abi.h"

static bool range_in_user_space(uint64_t address, size_t length)
{
    return address < USER_SPACE_END && length <= USER_SPACE_END - address;
}

/* Copies one page-bounded piece; returns false when the page may not be accessed. A write to
 * a copy-on-write page gets the page copied first, exactly as a write from user mode would. */
static bool copy_piece(uint64_t address_space, uint64_t user_address, uint8_t *kernel, size_t length,
                       bool to_user)
{
    uint64_t phys, flags;
    if (!paging_translate(address_space, user_address, &phys, &flags))
        return false;
    if (to_user && (flags & PTE_COPY_ON_WRITE)) {
        if (paging_break_copy_on_write(address_space, user_address) != 0 ||
            !paging_translate(address_space, user_address, &phys, &flags))
            return false;
    }
    if (!(flags & PTE_USER) || (to_user && !(flags & PTE_WRITABLE)))
        return false;
    /* Device memory a driver mapped may lie beyond the physical map. */
    if ((flags & PTE_PHYSICAL) && phys + length > paging_phys_map_size())
        return false;
    if (to_user)
        memcpy(phys_to_virt(phys), kernel, length);
    else
        memcpy(kernel, phys_to_virt(phys), length);
    return true;
}

static int copy(uint64_t address_space, uint64_t user_address, uint8_t *kernel, size_t length,
                bool to_user)
{
    if (!range_in_user_space(user_address, length))
        return -MH_EFAULT;
    /* One CPU: with interrupts off no other thread can unmap the pages mid-copy. */
    irq_state state = irq_save();
    int result = 0;
    while (length > 0) {
        size_t piece = PAGE_SIZE - (user_address & PAGE_MASK);
        if (piece > length)
            piece = length;
        if (!copy_piece(address_space, user_address, kernel, piece, to_user)) {
            result = -MH_EFAULT;
            break;
        }
        user_address += piece;
        kernel += piece;
        length -= piece;
    }
    irq_restore(state);
    return result;
}

int user_read(uint64_t address_space, void *destination, uint64_t source, size_t length)
{
    return copy(address_space, source, destination, length, false);
}

int user_write(uint64_t address_space, uint64_t destination, const void *source, size_t length)
{
    return copy(address_space, destination, (uint8_t *)source, length, true);
}
