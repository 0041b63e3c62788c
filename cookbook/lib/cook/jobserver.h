/* One job budget for the whole cook, shared with make through a GNU make jobserver.
 *
 * When repo runs under make (MAKEFLAGS has --jobserver-auth=fifo:PATH or R,W), it is a client:
 * it already holds one implicit job and takes more tokens from make's pool for each further
 * build it runs in parallel. Otherwise it creates a pool of its own with jobs-1 tokens. Either
 * way, build scripts get MAKEFLAGS pointing at the pool, so every make they run draws from the
 * same budget. Tokens are read from a non-blocking descriptor of our own (a second open of the
 * pipe), so waiting for one never blocks the cook, and every token taken is given back. */
#ifndef MH_COOK_JOBSERVER_H
#define MH_COOK_JOBSERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

typedef struct cook_jobserver {
    int read_fd;          /* ours, non-blocking, for taking tokens (and polling) */
    int pipe_fds[2];      /* what children use (R,W style; -1 for fifo style) */
    bool owner;           /* we created the pool */
    bool client;          /* we joined make's pool */
    char *makeflags;      /* MAKEFLAGS for children */
    char *held;           /* the token bytes taken (given back as they were) */
    size_t held_count;
} cook_jobserver;

/* Joins the pool named in makeflags (the MAKEFLAGS value, may be NULL) or creates one of jobs
 * slots. A pool named but not usable (make did not pass the descriptors: the recipe line lacks
 * '+') is reported through *warning and a pool of our own is made instead. */
int cook_jobserver_open(cook_jobserver *js, const char *makeflags, long jobs, char *warning,
                        size_t warning_size, mh_error *err);
/* Takes one token if one is free: returns 1, or 0 when none is. */
int cook_jobserver_take(cook_jobserver *js);
/* Gives one token back. */
void cook_jobserver_give(cook_jobserver *js);
/* Gives every token back and closes. */
void cook_jobserver_close(cook_jobserver *js);

/* The descriptors children must inherit (R,W style), and their number (0 or 2). */
size_t cook_jobserver_fds(const cook_jobserver *js, const int **fds);

#endif
