/* The original system-call checks: descriptors on debug:, bad pointers, processes, time,
 * fork, anonymous mappings, futexes and the FPU state. */
#include "checks.h"

void check_files(void)
{
    static const char message[] = "user: hello from ring 3 through debug:\n";
    check(sys_write(console, message, quiet ? 0 : sizeof message - 1) == (int64_t)(quiet ? 0 : sizeof message - 1),
          "write() to debug: returns the byte count");
    check(sys_open("nosuch:thing", 12, MH_O_WRONLY) == -MH_ENOENT, "an unknown scheme is ENOENT");
    check(sys_open("no-scheme", 9, MH_O_WRONLY) == -MH_ENOENT, "a path without a scheme is ENOENT");
    int64_t second = sys_open("debug:", 6, MH_O_WRONLY);
    check(second > console, "a second open gets a new descriptor");
    check(sys_close(second) == 0, "close() succeeds on an open descriptor");
    check(sys_close(second) == -MH_EBADF, "close() of a closed descriptor is EBADF");
    check(sys_write(42, "x", 1) == -MH_EBADF, "write() to an unused descriptor is EBADF");
    char byte;
    check(sys_read(console, &byte, 1) == -MH_EBADF, "read() on a write-only descriptor is EBADF");
}

void check_bad_pointers(void)
{
    check(sys_write(console, (const void *)0x1000, 4) == -MH_EFAULT,
          "write() from an unmapped address is EFAULT");
    check(sys_write(console, (const void *)0xffffffff81000000ull, 4) == -MH_EFAULT,
          "write() from kernel memory is EFAULT");
    check(sys_open((const char *)0x1000, 6, MH_O_WRONLY) == -MH_EFAULT,
          "open() with an unmapped path is EFAULT");
    check(sys_clock_gettime(MH_CLOCK_MONOTONIC, (struct mh_timespec *)(uintptr_t)check_bad_pointers) == -MH_EFAULT,
          "clock_gettime() into read-only code is EFAULT");
}

void check_processes(void)
{
    check(sys_getpid() > 0, "getpid() returns a positive pid");
    check(sys_getppid() == 0, "the kernel (pid 0) is init's parent");
    check(sys_waitpid(-1, NULL, 0) == -MH_ECHILD, "waitpid() without children is ECHILD");
    check(sys_kill(sys_getpid(), 0) == 0, "kill(self, 0) finds this process");
    check(sys_kill(999999, 0) == -MH_ESRCH, "kill() of a missing pid is ESRCH");
    check(sys_kill(sys_getpid(), 64) == -MH_EINVAL, "kill() with a bad signal is EINVAL");
    check(sys_kill(0, 0) == 0 && sys_waitpid(0, NULL, 0) == -MH_ECHILD,
          "pid 0 names the caller's process group");
    check(sys_yield() == 0, "yield() returns 0");
    check(syscall3(0x7fff, 0, 0, 0) == -MH_ENOSYS, "an unknown system call is ENOSYS");
}

void check_time(void)
{
    struct mh_timespec before, after, realtime;
    check(sys_clock_gettime(MH_CLOCK_MONOTONIC, &before) == 0, "clock_gettime(MONOTONIC) works");
    check(sys_clock_gettime(MH_CLOCK_REALTIME, &realtime) == 0 && realtime.seconds > 1577836800,
          "CLOCK_REALTIME is after 2020 (RTC)");
    check(sys_clock_gettime(99, &after) == -MH_EINVAL, "an unknown clock is EINVAL");
    struct mh_timespec request = {.seconds = 0, .nanoseconds = 20000000};
    check(sys_nanosleep(&request, NULL) == 0, "nanosleep(20 ms) returns 0");
    sys_clock_gettime(MH_CLOCK_MONOTONIC, &after);
    check(nanoseconds(&after) - nanoseconds(&before) >= 20000000u, "nanosleep() sleeps at least as asked");
    struct mh_timespec bad = {.seconds = 0, .nanoseconds = 1000000000};
    check(sys_nanosleep(&bad, NULL) == -MH_EINVAL, "nanosleep() with 10^9 ns is EINVAL");
    struct mh_timespec negative = {.seconds = -1, .nanoseconds = 0};
    check(sys_nanosleep(&negative, NULL) == -MH_EINVAL, "nanosleep() with negative seconds is EINVAL");
}

