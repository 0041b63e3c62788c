/* time: — Redox's clocks and timers. open("time:N") for clock N (MH_CLOCK_MONOTONIC, the
 * default for "time:", or MH_CLOCK_REALTIME). Reading gives the clock's current time as a
 * struct mh_timespec; writing one arms a timer for that absolute time on that clock, and an
 * event queue watching the descriptor reports it readable once the time has come. */
#ifndef KERNEL_TIME_SCHEME_H
#define KERNEL_TIME_SCHEME_H

#include <stdint.h>

#include "scheme/scheme.h"

extern struct scheme time_scheme;

/* From the timer interrupt: fires the timers whose time has come. */
void time_scheme_tick(uint64_t now_ns);

#endif
