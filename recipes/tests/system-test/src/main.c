/* system-test: run from an /etc/init.d script of the system-test image (config/system-test.toml)
 * by tests/qemu-test.sh, which boots the same disk twice. Without the marker of a finished
 * first boot it checks processes, pipes, a user scheme, a crashing driver and writes its files
 * on the root; with it (the second boot) it checks that those files survived. It then ends
 * QEMU through isa-debug-exit: status 33 when every check passed, 35 otherwise.
 *
 * The checks run in a child; this process keeps only the I/O port capability, for the exit
 * port, and the checks keep only what the driver check needs (IRQ, physical memory). */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checks.h"
#include "mh_sys.h"

#define SELF_PATH "/usr/bin/system-test"
#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_PASS 0x10 /* QEMU exits with (value << 1) | 1 = 33 */
#define DEBUG_EXIT_FAIL 0x11 /* 35 */

static void port_out32(uint16_t port, uint32_t value)
{
    __asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static int run_checks(int boot)
{
    keep_capabilities(MH_CAP_IRQ | MH_CAP_PHYS_MEMORY);
    if (boot == 1) {
        check_processes(SELF_PATH);
        check_pipes();
        check_user_scheme();
        check_driver_crash();
        write_files();
        verify_files();
        check(mark_boot1_done(), "the marker " MARKER_NAME " is written last");
    } else {
        keep_capabilities(0);
        verify_files();
    }
    printf("system-test: boot %d: %d passed, %d failed\n", boot, checks_passed, checks_failed);
    fflush(stdout);
    return checks_failed == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return helper_main(argc, argv);
    int boot = boot1_done() ? 2 : 1;
    printf("system-test: boot %d (%s)\n", boot,
           boot == 1 ? "no marker yet: full checks, files written" : "marker found: files verified");
    fflush(stdout);
    pid_t runner = fork();
    if (runner == 0)
        _exit(run_checks(boot));
    long left = keep_capabilities(MH_CAP_IO_PORTS);
    int status = wait_status(runner);
    int pass = runner > 0 && left == MH_CAP_IO_PORTS && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!pass)
        printf("system-test: boot %d: FAILED (capabilities left %#lx, checks' wait status %#x)\n", boot,
               left, status);
    printf("system-test: boot %d: ending QEMU with %s\n", boot, pass ? "pass (33)" : "fail (35)");
    fflush(stdout);
    if (mh_call(MH_SYS_IOPL, 3, 0, 0, 0, 0) == 0)
        port_out32(DEBUG_EXIT_PORT, pass ? DEBUG_EXIT_PASS : DEBUG_EXIT_FAIL);
    printf("system-test: no isa-debug-exit device at %#x; the result stays on the console\n", DEBUG_EXIT_PORT);
    return pass ? 0 : 1;
}
