/* Sessions and the controlling terminal: setsid/getsid, acquiring debug: with its "ctty"
 * handle (TIOCSCTTY), tty:, the "sid" handle (tcgetsid), and the job-control stops of
 * background groups (SIGTTIN, SIGTTOU) with their EIO cases. Everything runs in a child that
 * becomes a session leader, so the console is free again (and its foreground group as it was
 * left: none) once the child has exited. */
#include "checks.h"

static int64_t attribute(int64_t tty, const char *name)
{
    size_t length = 0;
    while (name[length] != '\0')
        length++;
    return sys_dup(tty, name, length);
}

static int64_t write_attribute(int64_t tty, const char *name, int32_t value)
{
    int64_t handle = attribute(tty, name);
    if (handle < 0)
        return handle;
    int64_t result = sys_write(handle, &value, sizeof value);
    sys_close(handle);
    return result;
}

static int64_t read_attribute(int64_t tty, const char *name, int32_t *value)
{
    int64_t handle = attribute(tty, name);
    if (handle < 0)
        return handle;
    int64_t result = sys_read(handle, value, sizeof *value);
    sys_close(handle);
    return result;
}

static int64_t setsid(void)
{
    return syscall3(MH_SYS_SETSID, 0, 0, 0);
}

static int64_t getsid(int64_t pid)
{
    return syscall3(MH_SYS_GETSID, (uint64_t)pid, 0, 0);
}

static void set_action(int signal, uint64_t handler)
{
    struct mh_sigaction action = {.handler = handler};
    sys_sigaction(signal, &action, NULL, signal_restorer);
}

/* Starts a child in a new (background) group of the session and lets it run operation on the
 * terminal; returns the status waitpid(WUNTRACED) reports first. The child exits with the
 * negated result when the operation returns. */
static int32_t in_background(int64_t tty, int64_t (*operation)(int64_t tty))
{
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        sys_setpgid(0, 0);
        sys_exit((int)-operation(tty));
    }
    sys_setpgid(pid, pid); /* either order: the group exists before the operation starts */
    int32_t status = 0;
    sys_waitpid(pid, &status, MH_WUNTRACED);
    if (MH_WIFSTOPPED(status)) {
        sys_kill(pid, MH_SIGKILL);
        int32_t ignored;
        sys_waitpid(pid, &ignored, 0);
    }
    return status;
}

static int64_t read_byte(int64_t tty)
{
    char byte;
    return sys_read(tty, &byte, 1);
}

static int64_t read_ignoring_sigttin(int64_t tty)
{
    set_action(MH_SIGTTIN, MH_SIG_IGN);
    return read_byte(tty);
}

static int64_t write_text(int64_t tty)
{
    return sys_write(tty, "", 0) == 0 ? sys_write(tty, "session: background output\n", 27) : -1;
}

static int64_t write_ignoring_sigttou(int64_t tty)
{
    set_action(MH_SIGTTOU, MH_SIG_IGN);
    return write_text(tty);
}

static int64_t take_foreground(int64_t tty)
{
    return write_attribute(tty, "pgrp", (int32_t)sys_getpid());
}

