/* Item 4 of the boot issue: a driver holding an IRQ, physical memory and a scheme crashes
 * while serving a request. The caller gets EIO, the kernel reports the crash on the console
 * (the host test reads it) and carries on: the IRQ line and the scheme name are free again.
 * Then, without capabilities, the hardware stays out of reach. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checks.h"
#include "mh_sys.h"

#define DRIVER_IRQ "irq:8" /* the RTC's line: unused by the kernel and the minimal system */

long keep_capabilities(unsigned keep)
{
    return mh_call(MH_SYS_CAPABILITIES, MH_CAP_ALL & ~keep, 0, 0, 0, 0);
}

/* The driver: no port I/O (it needs none), an IRQ, physical memory and a scheme; it reports
 * 'r' (ready) or 'e' on the pipe, then crashes on its first request. */
static void crashing_driver(int ready)
{
    keep_capabilities(MH_CAP_IRQ | MH_CAP_PHYS_MEMORY);
    long irq = mh_open(DRIVER_IRQ, MH_O_RDWR);
    long memory = mh_open("memory:physical", MH_O_RDWR);
    long server = mh_register_scheme("crashdrv");
    char status = irq >= 0 && memory >= 0 && server >= 0 ? 'r' : 'e';
    write(ready, &status, 1);
    struct mh_packet packet;
    mh_read(server, &packet, sizeof packet);
    volatile int *volatile nowhere = (int *)16;
    *nowhere = 1; /* the bug: a write through a null pointer */
    _exit(0);
}

static void check_crash_is_contained(void)
{
    int ready[2];
    pipe(ready);
    fflush(stdout);
    pid_t driver = fork();
    if (driver == 0) {
        close(ready[0]);
        crashing_driver(ready[1]);
    }
    close(ready[1]);
    char status = 0;
    read(ready[0], &status, 1);
    close(ready[0]);
    check(status == 'r', "a driver process claims " DRIVER_IRQ ", opens memory:physical and registers crashdrv:");
    long fd = mh_open("crashdrv:device", MH_O_RDONLY);
    check(fd == -MH_EIO, "the request the driver crashes on fails with EIO");
    int wait = wait_status(driver);
    check(WIFSIGNALED(wait) && WTERMSIG(wait) == SIGSEGV, "the driver was killed by SIGSEGV");
    long irq = mh_open(DRIVER_IRQ, MH_O_RDWR);
    check(irq >= 0, "the kernel released the dead driver's IRQ line: it can be claimed again");
    long server = mh_register_scheme("crashdrv");
    check(server >= 0, "and its scheme name can be registered again");
    mh_close(irq);
    mh_close(server);
}

static void check_without_capabilities(void)
{
    check(keep_capabilities(0) == 0, "the checks drop every driver capability");
    check(mh_call(MH_SYS_IOPL, 3, 0, 0, 0, 0) == -MH_EPERM, "then iopl(3) is refused (EPERM)");
    check(mh_open(DRIVER_IRQ, MH_O_RDWR) == -MH_EPERM && mh_open("irq:msi", MH_O_RDWR) == -MH_EPERM,
          "then no IRQ can be claimed");
    check(mh_open("memory:physical", MH_O_RDWR) == -MH_EPERM, "then memory:physical is refused");
}

void check_driver_crash(void)
{
    check_crash_is_contained();
    check_without_capabilities();
}
