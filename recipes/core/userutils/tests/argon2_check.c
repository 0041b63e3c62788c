/* Host check of userutils' BLAKE2b and Argon2 (src/blake2b.c, src/argon2.c,
 * src/argon2_encoded.c) against RFC 7693's and RFC 9106's test vectors and against Debian's
 * libargon2 on many parameter sets; run by argon2.sh. Prints one line per check. */
#include <argon2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/argon2.h"
#include "../src/blake2b.h"

static int failures, successes;

static void check(int ok, const char *what)
{
    if (ok) {
        successes++;
    } else {
        failures++;
        printf("FAIL - %s\n", what);
    }
}

static void hex(const uint8_t *bytes, size_t length, char *out)
{
    for (size_t i = 0; i < length; i++)
        sprintf(out + 2 * i, "%02x", bytes[i]);
}

static void blake2b_vectors(void)
{
    /* RFC 7693 appendix A: BLAKE2b-512("abc"). */
    static const char abc[] = "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                              "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923";
    uint8_t digest[64];
    char text[129];
    struct mh_blake2b_state state;
    mh_blake2b_init(&state, 64);
    mh_blake2b_update(&state, "abc", 3);
    mh_blake2b_final(&state, digest);
    hex(digest, 64, text);
    check(strcmp(text, abc) == 0, "BLAKE2b-512(\"abc\") is RFC 7693's");
    /* Split updates across block boundaries give the same digest as one update. */
    uint8_t data[300], once[64], pieces[64];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7 + 1);
    for (size_t split = 0; split <= sizeof data; split += 37) {
        mh_blake2b_init(&state, 64);
        mh_blake2b_update(&state, data, sizeof data);
        mh_blake2b_final(&state, once);
        mh_blake2b_init(&state, 64);
        mh_blake2b_update(&state, data, split);
        mh_blake2b_update(&state, data + split, sizeof data - split);
        mh_blake2b_final(&state, pieces);
        check(memcmp(once, pieces, 64) == 0, "BLAKE2b: split updates give the same digest");
    }
}

/* RFC 9106 section 5: m = 32, t = 3, p = 4, 32-byte tag, password 32 x 0x01, salt 16 x 0x02,
 * secret 8 x 0x03, associated data 12 x 0x04. */
static void rfc9106_vectors(void)
{
    static const struct {
        enum mh_argon2_type type;
        const char *tag;
    } vectors[] = {
        {MH_ARGON2_D, "512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb"},
        {MH_ARGON2_I, "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8"},
        {MH_ARGON2_ID, "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"},
    };
    uint8_t password[32], salt[16], secret[8], associated[12], tag[32];
    memset(password, 1, sizeof password);
    memset(salt, 2, sizeof salt);
    memset(secret, 3, sizeof secret);
    memset(associated, 4, sizeof associated);
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        struct mh_argon2_params params = {
            .type = vectors[i].type, .memory_kib = 32, .passes = 3, .lanes = 4,
            .salt = salt, .salt_length = sizeof salt, .secret = secret,
            .secret_length = sizeof secret, .associated = associated,
            .associated_length = sizeof associated,
        };
        char text[65], what[80];
        int result = mh_argon2_hash(&params, password, sizeof password, tag, sizeof tag);
        hex(tag, sizeof tag, text);
        snprintf(what, sizeof what, "RFC 9106 test vector, type %d", (int)vectors[i].type);
        check(result == MH_ARGON2_OK && strcmp(text, vectors[i].tag) == 0, what);
    }
}

static argon2_type libargon2_type(enum mh_argon2_type type)
{
    return type == MH_ARGON2_D ? Argon2_d : type == MH_ARGON2_I ? Argon2_i : Argon2_id;
}

/* Our raw tags equal libargon2's over a grid of parameters, and our verifier accepts
 * libargon2's encoded strings for the right password only. */
