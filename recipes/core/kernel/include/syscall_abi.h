/* The MACROHARD system call ABI (x86_64), shared by the kernel and user space.
 * doc/syscalls.md describes every call, doc/schemes.md the schemes and the packets user-space
 * schemes exchange with the kernel; this header holds the numbers, flags and structures.
 *
 * Calling convention: SYSCALL with the number in RAX and up to six arguments in RDI, RSI, RDX,
 * R10, R8, R9. The result comes back in RAX: a value >= 0, or a negated MH_E* error number
 * (-4095..-1). RCX and R11 are clobbered (the CPU uses them); every other register is preserved.
 *
 * Numbers follow Redox's scheme: the top nibble says whether the first argument is a path
 * (MH_SYS_CLASS_PATH) or a file descriptor (MH_SYS_CLASS_FILE), the next how a buffer argument
 * is passed, and MH_SYS_RET_FILE marks calls returning a new file descriptor. */
#ifndef MH_SYSCALL_ABI_H
#define MH_SYSCALL_ABI_H

#include <stdint.h>

#define MH_SYS_CLASS_PATH 0x10000000u
#define MH_SYS_CLASS_FILE 0x20000000u
#define MH_SYS_ARG_SLICE 0x01000000u  /* (pointer, length) of bytes the kernel reads */
#define MH_SYS_ARG_MSLICE 0x02000000u /* (pointer, length) of bytes the kernel writes */
#define MH_SYS_ARG_PATH 0x03000000u   /* (pointer, length) of a second path */
#define MH_SYS_RET_FILE 0x00100000u

/* Paths and files. */
#define MH_SYS_OPEN (MH_SYS_CLASS_PATH | MH_SYS_RET_FILE | 5)
#define MH_SYS_UNLINK (MH_SYS_CLASS_PATH | 10)
#define MH_SYS_EXECVE (MH_SYS_CLASS_PATH | 11)
#define MH_SYS_RMDIR (MH_SYS_CLASS_PATH | 84)
#define MH_SYS_CHDIR (MH_SYS_CLASS_PATH | 12)
#define MH_SYS_GETCWD (MH_SYS_ARG_MSLICE | 183)
#define MH_SYS_CLOSE (MH_SYS_CLASS_FILE | 6)
#define MH_SYS_FEXEC (MH_SYS_CLASS_FILE | 11)
#define MH_SYS_DUP (MH_SYS_CLASS_FILE | MH_SYS_RET_FILE | 41)
#define MH_SYS_DUP2 (MH_SYS_CLASS_FILE | MH_SYS_RET_FILE | 63)
#define MH_SYS_READ (MH_SYS_CLASS_FILE | MH_SYS_ARG_MSLICE | 3)
#define MH_SYS_WRITE (MH_SYS_CLASS_FILE | MH_SYS_ARG_SLICE | 4)
#define MH_SYS_LSEEK (MH_SYS_CLASS_FILE | 19)
#define MH_SYS_FCNTL (MH_SYS_CLASS_FILE | 55)
#define MH_SYS_FSTAT (MH_SYS_CLASS_FILE | MH_SYS_ARG_MSLICE | 28)
#define MH_SYS_FSTATVFS (MH_SYS_CLASS_FILE | MH_SYS_ARG_MSLICE | 100)
#define MH_SYS_FPATH (MH_SYS_CLASS_FILE | MH_SYS_ARG_MSLICE | 928)
#define MH_SYS_FSYNC (MH_SYS_CLASS_FILE | 118)
#define MH_SYS_FTRUNCATE (MH_SYS_CLASS_FILE | 93)
#define MH_SYS_FCHMOD (MH_SYS_CLASS_FILE | 94)
#define MH_SYS_FCHOWN (MH_SYS_CLASS_FILE | 207)
#define MH_SYS_FUTIMENS (MH_SYS_CLASS_FILE | MH_SYS_ARG_SLICE | 320)
#define MH_SYS_FRENAME (MH_SYS_CLASS_FILE | MH_SYS_ARG_PATH | 38)
#define MH_SYS_FEVENT (MH_SYS_CLASS_FILE | 927) /* only as a packet: see doc/schemes.md */
#define MH_SYS_PIPE2 331

/* Memory. */
#define MH_SYS_FMAP (MH_SYS_CLASS_FILE | MH_SYS_ARG_SLICE | 900)
#define MH_SYS_FUNMAP (MH_SYS_CLASS_FILE | 92)
#define MH_SYS_VIRTTOPHYS 949

