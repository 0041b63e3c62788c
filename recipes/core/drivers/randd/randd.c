/* randd: the rand: scheme behind /dev/random and /dev/urandom (upstream Redox's randd).
 * Reads give a ChaCha20 keystream (RFC 8439) under a key taken from the processor's RDRAND
 * and replaced from it every REKEY_BYTES, after every read and after every write (written
 * bytes are folded into the key, as writing to Linux's /dev/random adds to its pool). A
 * processor without RDRAND gets a key from the timestamp counter and the clocks, and randd
 * says on the console that its output is then predictable. */
#include <cpuid.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>

#include "chacha20.h"
#include "scheme_server.h"

#define REKEY_BYTES (1u << 20)

static uint32_t key[CHACHA20_KEY_WORDS];
static uint32_t nonce[CHACHA20_NONCE_WORDS];
static bool have_rdrand;

static bool cpu_has_rdrand(void)
{
    unsigned eax, ebx, ecx, edx;
    return __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_RDRND);
}

/* One hardware random word; RDRAND may fail transiently, so it is retried. */
__attribute__((target("rdrnd"))) static bool rdrand32(uint32_t *word)
{
    for (int attempt = 0; attempt < 16; attempt++) {
        unsigned value;
        if (_rdrand32_step(&value)) {
            *word = value;
            return true;
        }
    }
    return false;
}

static void mix_in(uint32_t *words, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        uint32_t fresh = 0;
        if (!have_rdrand || !rdrand32(&fresh)) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            fresh = (uint32_t)__rdtsc() ^ (uint32_t)now.tv_nsec ^ (uint32_t)(i * 0x9e3779b9u);
        }
        words[i] ^= fresh;
    }
}

/* Forward secrecy: the key that produced the output is replaced by keystream it never gave
 * out, mixed with fresh hardware randomness. */
static void rekey(void)
{
    uint8_t block[CHACHA20_BLOCK_BYTES];
    chacha20_block(key, 0xffffffffu, nonce, block);
    memcpy(key, block, sizeof key);
    memset(block, 0, sizeof block);
    mix_in(key, CHACHA20_KEY_WORDS);
    nonce[0]++;
}

static long read_random(uint8_t *buffer, uint64_t length)
{
    uint8_t block[CHACHA20_BLOCK_BYTES];
    uint32_t counter = 0;
    uint64_t done = 0, since_rekey = 0;
    while (done < length) {
        if (since_rekey >= REKEY_BYTES || counter == 0xffffffffu) {
            rekey();
            counter = 0;
            since_rekey = 0;
        }
        chacha20_block(key, counter++, nonce, block);
        uint64_t piece = length - done < sizeof block ? length - done : sizeof block;
        memcpy(buffer + done, block, piece);
        done += piece;
        since_rekey += piece;
    }
    memset(block, 0, sizeof block);
    rekey();
    return (long)length;
}

static long write_entropy(const uint8_t *buffer, uint64_t length)
{
    for (uint64_t i = 0; i < length; i++)
        ((uint8_t *)key)[i % sizeof key] ^= buffer[i];
    rekey();
    return (long)length;
}

int main(void)
{
    have_rdrand = cpu_has_rdrand();
    mix_in(key, CHACHA20_KEY_WORDS);
    mix_in(nonce, CHACHA20_NONCE_WORDS);
    if (!have_rdrand)
        fprintf(stderr, "randd: the processor has no RDRAND: rand: is seeded from timers only and is predictable\n");
    static const struct device_file rand_device = {"rand", read_random, write_entropy};
    return serve_device_file("randd", &rand_device);
}
