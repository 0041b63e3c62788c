/* ps: every process, from the kernel's sys:context ("PID PPID PGID STATE CAPS NAME" lines,
 * recipes/core/kernel/doc/schemes.md), as PID, PPID, PGID, state and command name. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define PROGRAM "ps"
#define PROCESS_TABLE "sys:context"

int main(int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: %s\n", PROGRAM);
        return 2;
    }
    FILE *table = fopen(PROCESS_TABLE, "r");
    if (table == NULL) {
        fprintf(stderr, "%s: cannot read %s: %s\n", PROGRAM, PROCESS_TABLE, strerror(errno));
        return 1;
    }
    char line[512];
    int line_number = 0, status = 0;
    printf("%5s %5s %5s %s %s\n", "PID", "PPID", "PGID", "S", "CMD");
    while (fgets(line, sizeof line, table) != NULL) {
        if (++line_number == 1)
            continue; /* the kernel's header */
        int pid, ppid, pgid, name_start = -1;
        char state;
        unsigned capabilities;
        if (sscanf(line, "%d %d %d %c %x %n", &pid, &ppid, &pgid, &state, &capabilities, &name_start) < 5 ||
            name_start < 0) {
            fprintf(stderr, "%s: %s:%d: unexpected line: %s", PROGRAM, PROCESS_TABLE, line_number, line);
            status = 1;
            continue;
        }
        line[strcspn(line, "\n")] = '\0';
        printf("%5d %5d %5d %c %s\n", pid, ppid, pgid, state, line + name_start);
    }
    fclose(table);
    return fflush(stdout) == 0 ? status : 1;
}