/* In .data, so fork has to copy the page when either side writes. */
static volatile int shared_before_fork = 1;
static struct mh_timespec written_by_kernel;

void check_fork(void)
{
    int64_t parent = sys_getpid();
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        /* The child sees the memory as it was and its own writes stay private. */
        int good = shared_before_fork == 1 && sys_getppid() == parent;
        shared_before_fork = 2;
        good &= sys_clock_gettime(MH_CLOCK_MONOTONIC, &written_by_kernel) == 0;
        sys_exit(good && shared_before_fork == 2 ? 7 : 8);
    }
    check(pid > 0 && pid != parent, "fork returns the child's pid to the parent");
    check(sys_clock_gettime(MH_CLOCK_MONOTONIC, &written_by_kernel) == 0,
          "the kernel writes into a copy-on-write page");
    shared_before_fork = 3;
    check(wait_for(pid) == MH_WAIT_EXITED(7),
          "the child sees the parent's memory and its pid, and exits with its status");
    check(shared_before_fork == 3, "a child's writes do not reach the parent (copy-on-write)");
    check(sys_waitpid(pid, NULL, 0) == -MH_ECHILD, "a reaped child cannot be waited for again");

    int64_t children[3];
    for (int i = 0; i < 3; i++) {
        children[i] = sys_clone(0);
        if (children[i] == 0)
            sys_exit(10 + i);
    }
    int seen = 0;
    for (int i = 0; i < 3; i++) {
        int32_t status = -1;
        int64_t reaped = sys_waitpid(-1, &status, 0);
        for (int j = 0; j < 3; j++) {
            if (reaped == children[j] && status == MH_WAIT_EXITED(10 + j))
                seen |= 1 << j;
        }
    }
    check(seen == 7, "waitpid(-1) reaps every child with its own status");

    pid = sys_clone(0);
    if (pid == 0) {
        sleep_ms(50);
        sys_exit(0);
    }
    check(sys_waitpid(pid, NULL, MH_WNOHANG) == 0, "waitpid(WNOHANG) returns 0 while the child runs");
    check(wait_for(pid) == MH_WAIT_EXITED(0), "waitpid() then blocks until the child exits");


    pid = sys_clone(0);
    if (pid == 0) {
        /* As long as a sleep can be: the deadline saturates instead of wrapping around. */
        struct mh_timespec forever = {.seconds = INT64_MAX, .nanoseconds = 999999999};
        struct mh_timespec remaining = {0};
        int64_t result = sys_nanosleep(&forever, &remaining);
        sys_exit(result == -MH_EINTR ? 20 : 21);
    }
    sleep_ms(10);
    check(sys_kill(pid, MH_SIGTERM) == 0 && wait_for(pid) == MH_WAIT_SIGNALED(MH_SIGTERM),
          "kill() ends a child sleeping \"forever\" with the signal");
    check(sys_clone(1) == -MH_EINVAL, "clone() with flags is refused for now");
}

/* Runs probe in a child and returns the child's wait status. */
static int32_t in_child(void (*probe)(uint8_t *), uint8_t *address)
{
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        probe(address);
        sys_exit(0);
    }
    return wait_for(pid);
}

static void read_byte(uint8_t *address)
{
    (void)*(volatile uint8_t *)address;
}

static void write_byte(uint8_t *address)
{
    *(volatile uint8_t *)address = 1;
}

