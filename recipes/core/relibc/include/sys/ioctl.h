/* ioctl() requests with Linux's numbers (relibc's on Redox); src/termios.c serves the terminal
 * ones through the console's dup handles ("termios", "pgrp", "winsize", "flush", "sid",
 * "ctty"). */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H
#ifdef __cplusplus
extern "C" {
#endif
#include <sys/termios.h>

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCFLSH 0x540B
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONBIO 0x5421
#define TIOCGSID 0x5429

int ioctl(int, unsigned long, ...);

#ifdef __cplusplus
}
#endif
#endif
