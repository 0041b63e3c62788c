/* What the parts of system-test share: the check counter and helpers for child processes. */
#ifndef SYSTEM_TEST_CHECKS_H
#define SYSTEM_TEST_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

extern int checks_passed, checks_failed;

/* Prints "system-test: ok - WHAT" or "system-test: FAIL - WHAT (errno N)" and counts it. */
void check(bool ok, const char *what);

/* The wait status of child pid (reaping it), or -1. */
int wait_status(pid_t pid);

/* Byte i of the deterministic test pattern number seed. */
uint8_t pattern_byte(uint64_t seed, uint64_t i);

/* FNV-1a over data, continuing from hash (start with FNV_START). */
#define FNV_START 0xcbf29ce484222325ull
uint64_t fnv1a(uint64_t hash, const void *data, size_t length);

/* Writes or reads exactly length bytes (short transfers are continued); false on failure. */
bool write_all(int fd, const void *data, size_t length);
bool read_all(int fd, void *data, size_t length);

/* The check groups. The argument of run_* is this program's path, for exec. */
void check_processes(const char *self);
void check_pipes(void);
void check_user_scheme(void);
void check_driver_crash(void);
void write_files(void);
void verify_files(void);

/* The marker of a complete first boot, in the test tree; written last, after everything
 * else was synced. */
#define MARKER_NAME "boot1-done"
bool boot1_done(void);
bool mark_boot1_done(void);

/* Drops every driver capability but keep (MH_CAP_*); returns the ones left. */
long keep_capabilities(unsigned keep);

/* The helper modes of this program (argv[1]), started by exec from the checks; the value is
 * the exit status. */
int helper_main(int argc, char **argv);

#endif
