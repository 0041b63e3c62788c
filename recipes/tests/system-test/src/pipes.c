/* Pipes: data between two processes in both directions, end of file once the writer has
 * closed, EPIPE once the reader has. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checks.h"

#define PIPE_BYTES (256u * 1024u + 123u) /* more than a pipe holds, not a multiple of a page */
#define CHUNK 3000u

/* Writes PIPE_BYTES of pattern seed to fd in odd-sized chunks and returns their hash. */
static uint64_t send_pattern(int fd, uint64_t seed)
{
    static uint8_t chunk[CHUNK];
    uint64_t hash = FNV_START;
    for (uint64_t done = 0; done < PIPE_BYTES;) {
        size_t n = PIPE_BYTES - done < CHUNK ? (size_t)(PIPE_BYTES - done) : CHUNK;
        for (size_t i = 0; i < n; i++)
            chunk[i] = pattern_byte(seed, done + i);
        if (!write_all(fd, chunk, n))
            return 0;
        hash = fnv1a(hash, chunk, n);
        done += n;
    }
    return hash;
}

/* Reads fd to its end; sets *bytes and returns the hash of what came. */
static uint64_t receive_to_end(int fd, uint64_t *bytes)
{
    static uint8_t buffer[8192];
    uint64_t hash = FNV_START;
    *bytes = 0;
    for (;;) {
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 ? hash : 0;
        hash = fnv1a(hash, buffer, (size_t)n);
        *bytes += (uint64_t)n;
    }
}

static uint64_t expected_hash(uint64_t seed)
{
    uint64_t hash = FNV_START;
    for (uint64_t i = 0; i < PIPE_BYTES; i++) {
        uint8_t byte = pattern_byte(seed, i);
        hash = fnv1a(hash, &byte, 1);
    }
    return hash;
}

void check_pipes(void)
{
    int fds[2];
    check(pipe(fds) == 0, "pipe() gives two descriptors");
    pid_t writer = fork();
    if (writer == 0) {
        close(fds[0]);
        _exit(send_pattern(fds[1], 1) == expected_hash(1) ? 0 : 1);
    }
    close(fds[1]);
    uint64_t bytes;
    uint64_t hash = receive_to_end(fds[0], &bytes);
    close(fds[0]);
    int status = wait_status(writer);
    check(bytes == PIPE_BYTES && hash == expected_hash(1),
          "256 KiB from a child through a pipe arrive whole and in order, then end of file");
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the writing child exits 0");

    pipe(fds);
    pid_t reader = fork();
    if (reader == 0) {
        close(fds[1]);
        uint64_t got;
        uint64_t child_hash = receive_to_end(fds[0], &got);
        _exit(got == PIPE_BYTES && child_hash == expected_hash(2) ? 0 : 1);
    }
    close(fds[0]);
    bool sent = send_pattern(fds[1], 2) != 0;
    close(fds[1]);
    status = wait_status(reader);
    check(sent && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the other way: the child reads everything the parent wrote and sees end of file on close");

    pipe(fds);
    close(fds[0]);
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    check(write(fds[1], "x", 1) < 0 && errno == EPIPE, "writing to a pipe nobody reads fails with EPIPE");
    signal(SIGPIPE, SIG_DFL);
    close(fds[1]);
}
