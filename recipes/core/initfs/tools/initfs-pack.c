/* Packs files into an initfs archive (doc/initfs.md).
 *   initfs-pack OUT PATH=FILE...
 * PATH is the name inside the archive (e.g. bin/init), FILE the host file. OUT is written as
 * OUT.tmp and renamed, so a failure never leaves a partial archive. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../src/initfs_format.h"

struct member {
    const char *path;
    const char *file;
    struct initfs_entry entry;
};

static int path_is_valid(const char *path)
{
    size_t len = strlen(path);
    if (len == 0 || len > INITFS_PATH_MAX || path[0] == '/' || path[len - 1] == '/')
        return 0;
    for (const char *part = path; *part;) {
        size_t n = strcspn(part, "/");
        if (n == 0 || (n == 1 && part[0] == '.') || (n == 2 && part[0] == '.' && part[1] == '.'))
            return 0;
        part += n + (part[n] == '/');
    }
    return 1;
}

static int compare_members(const void *a, const void *b)
{
    return strcmp(((const struct member *)a)->path, ((const struct member *)b)->path);
}

static int copy_contents(FILE *out, const struct member *m, const char *tmp)
{
    FILE *in = fopen(m->file, "rb");
    if (!in) {
        fprintf(stderr, "initfs-pack: %s: %s\n", m->file, strerror(errno));
        return -1;
    }
    char buf[65536];
    uint64_t copied = 0;
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (fwrite(buf, 1, n, out) != n) {
            fprintf(stderr, "initfs-pack: %s: write failed\n", tmp);
            fclose(in);
            return -1;
        }
        copied += n;
    }
    int bad = ferror(in) || copied != m->entry.size;
    fclose(in);
    if (bad) {
        fprintf(stderr, "initfs-pack: %s: read failed or file changed size\n", m->file);
        return -1;
    }
    static const char zeros[16];
    size_t pad = (size_t)((16 - copied % 16) % 16);
    return fwrite(zeros, 1, pad, out) == pad ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: initfs-pack OUT PATH=FILE...\n");
        return 2;
    }
    size_t count = (size_t)argc - 2;
    struct member *members = calloc(count, sizeof *members);
    if (!members)
        return 1;
    for (size_t i = 0; i < count; i++) {
        char *arg = argv[i + 2];
        char *eq = strchr(arg, '=');
        if (!eq) {
            fprintf(stderr, "initfs-pack: argument %zu: expected PATH=FILE, got \"%s\"\n", i + 2, arg);
            free(members);
            return 2;
        }
        *eq = '\0';
        members[i].path = arg;
        members[i].file = eq + 1;
        if (!path_is_valid(arg)) {
            fprintf(stderr, "initfs-pack: \"%s\": expected a relative path of at most %u bytes "
                            "without empty, . or .. components\n", arg, INITFS_PATH_MAX);
            free(members);
            return 2;
        }
    }
    qsort(members, count, sizeof *members, compare_members);
    uint64_t offset = sizeof(struct initfs_header) + count * sizeof(struct initfs_entry);
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        if (i > 0 && strcmp(members[i - 1].path, members[i].path) == 0) {
            fprintf(stderr, "initfs-pack: \"%s\" given twice\n", members[i].path);
            free(members);
            return 2;
        }
        if (stat(members[i].file, &st) != 0 || !S_ISREG(st.st_mode)) {
            fprintf(stderr, "initfs-pack: %s: expected a regular file\n", members[i].file);
            free(members);
            return 1;
        }
        struct initfs_entry *e = &members[i].entry;
        memcpy(e->path, members[i].path, strlen(members[i].path));
        e->mode = (st.st_mode & 0111) ? 0755 : 0644;
        e->offset = offset;
        e->size = (uint64_t)st.st_size;
        offset += (e->size + 15) / 16 * 16;
    }

    size_t tmp_len = strlen(argv[1]) + 5;
    char *tmp = malloc(tmp_len);
    if (!tmp) {
        free(members);
        return 1;
    }
    snprintf(tmp, tmp_len, "%s.tmp", argv[1]);
    FILE *out = fopen(tmp, "wb");
    int failed = !out;
    if (out) {
        struct initfs_header header = {.version = INITFS_VERSION, .entry_count = (uint32_t)count};
        memcpy(header.magic, INITFS_MAGIC, 8);
        failed = fwrite(&header, sizeof header, 1, out) != 1;
        for (size_t i = 0; i < count && !failed; i++)
            failed = fwrite(&members[i].entry, sizeof members[i].entry, 1, out) != 1;
        for (size_t i = 0; i < count && !failed; i++)
            failed = copy_contents(out, &members[i], tmp) != 0;
        failed |= fclose(out) != 0;
    }
    if (failed || rename(tmp, argv[1]) != 0) {
        fprintf(stderr, "initfs-pack: cannot write %s: %s\n", argv[1], strerror(errno));
        remove(tmp);
        free(tmp);
        free(members);
        return 1;
    }
    free(tmp);
    free(members);
    return 0;
}
