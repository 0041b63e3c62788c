#include "format.h"

#include <stdbool.h>
#include <stdint.h>

struct conversion {
    bool left_align;
    bool zero_pad;
    int width;
    int precision; /* -1: none */
};

static void emit_padding(format_sink_fn sink, void *context, char pad, int count)
{
    static const char spaces[16] = "                ";
    static const char zeros[16] = "0000000000000000";
    const char *source = pad == '0' ? zeros : spaces;
    while (count > 0) {
        int chunk = count > 16 ? 16 : count;
        sink(context, source, (size_t)chunk);
        count -= chunk;
    }
}

/* Emits text of the given length honouring width and alignment; zero padding goes between a
 * sign or 0x prefix and the digits. */
static void emit_field(format_sink_fn sink, void *context, const struct conversion *conversion,
                       const char *prefix, size_t prefix_length, const char *text, size_t length)
{
    int total = (int)(prefix_length + length);
    int padding = conversion->width > total ? conversion->width - total : 0;
    if (!conversion->left_align && !conversion->zero_pad)
        emit_padding(sink, context, ' ', padding);
    if (prefix_length > 0)
        sink(context, prefix, prefix_length);
    if (!conversion->left_align && conversion->zero_pad)
        emit_padding(sink, context, '0', padding);
    if (length > 0)
        sink(context, text, length);
    if (conversion->left_align)
        emit_padding(sink, context, ' ', padding);
}

static void emit_unsigned(format_sink_fn sink, void *context, const struct conversion *conversion,
                          const char *prefix, size_t prefix_length, uint64_t value, unsigned base,
                          bool uppercase)
{
    const char *digits = uppercase ? "0123456789ABCDEF" : "0123456789abcdef";
    char buffer[24];
    size_t position = sizeof buffer;
    do {
        buffer[--position] = digits[value % base];
        value /= base;
    } while (value != 0);
    emit_field(sink, context, conversion, prefix, prefix_length, buffer + position,
               sizeof buffer - position);
}

enum length_modifier { LENGTH_INT, LENGTH_CHAR, LENGTH_SHORT, LENGTH_LONG, LENGTH_LONG_LONG, LENGTH_SIZE };

static uint64_t fetch_unsigned(va_list *args, enum length_modifier length)
{
    switch (length) {
    case LENGTH_CHAR: return (unsigned char)va_arg(*args, unsigned int);
    case LENGTH_SHORT: return (unsigned short)va_arg(*args, unsigned int);
    case LENGTH_LONG: return va_arg(*args, unsigned long);
    case LENGTH_LONG_LONG: return va_arg(*args, unsigned long long);
    case LENGTH_SIZE: return va_arg(*args, size_t);
    case LENGTH_INT: break;
    }
    return va_arg(*args, unsigned int);
}

static int64_t fetch_signed(va_list *args, enum length_modifier length)
{
    switch (length) {
    case LENGTH_CHAR: return (signed char)va_arg(*args, int);
    case LENGTH_SHORT: return (short)va_arg(*args, int);
    case LENGTH_LONG: return va_arg(*args, long);
    case LENGTH_LONG_LONG: return va_arg(*args, long long);
    case LENGTH_SIZE: return (int64_t)va_arg(*args, size_t);
    case LENGTH_INT: break;
    }
    return va_arg(*args, int);
}

static size_t bounded_length(const char *text, int precision)
{
    size_t length = 0;
    while ((precision < 0 || length < (size_t)precision) && text[length] != '\0')
        length++;
    return length;
}

