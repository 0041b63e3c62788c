/* Streaming LZMA2 for pkgar's packaging 1: each entry's data is
 * [uncompressed length u64 LE][raw LZMA2 stream ending with its 0x00 end marker].
 * One coder is reused for many entries, so its buffers are allocated once. */
#ifndef MH_PKGAR_PACKAGING_H
#define MH_PKGAR_PACKAGING_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/* Receives bytes produced by a stream; returns 0, or -1 with err set to stop it. */
typedef int (*pkgar_sink)(void *ctx, const uint8_t *data, size_t len, mh_error *err);

typedef struct pkgar_lzma2 pkgar_lzma2;

pkgar_lzma2 *pkgar_lzma2_new(void);
void pkgar_lzma2_free(pkgar_lzma2 *coder);

/* Starts compressing an input of input_size bytes with preset 5 (the dictionary is shrunk to
 * the input size when smaller: same output format, far less memory to set up). */
int pkgar_lzma2_start_encoder(pkgar_lzma2 *coder, uint64_t input_size, mh_error *err);
/* Starts decompressing a stream that must expand to output_size bytes (the dictionary is at most
 * upstream's 64 MiB). */
int pkgar_lzma2_start_decoder(pkgar_lzma2 *coder, uint64_t output_size, mh_error *err);

/* Feeds len bytes (finish = this is the last input) and passes all output produced to sink.
 * *ended is set when the stream's end was reached; *unused receives how many input bytes of
 * this call were not consumed because the stream had already ended. */
int pkgar_lzma2_feed(pkgar_lzma2 *coder, const uint8_t *in, size_t len, int finish, pkgar_sink sink,
                     void *ctx, int *ended, size_t *unused, mh_error *err);

#endif
