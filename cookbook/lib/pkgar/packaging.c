#include "pkgar/packaging.h"

#include <lzma.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

#define OUTPUT_BUFFER_SIZE (256u * 1024u)
#define ENCODER_PRESET 5u
#define DECODER_MAX_DICT (64u * 1024u * 1024u) /* upstream's reader: 8 MiB default << 3 */

struct pkgar_lzma2 {
    lzma_stream stream;
    int decoding;
    uint8_t *out;
};

pkgar_lzma2 *pkgar_lzma2_new(void) {
    pkgar_lzma2 *coder = mh_xcalloc(1, sizeof *coder);
    lzma_stream init = LZMA_STREAM_INIT;
    coder->stream = init;
    coder->out = mh_xmalloc(OUTPUT_BUFFER_SIZE);
    return coder;
}

void pkgar_lzma2_free(pkgar_lzma2 *coder) {
    if (!coder)
        return;
    lzma_end(&coder->stream);
    free(coder->out);
    free(coder);
}

static const char *lzma_message(lzma_ret ret) {
    switch (ret) {
    case LZMA_MEM_ERROR:
        return "out of memory";
    case LZMA_MEMLIMIT_ERROR:
        return "memory limit reached";
    case LZMA_OPTIONS_ERROR:
        return "unsupported LZMA2 options";
    case LZMA_DATA_ERROR:
        return "corrupt LZMA2 data";
    case LZMA_BUF_ERROR:
        return "the LZMA2 stream ends early";
    case LZMA_PROG_ERROR:
        return "liblzma rejected its arguments";
    default:
        return "unexpected liblzma error";
    }
}

/* A dictionary no larger than needed for size bytes (LZMA2 matches never reach further back
 * than the output written so far). */
static uint32_t dict_for(uint64_t size, uint32_t limit) {
    if (size < LZMA_DICT_SIZE_MIN)
        return LZMA_DICT_SIZE_MIN;
    return size < limit ? (uint32_t)size : limit;
}

int pkgar_lzma2_start_encoder(pkgar_lzma2 *coder, uint64_t input_size, mh_error *err) {
    lzma_options_lzma options;
    if (lzma_lzma_preset(&options, ENCODER_PRESET))
        return mh_error_set(err, NULL, 0, 0, "liblzma does not know preset %u", ENCODER_PRESET);
    options.dict_size = dict_for(input_size, options.dict_size);
    lzma_filter filters[] = {{LZMA_FILTER_LZMA2, &options}, {LZMA_VLI_UNKNOWN, NULL}};
    lzma_ret ret = lzma_raw_encoder(&coder->stream, filters);
    if (ret != LZMA_OK)
        return mh_error_set(err, NULL, 0, 0, "cannot start the LZMA2 encoder: %s",
                            lzma_message(ret));
    coder->decoding = 0;
    return 0;
}

int pkgar_lzma2_start_decoder(pkgar_lzma2 *coder, uint64_t output_size, mh_error *err) {
    lzma_options_lzma options;
    memset(&options, 0, sizeof options);
    options.dict_size = dict_for(output_size, DECODER_MAX_DICT);
    lzma_filter filters[] = {{LZMA_FILTER_LZMA2, &options}, {LZMA_VLI_UNKNOWN, NULL}};
    lzma_ret ret = lzma_raw_decoder(&coder->stream, filters);
    if (ret != LZMA_OK)
        return mh_error_set(err, NULL, 0, 0, "cannot start the LZMA2 decoder: %s",
                            lzma_message(ret));
    coder->decoding = 1;
    return 0;
}

int pkgar_lzma2_feed(pkgar_lzma2 *coder, const uint8_t *in, size_t len, int finish, pkgar_sink sink,
                     void *ctx, int *ended, size_t *unused, mh_error *err) {
    lzma_stream *s = &coder->stream;
    s->next_in = in;
    s->avail_in = len;
    *ended = 0;
    *unused = 0;
    lzma_action action = finish ? LZMA_FINISH : LZMA_RUN;
    for (;;) {
        s->next_out = coder->out;
        s->avail_out = OUTPUT_BUFFER_SIZE;
        lzma_ret ret = lzma_code(s, action);
        size_t produced = OUTPUT_BUFFER_SIZE - s->avail_out;
        if (produced && sink(ctx, coder->out, produced, err) != 0)
            return -1;
        if (ret == LZMA_STREAM_END) {
            *ended = 1;
            *unused = s->avail_in;
            return 0;
        }
        if (ret != LZMA_OK)
            return mh_error_set(err, NULL, 0, 0, "%s: %s",
                                coder->decoding ? "decompressing" : "compressing",
                                lzma_message(ret));
        /* Without finish, stop once the input is used up and the coder has nothing pending. */
        if (action == LZMA_RUN && s->avail_in == 0 && s->avail_out != 0)
            return 0;
    }
}