/* Processes and signals. */
#define MH_SYS_EXIT 1
#define MH_SYS_WAITPID 7
#define MH_SYS_GETPID 20
#define MH_SYS_KILL 37
#define MH_SYS_SETPGID 57
#define MH_SYS_GETPPID 64
#define MH_SYS_SETSID 66 /* Linux i386's number, as setpgid/getpgid (Redox has no setsid call) */
#define MH_SYS_SIGACTION 67
#define MH_SYS_IOPL 110
#define MH_SYS_SIGRETURN 119
#define MH_SYS_CLONE 120
#define MH_SYS_SIGPROCMASK 126
#define MH_SYS_GETPGID 132
#define MH_SYS_GETSID 147 /* Linux i386's number, like setsid */
#define MH_SYS_GETUID 199
#define MH_SYS_GETGID 200
#define MH_SYS_GETEUID 201
#define MH_SYS_GETEGID 202
#define MH_SYS_SETREUID 203
#define MH_SYS_SETREGID 204
#define MH_SYS_FUTEX 240
#define MH_SYS_YIELD 158
#define MH_SYS_NANOSLEEP 162
#define MH_SYS_CLOCK_GETTIME 265
#define MH_SYS_CAPABILITIES 990 /* MACROHARD: query and drop driver capabilities */
#define MH_SYS_SIGSUSPEND 991   /* MACROHARD: wait for a signal with a temporary mask */
#define MH_SYS_SET_FS_BASE 992  /* MACROHARD: the thread pointer (FS base) for TLS */
#define MH_SYS_SIGALTSTACK 993  /* MACROHARD: the alternate signal stack (struct mh_stack) */

/* Error numbers (the same values as Linux and Redox). */
#define MH_EPERM 1
#define MH_ENOENT 2
#define MH_ESRCH 3
#define MH_EINTR 4
#define MH_EIO 5
#define MH_ENXIO 6
#define MH_E2BIG 7
#define MH_ENOEXEC 8
#define MH_EBADF 9
#define MH_ECHILD 10
#define MH_EAGAIN 11
#define MH_ENOMEM 12
#define MH_EACCES 13
#define MH_EFAULT 14
#define MH_EBUSY 16
#define MH_EEXIST 17
#define MH_ENODEV 19
#define MH_ENOTDIR 20
#define MH_EISDIR 21
#define MH_EINVAL 22
#define MH_EMFILE 24
#define MH_ENOTTY 25
#define MH_EFBIG 27
#define MH_ESPIPE 29
#define MH_EPIPE 32
#define MH_ERANGE 34
#define MH_ENAMETOOLONG 36
#define MH_ENOSYS 38
#define MH_ETIMEDOUT 110

/* open() flags (Redox values). */
#define MH_O_RDONLY 0x00010000u
#define MH_O_WRONLY 0x00020000u
#define MH_O_RDWR 0x00030000u
#define MH_O_ACCMODE 0x00030000u
#define MH_O_NONBLOCK 0x00040000u
#define MH_O_APPEND 0x00080000u
#define MH_O_CLOEXEC 0x01000000u
#define MH_O_CREAT 0x02000000u
#define MH_O_TRUNC 0x04000000u
#define MH_O_EXCL 0x08000000u
#define MH_O_DIRECTORY 0x10000000u
#define MH_O_STAT 0x20000000u
#define MH_O_SYMLINK 0x40000000u
#define MH_O_NOFOLLOW 0x80000000u

/* lseek() */
#define MH_SEEK_SET 0
#define MH_SEEK_CUR 1
#define MH_SEEK_END 2

/* fcntl() commands and descriptor flags. */
#define MH_F_DUPFD 0
#define MH_F_GETFD 1
#define MH_F_SETFD 2
#define MH_F_GETFL 3
#define MH_F_SETFL 4
#define MH_F_DUPFD_CLOEXEC 1030
#define MH_FD_CLOEXEC 1

/* fstat(): Redox's struct Stat (repr(C), 104 bytes) and its mode bits. */
#define MH_MODE_TYPE 0xf000u
#define MH_MODE_DIR 0x4000u
#define MH_MODE_FILE 0x8000u
#define MH_MODE_SYMLINK 0xa000u
#define MH_MODE_FIFO 0x1000u
#define MH_MODE_CHR 0x2000u
#define MH_MODE_PERM 0x0fffu

