/* The CMOS real-time clock, read once at boot to anchor CLOCK_REALTIME. */
#ifndef KERNEL_RTC_H
#define KERNEL_RTC_H

#include <stdint.h>

/* Seconds since 1970-01-01 00:00:00 UTC (the RTC is assumed to run in UTC). */
uint64_t rtc_read_unix_seconds(void);

#endif
