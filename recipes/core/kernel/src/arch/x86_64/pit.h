/* The 8254 programmable interval timer, used only as a known-frequency reference to measure
 * the TSC and local APIC timer at boot (channel 2, polled; no interrupts). */
#ifndef KERNEL_PIT_H
#define KERNEL_PIT_H

#include <stdbool.h>
#include <stdint.h>

/* Starts a one-shot countdown of the given length (at most 50 ms). */
void pit_countdown_start(uint32_t microseconds);

bool pit_countdown_done(void);

#endif