struct mh_stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint16_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_size;
    uint32_t st_blksize;
    uint64_t st_blocks;
    uint64_t st_mtime;
    uint32_t st_mtime_nsec;
    uint64_t st_atime;
    uint32_t st_atime_nsec;
    uint64_t st_ctime;
    uint32_t st_ctime_nsec;
};

/* fstatvfs(): Redox's struct StatVfs (32 bytes). */
struct mh_statvfs {
    uint32_t f_bsize;
    uint64_t f_blocks;
    uint64_t f_bfree;
    uint64_t f_bavail;
};

/* fmap(): struct mh_map and its flags (Redox values). fd MH_MAP_ANONYMOUS_FD maps zeroed
 * memory that belongs to no file. */
#define MH_MAP_ANONYMOUS_FD UINT64_MAX
#define MH_PROT_NONE 0x00000000u
#define MH_PROT_EXEC 0x00010000u
#define MH_PROT_WRITE 0x00020000u
#define MH_PROT_READ 0x00040000u
#define MH_MAP_SHARED 0x0001u
#define MH_MAP_PRIVATE 0x0002u
#define MH_MAP_FIXED 0x0004u
#define MH_MAP_FIXED_NOREPLACE 0x000cu

struct mh_map {
    uint64_t offset;  /* into the file; 0 for anonymous memory, the physical address for memory:physical */
    uint64_t size;    /* bytes, rounded up to whole pages */
    uint64_t flags;   /* MH_PROT_* | MH_MAP_* */
    uint64_t address; /* required with MH_MAP_FIXED*, ignored otherwise */
};

/* event: — struct mh_event is both what is written to register interest in a descriptor and
 * what reading the queue returns (Redox's Event, 24 bytes). */
#define MH_EVENT_NONE 0u
#define MH_EVENT_READ 1u
#define MH_EVENT_WRITE 2u

struct mh_event {
    uint64_t id;    /* the watched descriptor */
    uint64_t flags; /* MH_EVENT_*: interest when written, what happened when read */
    uint64_t data;  /* the caller's cookie, returned unchanged */
};

/* User-space schemes: the kernel forwards requests as packets (Redox's Packet, 56 bytes);
 * doc/schemes.md lists what a, b, c and d hold for each request. */
struct mh_packet {
    uint64_t id;  /* request id, copied into the reply; 0 for packets the scheme sends unasked */
    uint64_t pid; /* the calling process */
    uint32_t uid;
    uint32_t gid;
    uint64_t a;   /* request: the MH_SYS_* number; reply: the result (>= 0 or -errno) */
    uint64_t b;
    uint64_t c;
    uint64_t d;
};

/* futex() operations (Redox values). */
#define MH_FUTEX_WAIT 0
#define MH_FUTEX_WAKE 1

#define MH_CLOCK_REALTIME 1
#define MH_CLOCK_MONOTONIC 4

struct mh_timespec {
    int64_t seconds;
    int32_t nanoseconds; /* 0 .. 999999999 */
    int32_t reserved;    /* 0 */
};

/* waitpid() options (Redox values) and status words (POSIX encoding). */
#define MH_WNOHANG 1
#define MH_WUNTRACED 2
#define MH_WCONTINUED 8
#define MH_WAIT_EXITED(code) (((code) & 0xff) << 8)
#define MH_WAIT_SIGNALED(signal) ((signal) & 0x7f)
#define MH_WAIT_STOPPED(signal) ((((signal) & 0xff) << 8) | 0x7f)
#define MH_WAIT_CONTINUED 0xffff
#define MH_WIFEXITED(status) (((status) & 0x7f) == 0)
#define MH_WEXITSTATUS(status) (((status) >> 8) & 0xff)
#define MH_WIFSIGNALED(status) (((status) & 0x7f) != 0 && ((status) & 0x7f) != 0x7f)
#define MH_WTERMSIG(status) ((status) & 0x7f)
#define MH_WIFSTOPPED(status) (((status) & 0xff) == 0x7f)
#define MH_WSTOPSIG(status) (((status) >> 8) & 0xff)
#define MH_WIFCONTINUED(status) ((status) == 0xffff)

