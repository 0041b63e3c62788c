#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/percpu.h"
#include "panic.h"

struct percpu boot_cpu;

void syscall_entry(void);

void cpu_init(void)
{
    uint32_t features[4];
    cpu_id(1, features);
    if (!(features[3] & (1u << 24)) || !(features[3] & (1u << 25)))
        panic("this CPU lacks FXSAVE or SSE");
    cpu_write_cr0((cpu_read_cr0() & ~(CR0_EMULATION | CR0_TASK_SWITCHED)) | CR0_MONITOR_COPROCESSOR);
    cpu_write_cr4(cpu_read_cr4() | CR4_OS_FXSR | CR4_OS_XMM_EXCEPTIONS);

    cpu_write_msr(MSR_FS_BASE, 0); /* every thread starts without a thread pointer */
    cpu_write_msr(MSR_GS_BASE, (uint64_t)&boot_cpu);
    cpu_write_msr(MSR_KERNEL_GS_BASE, 0);

    /* SYSCALL loads CS = STAR[47:32] and SS = that + 8; SYSRET loads SS = STAR[63:48] + 8 and
     * CS = STAR[63:48] + 16, both with RPL 3 (gdt.h orders the selectors for this). */
    cpu_write_msr(MSR_STAR, (uint64_t)(SELECTOR_USER_DATA - 8) << 48 |
                                (uint64_t)SELECTOR_KERNEL_CODE << 32);
    cpu_write_msr(MSR_LSTAR, (uint64_t)syscall_entry);
    cpu_write_msr(MSR_SFMASK, RFLAGS_INTERRUPTS | RFLAGS_TRAP | RFLAGS_DIRECTION |
                                  RFLAGS_ALIGNMENT_CHECK);
    cpu_write_msr(MSR_EFER, cpu_read_msr(MSR_EFER) | EFER_SYSCALL);
}

void cpu_set_kernel_stack(uint64_t stack_top)
{
    boot_cpu.kernel_stack_top = stack_top;
    gdt_set_interrupt_stack(stack_top);
}
