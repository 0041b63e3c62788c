/* Files on the RedoxFS root. The first boot makes a tree under /var/system-test (directories,
 * an 8 MiB file and its checksum, a renamed file, an unlinked file and a removed directory) and
 * checks it; verify_files checks what must be there, in that boot and again in the next one
 * on the same disk. The marker file, written last, tells the next boot the tree is complete. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks.h"

#define TREE "/var/system-test"
#define BIG_FILE TREE "/big.bin"
#define BIG_SUM TREE "/big.sum"
#define BIG_BYTES (8u << 20)
#define BIG_SEED 3
#define CHUNK (64u * 1024u + 17u) /* odd-sized writes cross block boundaries */
#define NOTE_TEXT "written in the first boot, renamed into dir/sub\n"

static bool write_text(const char *path, const char *text)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0)
        return false;
    bool ok = write_all(fd, text, strlen(text)) && fsync(fd) == 0;
    return close(fd) == 0 && ok;
}

/* The whole of a small file, NUL-terminated, or "" if it cannot be read. */
static const char *read_text(const char *path)
{
    static char text[256];
    memset(text, 0, sizeof text);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return "";
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n < 0)
        text[0] = '\0';
    return text;
}

static bool missing(const char *path)
{
    struct stat st;
    errno = 0;
    return stat(path, &st) < 0 && errno == ENOENT;
}

/* Writes the big file in odd-sized chunks; returns its hash, 0 on failure. */
static uint64_t write_big_file(void)
{
    static uint8_t chunk[CHUNK];
    int fd = open(BIG_FILE, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0)
        return 0;
    uint64_t hash = FNV_START;
    bool ok = true;
    for (uint64_t done = 0; ok && done < BIG_BYTES;) {
        size_t n = BIG_BYTES - done < CHUNK ? (size_t)(BIG_BYTES - done) : CHUNK;
        for (size_t i = 0; i < n; i++)
            chunk[i] = pattern_byte(BIG_SEED, done + i);
        ok = write_all(fd, chunk, n);
        hash = fnv1a(hash, chunk, n);
        done += n;
    }
    ok = ok && fsync(fd) == 0;
    return close(fd) == 0 && ok ? hash : 0;
}

/* The hash of the whole file at path (0 if unreadable); *bytes is its length. */
static uint64_t hash_file(const char *path, uint64_t *bytes)
{
    static uint8_t buffer[32768];
    *bytes = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    uint64_t hash = FNV_START;
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0) {
        hash = fnv1a(hash, buffer, (size_t)n);
        *bytes += (uint64_t)n;
    }
    close(fd);
    return n == 0 ? hash : 0;
}

/* Whether directory path holds exactly the names in expected (any order). */
static bool lists_exactly(const char *path, const char *const *expected, size_t count)
{
    DIR *dir = opendir(path);
    if (dir == NULL)
        return false;
    size_t found = 0, others = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        bool known = false;
        for (size_t i = 0; i < count; i++)
            known |= strcmp(entry->d_name, expected[i]) == 0;
        known ? found++ : others++;
    }
    closedir(dir);
    return found == count && others == 0;
}

void write_files(void)
{
    check(mkdir(TREE, 0755) == 0 && mkdir(TREE "/dir", 0755) == 0 && mkdir(TREE "/dir/sub", 0700) == 0,
          "mkdir " TREE ", dir and dir/sub");
    uint64_t hash = write_big_file();
    check(hash != 0, "write an 8 MiB file in 64 KiB+17 chunks and fsync it");
    char sum[40];
    snprintf(sum, sizeof sum, "%016llx\n", (unsigned long long)hash);
    check(write_text(BIG_SUM, sum), "write its FNV-1a checksum beside it");

    check(write_text(TREE "/note.txt", NOTE_TEXT), "write note.txt");
    check(rename(TREE "/note.txt", TREE "/dir/sub/note.txt") == 0, "rename note.txt into dir/sub");
    check(write_text(TREE "/doomed.txt", "soon gone\n") && unlink(TREE "/doomed.txt") == 0,
          "write and unlink doomed.txt");
    check(mkdir(TREE "/empty", 0755) == 0 && rmdir(TREE "/empty") == 0, "mkdir and rmdir empty");
    check(mkdir(TREE "/dir", 0755) < 0 && errno == EEXIST, "mkdir of an existing directory is EEXIST");
    errno = 0;
    check(rmdir(TREE "/dir") < 0 && errno == ENOTEMPTY, "rmdir of a directory with entries is ENOTEMPTY");
}

void verify_files(void)
{
    char expected_sum[40];
    uint64_t expected_hash = FNV_START;
    for (uint64_t i = 0; i < BIG_BYTES; i++) {
        uint8_t byte = pattern_byte(BIG_SEED, i);
        expected_hash = fnv1a(expected_hash, &byte, 1);
    }
    snprintf(expected_sum, sizeof expected_sum, "%016llx\n", (unsigned long long)expected_hash);
    uint64_t bytes;
    uint64_t hash = hash_file(BIG_FILE, &bytes);
    check(bytes == BIG_BYTES && hash == expected_hash, "the 8 MiB file reads back whole with the right checksum");
    check(strcmp(read_text(BIG_SUM), expected_sum) == 0, "the checksum file holds that checksum");
    struct stat st;
    check(stat(BIG_FILE, &st) == 0 && st.st_size == (off_t)BIG_BYTES && S_ISREG(st.st_mode),
          "stat gives the big file's size");

    int fd = open(BIG_FILE, O_RDONLY);
    uint8_t middle[100];
    off_t at = (off_t)BIG_BYTES / 2 + 4093;
    bool same = fd >= 0 && lseek(fd, at, SEEK_SET) == at && read_all(fd, middle, sizeof middle);
    for (size_t i = 0; same && i < sizeof middle; i++)
        same = middle[i] == pattern_byte(BIG_SEED, (uint64_t)at + i);
    if (fd >= 0)
        close(fd);
    check(same, "a read after lseek into the middle gives the right bytes");

    check(strcmp(read_text(TREE "/dir/sub/note.txt"), NOTE_TEXT) == 0, "the renamed file has its text");
    check(missing(TREE "/note.txt"), "its old name is gone");
    check(missing(TREE "/doomed.txt"), "the unlinked file is gone");
    check(missing(TREE "/empty"), "the removed directory is gone");
    check(stat(TREE "/dir/sub", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700,
          "dir/sub is a directory with mode 0700");
    const char *const top[] = {"big.bin", "big.sum", "dir"};
    const char *const with_marker[] = {"big.bin", "big.sum", "dir", MARKER_NAME};
    check(lists_exactly(TREE, top, 3) || lists_exactly(TREE, with_marker, 4),
          TREE " lists big.bin, big.sum, dir (and the marker), nothing else");
}

bool boot1_done(void)
{
    return !missing(TREE "/" MARKER_NAME);
}

bool mark_boot1_done(void)
{
    return write_text(TREE "/" MARKER_NAME, "the first boot's files are complete\n");
}
