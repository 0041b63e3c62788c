#include "cook/download.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cook/process.h"

typedef struct transfer {
    int fd;
    uint64_t base; /* bytes in the file before this attempt */
    const cook_download_options *options;
    int write_errno;
} transfer;

static size_t write_data(char *data, size_t size, size_t count, void *ctx) {
    transfer *t = ctx;
    size_t len = size * count, done = 0;
    while (done < len) {
        ssize_t n = write(t->fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            t->write_errno = errno;
            return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
        }
        done += (size_t)n;
    }
    return len;
}

static int report_progress(void *ctx, curl_off_t total, curl_off_t now, curl_off_t ut,
                           curl_off_t un) {
    (void)ut;
    (void)un;
    transfer *t = ctx;
    if (t->options->progress)
        t->options->progress(t->options->progress_ctx, t->base + (uint64_t)now,
                             total > 0 ? t->base + (uint64_t)total : 0);
    return 0;
}

static void sleep_ms(unsigned ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Failures that another attempt cannot fix. */
static bool is_permanent(CURLcode code, long http_status) {
    if (code == CURLE_HTTP_RETURNED_ERROR)
        return http_status >= 400 && http_status < 500 && http_status != 408 && http_status != 429;
    return code == CURLE_FILE_COULDNT_READ_FILE || code == CURLE_REMOTE_FILE_NOT_FOUND ||
           code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT ||
           code == CURLE_LOGIN_DENIED || code == CURLE_REMOTE_ACCESS_DENIED;
}

static CURL *make_handle(const char *url, transfer *t, char *errbuf) {
    CURL *curl = curl_easy_init();
    if (!curl)
        return NULL;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_data);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, report_progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, t);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
    /* A transfer stalled below 1 byte/s for a minute is a failure (and is retried). */
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https,ftp,ftps,file");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https,ftp,ftps");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "macrohard-repo/1");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (t->base)
        curl_easy_setopt(curl, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)t->base);
    return curl;
}

static bool initialised;

void cook_download_cleanup(void) {
    if (initialised)
        curl_global_cleanup();
    initialised = false;
}

int cook_download(const char *url, const char *path, const cook_download_options *o,
                  mh_error *err) {
    if (!initialised) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
            return mh_error_set(err, NULL, 0, 0, "cannot initialise libcurl");
        initialised = true;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        mh_error_errno(err, path, errno, "cannot create");
        return COOK_DOWNLOAD_FAILED;
    }
    int attempts = o->attempts > 0 ? o->attempts : 4;
    unsigned delay = o->retry_delay_ms;
    bool restarted = false;
    int result = COOK_DOWNLOAD_FAILED;
    for (int attempt = 1; attempt <= attempts; attempt++) {
        struct stat st;
        if (fstat(fd, &st) != 0) {
            mh_error_errno(err, path, errno, "cannot stat");
            break;
        }
        transfer t = {fd, (uint64_t)st.st_size, o, 0};
        if (t.base)
            cook_log(o->log_fd, "resuming %s at byte %llu\n", url, (unsigned long long)t.base);
        char errbuf[CURL_ERROR_SIZE] = "";
        CURL *curl = make_handle(url, &t, errbuf);
        if (!curl) {
            mh_error_set(err, NULL, 0, 0, "cannot create a libcurl handle");
            break;
        }
        CURLcode code = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(curl);
        if (code == CURLE_OK) {
            result = COOK_DOWNLOAD_OK;
            break;
        }
        if (t.write_errno) {
            mh_error_errno(err, path, t.write_errno, "cannot write");
            break;
        }
        if (t.base && !restarted && (code == CURLE_RANGE_ERROR || status == 416)) {
            /* The server cannot resume (or the partial file is stale): start over, at once. */
            cook_log(o->log_fd, "%s cannot resume; downloading from the start\n", url);
            if (ftruncate(fd, 0) != 0) {
                mh_error_errno(err, path, errno, "cannot truncate");
                break;
            }
            restarted = true;
            attempt--;
            continue;
        }
        const char *why = errbuf[0] ? errbuf : curl_easy_strerror(code);
        if (status >= 400)
            mh_error_set(err, NULL, 0, 0, "%s: HTTP %ld (%s)", url, status, why);
        else
            mh_error_set(err, NULL, 0, 0, "%s: %s", url, why);
        if (is_permanent(code, status)) {
            result = COOK_DOWNLOAD_NOT_FOUND;
            break;
        }
        if (attempt < attempts) {
            cook_log(o->log_fd, "attempt %d of %d failed (%s); retrying in %u ms\n", attempt,
                     attempts, err->message, delay);
            sleep_ms(delay);
            delay *= 2;
        }
    }
    close(fd);
    return result;
}
