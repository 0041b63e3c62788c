/* The initfs image the bootloader loaded.
 *
 * INTERIM FORMAT: until the initfs archive format is defined, /boot/initfs holds a single
 * static ELF executable, which the kernel starts as init (pid 1). */
#ifndef KERNEL_INITFS_H
#define KERNEL_INITFS_H

#include "boot_params.h"

/* Starts init from the initfs with the given arguments. Returns its pid or a negated error;
 * *problem explains an unusable image. */
int initfs_start_init(const struct boot_params *params, const char *const *argv, int argc,
                      const char **problem);

#endif
