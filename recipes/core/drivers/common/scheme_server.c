#include "scheme_server.h"

#include <stdio.h>

/* The answer to one request. Paths below the scheme's root name the same device (as Redox's
 * daemons do: "null:anything" is null:), so open needs no path parsing. */
static long answer(const struct device_file *device, const struct mh_packet *p)
{
    switch (p->a) {
    case MH_SYS_OPEN:
        return 0;
    case MH_SYS_DUP:
        return 0;
    case MH_SYS_READ:
        return device->read((uint8_t *)p->c, p->d);
    case MH_SYS_WRITE:
        return device->write((const uint8_t *)p->c, p->d);
    case MH_SYS_LSEEK:
        return 0; /* devices without a position: every seek lands at 0, as on Linux */
    case MH_SYS_FSTAT: {
        struct mh_stat *st = (struct mh_stat *)p->c;
        st->st_mode = (uint16_t)(MH_MODE_CHR | 0666);
        st->st_nlink = 1;
        st->st_blksize = 4096;
        return 0;
    }
    case MH_SYS_FPATH: {
        char *out = (char *)p->c;
        size_t n = 0;
        for (const char *c = device->scheme; *c && n < p->d; c++)
            out[n++] = *c;
        if (n < p->d)
            out[n++] = ':';
        return (long)n;
    }
    case MH_SYS_FEVENT:
        return MH_EVENT_READ | MH_EVENT_WRITE; /* never blocks either way */
    case MH_SYS_FSYNC:
    case MH_SYS_CLOSE:
        return 0;
    default:
        return -MH_ENOSYS;
    }
}

int serve_device_file(const char *program, const struct device_file *device)
{
    long server = mh_register_scheme(device->scheme);
    if (server < 0) {
        fprintf(stderr, "%s: cannot register %s: (error %ld)\n", program, device->scheme, -server);
        return 1;
    }
    printf("%s: ready\n", device->scheme);
    fflush(stdout);
    for (;;) {
        struct mh_packet packet;
        long n = mh_read(server, &packet, sizeof packet);
        if (n == -MH_EINTR)
            continue;
        if (n == 0)
            return 0;
        if (n != (long)sizeof packet) {
            fprintf(stderr, "%s: reading requests for %s: failed (error %ld)\n", program,
                    device->scheme, n < 0 ? -n : n);
            return 1;
        }
        packet.a = (uint64_t)answer(device, &packet);
        if (packet.id != 0)
            mh_write(server, &packet, sizeof packet);
    }
}
