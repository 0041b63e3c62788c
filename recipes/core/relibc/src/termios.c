/* Terminal attributes. There are no terminals yet (the console is the write-only debug:
 * scheme), so every descriptor answers ENOTTY, which programs take as "not interactive";
 * the speed and raw-mode helpers work on the structure alone. */
#include <errno.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int not_a_terminal(void)
{
    errno = ENOTTY;
    return -1;
}

int tcgetattr(int fd, struct termios *attributes)
{
    (void)fd, (void)attributes;
    return not_a_terminal();
}

int tcsetattr(int fd, int action, const struct termios *attributes)
{
    (void)fd, (void)attributes;
    if (action != TCSANOW && action != TCSADRAIN && action != TCSAFLUSH) {
        errno = EINVAL;
        return -1;
    }
    return not_a_terminal();
}

int tcdrain(int fd)
{
    (void)fd;
    return not_a_terminal();
}

int tcflow(int fd, int action)
{
    (void)fd, (void)action;
    return not_a_terminal();
}

int tcflush(int fd, int queue)
{
    (void)fd, (void)queue;
    return not_a_terminal();
}

int tcsendbreak(int fd, int duration)
{
    (void)fd, (void)duration;
    return not_a_terminal();
}

pid_t tcgetpgrp(int fd)
{
    (void)fd;
    return not_a_terminal();
}

int tcsetpgrp(int fd, pid_t group)
{
    (void)fd, (void)group;
    return not_a_terminal();
}

pid_t tcgetsid(int fd)
{
    (void)fd;
    return not_a_terminal();
}

char *ttyname(int fd)
{
    (void)fd;
    errno = ENOTTY;
    return NULL;
}

int ttyname_r(int fd, char *name, size_t size)
{
    (void)fd, (void)name, (void)size;
    return ENOTTY;
}

speed_t cfgetispeed(const struct termios *attributes)
{
    return attributes->__c_ispeed;
}

speed_t cfgetospeed(const struct termios *attributes)
{
    return attributes->__c_ospeed;
}

static int valid_speed(speed_t speed)
{
    return speed <= B38400 || (speed >= B57600 && speed <= B230400);
}

int cfsetispeed(struct termios *attributes, speed_t speed)
{
    if (!valid_speed(speed)) {
        errno = EINVAL;
        return -1;
    }
    attributes->__c_ispeed = speed;
    return 0;
}

int cfsetospeed(struct termios *attributes, speed_t speed)
{
    if (!valid_speed(speed)) {
        errno = EINVAL;
        return -1;
    }
    attributes->__c_ospeed = speed;
    attributes->c_cflag = (attributes->c_cflag & ~(tcflag_t)CBAUD) | speed;
    return 0;
}

int cfsetspeed(struct termios *attributes, speed_t speed)
{
    if (cfsetospeed(attributes, speed) != 0)
        return -1;
    return cfsetispeed(attributes, speed);
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
