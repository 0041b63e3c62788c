#include "time.h"

#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/pit.h"
#include "arch/x86_64/rtc.h"
#include "console.h"
#include "panic.h"
#include "sched/scheduler.h"
#include "scheme/time_scheme.h"

#define CALIBRATION_MICROSECONDS 50000u

static uint64_t tsc_at_boot;
static uint64_t tsc_hz;
/* ns = (tsc delta * tsc_to_ns_multiplier) >> 32, avoiding a 128-bit division per reading. */
static uint64_t tsc_to_ns_multiplier;
static uint64_t realtime_at_boot_ns;
static volatile uint64_t ticks;

void time_init(void)
{
    apic_timer_start_measuring();
    uint64_t tsc_start = cpu_read_timestamp();
    pit_countdown_start(CALIBRATION_MICROSECONDS);
    while (!pit_countdown_done())
        __asm__ volatile("pause");
    uint64_t tsc_elapsed = cpu_read_timestamp() - tsc_start;
    uint64_t apic_elapsed = apic_timer_elapsed();

    tsc_hz = tsc_elapsed * (1000000u / CALIBRATION_MICROSECONDS);
    uint64_t apic_hz = apic_elapsed * (1000000u / CALIBRATION_MICROSECONDS);
    if (tsc_hz < 1000000 || apic_hz < TIMER_HZ)
        panic("clock calibration failed (TSC %llu Hz, APIC timer %llu Hz)",
              (unsigned long long)tsc_hz, (unsigned long long)apic_hz);
    tsc_to_ns_multiplier = (NANOSECONDS_PER_SECOND << 32) / tsc_hz;
    tsc_at_boot = cpu_read_timestamp();
    realtime_at_boot_ns = rtc_read_unix_seconds() * NANOSECONDS_PER_SECOND;
    kprintf("time: TSC %llu MHz, local APIC timer %llu kHz, tick %u Hz, RTC %llu\n",
            (unsigned long long)(tsc_hz / 1000000), (unsigned long long)(apic_hz / 1000),
            TIMER_HZ, (unsigned long long)(realtime_at_boot_ns / NANOSECONDS_PER_SECOND));
    apic_timer_start_periodic(apic_hz, TIMER_HZ);
}

uint64_t time_monotonic_ns(void)
{
    uint64_t delta = cpu_read_timestamp() - tsc_at_boot;
    return (uint64_t)(((unsigned __int128)delta * tsc_to_ns_multiplier) >> 32);
}

uint64_t time_realtime_ns(void)
{
    return realtime_at_boot_ns + time_monotonic_ns();
}

uint64_t time_ticks(void)
{
    return ticks;
}

void time_tick(void)
{
    ticks++;
    uint64_t now = time_monotonic_ns();
    time_scheme_tick(now);
    scheduler_tick(now);
}
