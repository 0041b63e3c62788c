/* Kernel start-up: from the bootloader's hand-over to a running init process. */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/pic.h"
#include "boot_params.h"
#include "console.h"
#include "console_input.h"
#include "initfs.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "panic.h"
#include "proc/process.h"
#include "sched/scheduler.h"
#include "scheme/debug_scheme.h"
#include "scheme/scheme.h"
#include "selftest.h"
#include "syscall_abi.h"
#include "time.h"

extern char boot_stack_top[];

void kernel_main(const struct mh_boot_info *boot_info);

/* Static: far too big for the boot stack, and needed for the whole boot. */
static struct boot_params boot_params;

static void release_boot_memory(void)
{
    uint64_t released = 0;
    for (size_t i = 0; i < boot_params.region_count; i++) {
        const struct mh_memory_region *region = &boot_params.regions[i];
        if (region->type == MH_MEMORY_BOOT_RECLAIMABLE) {
            pmm_release_range(region->base, region->length);
            released += region->length;
        }
    }
    kprintf("memory: %zu KiB free of %zu KiB after releasing %llu KiB of boot memory\n",
            pmm_free_frames() * 4, pmm_total_frames() * 4, (unsigned long long)(released / 1024));
}

static void describe_exit(int pid, int status)
{
    if ((status & 0x7f) == 0)
        kprintf("kernel: process %d exited with status %d\n", pid, (status >> 8) & 0xff);
    else
        kprintf("kernel: process %d was killed by signal %d\n", pid, status & 0x7f);
}

/* Starts init, then reaps it and every orphan for as long as the system runs. */
static void __attribute__((noreturn)) run_init(void)
{
    static const char *const init_argv[] = {"init"};
    const char *problem;
    int pid = initfs_start_init(&boot_params, init_argv, 1, &problem);
    if (pid < 0)
        kprintf("kernel: cannot start init from the initfs: %s (error %d)\n",
                problem != NULL ? problem : "out of memory", -pid);
    else
        kprintf("kernel: started init (pid %d)\n", pid);
    for (;;) {
        int status;
        /* Interrupts stay off between finding no child and blocking, so no exit is missed. */
        irq_state state = irq_save();
        int reaped = process_wait(process_kernel(), -1, 0, &status);
        if (reaped == -MH_ECHILD)
            wait_queue_block(&process_kernel()->child_changed);
        irq_restore(state);
        if (reaped > 0)
            describe_exit(reaped, status);
    }
}

void kernel_main(const struct mh_boot_info *boot_info)
{
    console_init();
    kprintf("\nkernel: MACROHARD kernel starting\n");
    gdt_init();
    idt_init();
    const char *problem = boot_params_take(boot_info, &boot_params);
    if (problem != NULL)
        panic("unusable boot information: %s", problem);
    boot_params_print(&boot_params);

    pmm_init(boot_params.regions, boot_params.region_count);
    paging_init(boot_info);
    kmalloc_init();
    cpu_init();
    pic_disable();
    apic_init();
    irq_init(&boot_params);
    scheme_init();
    process_init();
    scheduler_init((uint64_t)boot_stack_top);
    time_init();
    /* From here on nothing reads the bootloader's structures (boot_info is dead). */
    release_boot_memory();
    console_input_init(&debug_console_handle);
    cpu_enable_interrupts();
    kprintf("kernel: interrupts enabled; local APIC %u\n", apic_id());

    if (boot_params_has_word(&boot_params, "selftest"))
        selftest_run(&boot_params);
    if (boot_params_has_word(&boot_params, "selftest-echo"))
        selftest_serial_input(&boot_params, "echo");
    if (boot_params_has_word(&boot_params, "selftest-terminal"))
        selftest_serial_input(&boot_params, "terminal");
    if (boot_params_has_word(&boot_params, "selftest-panic"))
        selftest_provoke_panic();
    run_init();
}
