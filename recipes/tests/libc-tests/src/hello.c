/* The smallest proof of the C library: printf from newlib, through the system layer's write()
 * to the debug: console the first process gets as its standard output. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("Hello from newlib on MACROHARD (pid %d)\n", (int)getpid());
    return 0;
}
