/* The ring-3 test program, started by the kernel from the initfs (interim format: the initfs
 * is this one executable). Modes, chosen by argv[1]:
 *   (none)    greets on debug: and exits 0: what a normal boot runs as init
 *   selftest  exercises the system calls (files, processes, fork, mappings, time) and checks
 *             every result; exits 0 only if all pass ("selftest quiet": print only failures)
 *   fault     writes to address 0 (the kernel must kill it with SIGSEGV)
 *   sleep     sleeps for a minute (the kernel self-test kills it with SIGTERM)
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syscalls.h"

int main(int argc, char **argv);

static int64_t console = -1;
static int passed, failed;
static bool quiet; /* print only failures and the summary */

static size_t string_length(const char *text)
{
    size_t length = 0;
    while (text[length] != '\0')
        length++;
    return length;
}

static void print(const char *text)
{
    sys_write(console, text, string_length(text));
}

static void print_number(int64_t value)
{
    char digits[24];
    int position = sizeof digits;
    bool negative = value < 0;
    uint64_t magnitude = negative ? 0 - (uint64_t)value : (uint64_t)value;
    do {
        digits[--position] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (negative)
        digits[--position] = '-';
    sys_write(console, digits + position, sizeof digits - (size_t)position);
}

static void check(bool ok, const char *what)
{
    if (!ok || !quiet) {
        print(ok ? "user: ok - " : "user: FAIL - ");
        print(what);
        print("\n");
    }
    if (ok)
        passed++;
    else
        failed++;
}

static bool same_string(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static uint64_t nanoseconds(const struct mh_timespec *time)
{
    return (uint64_t)time->seconds * 1000000000u + (uint64_t)time->nanoseconds;
}

static void check_files(void)
{
    static const char message[] = "user: hello from ring 3 through debug:\n";
    check(sys_write(console, message, quiet ? 0 : sizeof message - 1) == (int64_t)(quiet ? 0 : sizeof message - 1),
          "write() to debug: returns the byte count");
    check(sys_open("debug:", 6, MH_O_RDONLY) == -MH_EACCES, "debug: refuses to open for reading");
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

static void check_bad_pointers(void)
{
    check(sys_write(console, (const void *)0x1000, 4) == -MH_EFAULT,
          "write() from an unmapped address is EFAULT");
    check(sys_write(console, (const void *)0xffffffff81000000ull, 4) == -MH_EFAULT,
          "write() from kernel memory is EFAULT");
    check(sys_open((const char *)0x1000, 6, MH_O_WRONLY) == -MH_EFAULT,
          "open() with an unmapped path is EFAULT");
    check(sys_clock_gettime(MH_CLOCK_MONOTONIC, (struct mh_timespec *)(uintptr_t)main) == -MH_EFAULT,
          "clock_gettime() into read-only code is EFAULT");
}

static void check_processes(void)
{
    check(sys_getpid() > 0, "getpid() returns a positive pid");
    check(sys_getppid() == 0, "the kernel (pid 0) is init's parent");
    check(sys_waitpid(-1, NULL, 0) == -MH_ECHILD, "waitpid() without children is ECHILD");
    check(sys_kill(sys_getpid(), 0) == 0, "kill(self, 0) finds this process");
    check(sys_kill(999999, 0) == -MH_ESRCH, "kill() of a missing pid is ESRCH");
    check(sys_kill(sys_getpid(), 64) == -MH_EINVAL, "kill() with a bad signal is EINVAL");
    check(sys_kill(0, 0) == -MH_EINVAL && sys_waitpid(0, NULL, 0) == -MH_EINVAL,
          "process groups (pid 0) are refused for now");
    check(sys_yield() == 0, "yield() returns 0");
    check(syscall3(0x7fff, 0, 0, 0) == -MH_ENOSYS, "an unknown system call is ENOSYS");
}

static void check_time(void)
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

static int32_t wait_for(int64_t pid)
{
    int32_t status = -1;
    return sys_waitpid(pid, &status, 0) == pid ? status : -1;
}

static void sleep_ms(int64_t milliseconds)
{
    struct mh_timespec request = {.seconds = milliseconds / 1000,
                                  .nanoseconds = (int32_t)(milliseconds % 1000 * 1000000)};
    sys_nanosleep(&request, NULL);
}

/* In .data, so fork has to copy the page when either side writes. */
static volatile int shared_before_fork = 1;
static struct mh_timespec written_by_kernel;

static void check_fork(void)
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

static int64_t map_anonymous(uint64_t size, uint64_t flags, uint64_t address)
{
    struct mh_map request = {.size = size, .flags = flags, .address = address};
    return sys_fmap(MH_MAP_ANONYMOUS_FD, &request);
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

static void check_mappings(void)
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

static void check_futex(void)
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

/* Floating-point and SSE state must survive being switched out. */
static void check_fpu(void)
{
    volatile double value = 1.0;
    for (int i = 0; i < 20; i++) {
        value = value * 3.0 / 2.0;
        sys_yield();
    }
    check(value > 3325.25 && value < 3325.26, "floating-point state survives context switches");
}

static int run_selftest(void)
{
    check_files();
    check_bad_pointers();
    check_processes();
    check_time();
    check_fpu();
    check_fork();
    check_mappings();
    check_futex();
    if (failed == 0) {
        print("user: all ");
        print_number(passed);
        print(" checks passed\n");
        return 0;
    }
    print("user: ");
    print_number(failed);
    print(" checks FAILED\n");
    return 1;
}

int main(int argc, char **argv)
{
    console = sys_open("debug:", 6, MH_O_WRONLY);
    if (console < 0)
        return 2;
    if (argc < 2) {
        print("init: hello from user space, pid ");
        print_number(sys_getpid());
        print("\n");
        return 0;
    }
    if (same_string(argv[1], "selftest")) {
        quiet = argc > 2 && same_string(argv[2], "quiet");
        return run_selftest();
    }
    if (same_string(argv[1], "fault")) {
        print("user: writing to address 0\n");
        *(volatile int *)0 = 1;
        return 3;
    }
    if (same_string(argv[1], "sleep")) {
        struct mh_timespec minute = {.seconds = 60, .nanoseconds = 0};
        print("user: sleeping\n");
        sys_nanosleep(&minute, NULL);
        return 4;
    }
    print("user: unknown mode\n");
    return 5;
}
