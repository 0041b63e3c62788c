/* Process credentials: real and effective uid/gid, their inheritance by fork, the rules for
 * changing them, kill's permission check, and the effective ids in user-space scheme packets.
 * Every change happens in a child, which reports through its exit status. */
#include "checks.h"

#define USER 1000
#define GROUP 100

static int64_t wait_child(int64_t pid)
{
    int32_t status = -1;
    return sys_waitpid(pid, &status, 0) == pid && MH_WIFEXITED(status) ? MH_WEXITSTATUS(status) : -1;
}

/* Child: root drops to USER/GROUP for good. The exit status is a bit mask of failed steps. */
static int drop_for_good(int64_t root_parent)
{
    int failures = 0;
    if (sys_set_ids(MH_SYS_SETREGID, GROUP, GROUP) != 0)
        failures |= 1;
    if (sys_set_ids(MH_SYS_SETREUID, USER, USER) != 0)
        failures |= 2;
    if (sys_get_id(MH_SYS_GETUID) != USER || sys_get_id(MH_SYS_GETEUID) != USER ||
        sys_get_id(MH_SYS_GETGID) != GROUP || sys_get_id(MH_SYS_GETEGID) != GROUP)
        failures |= 4;
    if (sys_set_ids(MH_SYS_SETREUID, 0, 0) != -MH_EPERM || sys_set_ids(MH_SYS_SETREUID, MH_ID_UNCHANGED, 0) != -MH_EPERM ||
        sys_set_ids(MH_SYS_SETREGID, 0, 0) != -MH_EPERM)
        failures |= 8;
    if (sys_set_ids(MH_SYS_SETREUID, MH_ID_UNCHANGED, USER) != 0 || sys_get_id(MH_SYS_GETEUID) != USER)
        failures |= 16;
    if (sys_kill(root_parent, 0) != -MH_EPERM)
        failures |= 32;
    /* A grandchild inherits the ids. */
    int64_t pid = sys_clone(0);
    if (pid == 0)
        sys_exit(sys_get_id(MH_SYS_GETUID) == USER && sys_get_id(MH_SYS_GETEGID) == GROUP ? 0 : 1);
    if (wait_child(pid) != 0)
        failures |= 64;
    return failures;
}

/* Child: an effective uid can be dropped and regained while the real uid stays 0. */
static int drop_for_a_while(void)
{
    int failures = 0;
    if (sys_set_ids(MH_SYS_SETREUID, MH_ID_UNCHANGED, USER) != 0 || sys_get_id(MH_SYS_GETUID) != 0 ||
        sys_get_id(MH_SYS_GETEUID) != USER)
        failures |= 1;
    if (sys_set_ids(MH_SYS_SETREUID, MH_ID_UNCHANGED, 0) != 0 || sys_get_id(MH_SYS_GETEUID) != 0)
        failures |= 2;
    /* A 32-bit -1 also leaves the id alone. */
    if (sys_set_ids(MH_SYS_SETREUID, 0xffffffffu, 0xffffffffu) != 0 || sys_get_id(MH_SYS_GETEUID) != 0)
        failures |= 4;
    return failures;
}

/* A scheme served here sees the effective ids of a child that dropped them. */
static void check_packet_ids(void)
{
    int64_t server = open_path(":ktestids", MH_O_CREAT | MH_O_RDWR | MH_O_CLOEXEC);
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        sys_set_ids(MH_SYS_SETREGID, GROUP, GROUP);
        sys_set_ids(MH_SYS_SETREUID, USER, USER);
        sys_exit(open_path("ktestids:file", MH_O_RDONLY) == -MH_EACCES ? 0 : 1);
    }
    struct mh_packet packet;
    bool got = sys_read(server, &packet, sizeof packet) == sizeof packet;
    check(got && packet.a == MH_SYS_OPEN && packet.uid == USER && packet.gid == GROUP && packet.pid == (uint64_t)pid,
          "a scheme request carries the caller's effective uid and gid");
    packet.a = (uint64_t)-MH_EACCES;
    sys_write(server, &packet, sizeof packet);
    check(wait_child(pid) == 0, "the server's EACCES reaches the caller");
    sys_close(server);
}

void check_credentials(void)
{
    check(sys_get_id(MH_SYS_GETUID) == 0 && sys_get_id(MH_SYS_GETEUID) == 0 && sys_get_id(MH_SYS_GETGID) == 0 &&
              sys_get_id(MH_SYS_GETEGID) == 0,
          "init runs as root (uid and gid 0)");
    int64_t self = sys_getpid();
    int64_t pid = sys_clone(0);
    if (pid == 0)
        sys_exit(drop_for_good(self));
    int64_t failures = wait_child(pid);
    check(failures == 0, "root drops to uid 1000 gid 100, cannot get back, cannot signal root, children inherit");
    if (failures != 0) {
        print("user: failed steps mask ");
        print_number(failures);
        print("\n");
    }
    pid = sys_clone(0);
    if (pid == 0)
        sys_exit(drop_for_a_while());
    check(wait_child(pid) == 0, "with real uid 0 the effective uid comes back");
    check(sys_set_ids(MH_SYS_SETREUID, (uint64_t)1 << 40, MH_ID_UNCHANGED) == -MH_EINVAL, "ids above 32 bits are EINVAL");
    check_packet_ids();
}
