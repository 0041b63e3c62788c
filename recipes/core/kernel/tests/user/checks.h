/* The groups of checks the selftest mode of ktest runs, in order. Each reaps every child it
 * starts and closes every descriptor it opens, so the kernel's leak checks can hold. */
#ifndef KTEST_CHECKS_H
#define KTEST_CHECKS_H

#include "ulib.h"

/* checks_basic.c */
void check_files(void);
void check_bad_pointers(void);
void check_processes(void);
void check_time(void);
void check_fpu(void);
void check_fork(void);
void check_mappings(void);
void check_futex(void);
void check_thread_pointer(void);

/* checks_files.c */
void check_descriptors(void);
void check_pipes(void);
void check_events(void);

/* checks_signals.c */
void check_signals(void);

/* checks_directory.c */
void check_current_directory(void);

/* checks_exec.c */
void check_exec(void);
/* The exec test program embedded in ktest (probe_image.S). */
extern const uint8_t probe_image[], probe_image_end[];

/* checks_schemes.c */
void check_user_schemes(void);

/* checks_credentials.c */
void check_credentials(void);

/* checks_terminal.c */
void check_terminal(void);

/* checks_session.c */
void check_sessions(void);

/* terminal_session.c: ktest's "terminal" mode */
int run_terminal_session(void);

/* checks_drivers.c */
void check_driver_capabilities(void);

#endif
