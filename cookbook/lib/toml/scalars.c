#include "toml/scalars.h"

#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

static bool is_digit(int c) {
    return c >= '0' && c <= '9';
}

static int digit_value(int c, int base) {
    int v;
    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    else
        return -1;
    return v < base ? v : -1;
}

static const char *base_name(int base) {
    switch (base) {
    case 16: return "hexadecimal";
    case 8: return "octal";
    case 2: return "binary";
    default: return "decimal";
    }
}

/* Digits of `base` separated by single underscores, each underscore between two digits.
 * The digits (without underscores) are appended to out. */
static int scan_digit_run(toml_scanner *s, int base, mh_strbuf *out) {
    if (digit_value(scanner_peek(s, 0), base) < 0) {
        char what[64];
        snprintf(what, sizeof what, "expected %s %s digit", base == 8 ? "an" : "a",
                 base_name(base));
        return scanner_unexpected(s, what);
    }
    for (;;) {
        int c = scanner_peek(s, 0);
        if (c == '_') {
            if (digit_value(scanner_peek(s, 1), base) < 0)
                return scanner_error(s, s->at, "'_' in a number must be between two digits");
            scanner_advance(s, 1);
            continue;
        }
        if (digit_value(c, base) < 0)
            return 0;
        mh_strbuf_putc(out, (char)c);
        scanner_advance(s, 1);
    }
}

static int scan_special_float(toml_scanner *s, bool negative, toml_value *out) {
    const char *word = scanner_peek(s, 0) == 'i' ? "inf" : "nan";
    for (size_t i = 0; i < 3; i++) {
        if (scanner_peek(s, 0) != word[i]) {
            char what[64];
            snprintf(what, sizeof what, "expected '%s'", word);
            return scanner_unexpected(s, what);
        }
        scanner_advance(s, 1);
    }
    double v = word[0] == 'i' ? INFINITY : NAN;
    out->type = TOML_FLOAT;
    out->u.floating = negative ? -v : v;
    return 0;
}

static int integer_from_digits(toml_scanner *s, toml_position start, const char *digits,
                               int base, bool negative, toml_value *out) {
    uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t acc = 0;
    for (const char *p = digits; *p; p++) {
        uint64_t d = (uint64_t)digit_value((unsigned char)*p, base);
        if (acc > (limit - d) / (uint64_t)base)
            return scanner_error(s, start, "integer does not fit in 64 bits (range %" PRId64
                                           " to %" PRId64 ")", INT64_MIN, INT64_MAX);
        acc = acc * (uint64_t)base + d;
    }
    out->type = TOML_INTEGER;
    /* -2^63 has no positive counterpart: negate in unsigned arithmetic. */
    out->u.integer = negative ? (int64_t)(0 - acc) : (int64_t)acc;
    return 0;
}

static int float_from_text(toml_scanner *s, toml_position start, const char *text,
                           toml_value *out) {
    /* TOML's decimal point is '.' whatever the program's locale. (glibc hands out its static
     * "C" locale object here, so this costs no allocation.) */
    locale_t c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (c_locale == (locale_t)0)
        return scanner_error(s, start, "cannot create the C locale to convert a float");
    double v = strtod_l(text, NULL, c_locale);
    freelocale(c_locale);
    if (isinf(v))
        return scanner_error(s, start, "float is too large for 64-bit floating point");
    out->type = TOML_FLOAT;
    out->u.floating = v;
    return 0;
}