/* Signals (Redox/Linux numbers). 1..63 are valid; MH_SIGNAL_BIT(s) is s's bit in a mask. */
#define MH_SIGHUP 1
#define MH_SIGINT 2
#define MH_SIGQUIT 3
#define MH_SIGILL 4
#define MH_SIGTRAP 5
#define MH_SIGABRT 6
#define MH_SIGBUS 7
#define MH_SIGFPE 8
#define MH_SIGKILL 9
#define MH_SIGUSR1 10
#define MH_SIGSEGV 11
#define MH_SIGUSR2 12
#define MH_SIGPIPE 13
#define MH_SIGALRM 14
#define MH_SIGTERM 15
#define MH_SIGSTKFLT 16
#define MH_SIGCHLD 17
#define MH_SIGCONT 18
#define MH_SIGSTOP 19
#define MH_SIGTSTP 20
#define MH_SIGTTIN 21
#define MH_SIGTTOU 22
#define MH_SIGURG 23
#define MH_SIGXCPU 24
#define MH_SIGXFSZ 25
#define MH_SIGVTALRM 26
#define MH_SIGPROF 27
#define MH_SIGWINCH 28
#define MH_SIGIO 29
#define MH_SIGPWR 30
#define MH_SIGSYS 31
#define MH_NSIG 64
#define MH_SIGNAL_BIT(signal) (1ull << ((signal) - 1))

#define MH_SIG_DFL 0
#define MH_SIG_IGN 1

#define MH_SIG_BLOCK 0
#define MH_SIG_UNBLOCK 1
#define MH_SIG_SETMASK 2

#define MH_SA_NOCLDSTOP 0x00000001u
#define MH_SA_SIGINFO 0x00000004u
#define MH_SA_RESTORER 0x04000000u
#define MH_SA_ONSTACK 0x08000000u  /* run the handler on the alternate signal stack */
#define MH_SA_RESTART 0x10000000u
#define MH_SA_NODEFER 0x40000000u
#define MH_SA_RESETHAND 0x80000000u

/* sigaction(): the handler is called as handler(signal, struct mh_siginfo *, struct
 * mh_signal_frame *) on the current stack (the alternate one for MH_SA_ONSTACK, see
 * struct mh_stack), returning to the restorer given to sigaction(),
 * which must call MH_SYS_SIGRETURN with the stack as the handler left it. */
struct mh_sigaction {
    uint64_t handler; /* MH_SIG_DFL, MH_SIG_IGN or a function address */
    uint64_t mask;    /* signals blocked while the handler runs (in addition to its own) */
    uint64_t flags;   /* MH_SA_* */
};

/* sigaltstack(): POSIX's stack_t on x86_64. */
struct mh_stack {
    uint64_t sp;    /* lowest address of the stack */
    int32_t flags;  /* MH_SS_ONSTACK (reported only), MH_SS_DISABLE */
    uint32_t reserved;
    uint64_t size;  /* bytes; at least MH_MINSIGSTKSZ */
};

#define MH_SS_ONSTACK 1
#define MH_SS_DISABLE 2
#define MH_MINSIGSTKSZ 2048

struct mh_siginfo {
    int32_t signal;
    int32_t code;     /* MH_SI_* */
    int32_t pid;      /* sender, for MH_SI_USER */
    int32_t status;   /* SIGCHLD: the child's wait status */
    uint64_t address; /* faults: the faulting address */
};

#define MH_SI_USER 0   /* sent with kill() */
#define MH_SI_KERNEL 0x80
#define MH_SI_FAULT 1  /* a CPU exception */
#define MH_SI_CHILD 2  /* SIGCHLD for a child's exit, stop or continuation */

/* The interrupted state, saved on the user stack while a handler runs. The handler starts
 * with RSP pointing at the restorer's address, and the frame follows it (16-byte aligned);
 * when the restorer calls sigreturn, RSP points at the frame. */
struct mh_signal_registers {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t rip, rflags, rsp;
};

struct mh_signal_frame {
    uint64_t saved_mask; /* the signal mask to restore */
    struct mh_siginfo info;
    struct mh_signal_registers registers;
    uint8_t fpu_state[512] __attribute__((aligned(16))); /* FXSAVE image */
};

_Static_assert(sizeof(struct mh_signal_frame) == 688, "signal frame layout");
_Static_assert(sizeof(struct mh_stack) == 24, "stack_t layout");
_Static_assert(sizeof(struct mh_stat) == 104, "Redox Stat layout");
_Static_assert(sizeof(struct mh_packet) == 56, "Redox Packet layout");

