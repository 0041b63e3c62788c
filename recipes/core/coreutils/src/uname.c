/* uname [-amnrsv]: the system's name (-s, the default), host name (-n), release (-r),
 * version (-v) and machine (-m); -a all of them. The kernel tells its own facts in sys:uname
 * (four lines: name, release, version, machine); where that file does not exist the C
 * library's uname() answers. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define PROGRAM "uname"
#define SYSTEM_FACTS "sys:uname"

static void read_kernel_facts(struct utsname *names)
{
    FILE *file = fopen(SYSTEM_FACTS, "r");
    if (file == NULL)
        return;
    char *fields[] = {names->sysname, names->release, names->version, names->machine};
    char line[sizeof names->sysname];
    for (int i = 0; i < 4 && fgets(line, sizeof line, file) != NULL; i++) {
        line[strcspn(line, "\n")] = '\0';
        snprintf(fields[i], sizeof names->sysname, "%s", line);
    }
    fclose(file);
}

int main(int argc, char **argv)
{
    int show[5] = {0}; /* s n r v m */
    int option;
    while ((option = getopt(argc, argv, "amnrsv")) != -1) {
        switch (option) {
        case 'a':
            for (int i = 0; i < 5; i++)
                show[i] = 1;
            break;
        case 's': show[0] = 1; break;
        case 'n': show[1] = 1; break;
        case 'r': show[2] = 1; break;
        case 'v': show[3] = 1; break;
        case 'm': show[4] = 1; break;
        default:
            fprintf(stderr, "usage: %s [-amnrsv]\n", PROGRAM);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "%s: extra operand '%s'\n", PROGRAM, argv[optind]);
        return 2;
    }
    if (!show[0] && !show[1] && !show[2] && !show[3] && !show[4])
        show[0] = 1;
    struct utsname names;
    if (uname(&names) != 0) {
        perror(PROGRAM);
        return 1;
    }
    read_kernel_facts(&names);
    const char *values[] = {names.sysname, names.nodename, names.release, names.version, names.machine};
    const char *separator = "";
    for (int i = 0; i < 5; i++) {
        if (show[i]) {
            printf("%s%s", separator, values[i]);
            separator = " ";
        }
    }
    putchar('\n');
    return fflush(stdout) == 0 ? 0 : 1;
}
