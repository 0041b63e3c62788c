#include "selftest.h"

#include <stdbool.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/qemu_exit.h"
#include "console.h"
#include "initfs.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/kstack.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "panic.h"
#include "proc/process.h"
#include "sched/scheduler.h"
#include "sched/thread.h"
#include "scheme/events.h"
#include "scheme/scheme.h"
#include "scheme/user_scheme.h"
#include "syscall_abi.h"
#include "time.h"

#define MILLISECONDS 1000000ull

static unsigned passed, failed;

static bool check(bool ok, const char *what)
{
    kprintf("selftest: %s - %s\n", ok ? "ok" : "FAIL", what);
    if (ok)
        passed++;
    else
        failed++;
    return ok;
}

static uint64_t random_state = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return random_state;
}

static void test_frame_allocator(void)
{
    enum { FRAMES = 256 };
    static uint64_t frames[FRAMES];
    size_t free_before = pmm_free_frames();
    bool distinct = true, aligned = true, usable = true;
    for (int i = 0; i < FRAMES; i++) {
        frames[i] = pmm_alloc();
        aligned &= frames[i] != 0 && frames[i] % PAGE_SIZE == 0 && frames[i] >= (1u << 20);
        for (int j = 0; j < i; j++)
            distinct &= frames[j] != frames[i];
    }
    for (int i = 0; i < FRAMES; i++)
        memset(phys_to_virt(frames[i]), i, PAGE_SIZE);
    for (int i = 0; i < FRAMES; i++) {
        const uint8_t *bytes = phys_to_virt(frames[i]);
        usable &= bytes[0] == (uint8_t)i && bytes[PAGE_SIZE - 1] == (uint8_t)i;
    }
    check(aligned, "frame allocator hands out page-aligned frames above 1 MiB");
    check(distinct, "frame allocator never hands out a frame twice");
    check(usable, "allocated frames hold their contents");
    check(pmm_free_frames() == free_before - FRAMES, "free-frame count drops by the frames taken");
    for (int i = 0; i < FRAMES; i++)
        pmm_free(frames[i]);
    check(pmm_free_frames() == free_before, "freeing restores the free-frame count");
}

static void test_heap(void)
{
    enum { BLOCKS = 1500 };
    static uint8_t *blocks[BLOCKS];
    static size_t sizes[BLOCKS];
    size_t used_before = kmalloc_used_bytes();
    bool allocated = true, intact = true;
    for (int i = 0; i < BLOCKS; i++) {
        sizes[i] = next_random() % (i % 10 == 0 ? 8192 : 256);
        blocks[i] = kmalloc(sizes[i]);
        allocated &= blocks[i] != NULL && (uint64_t)blocks[i] % 16 == 0;
        if (blocks[i] != NULL)
            memset(blocks[i], (uint8_t)i, sizes[i]);
    }
    for (int i = 0; i < BLOCKS; i += 2) {
        kfree(blocks[i]);
        blocks[i] = NULL;
    }
    uint8_t *large = kmalloc(2u << 20); /* forces the heap to grow */
    bool large_ok = large != NULL;
    if (large_ok)
        memset(large, 0xa5, 2u << 20);
    for (int i = 1; i < BLOCKS; i += 2) {
        for (size_t j = 0; j < sizes[i]; j++)
            intact &= blocks[i][j] == (uint8_t)i;
    }
    const char *problem = kmalloc_check();
    check(allocated, "kmalloc returns 16-byte aligned blocks");
    check(large_ok, "a 2 MiB allocation grows the heap");
    check(intact, "heap blocks keep their contents while neighbours are freed");
    check(problem == NULL, problem == NULL ? "heap structure is consistent" : problem);
    for (int i = 1; i < BLOCKS; i += 2)
        kfree(blocks[i]);
    kfree(large);
    check(kmalloc_used_bytes() == used_before, "freeing every block restores the heap usage");
    check(kmalloc_check() == NULL, "heap is consistent after freeing everything");
}

static void test_kernel_stacks(void)
{
    uint64_t top = kstack_alloc();
    bool mapped = top != 0 && paging_is_mapped(paging_kernel_root(), top - 8) &&
                  paging_is_mapped(paging_kernel_root(), top - KERNEL_STACK_SIZE);
    bool guarded = top != 0 && !paging_is_mapped(paging_kernel_root(), top - KERNEL_STACK_SIZE - 8);
    check(mapped, "kernel stacks are mapped");
    check(guarded, "kernel stacks have an unmapped guard page below them");
    if (top != 0)
        kstack_free(top);
}

