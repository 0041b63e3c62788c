/* The tty as a terminal: its attribute handles (dup "termios", "pgrp", "winsize",
 * "flush") and reads in the modes that need no typing (the interactive part is the "terminal"
 * mode of ktest, driven by tests/qemu-terminal.sh). Leaves the attributes as it found them. */
#include "checks.h"

static int64_t attribute(int64_t tty, const char *name)
{
    size_t length = 0;
    while (name[length] != '\0')
        length++;
    return sys_dup(tty, name, length);
}

static bool get_termios(int64_t tty, struct mh_termios *termios)
{
    int64_t handle = attribute(tty, "termios");
    bool ok = handle >= 0 && sys_read(handle, termios, sizeof *termios) == (int64_t)sizeof *termios;
    sys_close(handle);
    return ok;
}

static bool set_termios(int64_t tty, const struct mh_termios *termios)
{
    int64_t handle = attribute(tty, "termios");
    bool ok = handle >= 0 && sys_write(handle, termios, sizeof *termios) == (int64_t)sizeof *termios;
    sys_close(handle);
    return ok;
}

static int64_t elapsed_ms(const struct mh_timespec *since)
{
    struct mh_timespec now;
    sys_clock_gettime(MH_CLOCK_MONOTONIC, &now);
    return (now.seconds - since->seconds) * 1000 + (now.nanoseconds - since->nanoseconds) / 1000000;
}

static void check_attributes(int64_t tty)
{
    struct mh_termios original;
    check(get_termios(tty, &original), "dup(debug, \"termios\") reads the 48-byte attributes");
    check((original.c_lflag & (MH_ICANON | MH_ECHO | MH_ISIG)) == (MH_ICANON | MH_ECHO | MH_ISIG) &&
              (original.c_iflag & MH_ICRNL) && (original.c_oflag & (MH_OPOST | MH_ONLCR)) == (MH_OPOST | MH_ONLCR) &&
              original.c_cc[MH_VINTR] == 3 && original.c_cc[MH_VEOF] == 4 && original.c_cc[MH_VMIN] == 1,
          "the tty starts cooked: canonical, echo, signals, ICRNL, ONLCR, ^C and ^D");
    struct mh_termios changed = original, back;
    changed.c_lflag &= ~MH_ECHO;
    check(set_termios(tty, &changed) && get_termios(tty, &back) && !(back.c_lflag & MH_ECHO),
          "writing the termios handle turns echo off");
    check(set_termios(tty, &original) && get_termios(tty, &back) && (back.c_lflag & MH_ECHO),
          "and on again");
    int64_t handle = attribute(tty, "termios");
    check(sys_write(handle, &changed, 10) == -MH_EINVAL && sys_read(handle, &back, 10) == -MH_EINVAL,
          "the termios handle takes whole structures only");
    sys_close(handle);
    check(attribute(tty, "nonsense") == -MH_EINVAL, "dup(debug, unknown attribute) is EINVAL");

    struct mh_winsize size = {0};
    handle = attribute(tty, "winsize");
    check(handle >= 0 && sys_read(handle, &size, sizeof size) == sizeof size && size.ws_row == 24 && size.ws_col == 80,
          "the window size starts at 24x80");
    struct mh_winsize wide = {.ws_row = 50, .ws_col = 132}, read_back = {0};
    check(sys_write(handle, &wide, sizeof wide) == sizeof wide && sys_read(handle, &read_back, sizeof read_back) == sizeof read_back &&
              read_back.ws_col == 132 && read_back.ws_row == 50,
          "the window size can be set");
    sys_write(handle, &size, sizeof size);
    sys_close(handle);
}

static void check_foreground_group(int64_t tty)
{
    int64_t handle = attribute(tty, "pgrp");
    int32_t before = -1, group = (int32_t)sys_getpgid(0), read_back = 0;
    check(handle >= 0 && sys_read(handle, &before, sizeof before) == sizeof before, "dup(debug, \"pgrp\") reads the foreground group");
    check(sys_write(handle, &group, sizeof group) == sizeof group && sys_read(handle, &read_back, sizeof read_back) == sizeof read_back &&
              read_back == group,
          "the foreground group can be set to one's own group");
    int32_t missing = 99999;
    check(sys_write(handle, &missing, sizeof missing) == -MH_EPERM, "a group that does not exist cannot be the foreground");
    if (before > 0)
        sys_write(handle, &before, sizeof before);
    sys_close(handle);
}

static void check_modes(int64_t tty)
{
    struct mh_termios original, raw;
    get_termios(tty, &original);
    char byte;
    sys_fcntl(tty, MH_F_SETFL, MH_O_NONBLOCK);
    check(sys_read(tty, &byte, 1) == -MH_EAGAIN, "a non-blocking canonical read without a line is EAGAIN");
    sys_fcntl(tty, MH_F_SETFL, 0);
    raw = original;
    raw.c_lflag &= ~(MH_ICANON | MH_ECHO);
    raw.c_cc[MH_VMIN] = 0;
    raw.c_cc[MH_VTIME] = 0;
    set_termios(tty, &raw);
    check(sys_read(tty, &byte, 1) == 0, "VMIN 0, VTIME 0: a read without input returns 0 at once");
    raw.c_cc[MH_VTIME] = 2;
    set_termios(tty, &raw);
    struct mh_timespec start;
    sys_clock_gettime(MH_CLOCK_MONOTONIC, &start);
    int64_t result = sys_read(tty, &byte, 1);
    int64_t waited = elapsed_ms(&start);
    check(result == 0 && waited >= 190, "VMIN 0, VTIME 2: a read without input returns 0 after 0.2 s");
    set_termios(tty, &original);
    int64_t flush = attribute(tty, "flush");
    int32_t queue = MH_TCIFLUSH, bad = 7;
    check(flush >= 0 && sys_write(flush, &queue, sizeof queue) == sizeof queue && sys_write(flush, &bad, sizeof bad) == -MH_EINVAL,
          "dup(debug, \"flush\") flushes input (queue 0..2)");
    sys_close(flush);
}

void check_terminal(void)
{
    int64_t tty = open_path("debug:", MH_O_RDWR);
    check_attributes(tty);
    check_foreground_group(tty);
    check_modes(tty);
    sys_close(tty);
}