static int scan_number(toml_scanner *s, mh_strbuf *digits, toml_value *out) {
    toml_position start = s->at;
    bool negative = false, has_sign = false;
    int c = scanner_peek(s, 0);
    if (c == '+' || c == '-') {
        negative = c == '-';
        has_sign = true;
        scanner_advance(s, 1);
        c = scanner_peek(s, 0);
    }
    if (c == 'i' || c == 'n')
        return scan_special_float(s, negative, out);
    if (!is_digit(c))
        return scanner_unexpected(s, "expected a digit, 'inf' or 'nan' after the sign");

    mh_strbuf_truncate(digits, 0);
    int prefix = scanner_peek(s, 1);
    if (c == '0' && (prefix == 'x' || prefix == 'o' || prefix == 'b')) {
        int base = prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2;
        if (has_sign)
            return scanner_error(s, start, "a sign is not allowed on %s integers",
                                 base_name(base));
        scanner_advance(s, 2);
        if (scan_digit_run(s, base, digits) != 0)
            return -1;
        return integer_from_digits(s, start, mh_strbuf_str(digits), base, false, out);
    }
    if (c == '0' && (is_digit(scanner_peek(s, 1)) || scanner_peek(s, 1) == '_')) {
        scanner_advance(s, 1);
        return scanner_unexpected(s, "leading zeros are not allowed in decimal numbers");
    }
    if (negative)
        mh_strbuf_putc(digits, '-');
    if (scan_digit_run(s, 10, digits) != 0)
        return -1;
    bool is_float = false;
    if (scanner_peek(s, 0) == '.') {
        is_float = true;
        mh_strbuf_putc(digits, '.');
        scanner_advance(s, 1);
        if (!is_digit(scanner_peek(s, 0)))
            return scanner_unexpected(s, "expected a digit after the decimal point");
        if (scan_digit_run(s, 10, digits) != 0)
            return -1;
    }
    c = scanner_peek(s, 0);
    if (c == 'e' || c == 'E') {
        is_float = true;
        mh_strbuf_putc(digits, 'e');
        scanner_advance(s, 1);
        c = scanner_peek(s, 0);
        if (c == '+' || c == '-') {
            mh_strbuf_putc(digits, (char)c);
            scanner_advance(s, 1);
        }
        if (!is_digit(scanner_peek(s, 0)))
            return scanner_unexpected(s, "expected a digit in the exponent");
        if (scan_digit_run(s, 10, digits) != 0)
            return -1;
    }
    if (is_float)
        return float_from_text(s, start, mh_strbuf_str(digits), out);
    return integer_from_digits(s, start, mh_strbuf_str(digits) + negative, 10, negative, out);
}

/* Exactly n decimal digits. */
static int scan_fixed_digits(toml_scanner *s, int n, const char *what, int *value) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        int c = scanner_peek(s, 0);
        if (!is_digit(c)) {
            char msg[96];
            snprintf(msg, sizeof msg, "expected %d digits for the %s", n, what);
            return scanner_unexpected(s, msg);
        }
        v = v * 10 + (c - '0');
        scanner_advance(s, 1);
    }
    *value = v;
    return 0;
}

static int expect_char(toml_scanner *s, char c, const char *what) {
    if (scanner_peek(s, 0) != (unsigned char)c)
        return scanner_unexpected(s, what);
    scanner_advance(s, 1);
    return 0;
}

/* A two-digit field in [lo, hi]; the error points at its first digit. */
static int scan_field(toml_scanner *s, const char *what, int lo, int hi, int *value) {
    toml_position at = s->at;
    if (scan_fixed_digits(s, 2, what, value) != 0)
        return -1;
    if (*value < lo || *value > hi)
        return scanner_error(s, at, "%s %02d is out of range (%02d to %02d)", what, *value, lo,
                             hi);
    return 0;
}

static int days_in_month(int year, int month) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

static int scan_date(toml_scanner *s, toml_datetime *dt) {
    if (scan_fixed_digits(s, 4, "year", &dt->year) != 0 ||
        expect_char(s, '-', "expected '-' after the year") != 0 ||
        scan_field(s, "month", 1, 12, &dt->month) != 0 ||
        expect_char(s, '-', "expected '-' after the month") != 0)
        return -1;
    toml_position at = s->at;
    if (scan_fixed_digits(s, 2, "day", &dt->day) != 0)
        return -1;
    int last = days_in_month(dt->year, dt->month);
    if (dt->day < 1 || dt->day > last)
        return scanner_error(s, at, "day %02d is out of range for %04d-%02d (01 to %02d)",
                             dt->day, dt->year, dt->month, last);
    return 0;
}

