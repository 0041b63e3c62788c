/* The PHC string form of an Argon2 hash (as libargon2 and the installer write it):
 *   $argon2id$v=19$m=4096,t=3,p=1$<salt>$<hash>
 * with salt and hash in standard base64 without padding. Anything else is refused. */
#include <stdlib.h>
#include <string.h>

#include "argon2.h"

struct encoded_hash {
    enum mh_argon2_type type;
    uint32_t version, memory_kib, passes, lanes;
    uint8_t *salt, *hash;
    size_t salt_length, hash_length;
};

/* Consumes literal at *cursor. */
static int take(const char **cursor, const char *literal)
{
    size_t length = strlen(literal);
    if (strncmp(*cursor, literal, length) != 0)
        return 0;
    *cursor += length;
    return 1;
}

/* A decimal number without sign or leading zeros that fits in 32 bits. */
static int take_number(const char **cursor, uint32_t *value)
{
    const char *p = *cursor;
    if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
        return 0;
    uint64_t number = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        number = number * 10 + (uint64_t)(*p - '0');
        if (number > 0xffffffffu)
            return 0;
    }
    *value = (uint32_t)number;
    *cursor = p;
    return 1;
}

static int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Decodes the base64 text up to the next '$' or the end into a new buffer. Refuses padding,
 * foreign characters, a length that leaves a lone character and unused bits that are set
 * (each byte string has exactly one encoding). */
static int take_base64(const char **cursor, uint8_t **out, size_t *out_length)
{
    const char *text = *cursor;
    size_t length = strcspn(text, "$");
    if (length % 4 == 1)
        return 0;
    uint8_t *bytes = malloc(length * 3 / 4 + 1);
    if (bytes == NULL)
        return 0;
    size_t count = 0;
    uint32_t bits = 0;
    unsigned bit_count = 0;
    for (size_t i = 0; i < length; i++) {
        int value = base64_value(text[i]);
        if (value < 0) {
            free(bytes);
            return 0;
        }
        bits = (bits << 6) | (uint32_t)value;
        bit_count += 6;
        if (bit_count >= 8) {
            bit_count -= 8;
            bytes[count++] = (uint8_t)(bits >> bit_count);
        }
        bits &= (1u << bit_count) - 1;
    }
    if (bits != 0) {
        free(bytes);
        return 0;
    }
    *out = bytes;
    *out_length = count;
    *cursor = text + length;
    return 1;
}

static enum mh_argon2_result parse(const char *text, struct encoded_hash *hash)
{
    memset(hash, 0, sizeof *hash);
    if (take(&text, "$argon2id$"))
        hash->type = MH_ARGON2_ID;
    else if (take(&text, "$argon2i$"))
        hash->type = MH_ARGON2_I;
    else if (take(&text, "$argon2d$"))
        hash->type = MH_ARGON2_D;
    else
        return MH_ARGON2_MALFORMED;
    if (!take(&text, "v=") || !take_number(&text, &hash->version) || !take(&text, "$m=") ||
        !take_number(&text, &hash->memory_kib) || !take(&text, ",t=") ||
        !take_number(&text, &hash->passes) || !take(&text, ",p=") ||
        !take_number(&text, &hash->lanes) || !take(&text, "$") ||
        !take_base64(&text, &hash->salt, &hash->salt_length))
        return MH_ARGON2_MALFORMED;
    if (!take(&text, "$") || !take_base64(&text, &hash->hash, &hash->hash_length) || *text != '\0')
        return MH_ARGON2_MALFORMED;
    return hash->version == 0x13 ? MH_ARGON2_OK : MH_ARGON2_BAD_PARAMETERS;
}

enum mh_argon2_result mh_argon2_verify_encoded(const char *encoded, const void *password,
                                               size_t password_length)
{
    struct encoded_hash hash;
    enum mh_argon2_result result = parse(encoded, &hash);
    uint8_t *computed = NULL;
    if (result == MH_ARGON2_OK) {
        struct mh_argon2_params params = {
            .type = hash.type,
            .memory_kib = hash.memory_kib,
            .passes = hash.passes,
            .lanes = hash.lanes,
            .salt = hash.salt,
            .salt_length = hash.salt_length,
        };
        computed = malloc(hash.hash_length ? hash.hash_length : 1);
        result = computed == NULL ? MH_ARGON2_NO_MEMORY
                                  : mh_argon2_hash(&params, password, password_length, computed,
                                                   hash.hash_length);
    }
    if (result == MH_ARGON2_OK) {
        /* Constant time: every byte is looked at whatever the first difference. */
        volatile uint8_t difference = 0;
        for (size_t i = 0; i < hash.hash_length; i++)
            difference |= computed[i] ^ hash.hash[i];
        result = difference == 0 ? MH_ARGON2_OK : MH_ARGON2_MISMATCH;
        memset(computed, 0, hash.hash_length);
    }
    free(computed);
    free(hash.salt);
    free(hash.hash);
    return result;
}
