/* The local APIC: interrupt acknowledgement and the periodic timer that drives scheduling. */
#ifndef KERNEL_APIC_H
#define KERNEL_APIC_H

#include <stdint.h>

/* Enables the local APIC (spurious vector 0xff) and masks its legacy inputs. */
void apic_init(void);

void apic_eoi(void);

/* Timer control for calibration: counts down from the maximum, masked. */
void apic_timer_start_measuring(void);
uint32_t apic_timer_elapsed(void);

/* Raises VECTOR_TIMER hz times per second; ticks_per_second comes from calibration. */
void apic_timer_start_periodic(uint64_t ticks_per_second, uint32_t hz);

uint32_t apic_id(void);

#endif
