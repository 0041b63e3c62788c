/* /boot/initfs: process 1's first program. Serves the archive linked into it (doc/initfs.md)
 * as the initfs: scheme from a forked child and execs initfs:bin/init as pid 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "initfs_format.h"
#include "mh_sys.h"

extern const unsigned char initfs_archive_start[];
extern const unsigned char initfs_archive_end[];

#define MAX_HANDLES 64

struct handle {
    int used;
    const struct initfs_entry *entry; /* NULL: a directory */
    char *listing;                    /* a directory's names, one per line */
    size_t listing_len;
    char dir[INITFS_PATH_MAX + 1];    /* a directory's path ("" = the root) */
    uint64_t position;
};

static const struct initfs_entry *entries;
static uint32_t entry_count;
static struct handle handles[MAX_HANDLES];

static void fatal(const char *what)
{
    fprintf(stderr, "initfs: %s\n", what);
    exit(1);
}

static void check_archive(void)
{
    size_t size = (size_t)(initfs_archive_end - initfs_archive_start);
    const struct initfs_header *header = (const struct initfs_header *)initfs_archive_start;
    if (size < sizeof *header || memcmp(header->magic, INITFS_MAGIC, 8) != 0)
        fatal("the linked archive has no MHINITFS header");
    if (header->version != INITFS_VERSION)
        fatal("the linked archive has an unknown version (expected 1)");
    entry_count = header->entry_count;
    if (entry_count > (size - sizeof *header) / sizeof(struct initfs_entry))
        fatal("the archive's entry table runs past its end");
    entries = (const struct initfs_entry *)(initfs_archive_start + sizeof *header);
    for (uint32_t i = 0; i < entry_count; i++)
        if (entries[i].offset > size || entries[i].size > size - entries[i].offset)
            fatal("an archive entry's contents run past the archive's end");
}

static size_t entry_path_len(const struct initfs_entry *e)
{
    return strnlen(e->path, INITFS_PATH_MAX);
}

/* The entry at exactly path, or NULL. */
static const struct initfs_entry *find_entry(const char *path, size_t len)
{
    for (uint32_t i = 0; i < entry_count; i++)
        if (entry_path_len(&entries[i]) == len && memcmp(entries[i].path, path, len) == 0)
            return &entries[i];
    return NULL;
}

/* Appends the distinct names directly under dir (len bytes, "" = root) to a new listing;
 * returns 0 if no entry lies under dir. */
static int build_listing(struct handle *h, const char *dir, size_t len)
{
    h->listing = malloc((size_t)entry_count * (INITFS_PATH_MAX + 1) + 1);
    if (!h->listing)
        return -MH_ENOMEM;
    h->listing_len = 0;
    int found = 0;
    for (uint32_t i = 0; i < entry_count; i++) {
        const char *p = entries[i].path;
        size_t plen = entry_path_len(&entries[i]);
        if (len > 0 && (plen <= len || memcmp(p, dir, len) != 0 || p[len] != '/'))
            continue;
        const char *name = p + (len > 0 ? len + 1 : 0);
        size_t name_len = strcspn(name, "/");
        if (name_len > (size_t)(p + plen - name))
            name_len = (size_t)(p + plen - name);
        found = 1;
        /* entries are sorted, so a repeated name (a subdirectory) is the previous line */
        size_t line_start = h->listing_len;
        if (line_start > 0) {
            size_t prev = line_start - 1;
            while (prev > 0 && h->listing[prev - 1] != '\n')
                prev--;
            if (line_start - 1 - prev == name_len && memcmp(h->listing + prev, name, name_len) == 0)
                continue;
        }
        memcpy(h->listing + h->listing_len, name, name_len);
        h->listing_len += name_len;
        h->listing[h->listing_len++] = '\n';
    }
    if (!found) {
        free(h->listing);
        h->listing = NULL;
    }
    return found;
}

static long do_open(const char *path, size_t len, uint64_t flags)
{
    while (len > 0 && path[0] == '/') {
        path++;
        len--;
    }
    while (len > 0 && path[len - 1] == '/')
        len--;
    if (flags & (MH_O_CREAT | MH_O_TRUNC) || (flags & MH_O_ACCMODE) == MH_O_WRONLY ||
        (flags & MH_O_ACCMODE) == MH_O_RDWR)
        return -MH_EROFS;
    if (len > INITFS_PATH_MAX)
        return -MH_ENOENT;
    int slot = -1;
    for (int i = 0; i < MAX_HANDLES && slot < 0; i++)
        if (!handles[i].used)
            slot = i;
    if (slot < 0)
        return -MH_EMFILE;
    struct handle *h = &handles[slot];
    memset(h, 0, sizeof *h);
    h->entry = find_entry(path, len);
    if (h->entry) {
        if (flags & MH_O_DIRECTORY)
            return -MH_ENOTDIR;
    } else {
        int found = build_listing(h, path, len);
        if (found < 0)
            return found;
        if (!found && len > 0)
            return -MH_ENOENT;
        memcpy(h->dir, path, len);
    }
    h->used = 1;
    return slot;
}

