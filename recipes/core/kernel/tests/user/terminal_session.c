/* ktest's "terminal" mode: a session on the serial terminal that tests/qemu-terminal.sh types
 * into. Each step prints a prompt ("user: step N ..."), the script types, and the program
 * reports what read() gave ("user: got ..."); the script checks the reports and the echo. */
#include "checks.h"

static int64_t terminal;
static volatile int interrupts;
static struct mh_siginfo interrupt_info;

static void on_interrupt(int signal, struct mh_siginfo *info, struct mh_signal_frame *frame)
{
    (void)signal;
    (void)frame;
    interrupts++;
    interrupt_info = *info;
}

static bool set_attribute(const char *name, size_t name_length, const void *value, size_t size)
{
    int64_t handle = sys_dup(terminal, name, name_length);
    bool ok = handle >= 0 && sys_write(handle, value, size) == (int64_t)size;
    sys_close(handle);
    return ok;
}

static bool get_termios(struct mh_termios *termios)
{
    int64_t handle = sys_dup(terminal, "termios", 7);
    bool ok = handle >= 0 && sys_read(handle, termios, sizeof *termios) == (int64_t)sizeof *termios;
    sys_close(handle);
    return ok;
}

/* Prints "user: got <length> "<bytes>"" for one read, control characters as \xNN (without
 * the bytes when show is false: a password must not reach the log). */
static int64_t read_and_report(bool show)
{
    char buffer[128];
    int64_t count = sys_read(terminal, buffer, sizeof buffer);
    print("user: got ");
    print_number(count);
    print(" \"");
    for (int64_t i = 0; show && i < count; i++) {
        char shown[5] = {buffer[i], '\0'};
        if ((unsigned char)buffer[i] < 0x20) {
            static const char hex[] = "0123456789abcdef";
            shown[0] = '\\', shown[1] = 'x', shown[2] = hex[(buffer[i] >> 4) & 15], shown[3] = hex[buffer[i] & 15];
            shown[4] = '\0';
        }
        print(shown);
    }
    print("\"\n");
    return count;
}

int run_terminal_session(void)
{
    terminal = open_path("debug:", MH_O_RDWR);
    int32_t group = (int32_t)sys_getpid();
    if (sys_setpgid(0, 0) != 0 || !set_attribute("pgrp", 4, &group, sizeof group))
        return 10;
    struct mh_sigaction action = {.handler = (uint64_t)on_interrupt};
    sys_sigaction(MH_SIGINT, &action, NULL, signal_restorer);

    print("user: step 1 edit a line\n");
    read_and_report(true);

    print("user: step 2 kill a line\n");
    read_and_report(true);

    print("user: step 3 interrupt\n");
    int64_t result = read_and_report(true);
    print(result == -MH_EINTR && interrupts == 1 && interrupt_info.code == MH_SI_KERNEL ? "user: SIGINT delivered\n"
                                                                                      : "user: no SIGINT\n");

    struct mh_termios cooked, silent;
    get_termios(&cooked);
    silent = cooked;
    silent.c_lflag &= ~MH_ECHO;
    set_attribute("termios", 7, &silent, sizeof silent);
    print("user: step 4 password\n");
    read_and_report(false);
    set_attribute("termios", 7, &cooked, sizeof cooked);

    print("user: step 5 end of file\n");
    read_and_report(true);

    struct mh_termios raw = cooked;
    raw.c_lflag &= ~(MH_ICANON | MH_ECHO);
    raw.c_iflag &= ~MH_ICRNL;
    raw.c_cc[MH_VMIN] = 3;
    raw.c_cc[MH_VTIME] = 0;
    set_attribute("termios", 7, &raw, sizeof raw);
    print("user: step 6 raw bytes\n");
    read_and_report(true);
    set_attribute("termios", 7, &cooked, sizeof cooked);

    print("user: terminal session done\n");
    sys_close(terminal);
    return 0;
}
