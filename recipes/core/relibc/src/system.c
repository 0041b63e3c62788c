/* System facts: names, limits, randomness. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "internal.h"

#define HOSTNAME_FILE "/etc/hostname"
#define DEFAULT_HOSTNAME "localhost"
#define OPEN_FILES 64 /* the kernel's descriptor table */
#define ARGUMENT_BYTES 4096
#define NAME_LENGTH 255
#define PIPE_BUFFER 4096
#define CLOCK_TICKS 1000 /* times() ticks per second (CLOCKS_PER_SEC) */

int gethostname(char *name, size_t size)
{
    char found[_UTSNAME_LENGTH];
    size_t length = 0;
    int fd = open(HOSTNAME_FILE, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t got = read(fd, found, sizeof found - 1);
        close(fd);
        if (got > 0) {
            found[got] = '\0';
            length = strcspn(found, "\n");
        }
    }
    if (length == 0) {
        length = strlen(DEFAULT_HOSTNAME);
        memcpy(found, DEFAULT_HOSTNAME, length);
    }
    found[length] = '\0';
    if (length >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(name, found, length + 1);
    return 0;
}

int sethostname(const char *name, size_t length)
{
    (void)name, (void)length;
    return __mh_unsupported();
}

int uname(struct utsname *names)
{
    memset(names, 0, sizeof *names);
    strcpy(names->sysname, "MACROHARD");
    if (gethostname(names->nodename, sizeof names->nodename) != 0)
        return -1;
    strcpy(names->release, "0.1.0");
    strcpy(names->version, "MACROHARD x86_64 microkernel");
    strcpy(names->machine, "x86_64");
    return 0;
}

long sysconf(int name)
{
    switch (name) {
    case _SC_ARG_MAX:
        return ARGUMENT_BYTES;
    case _SC_CHILD_MAX:
        return 1024;
    case _SC_CLK_TCK:
        return CLOCK_TICKS;
    case _SC_NGROUPS_MAX:
        return 0;
    case _SC_OPEN_MAX:
        return OPEN_FILES;
    case _SC_PAGESIZE:
        return getpagesize();
    case _SC_NPROCESSORS_CONF:
    case _SC_NPROCESSORS_ONLN:
        return 1; /* the kernel runs on the boot processor only */
    case _SC_LINE_MAX:
        return LINE_MAX;
    case _SC_HOST_NAME_MAX:
        return _UTSNAME_LENGTH - 1;
    case _SC_LOGIN_NAME_MAX:
        return NAME_LENGTH + 1;
    case _SC_GETPW_R_SIZE_MAX:
    case _SC_GETGR_R_SIZE_MAX:
        return 4096;
    case _SC_TTY_NAME_MAX:
        return 32;
    case _SC_SYMLOOP_MAX:
        return 32;
    case _SC_VERSION:
        return 200809L;
    case _SC_2_VERSION:
        return 200809L;
    case _SC_JOB_CONTROL:
    case _SC_SAVED_IDS:
        return -1; /* not supported, errno untouched */
    default:
        errno = EINVAL;
        return -1;
    }
}

long fpathconf(int fd, int name)
{
    (void)fd;
    switch (name) {
    case _PC_LINK_MAX:
        return 65535;
    case _PC_MAX_CANON:
    case _PC_MAX_INPUT:
        return 255;
    case _PC_NAME_MAX:
        return NAME_LENGTH;
    case _PC_PATH_MAX:
        return 4096;
    case _PC_PIPE_BUF:
        return PIPE_BUFFER;
    case _PC_NO_TRUNC:
        return 1;
    case _PC_CHOWN_RESTRICTED:
        return 1;
    case _PC_VDISABLE:
        return 0;
    default:
        errno = EINVAL;
        return -1;
    }
}

long pathconf(const char *path, int name)
{
    (void)path;
    return fpathconf(-1, name);
}

int getdtablesize(void)
{
    return OPEN_FILES;
}

/* RDRAND when the processor has it (CPUID leaf 1, ECX bit 30). */
static int have_rdrand(void)
{
    uint32_t eax = 1, ebx, ecx = 0, edx;
    __asm__("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
    return (ecx >> 30) & 1;
}

static int rdrand(uint64_t *value)
{
    for (int attempt = 0; attempt < 10; attempt++) {
        unsigned char ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*value), "=qm"(ok));
        if (ok)
            return 1;
    }
    return 0;
}

int getentropy(void *buffer, size_t length)
{
    if (length > 256) {
        errno = EIO;
        return -1;
    }
    if (!have_rdrand())
        return __mh_unsupported(); /* the kernel has no rand: scheme yet */
    unsigned char *out = buffer;
    while (length > 0) {
        uint64_t word;
        if (!rdrand(&word)) {
            errno = EIO;
            return -1;
        }
        size_t chunk = length < sizeof word ? length : sizeof word;
        memcpy(out, &word, chunk);
        out += chunk;
        length -= chunk;
    }
    return 0;
}