static void against_libargon2(void)
{
    static const uint32_t memories[] = {8, 16, 64, 100, 260};
    static const uint32_t passes[] = {1, 2, 3};
    static const uint32_t lanes[] = {1, 2, 3};
    static const size_t salt_lengths[] = {8, 16, 33};
    static const size_t tag_lengths[] = {4, 32, 64, 65, 97, 200};
    uint8_t salt[33], ours[200], theirs[200];
    for (size_t i = 0; i < sizeof salt; i++)
        salt[i] = (uint8_t)(0xa5 ^ i);
    const char *password = "correct horse battery staple";
    unsigned combination = 0;
    for (int type = 0; type <= 2; type++)
        for (size_t mi = 0; mi < 5; mi++)
            for (size_t ti = 0; ti < 3; ti++)
                for (size_t pi = 0; pi < 3; pi++) {
                    if (memories[mi] < 8 * lanes[pi])
                        continue;
                    combination++;
                    size_t salt_length = salt_lengths[combination % 3];
                    size_t tag_length = tag_lengths[combination % 6];
                    struct mh_argon2_params params = {
                        .type = (enum mh_argon2_type)type, .memory_kib = memories[mi],
                        .passes = passes[ti], .lanes = lanes[pi], .salt = salt,
                        .salt_length = salt_length,
                    };
                    char what[160];
                    snprintf(what, sizeof what,
                             "type %d m=%u t=%u p=%u salt %zu tag %zu equals libargon2", type,
                             memories[mi], passes[ti], lanes[pi], salt_length, tag_length);
                    int rc = argon2_hash(passes[ti], memories[mi], lanes[pi], password,
                                         strlen(password), salt, salt_length, theirs, tag_length,
                                         NULL, 0, libargon2_type(params.type), ARGON2_VERSION_13);
                    int result = mh_argon2_hash(&params, password, strlen(password), ours, tag_length);
                    check(rc == ARGON2_OK && result == MH_ARGON2_OK &&
                              memcmp(ours, theirs, tag_length) == 0, what);
                }
    /* Encoded strings, as the installer makes them (and with other parameters). */
    static const struct { uint32_t m, t, p; size_t salt, tag; } encodings[] = {
        {4096, 3, 1, 16, 32}, {64, 1, 2, 8, 16}, {256, 4, 4, 24, 64}, {40, 2, 5, 11, 5},
    };
    for (size_t i = 0; i < sizeof encodings / sizeof encodings[0]; i++) {
        char encoded[256], what[320];
        int rc = argon2id_hash_encoded(encodings[i].t, encodings[i].m, encodings[i].p, password,
                                       strlen(password), salt, encodings[i].salt, encodings[i].tag,
                                       encoded, sizeof encoded);
        snprintf(what, sizeof what, "verifies libargon2's %s", encoded);
        check(rc == ARGON2_OK && mh_argon2_verify_encoded(encoded, password, strlen(password)) ==
                                     MH_ARGON2_OK, what);
        snprintf(what, sizeof what, "rejects a wrong password for %s", encoded);
        check(mh_argon2_verify_encoded(encoded, "Correct horse battery staple", 28) ==
                  MH_ARGON2_MISMATCH, what);
        check(mh_argon2_verify_encoded(encoded, "", 0) == MH_ARGON2_MISMATCH, what);
    }
}

static void malformed_strings(void)
{
    static const struct {
        const char *encoded;
        enum mh_argon2_result expected;
    } cases[] = {
        {"", MH_ARGON2_MALFORMED},
        {"password", MH_ARGON2_MALFORMED},
        {"$argon2x$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", MH_ARGON2_MALFORMED},
        {"$argon2id$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", MH_ARGON2_MALFORMED},
        {"$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", MH_ARGON2_BAD_PARAMETERS},
        {"$argon2id$v=19$m=64,t=1$c2FsdHNhbHQ$aGFzaGhhc2g", MH_ARGON2_MALFORMED},
        {"$argon2id$v=19$t=1,m=64,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", MH_ARGON2_MALFORMED},
        {"$argon2id$v=19$m=064,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", MH_ARGON2_MALFORMED},
        {"$argon2id$v=19$m=-64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", MH_ARGON2_MALFORMED},
        {"$argon2id$v=19$m=4294967296,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", MH_ARGON2_MALFORMED},
        {"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ=$aGFzaGhhc2g", MH_ARGON2_MALFORMED},
        {"$argon2id$v=19$m=64,t=1,p=1$c2Fsd*NhbHQ$aGFzaGhhc2g", MH_ARGON2_MALFORMED},
        {"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2h", MH_ARGON2_MALFORMED},
        {"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2gxyzab0", MH_ARGON2_MALFORMED},
        {"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ", MH_ARGON2_MALFORMED},
        {"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g$", MH_ARGON2_MALFORMED},
        {"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g ", MH_ARGON2_MALFORMED},
        {"$argon2id$v=19$m=7,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", MH_ARGON2_BAD_PARAMETERS},
        {"$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", MH_ARGON2_BAD_PARAMETERS},
        {"$argon2id$v=19$m=64,t=1,p=0$c2FsdHNhbHQ$aGFzaGhhc2g", MH_ARGON2_BAD_PARAMETERS},
        {"$argon2id$v=19$m=64,t=1,p=9$c2FsdHNhbHQ$aGFzaGhhc2g", MH_ARGON2_BAD_PARAMETERS},
        {"$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaGhhc2g", MH_ARGON2_BAD_PARAMETERS},
        {"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFz", MH_ARGON2_BAD_PARAMETERS},
        {"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$", MH_ARGON2_BAD_PARAMETERS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char what[160];
        enum mh_argon2_result got = mh_argon2_verify_encoded(cases[i].encoded, "x", 1);
        snprintf(what, sizeof what, "'%s' is refused as \"%s\" (got \"%s\")", cases[i].encoded,
                 mh_argon2_describe(cases[i].expected), mh_argon2_describe(got));
        check(got == cases[i].expected, what);
    }
}

int main(void)
{
    blake2b_vectors();
    rfc9106_vectors();
    against_libargon2();
    malformed_strings();
    printf("argon2: %d passed, %d failed\n", successes, failures);
    return failures == 0 ? 0 : 1;
}
