/* The exec test program (embedded in ktest, run through fexec() or execve()). It checks what
 * exec promises and exits 42 when everything holds, or 100 + the number of the first check
 * that failed:
 *   argv[0] is "kprobe"; the environment is exactly KTEST=exec and SECOND=2 (execve from a
 *   scheme passes none: then only argv[0] and the auxiliary vector are checked); the auxiliary
 *   vector has AT_PAGESZ 4096, AT_ENTRY = _start, AT_PHDR/AT_PHENT/AT_PHNUM describing this
 *   program's headers, AT_RANDOM, and AT_EXECFN: argv[0] after fexec(), the path after
 *   execve("/scheme/ktest/probe"); the stack is 16-byte aligned.
 * With three arguments: argv[1] is an inherited descriptor, on which it writes "pid=N";
 * argv[2] was close-on-exec and must be closed; SIGUSR1 had a handler (now back to default)
 * and SIGUSR2 was ignored (still ignored); the thread pointer set before exec is gone; the
 * current directory set before exec ("sys:exec-probe") is kept. */
#include "ulib.h"

int main(int argc, char **argv);
void _start(void);

#define PT_LOAD 1

static int64_t parse(const char *text)
{
    int64_t value = 0;
    while (*text >= '0' && *text <= '9')
        value = value * 10 + (*text++ - '0');
    return value;
}

static int check_environment(char **envp)
{
    int count = 0;
    bool first = false, second = false;
    for (; envp[count] != NULL; count++) {
        first |= same_string(envp[count], "KTEST=exec");
        second |= same_string(envp[count], "SECOND=2");
    }
    return count == 2 && first && second ? 0 : 2;
}

static int check_auxv(const uint64_t *auxv, const char *expected_execfn)
{
    uint64_t page_size = 0, entry = 0, phdr = 0, phent = 0, phnum = 0, random = 0, execfn = 0;
    for (; auxv[0] != MH_AT_NULL; auxv += 2) {
        switch (auxv[0]) {
        case MH_AT_PAGESZ: page_size = auxv[1]; break;
        case MH_AT_ENTRY: entry = auxv[1]; break;
        case MH_AT_PHDR: phdr = auxv[1]; break;
        case MH_AT_PHENT: phent = auxv[1]; break;
        case MH_AT_PHNUM: phnum = auxv[1]; break;
        case MH_AT_RANDOM: random = auxv[1]; break;
        case MH_AT_EXECFN: execfn = auxv[1]; break;
        }
    }
    if (page_size != 4096)
        return 3;
    if (entry != (uint64_t)_start)
        return 4;
    if (phdr == 0 || phent != 56 || phnum == 0)
        return 5;
    bool has_load = false;
    for (uint64_t i = 0; i < phnum; i++)
        has_load |= *(const uint32_t *)(phdr + i * phent) == PT_LOAD;
    if (!has_load)
        return 6;
    if (random == 0 || execfn == 0 || !same_string((const char *)execfn, expected_execfn))
        return 7;
    return 0;
}

static int check_inheritance(char **argv)
{
    int64_t report = parse(argv[1]), closed = parse(argv[2]);
    char text[32] = "pid=";
    size_t length = 4 + format_number(text + 4, sys_getpid());
    if (sys_write(report, text, length) != (int64_t)length)
        return 8;
    if (sys_fcntl(closed, MH_F_GETFD, 0) != -MH_EBADF)
        return 9;
    struct mh_sigaction action;
    if (sys_sigaction(MH_SIGUSR1, NULL, &action, NULL) != 0 || action.handler != MH_SIG_DFL)
        return 10;
    if (sys_sigaction(MH_SIGUSR2, NULL, &action, NULL) != 0 || action.handler != MH_SIG_IGN)
        return 11;
    if (sys_set_fs_base(NULL) != 0)
        return 12;
    char directory[32] = {0};
    if (sys_getcwd(directory, sizeof directory - 1) != 14 || !same_string(directory, "sys:exec-probe"))
        return 13;
    return 0;
}

int main(int argc, char **argv)
{
    int failure = 0;
    char **envp = argv + argc + 1;
    char **after = envp;
    while (*after != NULL)
        after++;
    const uint64_t *auxv = (const uint64_t *)(after + 1);
    if (argc < 1 || !same_string(argv[0], "kprobe") || ((uint64_t)argv - 8) % 16 != 0)
        failure = 1;
    if (failure == 0 && argc == 3)
        failure = check_environment(envp);
    if (failure == 0)
        failure = check_auxv(auxv, argc == 3 ? "kprobe" : "/scheme/ktest/probe");
    if (failure == 0 && argc == 3)
        failure = check_inheritance(argv);
    return failure == 0 ? 42 : 100 + failure;
}
