#include "panic.h"

#include <stdarg.h>
#include <stdbool.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "console.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "sched/thread.h"
#include "symbols.h"

#define BACKTRACE_DEPTH 24

static bool panicking;
static void (*final_hook)(void);

void panic_set_final_hook(void (*hook)(void))
{
    final_hook = hook;
}

static void print_address(unsigned index, uint64_t address)
{
    uint64_t offset;
    const char *name = symbols_lookup(address, &offset);
    if (name != NULL)
        kprintf("  #%-2u %p %s+0x%llx\n", index, (void *)address, name, (unsigned long long)offset);
    else
        kprintf("  #%-2u %p\n", index, (void *)address);
}

/* A saved frame pointer is followed only while it points at readable kernel memory. */
static bool frame_readable(uint64_t rbp)
{
    if (rbp < KERNEL_SPACE_START || rbp % 8 != 0 || rbp > UINT64_MAX - 16)
        return false;
    return paging_is_mapped(cpu_read_cr3() & ~PAGE_MASK, rbp) &&
           paging_is_mapped(cpu_read_cr3() & ~PAGE_MASK, rbp + 15);
}

void backtrace_print(uint64_t rip, uint64_t rbp)
{
    kprintf("backtrace:\n");
    print_address(0, rip);
    for (unsigned depth = 1; depth < BACKTRACE_DEPTH && frame_readable(rbp); depth++) {
        const uint64_t *frame = (const uint64_t *)rbp;
        uint64_t return_address = frame[1];
        if (return_address == 0)
            break;
        /* A return address points after the call; -1 lands inside the calling function. */
        print_address(depth, return_address - 1);
        if (frame[0] <= rbp)
            break; /* frames must move up the stack */
        rbp = frame[0];
    }
}

static void print_current_thread(void)
{
    const struct thread *thread = thread_current();
    if (thread == NULL)
        kprintf("context: early boot (no threads yet)\n");
    else
        kprintf("thread %llu \"%s\"%s\n", (unsigned long long)thread->id, thread->name,
                thread->process != NULL ? " (user process)" : "");
}

static void __attribute__((noreturn)) finish(void)
{
    kprintf("system halted\n");
    if (final_hook != NULL)
        final_hook();
    cpu_halt_forever();
}

static bool enter_panic(void)
{
    cpu_disable_interrupts();
    if (panicking) {
        kprintf("\nKERNEL PANIC while reporting a panic; halting\n");
        return false;
    }
    panicking = true;
    return true;
}

void panic(const char *format, ...)
{
    if (!enter_panic())
        finish();
    kprintf("\nKERNEL PANIC: ");
    va_list args;
    va_start(args, format);
    kvprintf(format, args);
    va_end(args);
    kprintf("\n");
    print_current_thread();
    backtrace_print((uint64_t)__builtin_return_address(0), (uint64_t)__builtin_frame_address(0));
    finish();
}

static void print_page_fault_detail(const struct trap_frame *frame)
{
    uint64_t error = frame->error_code;
    kprintf("page fault at address %p: %s %s, %s%s%s\n", (void *)cpu_read_cr2(),
            error & 0x10 ? "instruction fetch" : error & 0x2 ? "write" : "read",
            error & 0x1 ? "violating page protection" : "of a not-present page",
            error & 0x4 ? "user mode" : "kernel mode", error & 0x8 ? ", reserved bit set" : "",
            frame->rip == cpu_read_cr2() ? ", jump to a bad address" : "");
}

void panic_trap(const struct trap_frame *frame)
{
    if (!enter_panic())
        finish();
    kprintf("\nKERNEL PANIC: %s (vector %llu, error code 0x%llx) at %p\n",
            trap_exception_name(frame->vector), (unsigned long long)frame->vector,
            (unsigned long long)frame->error_code, (void *)frame->rip);
    if (frame->vector == VECTOR_PAGE_FAULT)
        print_page_fault_detail(frame);
    print_current_thread();
    kprintf("rax %p  rbx %p  rcx %p  rdx %p\n", (void *)frame->rax, (void *)frame->rbx,
            (void *)frame->rcx, (void *)frame->rdx);
    kprintf("rsi %p  rdi %p  rbp %p  rsp %p\n", (void *)frame->rsi, (void *)frame->rdi,
            (void *)frame->rbp, (void *)frame->rsp);
    kprintf("r8  %p  r9  %p  r10 %p  r11 %p\n", (void *)frame->r8, (void *)frame->r9,
            (void *)frame->r10, (void *)frame->r11);
    kprintf("r12 %p  r13 %p  r14 %p  r15 %p\n", (void *)frame->r12, (void *)frame->r13,
            (void *)frame->r14, (void *)frame->r15);
    kprintf("rip %p  cs %04llx  ss %04llx  rflags %08llx\n", (void *)frame->rip,
            (unsigned long long)frame->cs, (unsigned long long)frame->ss,
            (unsigned long long)frame->rflags);
    kprintf("cr0 %p  cr2 %p  cr3 %p  cr4 %p\n", (void *)cpu_read_cr0(), (void *)cpu_read_cr2(),
            (void *)cpu_read_cr3(), (void *)cpu_read_cr4());
    backtrace_print(frame->rip, frame->rbp);
    finish();
}
