#include "trap.h"

#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/pic.h"
#include "console.h"
#include "mm/paging.h"
#include "panic.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/scheduler.h"
#include "syscall_abi.h"
#include "time.h"

static const char *const exception_names[32] = {
    "divide error", "debug", "non-maskable interrupt", "breakpoint", "overflow",
    "bound range exceeded", "invalid opcode", "device not available", "double fault",
    "coprocessor segment overrun", "invalid TSS", "segment not present", "stack-segment fault",
    "general protection fault", "page fault", "reserved (15)", "x87 floating-point error",
    "alignment check", "machine check", "SIMD floating-point error", "virtualization exception",
    "control protection exception", "reserved (22)", "reserved (23)", "reserved (24)",
    "reserved (25)", "reserved (26)", "reserved (27)", "hypervisor injection",
    "VMM communication", "security exception", "reserved (31)",
};

const char *trap_exception_name(uint64_t vector)
{
    return vector < 32 ? exception_names[vector] : "interrupt";
}

/* The signal POSIX associates with a CPU exception in a user program. */
static int signal_for_exception(uint64_t vector)
{
    switch (vector) {
    case VECTOR_DIVIDE_ERROR:
    case 16: /* x87 error */
    case 19: /* SIMD error */
        return MH_SIGFPE;
    case VECTOR_DEBUG:
    case VECTOR_BREAKPOINT:
        return MH_SIGTRAP;
    case VECTOR_INVALID_OPCODE:
    case 7: /* device not available */
        return MH_SIGILL;
    case 17: /* alignment check */
        return MH_SIGBUS;
    default:
        return MH_SIGSEGV;
    }
}

#define PAGE_FAULT_PRESENT 0x1
#define PAGE_FAULT_WRITE 0x2

/* A user write to a present page may be a copy-on-write page: that is not an error. */
static bool resolved_copy_on_write(const struct trap_frame *frame)
{
    if (frame->vector != VECTOR_PAGE_FAULT ||
        (frame->error_code & (PAGE_FAULT_PRESENT | PAGE_FAULT_WRITE)) != (PAGE_FAULT_PRESENT | PAGE_FAULT_WRITE))
        return false;
    struct process *process = process_current();
    return process != NULL && paging_break_copy_on_write(process->address_space, cpu_read_cr2()) == 0;
}

static void handle_exception(struct trap_frame *frame)
{
    if (frame->vector == VECTOR_NMI) {
        kprintf("kernel: non-maskable interrupt at %p (ignored)\n", (void *)frame->rip);
        return;
    }
    if (!trap_from_user(frame))
        panic_trap(frame);
    if (resolved_copy_on_write(frame))
        return;
    uint64_t address = frame->vector == VECTOR_PAGE_FAULT ? cpu_read_cr2() : frame->rip;
    signal_fault(frame, signal_for_exception(frame->vector), address);
}

void trap_dispatch(struct trap_frame *frame)
{
    if (frame->vector < VECTOR_FIRST_IRQ) {
        handle_exception(frame);
    } else if (frame->vector == VECTOR_TIMER) {
        apic_eoi();
        time_tick();
    } else if (frame->vector >= IRQ_VECTOR_BASE && frame->vector < IRQ_VECTOR_BASE + IRQ_LIMIT) {
        irq_dispatch(frame->vector);
    } else if (frame->vector >= MSI_VECTOR_BASE && frame->vector < MSI_VECTOR_LIMIT) {
        irq_dispatch_msi(frame->vector);
    } else if (frame->vector == VECTOR_SPURIOUS) {
        /* spurious local APIC interrupts need no EOI */
    } else if (frame->vector >= PIC_VECTOR_BASE && frame->vector < PIC_VECTOR_BASE + 16) {
        kprintf("kernel: spurious legacy PIC interrupt (vector %llu)\n",
                (unsigned long long)frame->vector);
    } else {
        apic_eoi();
        kprintf("kernel: unexpected interrupt vector %llu\n", (unsigned long long)frame->vector);
    }
    scheduler_preempt_if_needed();
    if (trap_from_user(frame))
        signal_deliver(frame, 0, false);
}