static void test_timer(void)
{
    uint64_t ticks_before = time_ticks();
    uint64_t start = time_monotonic_ns();
    thread_sleep_ns(100 * MILLISECONDS);
    uint64_t slept = time_monotonic_ns() - start;
    uint64_t ticks = time_ticks() - ticks_before;
    kprintf("selftest: slept %llu us, %llu timer ticks\n", (unsigned long long)(slept / 1000),
            (unsigned long long)ticks);
    check(ticks > 0, "local APIC timer interrupts arrive");
    check(slept >= 100 * MILLISECONDS, "a 100 ms sleep lasts at least 100 ms");
    uint64_t a = time_monotonic_ns(), b = time_monotonic_ns();
    check(b >= a, "the monotonic clock does not go backwards");
}

/* Threads used by the scheduler checks. */
struct spinner {
    volatile bool stop;
    volatile uint64_t count;
    volatile bool done;
};

static void spin(void *argument)
{
    struct spinner *spinner = argument;
    while (!spinner->stop)
        spinner->count++;
    spinner->done = true;
}

static volatile int order_log[4];
static volatile int order_next;

static void record_order(void *argument)
{
    order_log[order_next++] = (int)(uint64_t)argument;
}

struct sleeper {
    int rounds_done;
    volatile bool done;
};

static void sleep_rounds(void *argument)
{
    struct sleeper *sleeper = argument;
    for (int i = 0; i < 5; i++) {
        thread_sleep_ns(5 * MILLISECONDS);
        sleeper->rounds_done++;
    }
    sleeper->done = true;
}

static void wait_until_true(volatile bool *flag)
{
    while (!*flag)
        thread_sleep_ns(MILLISECONDS);
}

static void start(struct thread *thread)
{
    if (thread == NULL)
        panic("selftest: out of memory creating a thread");
    scheduler_add(thread);
}

static void test_scheduler(void)
{
    /* Two spinners of equal priority that never yield: both progress only if the timer
     * preempts them round-robin. */
    static struct spinner first, second;
    start(thread_create_kernel("spin-a", THREAD_PRIORITY_LOW, spin, &first));
    start(thread_create_kernel("spin-b", THREAD_PRIORITY_LOW, spin, &second));
    uint64_t switches = scheduler_switch_count();
    thread_sleep_ns(200 * MILLISECONDS);
    uint64_t a = first.count, b = second.count;
    check(a > 0 && b > 0, "equal-priority busy threads share the CPU (round-robin preemption)");

    /* A more urgent thread made ready runs at once; a less urgent one waits until we block. */
    order_next = 0;
    start(thread_create_kernel("urgent", THREAD_PRIORITY_HIGH, record_order, (void *)1));
    order_log[order_next++] = 2;
    start(thread_create_kernel("background", THREAD_PRIORITY_NORMAL + 1, record_order, (void *)3));
    order_log[order_next++] = 4;
    thread_sleep_ns(20 * MILLISECONDS);
    check(order_next == 4 && order_log[0] == 1 && order_log[1] == 2 && order_log[2] == 4 &&
              order_log[3] == 3,
          "a higher-priority thread preempts at once, a lower one waits");

    /* A high-priority sleeper keeps running on time while low-priority spinners hog the CPU. */
    static struct sleeper sleeper;
    start(thread_create_kernel("sleeper", THREAD_PRIORITY_HIGH, sleep_rounds, &sleeper));
    wait_until_true(&sleeper.done);
    check(sleeper.rounds_done == 5, "a high-priority thread wakes from sleep despite busy threads");

    first.stop = second.stop = true;
    wait_until_true(&first.done);
    wait_until_true(&second.done);
    check(scheduler_switch_count() > switches, "context switches happen");
}

static int run_user_program(const struct boot_params *params, const char *mode, const char **problem)
{
    const char *argv[] = {"init", mode, "quiet"};
    bool quiet = strcmp(mode, "selftest-quiet") == 0;
    if (quiet)
        argv[1] = "selftest";
    return initfs_start_init(params, argv, quiet ? 3 : 2, problem);
}

