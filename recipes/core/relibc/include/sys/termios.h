/* Terminal attributes with Redox's layout and values (relibc's on Redox, redox_termios): four
 * flag words and 32 control characters, 48 bytes; no c_line and no speed fields (the speed is
 * the CBAUD bits of c_cflag). The kernel's debug: console reads and writes this structure. */
#ifndef _SYS_TERMIOS_H
#define _SYS_TERMIOS_H
#ifdef __cplusplus
extern "C" {
#endif
#include <sys/types.h>

typedef unsigned char cc_t;
typedef unsigned int speed_t;
typedef unsigned int tcflag_t;

#define NCCS 32

struct termios {
    tcflag_t c_iflag;
    tcflag_t c_oflag;
    tcflag_t c_cflag;
    tcflag_t c_lflag;
    cc_t c_cc[NCCS];
};

struct winsize {
    unsigned short ws_row;
    unsigned short ws_col;
    unsigned short ws_xpixel;
    unsigned short ws_ypixel;
};

#define _POSIX_VDISABLE 0

/* c_cc indices */
#define VEOF 0
#define VEOL 1
#define VEOL2 2
#define VERASE 3
#define VWERASE 4
#define VKILL 5
#define VREPRINT 6
#define VSWTC 7
#define VINTR 8
#define VQUIT 9
#define VSUSP 10
#define VSTART 12
#define VSTOP 13
#define VLNEXT 14
#define VDISCARD 15
#define VMIN 16
#define VTIME 17

/* c_iflag */
#define IGNBRK 0000001
#define BRKINT 0000002
#define IGNPAR 0000004
#define PARMRK 0000010
#define INPCK 0000020
#define ISTRIP 0000040
#define INLCR 0000100
#define IGNCR 0000200
#define ICRNL 0000400
#define IXON 0001000
#define IXOFF 0002000

/* c_oflag */
#define OPOST 0000001
#define ONLCR 0000002
#define OLCUC 0000004
#define OCRNL 0000010
#define ONOCR 0000020
#define ONLRET 0000040
#define OFILL 0000100
#define OFDEL 0000200

/* c_cflag; the speed is in CBAUD (MACROHARD: Redox has no name for these bits) */
#define CBAUD 0000037
#define CSIZE 0001400
#define CS5 0000000
#define CS6 0000400
#define CS7 0001000
#define CS8 0001400
#define CSTOPB 0002000
#define CREAD 0004000
#define PARENB 0010000
#define PARODD 0020000
#define HUPCL 0040000
#define CLOCAL 0100000

/* c_lflag */
#define ECHOE 0x00000002
#define ECHOK 0x00000004
#define ECHO 0x00000008
#define ECHONL 0x00000010
#define ISIG 0x00000080
#define ICANON 0x00000100
#define IEXTEN 0x00000400
#define TOSTOP 0x00400000
#define NOFLSH 0x80000000

/* speeds */
#define B0 0000000
#define B50 0000001
#define B75 0000002
#define B110 0000003
#define B134 0000004
#define B150 0000005
#define B200 0000006
#define B300 0000007
#define B600 0000010
#define B1200 0000011
#define B1800 0000012
#define B2400 0000013
#define B4800 0000014
#define B9600 0000015
#define B19200 0000016
#define B38400 0000017
#define B57600 0000020
#define B115200 0000021
#define B230400 0000022
#define B460800 0000023
#define B500000 0000024
#define B576000 0000025
#define B921600 0000026
#define B1000000 0000027
#define B1152000 0000030
#define B1500000 0000031
#define B2000000 0000032
#define B2500000 0000033
#define B3000000 0000034
#define B3500000 0000035
#define B4000000 0000036

/* tcsetattr() actions, tcflush() queues, tcflow() actions */
#define TCSANOW 0
#define TCSADRAIN 1
#define TCSAFLUSH 2
#define TCIFLUSH 0
#define TCOFLUSH 1
#define TCIOFLUSH 2
#define TCOOFF 0
#define TCOON 1
#define TCIOFF 2
#define TCION 3

int tcgetattr(int, struct termios *);
int tcsetattr(int, int, const struct termios *);
int tcdrain(int);
int tcflow(int, int);
int tcflush(int, int);
int tcsendbreak(int, int);
pid_t tcgetpgrp(int);
int tcsetpgrp(int, pid_t);
pid_t tcgetsid(int);
int tcgetwinsize(int, struct winsize *);
int tcsetwinsize(int, const struct winsize *);
speed_t cfgetispeed(const struct termios *);
speed_t cfgetospeed(const struct termios *);
int cfsetispeed(struct termios *, speed_t);
int cfsetospeed(struct termios *, speed_t);
int cfsetspeed(struct termios *, speed_t);
void cfmakeraw(struct termios *);

#ifdef __cplusplus
}
#endif
#endif
