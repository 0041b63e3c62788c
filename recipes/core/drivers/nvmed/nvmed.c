/* nvmed: the NVMe driver. Finds the NVMe controllers on PCI (at most MAX_DISKS), brings each
 * up (completions by MSI-X/MSI interrupt, else polled) and serves namespace 1 of the N-th as disk.nvme:N (a file of the
 * disk's size; reads and writes at whole-block offsets and lengths). The scheme root lists
 * the disks, one number per line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mh_sys.h"
#include "msi.h"
#include "nvme.h"
#include "pci.h"

#define PAGE 4096u
#define MAX_HANDLES 32
#define MAX_DISKS 8
#define BAR_MAP_BYTES 0x4000u

struct handle {
    int used;
    int is_root;
    unsigned disk;
    uint64_t position;
};

static struct nvme_controller controllers[MAX_DISKS];
static unsigned disk_count;
static char listing[MAX_DISKS * 2 + 1]; /* "0\n1\n..." */
static struct handle handles[MAX_HANDLES];

static uint64_t disk_bytes(const struct nvme_controller *c)
{
    return c->blocks * c->block_size;
}

/* Copies between the caller's buffer and the bounce pages (separate mappings). */
static void copy_from_bounce(const struct nvme_controller *c, uint8_t *out, size_t len)
{
    for (size_t done = 0, page = 0; done < len; page++) {
        size_t n = len - done < PAGE ? len - done : PAGE;
        memcpy(out + done, c->bounce[page], n);
        done += n;
    }
}

static void copy_to_bounce(const struct nvme_controller *c, const uint8_t *in, size_t len)
{
    for (size_t done = 0, page = 0; done < len; page++) {
        size_t n = len - done < PAGE ? len - done : PAGE;
        memcpy(c->bounce[page], in + done, n);
        done += n;
    }
}

/* Reads or writes len bytes at the handle's position in chunks of the bounce buffer. */
static long transfer(struct handle *h, uint8_t *buf, uint64_t len, int writing)
{
    struct nvme_controller *controller = &controllers[h->disk];
    uint64_t bs = controller->block_size;
    uint64_t size = disk_bytes(controller);
    if (h->position % bs != 0 || len % bs != 0)
        return -MH_EINVAL;
    if (h->position >= size)
        return writing && len > 0 ? -MH_ENOSPC : 0;
    if (len > size - h->position)
        len = size - h->position;
    uint64_t done = 0;
    while (done < len) {
        uint64_t chunk = len - done;
        if (chunk > (uint64_t)NVME_BOUNCE_PAGES * PAGE)
            chunk = (uint64_t)NVME_BOUNCE_PAGES * PAGE;
        uint64_t lba = (h->position + done) / bs;
        int err;
        if (writing) {
            copy_to_bounce(controller, buf + done, chunk);
            err = nvme_write(controller, lba, (uint32_t)(chunk / bs));
        } else {
            err = nvme_read(controller, lba, (uint32_t)(chunk / bs));
            if (err == 0)
                copy_from_bounce(controller, buf + done, chunk);
        }
        if (err != 0) {
            fprintf(stderr, "nvmed: disk %u: %s of %llu blocks at block %llu failed\n", h->disk,
                    writing ? "write" : "read", (unsigned long long)(chunk / bs),
                    (unsigned long long)lba);
            if (done == 0)
                return err;
            break;
        }
        done += chunk;
    }
    h->position += done;
    return (long)done;
}

static long do_open(const char *path, uint64_t len)
{
    while (len > 0 && *path == '/') {
        path++;
        len--;
    }
    int is_root = len == 0;
    unsigned disk = 0;
    if (!is_root) {
        if (len != 1 || path[0] < '0' || path[0] >= (char)('0' + disk_count))
            return -MH_ENOENT;
        disk = (unsigned)(path[0] - '0');
    }
    for (int i = 0; i < MAX_HANDLES; i++)
        if (!handles[i].used) {
            handles[i] = (struct handle){.used = 1, .is_root = is_root, .disk = disk};
            return i;
        }
    return -MH_EMFILE;
}