static void check_job_control(int64_t tty)
{
    int32_t status = in_background(tty, read_byte);
    check(MH_WIFSTOPPED(status) && MH_WSTOPSIG(status) == MH_SIGTTIN, "a background read stops the group with SIGTTIN");
    status = in_background(tty, read_ignoring_sigttin);
    check(MH_WIFEXITED(status) && MH_WEXITSTATUS(status) == MH_EIO, "a background read ignoring SIGTTIN is EIO");
    status = in_background(tty, write_text);
    check(MH_WIFEXITED(status) && MH_WEXITSTATUS(status) == (uint8_t)-27, "background output without TOSTOP goes out");
    status = in_background(tty, take_foreground);
    check(MH_WIFSTOPPED(status) && MH_WSTOPSIG(status) == MH_SIGTTOU, "tcsetpgrp from the background stops with SIGTTOU");

    int64_t termios_handle = attribute(tty, "termios");
    struct mh_termios original, stopping;
    sys_read(termios_handle, &original, sizeof original);
    stopping = original;
    stopping.c_lflag |= MH_TOSTOP;
    sys_write(termios_handle, &stopping, sizeof stopping);
    status = in_background(tty, write_text);
    check(MH_WIFSTOPPED(status) && MH_WSTOPSIG(status) == MH_SIGTTOU, "background output with TOSTOP stops with SIGTTOU");
    status = in_background(tty, write_ignoring_sigttou);
    check(MH_WIFEXITED(status) && MH_WEXITSTATUS(status) == (uint8_t)-27, "with SIGTTOU ignored TOSTOP does not stop output");
    sys_write(termios_handle, &original, sizeof original);
    sys_close(termios_handle);

    /* The leader's own group is orphaned (its only member's parent, ktest, is in another
     * session): once another group has the foreground, its reads are EIO rather than a stop
     * nobody in the session could undo. */
    int64_t other = sys_clone(0);
    if (other == 0) {
        sys_setpgid(0, 0);
        for (;;)
            sleep_ms(5);
    }
    sys_setpgid(other, other);
    bool handed_over = write_attribute(tty, "pgrp", (int32_t)other) == 4;
    check(handed_over && read_byte(tty) == -MH_EIO, "a background read in an orphaned group is EIO");
    uint64_t sigttou = MH_SIGNAL_BIT(MH_SIGTTOU), old_mask = 0;
    sys_sigprocmask(MH_SIG_BLOCK, &sigttou, &old_mask);
    check(write_attribute(tty, "pgrp", (int32_t)sys_getpid()) == 4,
          "tcsetpgrp from the background with SIGTTOU blocked takes the foreground back");
    sys_sigprocmask(MH_SIG_SETMASK, &old_mask, NULL);
    sys_kill(other, MH_SIGKILL);
    wait_for(other);
}

/* The session leader's side: returns the number of the first failed step, 0 if all held. */
static int session_leader(int64_t parent_session)
{
    int64_t self = sys_getpid();
    if (getsid(0) != parent_session)
        return 1; /* fork keeps the session */
    if (setsid() != self || getsid(0) != self || sys_getpgid(0) != self)
        return 2;
    if (setsid() != -MH_EPERM)
        return 3; /* a group leader cannot start another session */
    if (sys_open("tty:", 4, MH_O_RDWR) != -MH_ENXIO)
        return 4; /* no controlling terminal yet */
    int64_t tty = open_path("debug:", MH_O_RDWR);
    int32_t value = 0;
    if (read_attribute(tty, "sid", &value) != -MH_ENOTTY)
        return 5;
    if (write_attribute(tty, "ctty", 0) != 4)
        return 6;
    if (read_attribute(tty, "sid", &value) != 4 || value != self)
        return 7;
    if (read_attribute(tty, "pgrp", &value) != 4 || value != self)
        return 8; /* the leader's group is the foreground */
    int64_t controlling = sys_open("tty:", 4, MH_O_RDWR);
    if (controlling < 0 || sys_write(controlling, "session: hello through tty:\n", 28) != 28)
        return 9;
    sys_close(controlling);
    check_job_control(tty);
    sys_close(tty);
    return 0;
}

void check_sessions(void)
{
    int64_t own_session = getsid(0);
    check(own_session > 0 && getsid(sys_getpid()) == own_session, "getsid(0) and getsid(own pid) agree");
    check(getsid(999999) == -MH_ESRCH, "getsid of no process: ESRCH");
    int64_t pid = sys_clone(0);
    if (pid == 0)
        sys_exit(session_leader(own_session));
    int32_t status = wait_for(pid);
    check(MH_WIFEXITED(status) && MH_WEXITSTATUS(status) == 0,
          "setsid, getsid, acquiring debug: (ctty), tcgetsid (sid) and tty: in a new session");
    if (!MH_WIFEXITED(status) || MH_WEXITSTATUS(status) != 0) {
        print("ktest: the session leader failed at step ");
        print_number(MH_WIFEXITED(status) ? MH_WEXITSTATUS(status) : -1);
        print("\n");
    }
    int64_t tty = open_path("debug:", MH_O_RDWR);
    int32_t value = -1;
    check(read_attribute(tty, "pgrp", &value) == 4 && value == 0,
          "the terminal is freed (no foreground group) when its session leader exits");
    check(sys_open("tty:", 4, MH_O_RDWR) == -MH_ENXIO, "tty: without a controlling terminal: ENXIO");
    sys_close(tty);
}
