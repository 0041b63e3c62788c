#include "initfs.h"

#include "mm/layout.h"
#include "proc/process.h"

int initfs_start_init(const struct boot_params *params, const char *const *argv, int argc,
                      const char **problem)
{
    return process_spawn(phys_to_virt(params->initfs_phys), params->initfs_size, "init", argv,
                         argc, problem);
}
