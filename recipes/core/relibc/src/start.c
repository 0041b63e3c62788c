/* The C side of process start (crt0.S): arguments and environment from the initial stack,
 * standard streams, constructors, main, exit. */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

extern char **environ;
extern int main(int argc, char **argv, char **envp);
extern void __libc_init_array(void);
extern void __libc_fini_array(void);

_Noreturn void __mh_start(uint64_t *stack);

_Noreturn void __mh_start(uint64_t *stack)
{
    int argc = (int)stack[0];
    char **argv = (char **)(stack + 1);
    char **envp = argv + argc + 1;
    environ = envp;
    __mh_open_standard_streams();
    atexit(__libc_fini_array);
    __libc_init_array();
    exit(main(argc, argv, envp));
}
