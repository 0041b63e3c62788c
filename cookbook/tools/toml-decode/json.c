#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void json_string(mh_strbuf *out, const char *s, size_t len) {
    mh_strbuf_putc(out, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': mh_strbuf_puts(out, "\\\""); break;
        case '\\': mh_strbuf_puts(out, "\\\\"); break;
        case '\b': mh_strbuf_puts(out, "\\b"); break;
        case '\f': mh_strbuf_puts(out, "\\f"); break;
        case '\n': mh_strbuf_puts(out, "\\n"); break;
        case '\r': mh_strbuf_puts(out, "\\r"); break;
        case '\t': mh_strbuf_puts(out, "\\t"); break;
        default:
            if (c < 0x20 || c == 0x7f)
                mh_strbuf_printf(out, "\\u%04x", c);
            else
                mh_strbuf_putc(out, (char)c);
        }
    }
    mh_strbuf_putc(out, '"');
}

/* The shortest %g form that reads back as the same double. */
static void format_float(char *buf, size_t size, double v) {
    if (isnan(v)) {
        snprintf(buf, size, "nan");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, size, v < 0 ? "-inf" : "inf");
        return;
    }
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, size, "%.*g", precision, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

static void format_time(mh_strbuf *out, const toml_datetime *dt) {
    mh_strbuf_printf(out, "%02d:%02d:%02d", dt->hour, dt->minute, dt->second);
    if (dt->fraction_digits > 0) {
        int digits = dt->fraction_digits < 9 ? dt->fraction_digits : 9;
        uint32_t fraction = dt->nanosecond;
        for (int i = digits; i < 9; i++)
            fraction /= 10;
        mh_strbuf_printf(out, ".%0*u", digits, (unsigned)fraction);
    }
}

static void format_scalar(mh_strbuf *out, const toml_value *v) {
    const toml_datetime *dt = &v->u.datetime;
    char buf[64];
    switch (v->type) {
    case TOML_STRING:
        json_string(out, v->u.string.ptr, v->u.string.len);
        return;
    case TOML_INTEGER:
        mh_strbuf_printf(out, "\"%lld\"", (long long)v->u.integer);
        return;
    case TOML_FLOAT:
        format_float(buf, sizeof buf, v->u.floating);
        mh_strbuf_printf(out, "\"%s\"", buf);
        return;
    case TOML_BOOLEAN:
        mh_strbuf_puts(out, v->u.boolean ? "\"true\"" : "\"false\"");
        return;
    case TOML_OFFSET_DATETIME:
    case TOML_LOCAL_DATETIME:
    case TOML_LOCAL_DATE:
    case TOML_LOCAL_TIME:
        mh_strbuf_putc(out, '"');
        if (v->type != TOML_LOCAL_TIME)
            mh_strbuf_printf(out, "%04d-%02d-%02d", dt->year, dt->month, dt->day);
        if (v->type == TOML_OFFSET_DATETIME || v->type == TOML_LOCAL_DATETIME)
            mh_strbuf_putc(out, 'T');
        if (v->type != TOML_LOCAL_DATE)
            format_time(out, dt);
        if (v->type == TOML_OFFSET_DATETIME) {
            int off = dt->offset_minutes;
            if (off == 0)
                mh_strbuf_putc(out, 'Z');
            else
                mh_strbuf_printf(out, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60,
                                 abs(off) % 60);
        }
        mh_strbuf_putc(out, '"');
        return;
    default:
        return;
    }
}

static const char *json_type(toml_type type) {
    switch (type) {
    case TOML_STRING: return "string";
    case TOML_INTEGER: return "integer";
    case TOML_FLOAT: return "float";
    case TOML_BOOLEAN: return "bool";
    case TOML_OFFSET_DATETIME: return "datetime";
    case TOML_LOCAL_DATETIME: return "datetime-local";
    case TOML_LOCAL_DATE: return "date-local";
    case TOML_LOCAL_TIME: return "time-local";
    default: return "";
    }
}

static void indent(mh_strbuf *out, unsigned depth) {
    mh_strbuf_putc(out, '\n');
    for (unsigned i = 0; i < depth; i++)
        mh_strbuf_puts(out, "  ");
}

/* Recursion is bounded: the parser rejects documents nested deeper than 128 levels. */
static void encode(mh_strbuf *out, const toml_value *v, unsigned depth) {
    if (v->type == TOML_TABLE) {
        mh_strbuf_putc(out, '{');
        for (size_t i = 0; i < v->u.table.count; i++) {
            const toml_keyval *kv = &v->u.table.items[i];
            if (i)
                mh_strbuf_putc(out, ',');
            indent(out, depth + 1);
            json_string(out, kv->key, kv->key_len);
            mh_strbuf_puts(out, ": ");
            encode(out, kv->value, depth + 1);
        }
        if (v->u.table.count)
            indent(out, depth);
        mh_strbuf_putc(out, '}');
    } else if (v->type == TOML_ARRAY) {
        mh_strbuf_putc(out, '[');
        for (size_t i = 0; i < v->u.array.count; i++) {
            if (i)
                mh_strbuf_putc(out, ',');
            indent(out, depth + 1);
            encode(out, v->u.array.items[i], depth + 1);
        }
        if (v->u.array.count)
            indent(out, depth);
        mh_strbuf_putc(out, ']');
    } else {
        mh_strbuf_printf(out, "{\"type\": \"%s\", \"value\": ", json_type(v->type));
        format_scalar(out, v);
        mh_strbuf_putc(out, '}');
    }
}

void toml_test_json(mh_strbuf *out, const toml_value *value) {
    encode(out, value, 0);
    mh_strbuf_putc(out, '\n');
}