static struct handle *lookup(uint64_t number)
{
    return number < MAX_HANDLES && handles[number].used ? &handles[number] : NULL;
}

static long do_read(struct handle *h, char *buf, uint64_t len)
{
    const char *data = h->entry ? (const char *)initfs_archive_start + h->entry->offset : h->listing;
    uint64_t size = h->entry ? h->entry->size : h->listing_len;
    if (h->position >= size)
        return 0;
    uint64_t n = size - h->position < len ? size - h->position : len;
    memcpy(buf, data + h->position, n);
    h->position += n;
    return (long)n;
}

static long do_lseek(struct handle *h, int64_t offset, uint64_t whence)
{
    int64_t size = (int64_t)(h->entry ? h->entry->size : h->listing_len);
    int64_t base = whence == MH_SEEK_SET ? 0 : whence == MH_SEEK_CUR ? (int64_t)h->position
                 : whence == MH_SEEK_END ? size : -1;
    if (base < 0 || base + offset < 0)
        return -MH_EINVAL;
    h->position = (uint64_t)(base + offset);
    return (long)h->position;
}

static long do_fstat(struct handle *h, struct mh_stat *st)
{
    st->st_mode = (uint16_t)(h->entry ? MH_MODE_FILE | h->entry->mode : MH_MODE_DIR | 0755);
    st->st_size = h->entry ? h->entry->size : h->listing_len;
    st->st_nlink = 1;
    st->st_blksize = 4096;
    st->st_ino = h->entry ? (uint64_t)(h->entry - entries) + 2 : 1;
    return 0;
}

static long do_fpath(struct handle *h, char *buf, uint64_t len)
{
    char path[INITFS_PATH_MAX + 8];
    int n = snprintf(path, sizeof path, "initfs:%.*s", INITFS_PATH_MAX,
                     h->entry ? h->entry->path : h->dir);
    uint64_t copy = (uint64_t)n < len ? (uint64_t)n : len;
    memcpy(buf, path, copy);
    return (long)copy;
}

static long handle_request(const struct mh_packet *p)
{
    if (p->a == MH_SYS_OPEN)
        return do_open((const char *)p->b, p->c, p->d);
    if (p->a == MH_SYS_UNLINK || p->a == MH_SYS_RMDIR)
        return -MH_EROFS;
    struct handle *h = lookup(p->b);
    if (!h)
        return -MH_EBADF;
    switch (p->a) {
    case MH_SYS_READ:
        return do_read(h, (char *)p->c, p->d);
    case MH_SYS_WRITE:
        return -MH_EBADF;
    case MH_SYS_LSEEK:
        return do_lseek(h, (int64_t)p->c, p->d);
    case MH_SYS_FSTAT:
        return do_fstat(h, (struct mh_stat *)p->c);
    case MH_SYS_FPATH:
        return do_fpath(h, (char *)p->c, p->d);
    case MH_SYS_FSYNC:
        return 0;
    case MH_SYS_CLOSE:
        free(h->listing);
        memset(h, 0, sizeof *h);
        return 0;
    default:
        return -MH_ENOSYS;
    }
}

static void serve(long server)
{
    struct mh_packet packet;
    for (;;) {
        long n = mh_read(server, &packet, sizeof packet);
        if (n == -MH_EINTR)
            continue;
        if (n != (long)sizeof packet) {
            fprintf(stderr, "initfs: reading requests failed (%ld)\n", n);
            exit(1);
        }
        packet.a = (uint64_t)handle_request(&packet);
        if (mh_write(server, &packet, sizeof packet) < 0)
            fprintf(stderr, "initfs: a reply was refused\n");
    }
}

int main(void)
{
    check_archive();
    long server = mh_register_scheme("initfs");
    if (server < 0)
        fatal("cannot register the initfs: scheme");
    printf("initfs: serving %u files from the archive (%zu bytes)\n", entry_count,
           (size_t)(initfs_archive_end - initfs_archive_start));
    fflush(stdout);
    pid_t child = fork();
    if (child < 0)
        fatal("fork failed");
    if (child == 0)
        serve(server);
    mh_close(server);
    static const char init_path[] = "initfs:bin/init";
    char *argv[] = {"init", NULL};
    char *envp[] = {"PATH=/usr/bin:/bin:initfs:bin", NULL};
    long err = mh_call(MH_SYS_EXECVE, (uint64_t)init_path, sizeof init_path - 1, (uint64_t)argv,
                       (uint64_t)envp, 0);
    fprintf(stderr, "initfs: cannot exec %s (%ld)\n", init_path, err);
    return 1;
}
