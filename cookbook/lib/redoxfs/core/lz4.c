/* LZ4 block format: a sequence is a token (literal length : 4 | match length - 4 : 4),
 * optional 255-continued length bytes, the literals, a 16-bit LE back offset and optional
 * match-length bytes. The last sequence has literals only; its last 5 bytes are always
 * literals and the last match starts at least 12 bytes before the end. */
#include "redoxfs/core/lz4.h"

#include "redoxfs/core/mem.h"

#define MIN_MATCH 4
#define LAST_LITERALS 5
#define MATCH_FIND_LIMIT 12
#define MAX_OFFSET 65535
#define HASH_BITS 14

static uint32_t read32(const uint8_t *p) {
    return rfs_load32(p);
}

/* Length of the common prefix of a and b, up to limit bytes. */
static size_t common_length(const uint8_t *a, const uint8_t *b, size_t limit) {
    size_t n = 0;
    while (n + 8 <= limit) {
        uint64_t diff = rfs_load64(a + n) ^ rfs_load64(b + n);
        if (diff)
            return n + (size_t)(__builtin_ctzll(diff) >> 3);
        n += 8;
    }
    while (n < limit && a[n] == b[n])
        n++;
    return n;
}

static uint32_t hash4(uint32_t v) {
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* Bytes needed to encode a length field's continuation (after the 4-bit nibble). */
static size_t length_bytes(size_t n) {
    return n >= 15 ? (n - 15) / 255 + 1 : 0;
}

static uint8_t *put_length(uint8_t *op, size_t n) {
    if (n < 15)
        return op;
    n -= 15;
    for (; n >= 255; n -= 255)
        *op++ = 255;
    *op++ = (uint8_t)n;
    return op;
}

/* Appends one sequence; match_len 0 means the final literals-only sequence. Returns the new
 * output position, or NULL when it does not fit before end. */
static inline uint8_t *emit(uint8_t *op, uint8_t *end, const uint8_t *literals, size_t literal_len,
                     size_t offset, size_t match_len) {
    size_t need = 1 + length_bytes(literal_len) + literal_len;
    if (match_len)
        need += 2 + length_bytes(match_len - MIN_MATCH);
    if (need > (size_t)(end - op))
        return NULL;
    size_t match_code = match_len ? match_len - MIN_MATCH : 0;
    *op++ = (uint8_t)((literal_len < 15 ? literal_len : 15) << 4 | (match_code < 15 ? match_code : 15));
    op = put_length(op, literal_len);
    rfs_memcpy(op, literals, literal_len);
    op += literal_len;
    if (match_len) {
        *op++ = (uint8_t)offset;
        *op++ = (uint8_t)(offset >> 8);
        op = put_length(op, match_code);
    }
    return op;
}

/* Gives up early on data that will not fit: after this much input, output running more
 * than this much ahead of the allowed ratio means the result would not fit. */
#define GIVE_UP_AFTER 8192u
#define GIVE_UP_SLACK 2048u

size_t rfs_lz4_compress(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                        uint32_t *table) {
    uint8_t *op = dst, *end = dst + cap;
    size_t anchor = 0;
    if (len > MATCH_FIND_LIMIT) {
        rfs_memset(table, 0, RFS_LZ4_TABLE_ENTRIES * sizeof *table);
        size_t limit = len - MATCH_FIND_LIMIT, match_end = len - LAST_LITERALS;
        size_t ip = 1, misses = 0;
        while (ip < limit) {
            uint32_t v = read32(src + ip);
            uint32_t h = hash4(v);
            size_t cand = table[h];
            table[h] = (uint32_t)ip;
            if (ip - cand > MAX_OFFSET || read32(src + cand) != v) {
                /* Skip faster through data that does not compress. */
                ip += 1 + (misses++ >> 5);
                continue;
            }
            misses = 0;
            while (ip > anchor && cand > 0 && src[ip - 1] == src[cand - 1]) {
                ip--;
                cand--;
            }
            size_t match_len = MIN_MATCH + common_length(src + ip + MIN_MATCH, src + cand + MIN_MATCH,
                                                         match_end - ip - MIN_MATCH);
            op = emit(op, end, src + anchor, ip - anchor, ip - cand, match_len);
            if (!op)
                return 0;
            /* Deterministic, so equal input still gives equal output. */
            if (ip > GIVE_UP_AFTER && (size_t)(op - dst) > (ip * cap) / len + GIVE_UP_SLACK)
                return 0;
            ip += match_len;
            anchor = ip;
            if (ip < limit)
                table[hash4(read32(src + ip - 2))] = (uint32_t)(ip - 2);
        }
    }
    op = emit(op, end, src + anchor, len - anchor, 0, 0);
    return op ? (size_t)(op - dst) : 0;
}

/* Reads a 255-continued length; returns false when the input ends inside it. */
static int read_length(const uint8_t **ip, const uint8_t *end, size_t *n) {
    if (*n != 15)
        return 1;
    for (;;) {
        if (*ip >= end)
            return 0;
        uint8_t b = *(*ip)++;
        *n += b;
        if (b != 255)
            return 1;
    }
}

int64_t rfs_lz4_decompress(const uint8_t *src, size_t len, uint8_t *dst, size_t cap) {
    const uint8_t *ip = src, *iend = src + len;
    uint8_t *op = dst, *oend = dst + cap;
    if (len == 0)
        return -1;
    while (ip < iend) {
        uint8_t token = *ip++;
        size_t literal_len = token >> 4;
        if (!read_length(&ip, iend, &literal_len))
            return -1;
        if (literal_len > (size_t)(iend - ip) || literal_len > (size_t)(oend - op))
            return -1;
        rfs_memcpy(op, ip, literal_len);
        op += literal_len;
        ip += literal_len;
        if (ip == iend)
            break;
        if (iend - ip < 2)
            return -1;
        size_t offset = (size_t)ip[0] | (size_t)ip[1] << 8;
        ip += 2;
        if (offset == 0 || offset > (size_t)(op - dst))
            return -1;
        size_t match_len = token & 15;
        if (!read_length(&ip, iend, &match_len))
            return -1;
        match_len += MIN_MATCH;
        if (match_len > (size_t)(oend - op))
            return -1;
        const uint8_t *match = op - offset;
        if (offset >= match_len) {
            rfs_memcpy(op, match, match_len);
            op += match_len;
        } else {
            /* Overlapping copy: repeats the last `offset` bytes. */
            for (size_t i = 0; i < match_len; i++)
                op[i] = match[i];
            op += match_len;
        }
    }
    return (int64_t)(op - dst);
}
