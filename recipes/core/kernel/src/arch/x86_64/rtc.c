#include "rtc.h"

#include <stdbool.h>

#include "lib/port_io.h"

#define CMOS_ADDRESS 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_DISABLE 0x80

enum cmos_register {
    RTC_SECONDS = 0x00,
    RTC_MINUTES = 0x02,
    RTC_HOURS = 0x04,
    RTC_DAY = 0x07,
    RTC_MONTH = 0x08,
    RTC_YEAR = 0x09,
    RTC_STATUS_A = 0x0a,
    RTC_STATUS_B = 0x0b,
    RTC_CENTURY = 0x32, /* the usual location (ACPI FADT can say otherwise) */
};

#define STATUS_A_UPDATING 0x80
#define STATUS_B_24_HOUR 0x02
#define STATUS_B_BINARY 0x04
#define HOUR_PM 0x80

struct rtc_time {
    unsigned second, minute, hour, day, month, year, century;
};

static uint8_t cmos_read(enum cmos_register reg)
{
    port_write8(CMOS_ADDRESS, CMOS_NMI_DISABLE | reg);
    return port_read8(CMOS_DATA);
}

static void read_raw(struct rtc_time *time)
{
    while (cmos_read(RTC_STATUS_A) & STATUS_A_UPDATING)
        ;
    *time = (struct rtc_time){
        .second = cmos_read(RTC_SECONDS),
        .minute = cmos_read(RTC_MINUTES),
        .hour = cmos_read(RTC_HOURS),
        .day = cmos_read(RTC_DAY),
        .month = cmos_read(RTC_MONTH),
        .year = cmos_read(RTC_YEAR),
        .century = cmos_read(RTC_CENTURY),
    };
}

static bool same_time(const struct rtc_time *a, const struct rtc_time *b)
{
    return a->second == b->second && a->minute == b->minute && a->hour == b->hour &&
           a->day == b->day && a->month == b->month && a->year == b->year &&
           a->century == b->century;
}

static unsigned from_bcd(unsigned value)
{
    return (value & 0x0f) + (value >> 4) * 10;
}

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian calendar). */
static int64_t days_since_epoch(int64_t year, unsigned month, unsigned day)
{
    year -= month <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

uint64_t rtc_read_unix_seconds(void)
{
    /* Read until two consecutive reads agree, so no update happened in between. */
    struct rtc_time time, again;
    read_raw(&time);
    for (;;) {
        read_raw(&again);
        if (same_time(&time, &again))
            break;
        time = again;
    }
    uint8_t status_b = cmos_read(RTC_STATUS_B);
    bool pm = (time.hour & HOUR_PM) != 0;
    time.hour &= ~(unsigned)HOUR_PM;
    if (!(status_b & STATUS_B_BINARY)) {
        time.second = from_bcd(time.second);
        time.minute = from_bcd(time.minute);
        time.hour = from_bcd(time.hour);
        time.day = from_bcd(time.day);
        time.month = from_bcd(time.month);
        time.year = from_bcd(time.year);
        time.century = from_bcd(time.century);
    }
    if (!(status_b & STATUS_B_24_HOUR)) {
        time.hour %= 12;
        if (pm)
            time.hour += 12;
    }
    unsigned century = time.century >= 19 && time.century <= 30 ? time.century : 20;
    if (time.month < 1 || time.month > 12 || time.day < 1 || time.day > 31)
        return 0; /* no believable clock */
    int64_t days = days_since_epoch((int64_t)century * 100 + time.year, time.month, time.day);
    return (uint64_t)(days * 86400 + time.hour * 3600 + time.minute * 60 + time.second);
}