static int scan_time(toml_scanner *s, toml_datetime *dt) {
    if (scan_field(s, "hour", 0, 23, &dt->hour) != 0 ||
        expect_char(s, ':', "expected ':' after the hour") != 0 ||
        scan_field(s, "minute", 0, 59, &dt->minute) != 0 ||
        expect_char(s, ':', "expected ':' after the minute (seconds are required)") != 0 ||
        /* 60 is a leap second, as RFC 3339 allows. */
        scan_field(s, "second", 0, 60, &dt->second) != 0)
        return -1;
    if (scanner_peek(s, 0) != '.')
        return 0;
    scanner_advance(s, 1);
    if (!is_digit(scanner_peek(s, 0)))
        return scanner_unexpected(s, "expected digits after the decimal point of the seconds");
    uint32_t ns = 0;
    int n = 0;
    while (is_digit(scanner_peek(s, 0))) {
        if (n < 9)
            ns = ns * 10 + (uint32_t)(scanner_peek(s, 0) - '0');
        n++;
        scanner_advance(s, 1);
    }
    for (int i = n; i < 9; i++)
        ns *= 10;
    dt->nanosecond = ns;
    dt->fraction_digits = n;
    return 0;
}

static int scan_offset(toml_scanner *s, toml_datetime *dt) {
    int c = scanner_peek(s, 0);
    if (c == 'Z' || c == 'z') {
        scanner_advance(s, 1);
        dt->offset_minutes = 0;
        return 0;
    }
    scanner_advance(s, 1);
    int hours, minutes;
    if (scan_field(s, "offset hour", 0, 23, &hours) != 0 ||
        expect_char(s, ':', "expected ':' in the time offset") != 0 ||
        scan_field(s, "offset minute", 0, 59, &minutes) != 0)
        return -1;
    dt->offset_minutes = (c == '-' ? -1 : 1) * (hours * 60 + minutes);
    return 0;
}

static bool digits_then(const toml_scanner *s, size_t n, char c) {
    for (size_t i = 0; i < n; i++)
        if (!is_digit(scanner_peek(s, i)))
            return false;
    return scanner_peek(s, n) == (unsigned char)c;
}

static int scan_datetime(toml_scanner *s, toml_value *out) {
    toml_datetime dt = {0};
    bool has_date = digits_then(s, 4, '-');
    if (has_date) {
        if (scan_date(s, &dt) != 0)
            return -1;
        int c = scanner_peek(s, 0);
        bool time_follows = c == 'T' || c == 't' ||
                            (c == ' ' && is_digit(scanner_peek(s, 1)) &&
                             is_digit(scanner_peek(s, 2)) && scanner_peek(s, 3) == ':');
        if (!time_follows) {
            out->type = TOML_LOCAL_DATE;
            out->u.datetime = dt;
            return 0;
        }
        scanner_advance(s, 1);
    }
    if (scan_time(s, &dt) != 0)
        return -1;
    int c = scanner_peek(s, 0);
    if (!has_date)
        out->type = TOML_LOCAL_TIME;
    else if (c == 'Z' || c == 'z' || c == '+' || c == '-') {
        if (scan_offset(s, &dt) != 0)
            return -1;
        out->type = TOML_OFFSET_DATETIME;
    } else
        out->type = TOML_LOCAL_DATETIME;
    out->u.datetime = dt;
    return 0;
}

static bool at_word(const toml_scanner *s, const char *word) {
    size_t n = strlen(word);
    return s->len - s->pos >= n && memcmp(s->text + s->pos, word, n) == 0;
}

int toml_scan_scalar(toml_scanner *s, mh_strbuf *scratch, toml_value *out) {
    int c = scanner_peek(s, 0);
    if (c == 't' || c == 'f') {
        const char *word = c == 't' ? "true" : "false";
        if (!at_word(s, word))
            return scanner_unexpected(s, c == 't' ? "expected a value ('true'?)"
                                                  : "expected a value ('false'?)");
        scanner_advance(s, strlen(word));
        out->type = TOML_BOOLEAN;
        out->u.boolean = c == 't';
        return 0;
    }
    if (digits_then(s, 4, '-') || digits_then(s, 2, ':'))
        return scan_datetime(s, out);
    if (is_digit(c) || c == '+' || c == '-' || c == 'i' || c == 'n')
        return scan_number(s, scratch, out);
    return scanner_unexpected(s, "expected a value");
}
