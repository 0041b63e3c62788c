/* The C side of process start (crt0.S): arguments, environment and auxiliary vector from the
 * initial stack, thread-local storage (tls.c), standard streams, the current directory the
 * kernel kept (path.c), the program's name (program_name.c), constructors, main, exit. */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

extern char **environ;
extern int main(int argc, char **argv, char **envp);
extern void __libc_init_array(void);
extern void __libc_fini_array(void);

_Noreturn void __mh_start(uint64_t *stack);
void __mh_init_tls(const uint64_t *auxv);

_Noreturn void __mh_start(uint64_t *stack)
{
    int argc = (int)stack[0];
    char **argv = (char **)(stack + 1);
    char **envp = argv + argc + 1;
    environ = envp;
    __mh_init_program_name(argc > 0 ? argv[0] : NULL);
    char **after_environment = envp;
    while (*after_environment != NULL)
        after_environment++;
    __mh_init_tls((const uint64_t *)(after_environment + 1));
    __mh_open_standard_streams();
    __mh_init_current_directory();
    atexit(__libc_fini_array);
    __libc_init_array();
    exit(main(argc, argv, envp));
}
