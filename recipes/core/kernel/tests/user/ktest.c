/* The ring-3 test program, started by the kernel from the initfs (interim format: the initfs
 * is this one executable). Modes, chosen by argv[1]:
 *   (none)    greets on debug: and exits 0: what a normal boot runs as init
 *   selftest  exercises the system calls (files, schemes, pipes, events, processes, signals,
 *             exec, user-space schemes, driver capabilities, mappings, futexes, time) and
 *             checks every result; exits 0 only if all pass ("selftest quiet": print only
 *             failures)
 *   fault     writes to address 0 (the kernel must kill it with SIGSEGV)
 *   sleep     sleeps for a minute (the kernel self-test kills it with SIGTERM)
 *   echo      reads a line from debug: (the serial port) and prints it back
 *   terminal  a typed session on the console's line discipline (terminal_session.c)
 */
#include "checks.h"

int main(int argc, char **argv);

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
    check_thread_pointer();
    check_descriptors();
    check_pipes();
    check_events();
    check_signals();
    check_current_directory();
    check_exec();
    check_user_schemes();
    check_driver_capabilities();
    check_terminal();
    check_sessions();
    check_credentials();
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

/* Echoes one line of serial input (the boot test types it). */
static int echo_line(void)
{
    int64_t input = open_path("debug:", MH_O_RDONLY);
    print("user: type a line\n");
    char line[128];
    size_t length = 0;
    while (length < sizeof line - 1) {
        char byte;
        if (sys_read(input, &byte, 1) != 1)
            return 6;
        if (byte == '\n' || byte == '\r')
            break;
        line[length++] = byte;
    }
    line[length] = '\0';
    print("user: got \"");
    print(line);
    print("\"\n");
    sys_close(input);
    return 0;
}

int main(int argc, char **argv)
{
    console = open_path("debug:", MH_O_WRONLY);
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
    if (same_string(argv[1], "echo"))
        return echo_line();
    if (same_string(argv[1], "terminal"))
        return run_terminal_session();
    print("user: unknown mode\n");
    return 5;
}