static long handle_request(const struct mh_packet *p)
{
    if (p->a == MH_SYS_OPEN)
        return do_open((const char *)p->b, p->c);
    if (p->b >= MAX_HANDLES || !handles[p->b].used)
        return p->a == MH_SYS_CLOSE ? 0 : -MH_EBADF;
    struct handle *h = &handles[p->b];
    struct nvme_controller *controller = &controllers[h->disk];
    uint64_t size = h->is_root ? strlen(listing) : disk_bytes(controller);
    switch (p->a) {
    case MH_SYS_READ:
        if (h->is_root) {
            uint64_t n = h->position >= size ? 0 : size - h->position;
            n = n < p->d ? n : p->d;
            memcpy((void *)p->c, listing + h->position, n);
            h->position += n;
            return (long)n;
        }
        return transfer(h, (uint8_t *)p->c, p->d, 0);
    case MH_SYS_WRITE:
        return h->is_root ? -MH_EISDIR : transfer(h, (uint8_t *)p->c, p->d, 1);
    case MH_SYS_LSEEK: {
        int64_t base = p->d == MH_SEEK_SET ? 0 : p->d == MH_SEEK_CUR ? (int64_t)h->position
                     : p->d == MH_SEEK_END ? (int64_t)size : -1;
        if (base < 0 || base + (int64_t)p->c < 0)
            return -MH_EINVAL;
        h->position = (uint64_t)(base + (int64_t)p->c);
        return (long)h->position;
    }
    case MH_SYS_FSTAT: {
        struct mh_stat *st = (struct mh_stat *)p->c;
        st->st_mode = (uint16_t)(h->is_root ? MH_MODE_DIR | 0755 : MH_MODE_FILE | 0600);
        st->st_size = size;
        st->st_blksize = h->is_root ? 4096 : controller->block_size;
        st->st_blocks = size / 512;
        st->st_nlink = 1;
        return 0;
    }
    case MH_SYS_FPATH: {
        char path[16];
        snprintf(path, sizeof path, h->is_root ? "disk.nvme:" : "disk.nvme:%u", h->disk);
        uint64_t n = strlen(path) < p->d ? strlen(path) : p->d;
        memcpy((void *)p->c, path, n);
        return (long)n;
    }
    case MH_SYS_FSYNC:
        return h->is_root ? 0 : nvme_flush(controller);
    case MH_SYS_CLOSE:
        h->used = 0;
        return 0;
    default:
        return -MH_ENOSYS;
    }
}

static int fail(const char *what, long err)
{
    fprintf(stderr, "nvmed: %s (error %ld)\n", what, -err);
    return 1;
}

/* Brings up the controller at `at` as disk number disk_count; returns 0 or -1 (reported). */
static int start_controller(struct pci_address at, long memory)
{
    uint64_t bar = pci_bar_address(at, 0);
    if (bar == 0) {
        fprintf(stderr, "nvmed: %02x:%02x.%x: BAR0 is not a memory BAR\n", at.bus, at.device,
                at.function);
        return -1;
    }
    /* memory space and bus mastering on, legacy INTx off (MSI-X/MSI or polling) */
    pci_write32(at, 0x04, (pci_read32(at, 0x04) & 0xffff) | 0x0406);
    long registers = mh_fmap((uint64_t)memory, bar, BAR_MAP_BYTES,
                             MH_PROT_READ | MH_PROT_WRITE | MH_MAP_SHARED);
    if (registers < 0) {
        fprintf(stderr, "nvmed: %02x:%02x.%x: cannot map BAR0 (error %ld)\n", at.bus, at.device,
                at.function, -registers);
        return -1;
    }
    struct nvme_controller *c = &controllers[disk_count];
    snprintf(c->name, sizeof c->name, "%02x:%02x.%x", at.bus, at.device, at.function);
    enum msi_kind kind;
    unsigned vector = 0;
    const char *problem = "";
    long irq = msi_enable(at, memory, &kind, &vector, &problem);
    if (irq < 0)
        fprintf(stderr, "nvmed: %s: %s; polling for completions\n", c->name, problem);
    if (nvme_init(c, (volatile uint8_t *)registers, irq, &problem) < 0) {
        fprintf(stderr, "nvmed: %s: %s\n", c->name, problem);
        return -1;
    }
    printf("nvmed: disk.nvme:%u is NVMe controller %s (%s), BAR0 %#llx: namespace 1 "
           "has %llu blocks of %u bytes (%llu MiB)\n", disk_count, c->name, c->model,
           (unsigned long long)bar, (unsigned long long)c->blocks, c->block_size,
           (unsigned long long)(disk_bytes(c) >> 20));
    if (c->irq >= 0)
        printf("nvmed: disk.nvme:%u: completions by %s interrupt (vector %u), %llu taken while "
               "starting\n", disk_count, msi_kind_name(kind), vector,
               (unsigned long long)c->interrupts);
    else
        printf("nvmed: disk.nvme:%u: completions are polled\n", disk_count);
    listing[2 * disk_count] = (char)('0' + disk_count);
    listing[2 * disk_count + 1] = '\n';
    disk_count++;
    return 0;
}

int main(void)
{
    long err = mh_call(MH_SYS_IOPL, 3, 0, 0, 0, 0);
    if (err < 0)
        return fail("no I/O port access for PCI configuration space", err);
    long memory = mh_open("memory:physical", MH_O_RDWR);
    if (memory < 0)
        return fail("cannot open memory:physical", memory);
    struct pci_address at;
    unsigned found = 0;
    for (; found < MAX_DISKS && pci_find_class(0x01, 0x08, 0x02, found, &at) == 0; found++)
        start_controller(at, memory);
    if (disk_count == 0) {
        fprintf(stderr, found == 0 ? "nvmed: no NVMe controller on PCI\n"
                                   : "nvmed: no NVMe controller could be started\n");
        return 1;
    }
    fflush(stdout);
    long server = mh_register_scheme("disk.nvme");
    if (server < 0)
        return fail("cannot register disk.nvme:", server);
    struct mh_packet packet;
    for (;;) {
        long n = mh_read(server, &packet, sizeof packet);
        if (n == -MH_EINTR)
            continue;
        if (n != (long)sizeof packet)
            return fail("reading requests failed", n);
        packet.a = (uint64_t)handle_request(&packet);
        mh_write(server, &packet, sizeof packet);
    }
}
