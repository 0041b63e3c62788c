#include "cook/output_channel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static int open_terminal(cook_output_channel *c) {
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0)
        return -1;
    char name[128];
    int slave = -1;
    if (grantpt(master) == 0 && unlockpt(master) == 0 && ptsname_r(master, name, sizeof name) == 0)
        slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) {
        close(master);
        return -1;
    }
    struct termios t;
    if (tcgetattr(slave, &t) == 0) {
        t.c_oflag &= ~(tcflag_t)OPOST;
        tcsetattr(slave, TCSANOW, &t);
    }
    struct winsize size = {.ws_row = 24, .ws_col = 80};
    struct winsize user;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &user) == 0 && user.ws_col && user.ws_row)
        size = user;
    ioctl(slave, TIOCSWINSZ, &size);
    *c = (cook_output_channel){master, slave, true};
    return 0;
}

int cook_output_open(cook_output_channel *c, mh_error *err) {
    if (open_terminal(c) != 0) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0)
            return mh_error_errno(err, NULL, errno, "cannot create a pipe for a task's output");
        *c = (cook_output_channel){fds[0], fds[1], false};
    }
    int flags = fcntl(c->read_fd, F_GETFL);
    fcntl(c->read_fd, F_SETFL, flags | O_NONBLOCK);
    return 0;
}