void check_mappings(void)
{
    const uint64_t read_write = MH_PROT_READ | MH_PROT_WRITE;
    int64_t address = map_anonymous(3 * 4096, read_write | MH_MAP_PRIVATE, 0);
    check(address > 0 && address % 4096 == 0, "fmap() of anonymous memory returns a page address");
    uint8_t *bytes = (uint8_t *)address;
    bool zero = true, kept = true;
    for (int i = 0; i < 3 * 4096; i++)
        zero &= bytes[i] == 0;
    for (int i = 0; i < 3 * 4096; i++)
        bytes[i] = (uint8_t)(i * 7);
    for (int i = 0; i < 3 * 4096; i++)
        kept &= bytes[i] == (uint8_t)(i * 7);
    check(zero && kept, "mapped memory starts zeroed and keeps what is written");
    check(sys_funmap((uint64_t)address, 3 * 4096) == 0, "funmap() succeeds");
    check(in_child(read_byte, bytes) == MH_WAIT_SIGNALED(MH_SIGSEGV),
          "touching unmapped memory kills the child with SIGSEGV");

    int64_t read_only = map_anonymous(4096, MH_PROT_READ | MH_MAP_PRIVATE, 0);
    check(read_only > 0 && *(volatile uint8_t *)read_only == 0, "a read-only mapping can be read");
    check(in_child(write_byte, (uint8_t *)read_only) == MH_WAIT_SIGNALED(MH_SIGSEGV),
          "writing to a read-only mapping faults");

    volatile int *shared = (volatile int *)map_anonymous(4096, read_write | MH_MAP_SHARED, 0);
    volatile int *private = (volatile int *)map_anonymous(4096, read_write | MH_MAP_PRIVATE, 0);
    *shared = 1;
    *private = 1;
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        *shared = 42;
        *private = 42;
        sys_exit(0);
    }
    wait_for(pid);
    check(*shared == 42, "a shared mapping is shared with a forked child");
    check(*private == 1, "a private mapping is copied for a forked child");

    const uint64_t fixed_address = 0x200000000000ull;
    int64_t fixed = map_anonymous(8192, read_write | MH_MAP_PRIVATE | MH_MAP_FIXED, fixed_address);
    check(fixed == (int64_t)fixed_address, "MAP_FIXED maps at the requested address");
    *(volatile int *)fixed = 5;
    check(map_anonymous(4096, read_write | MH_MAP_PRIVATE | MH_MAP_FIXED_NOREPLACE, fixed_address + 4096) ==
              -MH_EEXIST,
          "MAP_FIXED_NOREPLACE refuses to replace a mapping");
    check(map_anonymous(4096, read_write | MH_MAP_PRIVATE | MH_MAP_FIXED, fixed_address) == (int64_t)fixed_address &&
              *(volatile int *)fixed == 0,
          "MAP_FIXED replaces an existing mapping with fresh memory");

    check(map_anonymous(0, read_write | MH_MAP_PRIVATE, 0) == -MH_EINVAL, "fmap() of 0 bytes is EINVAL");
    check(map_anonymous(4096, read_write, 0) == -MH_EINVAL, "fmap() without SHARED or PRIVATE is EINVAL");
    check(map_anonymous(4096, read_write | MH_MAP_SHARED | MH_MAP_PRIVATE, 0) == -MH_EINVAL,
          "fmap() with both SHARED and PRIVATE is EINVAL");
    check(map_anonymous(4096, read_write | MH_MAP_PRIVATE | MH_MAP_FIXED, fixed_address + 1) == -MH_EINVAL,
          "MAP_FIXED at an unaligned address is EINVAL");
    struct mh_map request = {.size = 4096, .flags = read_write | MH_MAP_PRIVATE};
    check(sys_fmap((uint64_t)console, &request) == -MH_ENODEV, "fmap() of a debug: descriptor is ENODEV");
    check(sys_fmap(40, &request) == -MH_EBADF, "fmap() of an unused descriptor is EBADF");
    check(sys_funmap(fixed_address + 1, 4096) == -MH_EINVAL, "funmap() of an unaligned address is EINVAL");
}

