/* Copying between kernel memory and the user half of an address space. Every page is checked
 * in the page tables first (present, user-accessible, writable for writes, copy-on-write pages
 * copied) and accessed through the physical map, so a bad user pointer yields -MH_EFAULT
 * instead of a kernel fault. */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H

#include <stddef.h>
#include <stdint.h>

int user_read(uint64_t address_space, void *destination, uint64_t source, size_t length);
int user_write(uint64_t address_space, uint64_t destination, const void *source, size_t length);

#endif
