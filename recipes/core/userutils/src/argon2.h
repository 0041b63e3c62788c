/* Argon2 (RFC 9106), version 0x13, the memory-hard password hash /etc/shadow uses; and the
 * PHC string form "$argon2id$v=19$m=M,t=T,p=P$SALT$HASH" the installer writes. */
#ifndef USERUTILS_ARGON2_H
#define USERUTILS_ARGON2_H

#include <stddef.h>
#include <stdint.h>

enum mh_argon2_type { MH_ARGON2_D = 0, MH_ARGON2_I = 1, MH_ARGON2_ID = 2 };

enum mh_argon2_result {
    MH_ARGON2_OK = 0,
    MH_ARGON2_MISMATCH,       /* verification: the password is not the one hashed */
    MH_ARGON2_MALFORMED,      /* the encoded string does not follow the PHC format */
    MH_ARGON2_BAD_PARAMETERS, /* outside RFC 9106's ranges, or a version other than 19 */
    MH_ARGON2_NO_MEMORY,
};

struct mh_argon2_params {
    enum mh_argon2_type type;
    uint32_t memory_kib; /* m: at least 8 * lanes */
    uint32_t passes;     /* t: at least 1 */
    uint32_t lanes;      /* p: 1 .. 2^24 - 1 */
    const uint8_t *salt; /* at least 8 bytes */
    size_t salt_length;
    const uint8_t *secret; /* K, may be empty */
    size_t secret_length;
    const uint8_t *associated; /* X, may be empty */
    size_t associated_length;
};

/* The tag of tag_length (4 .. 2^32 - 1) bytes for password under params. */
enum mh_argon2_result mh_argon2_hash(const struct mh_argon2_params *params, const void *password,
                                     size_t password_length, uint8_t *tag, size_t tag_length);

/* Checks password against an encoded hash: MH_ARGON2_OK when it matches (compared in constant
 * time), MH_ARGON2_MISMATCH when not, another result when the string cannot be used. */
enum mh_argon2_result mh_argon2_verify_encoded(const char *encoded, const void *password,
                                               size_t password_length);

/* A short English description of a result. */
const char *mh_argon2_describe(enum mh_argon2_result result);

#endif
