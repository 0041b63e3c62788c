/* Kernel time: a monotonic clock from the TSC (measured against the PIT at boot), the wall
 * clock anchored to the RTC, and the periodic local APIC timer tick that drives preemption
 * and wakes sleeping threads. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <stdint.h>

#define TIMER_HZ 1000
#define NANOSECONDS_PER_SECOND 1000000000ull

/* Calibrates the clocks and starts the tick (interrupts stay disabled until the caller enables
 * them). */
void time_init(void);

uint64_t time_monotonic_ns(void);

/* Nanoseconds since the Unix epoch. */
uint64_t time_realtime_ns(void);

/* Timer interrupts taken since time_init. */
uint64_t time_ticks(void);

/* The timer interrupt handler's work (called with interrupts disabled). */
void time_tick(void);

#endif
