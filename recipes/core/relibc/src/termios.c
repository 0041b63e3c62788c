/* Terminals, as upstream relibc does them on Redox: dup(fd, "termios") gives a handle whose
 * read returns the attributes and whose write sets them; "pgrp" the foreground process group,
 * "winsize" the window size, "flush" discards queued input; MACROHARD's "sid" reads the
 * session the terminal controls and a write to "ctty" makes it the caller's controlling
 * terminal. A descriptor whose scheme has no such handle is not a terminal (ENOTTY). ioctl()
 * and the tc* functions are built on these. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "internal.h"

/* Opens the attribute handle name of fd; a negative errno when fd is no terminal. */
static long attribute_handle(int fd, const char *name)
{
    long handle = mh_syscall3(MH_SYS_DUP, fd, name, strlen(name));
    if (handle < 0 && handle != -EBADF)
        return -ENOTTY;
    return handle;
}

/* Reads (write_it false) or writes size bytes of attribute name; 0 or -1 with errno. */
static int transfer(int fd, const char *name, void *value, size_t size, int write_it)
{
    long handle = attribute_handle(fd, name);
    if (handle < 0)
        return (int)__mh_result(handle);
    long done = write_it ? mh_syscall3(MH_SYS_WRITE, handle, value, size) : mh_syscall3(MH_SYS_READ, handle, value, size);
    mh_syscall1(MH_SYS_CLOSE, handle);
    if (done >= 0 && (size_t)done != size)
        done = -EIO;
    return done < 0 ? (int)__mh_result(done) : 0;
}

static int flush_queue(int fd, int queue)
{
    if (queue != TCIFLUSH && queue != TCOFLUSH && queue != TCIOFLUSH) {
        errno = EINVAL;
        return -1;
    }
    int32_t value = queue;
    return transfer(fd, "flush", &value, sizeof value, 1);
}

int ioctl(int fd, unsigned long request, ...)
{
    va_list arguments;
    va_start(arguments, request);
    void *argument = va_arg(arguments, void *);
    va_end(arguments);
    switch (request) {
    case TCGETS:
        return transfer(fd, "termios", argument, sizeof(struct termios), 0);
    case TCSETS:
    case TCSETSW: /* output is never queued: nothing to drain */
        return transfer(fd, "termios", argument, sizeof(struct termios), 1);
    case TCSETSF:
        if (transfer(fd, "termios", argument, sizeof(struct termios), 1) != 0)
            return -1;
        return flush_queue(fd, TCIFLUSH);
    case TCFLSH:
        return flush_queue(fd, (int)(intptr_t)argument);
    case TIOCGPGRP:
    case TIOCSPGRP: {
        int32_t group = request == TIOCSPGRP ? *(const pid_t *)argument : 0;
        if (transfer(fd, "pgrp", &group, sizeof group, request == TIOCSPGRP) != 0)
            return -1;
        if (request == TIOCGPGRP)
            *(pid_t *)argument = group;
        return 0;
    }
    case TIOCGSID: {
        int32_t session = 0;
        if (transfer(fd, "sid", &session, sizeof session, 0) != 0)
            return -1;
        *(pid_t *)argument = session;
        return 0;
    }
    case TIOCSCTTY: {
        int32_t steal = (int32_t)(intptr_t)argument; /* 1: root takes it from another session */
        return transfer(fd, "ctty", &steal, sizeof steal, 1);
    }
    case TIOCGWINSZ:
        return transfer(fd, "winsize", argument, sizeof(struct winsize), 0);
    case TIOCSWINSZ:
        return transfer(fd, "winsize", argument, sizeof(struct winsize), 1);
    case FIONBIO: {
        int flags = fcntl(fd, F_GETFL);
        if (flags < 0)
            return -1;
        flags = *(const int *)argument ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
        return fcntl(fd, F_SETFL, flags);
    }
    default:
        errno = EINVAL;
        return -1;
    }
}