void check_futex(void)
{
    volatile uint32_t *shared = (volatile uint32_t *)map_anonymous(
        4096, MH_PROT_READ | MH_PROT_WRITE | MH_MAP_SHARED, 0);
    *shared = 0;
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        /* Sleeps until the parent changes the word and wakes it. */
        while (*shared == 0) {
            int64_t result = sys_futex_wait(shared, 0, NULL);
            if (result != 0 && result != -MH_EAGAIN)
                sys_exit(30);
        }
        sys_exit(*shared == 1 ? 31 : 32);
    }
    sleep_ms(20); /* the child runs meanwhile and goes to sleep on the word */
    *shared = 1;
    check(sys_futex_wake(shared, 10) == 1, "a futex wake wakes exactly the one sleeper");
    check(wait_for(pid) == MH_WAIT_EXITED(31), "a futex wake reaches a child sleeping on shared memory");

    static volatile uint32_t word = 5;
    struct mh_timespec short_wait = {.seconds = 0, .nanoseconds = 10000000};
    struct mh_timespec before, after;
    sys_clock_gettime(MH_CLOCK_MONOTONIC, &before);
    check(sys_futex_wait(&word, 5, &short_wait) == -MH_ETIMEDOUT, "a futex wait times out");
    sys_clock_gettime(MH_CLOCK_MONOTONIC, &after);
    check(nanoseconds(&after) - nanoseconds(&before) >= 10000000u, "the timeout is not cut short");
    check(sys_futex_wait(&word, 6, NULL) == -MH_EAGAIN, "a futex wait on a changed word is EAGAIN");
    check(sys_futex_wake(&word, 1) == 0, "a futex wake without sleepers wakes none");
    check(sys_futex_wait((volatile uint32_t *)((uintptr_t)&word + 1), 5, NULL) == -MH_EINVAL,
          "a misaligned futex word is EINVAL");
    check(sys_futex_wait((volatile uint32_t *)0x1000, 0, NULL) == -MH_EFAULT,
          "a futex word in unmapped memory is EFAULT");
    check(syscall4(MH_SYS_FUTEX, (uint64_t)&word, 7, 0, 0) == -MH_EINVAL, "an unknown futex operation is EINVAL");
}

static uint64_t read_fs_word(void)
{
    uint64_t value;
    __asm__ volatile("movq %%fs:0, %0" : "=r"(value));
    return value;
}

/* The thread pointer (FS base) belongs to the thread: it survives switches, is inherited by
 * fork and can differ between processes. */
void check_thread_pointer(void)
{
    static uint64_t mine = 0x1111, childs = 0x2222;
    int64_t previous = sys_set_fs_base(&mine);
    check(previous == 0 && read_fs_word() == 0x1111 && sys_set_fs_base(&mine) == (int64_t)&mine,
          "set_fs_base() sets the thread pointer and returns the previous one");
    check(sys_set_fs_base((const void *)0xffff800000000000ull) == -MH_EINVAL,
          "a thread pointer outside user space is EINVAL");
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        bool inherited = read_fs_word() == 0x1111;
        sys_set_fs_base(&childs);
        for (int i = 0; i < 5; i++)
            sys_yield();
        sys_exit(inherited && read_fs_word() == 0x2222 ? 0 : 1);
    }
    for (int i = 0; i < 5; i++)
        sys_yield();
    check(wait_for(pid) == MH_WAIT_EXITED(0) && read_fs_word() == 0x1111,
          "each process keeps its own thread pointer across switches; fork inherits it");
}

/* Floating-point and SSE state must survive being switched out. */
void check_fpu(void)
{
    volatile double value = 1.0;
    for (int i = 0; i < 20; i++) {
        value = value * 3.0 / 2.0;
        sys_yield();
    }
    check(value > 3325.25 && value < 3325.26, "floating-point state survives context switches");
}

