#include "input_files.h"

#include <errno.h>
#include <string.h>

int for_each_input_file(const char *program, int count, char *const *operands,
                        int (*show)(FILE *file, const char *name, const void *options),
                        const void *options)
{
    if (count == 0)
        return show(stdin, "standard input", options);
    int status = 0;
    for (int i = 0; i < count; i++) {
        int is_stdin = strcmp(operands[i], "-") == 0;
        FILE *file = is_stdin ? stdin : fopen(operands[i], "r");
        if (file == NULL) {
            fprintf(stderr, "%s: cannot open '%s' for reading: %s\n", program, operands[i],
                    strerror(errno));
            status = 1;
            continue;
        }
        if (count > 1)
            printf("%s==> %s <==\n", i > 0 ? "\n" : "", is_stdin ? "standard input" : operands[i]);
        status |= show(file, operands[i], options);
        if (!is_stdin)
            fclose(file);
    }
    return fflush(stdout) == 0 ? status : 1;
}