int tcgetattr(int fd, struct termios *attributes)
{
    return ioctl(fd, TCGETS, attributes);
}

int tcsetattr(int fd, int action, const struct termios *attributes)
{
    static const unsigned long requests[] = {[TCSANOW] = TCSETS, [TCSADRAIN] = TCSETSW, [TCSAFLUSH] = TCSETSF};
    if (action != TCSANOW && action != TCSADRAIN && action != TCSAFLUSH) {
        errno = EINVAL;
        return -1;
    }
    return ioctl(fd, requests[action], attributes);
}

/* Output goes to the device as it is written: there is never anything to wait for. */
int tcdrain(int fd)
{
    struct termios attributes;
    return tcgetattr(fd, &attributes);
}

/* No flow control: suspending and restarting are accepted and change nothing. */
int tcflow(int fd, int action)
{
    if (action < TCOOFF || action > TCION) {
        errno = EINVAL;
        return -1;
    }
    return tcdrain(fd);
}

int tcflush(int fd, int queue)
{
    return ioctl(fd, TCFLSH, (void *)(intptr_t)queue);
}

/* The console has no break condition to send. */
int tcsendbreak(int fd, int duration)
{
    (void)duration;
    return tcdrain(fd);
}

pid_t tcgetpgrp(int fd)
{
    pid_t group;
    return ioctl(fd, TIOCGPGRP, &group) == 0 ? group : -1;
}

int tcsetpgrp(int fd, pid_t group)
{
    return ioctl(fd, TIOCSPGRP, &group);
}

pid_t tcgetsid(int fd)
{
    pid_t session;
    return ioctl(fd, TIOCGSID, &session) == 0 ? session : -1;
}

/* The controlling terminal's name for every process: /dev/tty resolves per process. */
char *ctermid(char *name)
{
    static char own[L_ctermid];
    char *result = name != NULL ? name : own;
    strcpy(result, "/dev/tty");
    return result;
}

int tcgetwinsize(int fd, struct winsize *size)
{
    return ioctl(fd, TIOCGWINSZ, size);
}

int tcsetwinsize(int fd, const struct winsize *size)
{
    return ioctl(fd, TIOCSWINSZ, (void *)size);
}

int ttyname_r(int fd, char *name, size_t size)
{
    struct termios attributes;
    if (tcgetattr(fd, &attributes) != 0)
        return errno;
    long length = mh_syscall3(MH_SYS_FPATH, fd, name, size);
    if (length < 0)
        return (int)-length;
    if ((size_t)length >= size)
        return ERANGE;
    name[length] = '\0';
    return 0;
}

char *ttyname(int fd)
{
    static char name[64];
    int error = ttyname_r(fd, name, sizeof name);
    if (error != 0) {
        errno = error;
        return NULL;
    }
    return name;
}

/* One speed for both directions: the CBAUD bits of c_cflag. */
speed_t cfgetispeed(const struct termios *attributes)
{
    return attributes->c_cflag & CBAUD;
}

speed_t cfgetospeed(const struct termios *attributes)
{
    return attributes->c_cflag & CBAUD;
}

int cfsetospeed(struct termios *attributes, speed_t speed)
{
    if (speed > B4000000) {
        errno = EINVAL;
        return -1;
    }
    attributes->c_cflag = (attributes->c_cflag & ~(tcflag_t)CBAUD) | speed;
    return 0;
}

/* POSIX: an input speed of 0 means "the output speed". */
int cfsetispeed(struct termios *attributes, speed_t speed)
{
    return speed == 0 ? 0 : cfsetospeed(attributes, speed);
}

int cfsetspeed(struct termios *attributes, speed_t speed)
{
    return cfsetospeed(attributes, speed);
}

void cfmakeraw(struct termios *attributes)
{
    attributes->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    attributes->c_oflag &= ~(tcflag_t)OPOST;
    attributes->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    attributes->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    attributes->c_cflag |= CS8;
    attributes->c_cc[VMIN] = 1;
    attributes->c_cc[VTIME] = 0;
}