/* Driver capabilities: held by init, inherited over fork and exec, can only be dropped. */
#define MH_CAP_IO_PORTS 0x1u    /* iopl() */
#define MH_CAP_PHYS_MEMORY 0x2u /* memory:physical, virttophys() */
#define MH_CAP_IRQ 0x4u         /* irq: */
#define MH_CAP_ALL 0x7u

/* setreuid()/setregid(): the argument that leaves an id unchanged (Redox: usize::MAX). */
#define MH_ID_UNCHANGED UINT64_MAX

/* Terminals (debug:): dup(fd, "termios") reads and writes struct mh_termios, Redox's termios
 * (redox_termios, 48 bytes) with Redox's flag values and control-character indices;
 * dup(fd, "pgrp") an int32_t foreground process group, dup(fd, "winsize") struct mh_winsize,
 * dup(fd, "flush") takes an int32_t queue (MH_TCIFLUSH...). doc/schemes.md has the details. */
#define MH_NCCS 32

struct mh_termios {
    uint32_t c_iflag;
    uint32_t c_oflag;
    uint32_t c_cflag;
    uint32_t c_lflag;
    uint8_t c_cc[MH_NCCS];
};

struct mh_winsize {
    uint16_t ws_row;
    uint16_t ws_col;
    uint16_t ws_xpixel;
    uint16_t ws_ypixel;
};

_Static_assert(sizeof(struct mh_termios) == 48, "redox_termios layout");

/* c_cc indices */
#define MH_VEOF 0
#define MH_VEOL 1
#define MH_VEOL2 2
#define MH_VERASE 3
#define MH_VWERASE 4
#define MH_VKILL 5
#define MH_VREPRINT 6
#define MH_VSWTC 7
#define MH_VINTR 8
#define MH_VQUIT 9
#define MH_VSUSP 10
#define MH_VSTART 12
#define MH_VSTOP 13
#define MH_VLNEXT 14
#define MH_VDISCARD 15
#define MH_VMIN 16
#define MH_VTIME 17

/* c_iflag */
#define MH_IGNBRK 0000001u
#define MH_BRKINT 0000002u
#define MH_IGNPAR 0000004u
#define MH_PARMRK 0000010u
#define MH_INPCK 0000020u
#define MH_ISTRIP 0000040u
#define MH_INLCR 0000100u
#define MH_IGNCR 0000200u
#define MH_ICRNL 0000400u
#define MH_IXON 0001000u
#define MH_IXOFF 0002000u

/* c_oflag */
#define MH_OPOST 0000001u
#define MH_ONLCR 0000002u
#define MH_OLCUC 0000004u
#define MH_OCRNL 0000010u
#define MH_ONOCR 0000020u
#define MH_ONLRET 0000040u

/* c_cflag: the speed (MH_B*) in the low bits, as B0..B4000000 are numbered */
#define MH_CBAUD 0000037u
#define MH_B9600 0000015u
#define MH_B38400 0000017u
#define MH_B115200 0000021u
#define MH_CSIZE 0001400u
#define MH_CS8 0001400u
#define MH_CSTOPB 0002000u
#define MH_CREAD 0004000u
#define MH_PARENB 0010000u
#define MH_PARODD 0020000u
#define MH_HUPCL 0040000u
#define MH_CLOCAL 0100000u

/* c_lflag */
#define MH_ECHOE 0x00000002u
#define MH_ECHOK 0x00000004u
#define MH_ECHO 0x00000008u
#define MH_ECHONL 0x00000010u
#define MH_ISIG 0x00000080u
#define MH_ICANON 0x00000100u
#define MH_IEXTEN 0x00000400u
#define MH_TOSTOP 0x00400000u
#define MH_NOFLSH 0x80000000u

/* dup(fd, "flush") queues */
#define MH_TCIFLUSH 0
#define MH_TCOFLUSH 1
#define MH_TCIOFLUSH 2

/* Auxiliary vector entries on the initial stack (System V values). */
#define MH_AT_NULL 0
#define MH_AT_PHDR 3
#define MH_AT_PHENT 4
#define MH_AT_PHNUM 5
#define MH_AT_PAGESZ 6
#define MH_AT_ENTRY 9
#define MH_AT_RANDOM 25
#define MH_AT_EXECFN 31

#endif
