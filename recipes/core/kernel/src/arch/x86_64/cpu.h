/* Thin wrappers around x86_64 instructions and registers the kernel uses. */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

#include <stdint.h>

#define MSR_APIC_BASE 0x1b
#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_SFMASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

#define EFER_SYSCALL 0x1ull
#define EFER_NO_EXECUTE 0x800ull

#define CR0_MONITOR_COPROCESSOR (1ull << 1)
#define CR0_EMULATION (1ull << 2)
#define CR0_TASK_SWITCHED (1ull << 3)
#define CR0_WRITE_PROTECT (1ull << 16)
#define CR4_GLOBAL_PAGES (1ull << 7)
#define CR4_OS_FXSR (1ull << 9)
#define CR4_OS_XMM_EXCEPTIONS (1ull << 10)

#define RFLAGS_INTERRUPTS (1ull << 9)
#define RFLAGS_TRAP (1ull << 8)
#define RFLAGS_DIRECTION (1ull << 10)
#define RFLAGS_ALIGNMENT_CHECK (1ull << 18)
#define RFLAGS_RESERVED_ONE (1ull << 1)

static inline uint64_t cpu_read_msr(uint32_t msr)
{
    uint32_t low, high;
    __asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(msr));
    return (uint64_t)high << 32 | low;
}

static inline void cpu_write_msr(uint32_t msr, uint64_t value)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32)));
}

#define CPU_CONTROL_REGISTER(n)                                                 \
    static inline uint64_t cpu_read_cr##n(void)                                 \
    {                                                                           \
        uint64_t value;                                                         \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(value));                   \
        return value;                                                           \
    }                                                                           \
    static inline void cpu_write_cr##n(uint64_t value)                          \
    {                                                                           \
        __asm__ volatile("mov %0, %%cr" #n : : "r"(value) : "memory");          \
    }
CPU_CONTROL_REGISTER(0)
CPU_CONTROL_REGISTER(2)
CPU_CONTROL_REGISTER(3)
CPU_CONTROL_REGISTER(4)
#undef CPU_CONTROL_REGISTER

static inline void cpu_invalidate_page(uint64_t address)
{
    __asm__ volatile("invlpg (%0)" : : "r"(address) : "memory");
}

static inline uint64_t cpu_read_flags(void)
{
    uint64_t flags;
    __asm__ volatile("pushfq; popq %0" : "=r"(flags));
    return flags;
}

static inline void cpu_disable_interrupts(void)
{
    __asm__ volatile("cli" : : : "memory");
}

static inline void cpu_enable_interrupts(void)
{
    __asm__ volatile("sti" : : : "memory");
}

/* Enables interrupts and halts until the next one, without a window where an interrupt could
 * arrive between the two (sti takes effect after the following instruction). */
static inline void cpu_wait_for_interrupt(void)
{
    __asm__ volatile("sti; hlt" : : : "memory");
}

static inline void cpu_halt_forever(void) __attribute__((noreturn));
static inline void cpu_halt_forever(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}

static inline uint64_t cpu_read_timestamp(void)
{
    uint32_t low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return (uint64_t)high << 32 | low;
}

static inline void cpu_id(uint32_t leaf, uint32_t result[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(result[0]), "=b"(result[1]), "=c"(result[2]), "=d"(result[3])
                     : "a"(leaf), "c"(0));
}

/* Interrupt-safe critical sections (one CPU: disabling interrupts is the lock). */
typedef uint64_t irq_state;

static inline irq_state irq_save(void)
{
    irq_state state = cpu_read_flags();
    cpu_disable_interrupts();
    return state;
}

static inline void irq_restore(irq_state state)
{
    if (state & RFLAGS_INTERRUPTS)
        cpu_enable_interrupts();
}

#endif
