/* A tiny scheme server loop for the device-file daemons (zerod, randd): register a scheme,
 * read the kernel's request packets, answer each with the handler's result. The daemons keep
 * no state per open file, so an open's number is always 0 and every file behaves the same. */
#ifndef SCHEME_SERVER_H
#define SCHEME_SERVER_H

#include "mh_sys.h"

/* What a daemon does with a read or write of `length` bytes at `buffer` (the caller's memory,
 * mapped by the kernel): the bytes transferred, or -errno. */
struct device_file {
    const char *scheme;
    long (*read)(uint8_t *buffer, uint64_t length);
    long (*write)(const uint8_t *buffer, uint64_t length);
};

/* Serves the device until the kernel closes the scheme; returns the exit status. Prints
 * "NAME: ready" once registered and an error line (program and cause) on failure. */
int serve_device_file(const char *program, const struct device_file *device);

#endif