/* Parses flags, width, precision and length modifier after '%'; returns the conversion letter. */
static const char *parse_conversion(const char *cursor, va_list *args, struct conversion *conversion,
                                    enum length_modifier *length)
{
    *conversion = (struct conversion){.precision = -1};
    for (;; cursor++) {
        if (*cursor == '-')
            conversion->left_align = true;
        else if (*cursor == '0')
            conversion->zero_pad = true;
        else
            break;
    }
    if (*cursor == '*') {
        conversion->width = va_arg(*args, int);
        if (conversion->width < 0) {
            conversion->left_align = true;
            conversion->width = -conversion->width;
        }
        cursor++;
    } else {
        while (*cursor >= '0' && *cursor <= '9')
            conversion->width = conversion->width * 10 + (*cursor++ - '0');
    }
    if (*cursor == '.') {
        cursor++;
        conversion->precision = 0;
        if (*cursor == '*') {
            conversion->precision = va_arg(*args, int);
            cursor++;
        } else {
            while (*cursor >= '0' && *cursor <= '9')
                conversion->precision = conversion->precision * 10 + (*cursor++ - '0');
        }
    }
    *length = LENGTH_INT;
    if (cursor[0] == 'h' && cursor[1] == 'h') {
        *length = LENGTH_CHAR;
        cursor += 2;
    } else if (cursor[0] == 'h') {
        *length = LENGTH_SHORT;
        cursor++;
    } else if (cursor[0] == 'l' && cursor[1] == 'l') {
        *length = LENGTH_LONG_LONG;
        cursor += 2;
    } else if (cursor[0] == 'l') {
        *length = LENGTH_LONG;
        cursor++;
    } else if (cursor[0] == 'z') {
        *length = LENGTH_SIZE;
        cursor++;
    }
    if (conversion->left_align)
        conversion->zero_pad = false;
    return cursor;
}

void format_va(format_sink_fn sink, void *context, const char *format, va_list args_in)
{
    va_list args;
    va_copy(args, args_in);
    const char *cursor = format;
    while (*cursor != '\0') {
        const char *literal = cursor;
        while (*cursor != '\0' && *cursor != '%')
            cursor++;
        if (cursor > literal)
            sink(context, literal, (size_t)(cursor - literal));
        if (*cursor == '\0')
            break;
        const char *start = cursor++;
        struct conversion conversion;
        enum length_modifier length;
        cursor = parse_conversion(cursor, &args, &conversion, &length);
        switch (*cursor) {
        case '%':
            sink(context, "%", 1);
            break;
        case 'c': {
            char character = (char)va_arg(args, int);
            emit_field(sink, context, &conversion, "", 0, &character, 1);
            break;
        }
        case 's': {
            const char *text = va_arg(args, const char *);
            if (text == NULL)
                text = "(null)";
            emit_field(sink, context, &conversion, "", 0, text,
                       bounded_length(text, conversion.precision));
            break;
        }
        case 'd':
        case 'i': {
            int64_t value = fetch_signed(&args, length);
            uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
            emit_unsigned(sink, context, &conversion, "-", value < 0 ? 1 : 0, magnitude, 10, false);
            break;
        }
        case 'u':
            emit_unsigned(sink, context, &conversion, "", 0, fetch_unsigned(&args, length), 10, false);
            break;
        case 'x':
        case 'X':
            emit_unsigned(sink, context, &conversion, "", 0, fetch_unsigned(&args, length), 16,
                          *cursor == 'X');
            break;
        case 'p': {
            struct conversion pointer = {.zero_pad = true, .width = 18, .precision = -1};
            emit_unsigned(sink, context, &pointer, "0x", 2, (uintptr_t)va_arg(args, void *), 16, false);
            break;
        }
        default:
            /* Unknown or truncated conversion: show the directive itself. */
            if (*cursor == '\0') {
                sink(context, start, (size_t)(cursor - start));
                va_end(args);
                return;
            }
            sink(context, start, (size_t)(cursor + 1 - start));
            break;
        }
        cursor++;
    }
    va_end(args);
}

struct buffer_sink {
    char *buffer;
    size_t size;
    size_t length; /* full output length, may exceed size */
};

static void buffer_sink_write(void *context, const char *text, size_t length)
{
    struct buffer_sink *sink = context;
    for (size_t i = 0; i < length; i++, sink->length++) {
        if (sink->length + 1 < sink->size)
            sink->buffer[sink->length] = text[i];
    }
}

size_t format_buffer_va(char *buffer, size_t size, const char *format, va_list args)
{
    struct buffer_sink sink = {.buffer = buffer, .size = size};
    format_va(buffer_sink_write, &sink, format, args);
    if (size > 0)
        buffer[sink.length < size ? sink.length : size - 1] = '\0';
    return sink.length;
}

size_t format_buffer(char *buffer, size_t size, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    size_t length = format_buffer_va(buffer, size, format, args);
    va_end(args);
    return length;
}
