/* Downloads over http(s), ftp and file:// with libcurl: resumes a partial file, retries
 * transient failures with exponential backoff, reports progress. */
#ifndef MH_COOK_DOWNLOAD_H
#define MH_COOK_DOWNLOAD_H

#include <stdint.h>

#include "base/error.h"

/* Bytes done and expected so far (total 0 = unknown). */
typedef void (*cook_progress_fn)(void *ctx, uint64_t done, uint64_t total);

typedef struct cook_download_options {
    int attempts;             /* tries for transient failures (<= 0: 4) */
    unsigned retry_delay_ms;  /* wait before the first retry; doubles each time */
    cook_progress_fn progress;
    void *progress_ctx;
    int log_fd;               /* notes about retries and resumes; -1 for none */
} cook_download_options;

typedef enum cook_download_result {
    COOK_DOWNLOAD_OK = 0,
    COOK_DOWNLOAD_FAILED = -1,     /* transient failures until the attempts ran out */
    COOK_DOWNLOAD_NOT_FOUND = -2,  /* the server says it has no such file: no point retrying */
} cook_download_result;

/* Downloads url into path. Bytes already in path are kept and the transfer resumes after them
 * (restarting from zero when the server cannot resume). On failure path keeps what arrived, so
 * a later call can resume. Returns a cook_download_result, with err set on failure. */
int cook_download(const char *url, const char *path, const cook_download_options *options,
                  mh_error *err);

/* Releases libcurl's global state, when it was set up (at the end of a process that
 * downloaded). */
void cook_download_cleanup(void);

#endif