static int wait_for(int pid)
{
    int status = -1;
    int reaped = process_wait(process_kernel(), pid, 0, &status);
    return reaped == pid ? status : -1;
}

static void test_user_processes(const struct boot_params *params)
{
    const char *problem = NULL;
    int pid = run_user_program(params, "selftest", &problem);
    if (!check(pid > 0, "the initfs program starts as a ring-3 process")) {
        kprintf("selftest: cannot start it: %s (error %d)\n", problem != NULL ? problem : "-", -pid);
        return;
    }
    check(wait_for(pid) == MH_WAIT_EXITED(0), "the user program's own checks pass (exit status 0)");

    /* Once the heap has grown for all that, running the same program again (dozens of forks,
     * copy-on-write faults, shared and private mappings, a fault) must give back every frame
     * and every heap byte. */
    size_t frames_before = pmm_free_frames();
    size_t heap_before = kmalloc_used_bytes();
    pid = run_user_program(params, "selftest-quiet", &problem);
    check(pid > 0 && wait_for(pid) == MH_WAIT_EXITED(0), "the user program passes a second run");
    pid = run_user_program(params, "fault", &problem);
    check(pid > 0 && wait_for(pid) == MH_WAIT_SIGNALED(MH_SIGSEGV),
          "a page fault in ring 3 kills only that process (SIGSEGV)");
    check(pmm_free_frames() == frames_before, "exited processes leave no frames behind");
    check(kmalloc_used_bytes() == heap_before, "exited processes leave no heap memory behind");
    check(events_watch_count() == 0, "no event watch outlives its queue or file");
    check(user_scheme_request_count() == 0, "no user-scheme request outlives its scheme");
    struct scheme *leftover = scheme_find("ktest", 5);
    check(leftover == NULL, "a scheme whose server exited is unregistered");
    if (leftover != NULL)
        scheme_release(leftover);

    pid = run_user_program(params, "sleep", &problem);
    thread_sleep_ns(50 * MILLISECONDS);
    check(pid > 0 && process_kill(pid, MH_SIGTERM) == 0, "kill() finds a sleeping process");
    check(wait_for(pid) == MH_WAIT_SIGNALED(MH_SIGTERM),
          "a signal interrupts nanosleep and terminates the process");
    check(process_kill(pid, 0) == -MH_ESRCH, "a reaped process no longer exists");
}

static void exit_failed(void)
{
    qemu_exit(QEMU_EXIT_FAIL);
}

/* noinline keeps real frames on the stack, so the backtrace has something to show. */
static void __attribute__((noinline)) write_through(volatile uint64_t *pointer)
{
    *pointer = 0x5e1f7e57;
}

static void __attribute__((noinline)) fault_in_callee(uint64_t address)
{
    write_through((volatile uint64_t *)address);
    __asm__ volatile("" : : : "memory"); /* not a tail call */
}

void selftest_provoke_panic(void)
{
    panic_set_final_hook(exit_failed);
    kprintf("selftest: provoking a kernel page fault\n");
    fault_in_callee(0xffffc7ff00000000ull); /* unmapped kernel address */
    panic("the provoked page fault did not happen");
}

void selftest_serial_input(const struct boot_params *params, const char *mode)
{
    panic_set_final_hook(exit_failed);
    const char *problem = NULL;
    int pid = run_user_program(params, mode, &problem);
    int status = pid > 0 ? wait_for(pid) : -1;
    kprintf("selftest: the %s program %s\n", mode, status == MH_WAIT_EXITED(0) ? "passed" : "FAILED");
    qemu_exit(status == MH_WAIT_EXITED(0) ? QEMU_EXIT_PASS : QEMU_EXIT_FAIL);
    cpu_halt_forever();
}

void selftest_run(const struct boot_params *params)
{
    panic_set_final_hook(exit_failed);
    kprintf("selftest: starting\n");
    test_frame_allocator();
    test_heap();
    test_kernel_stacks();
    test_timer();
    test_scheduler();
    test_user_processes(params);
    if (failed == 0) {
        kprintf("selftest: all %u checks passed\n", passed);
        qemu_exit(QEMU_EXIT_PASS);
    } else {
        kprintf("selftest: %u of %u checks FAILED\n", failed, passed + failed);
        qemu_exit(QEMU_EXIT_FAIL);
    }
    cpu_halt_forever();
}
