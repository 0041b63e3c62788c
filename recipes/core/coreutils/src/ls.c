/* ls [-1alR] [FILE...]: lists files and directory contents, sorted by name (byte order).
 * -a shows names starting with '.', -l the long format (mode, links, owner, group, size,
 * modification time), -R descends into subdirectories, -1 one name per line (the default when
 * the output is no terminal; on a terminal names go in columns). */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROGRAM "ls"
#define SCREEN_WIDTH 80
#define SIX_MONTHS_SECONDS (31556952 / 2)

struct entry {
    char *name; /* as shown */
    char *path; /* to reach it */
    struct stat status;
    char *link_target;
};

static int show_all, long_format, recursive, one_per_line;
static int exit_status;
static int printed_something;

static void *allocate(size_t size)
{
    void *memory = malloc(size);
    if (memory == NULL) {
        fprintf(stderr, "%s: out of memory\n", PROGRAM);
        exit(2);
    }
    return memory;
}

static char *join(const char *directory, const char *name)
{
    size_t length = strlen(directory);
    char *path = allocate(length + strlen(name) + 2);
    sprintf(path, "%s%s%s", directory, length > 0 && directory[length - 1] == '/' ? "" : "/", name);
    return path;
}

static char *duplicate(const char *text)
{
    return strcpy(allocate(strlen(text) + 1), text);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void free_entries(struct entry *entries, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(entries[i].name);
        free(entries[i].path);
        free(entries[i].link_target);
    }
    free(entries);
}

static void read_link_target(struct entry *entry)
{
    if (!long_format || !S_ISLNK(entry->status.st_mode))
        return;
    size_t size = entry->status.st_size > 0 ? (size_t)entry->status.st_size + 1 : 256;
    entry->link_target = allocate(size);
    ssize_t length = readlink(entry->path, entry->link_target, size - 1);
    entry->link_target[length > 0 ? length : 0] = '\0';
}

static void mode_string(mode_t mode, char text[11])
{
    text[0] = S_ISDIR(mode) ? 'd' : S_ISLNK(mode) ? 'l' : S_ISCHR(mode) ? 'c' : S_ISBLK(mode) ? 'b'
            : S_ISFIFO(mode) ? 'p' : S_ISSOCK(mode) ? 's' : S_ISREG(mode) ? '-' : '?';
    const char *letters = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        text[1 + i] = (mode & (1u << (8 - i))) ? letters[i] : '-';
    if (mode & S_ISUID)
        text[3] = text[3] == 'x' ? 's' : 'S';
    if (mode & S_ISGID)
        text[6] = text[6] == 'x' ? 's' : 'S';
    if (mode & S_ISVTX)
        text[9] = text[9] == 'x' ? 't' : 'T';
    text[10] = '\0';
}

/* Names of ids, remembered: a listing asks for the same few again and again. */
static const char *user_name(uid_t uid)
{
    static uid_t cached_uid = (uid_t)-1;
    static char cached[64];
    if (uid != cached_uid) {
        struct passwd *user = getpwuid(uid);
        if (user != NULL)
            snprintf(cached, sizeof cached, "%s", user->pw_name);
        else
            snprintf(cached, sizeof cached, "%d", (int)uid);
        cached_uid = uid;
    }
    return cached;
}

static const char *group_name(gid_t gid)
{
    static gid_t cached_gid = (gid_t)-1;
    static char cached[64];
    if (gid != cached_gid) {
        struct group *group = getgrgid(gid);
        if (group != NULL)
            snprintf(cached, sizeof cached, "%s", group->gr_name);
        else
            snprintf(cached, sizeof cached, "%d", (int)gid);
        cached_gid = gid;
    }
    return cached;
}

static int digits(unsigned long long value)
{
    int count = 1;
    while (value >= 10) {
        value /= 10;
        count++;
    }
    return count;
}

static void print_long(const struct entry *entries, size_t count)
{
    int link_width = 1, user_width = 1, group_width = 1, size_width = 1;
    for (size_t i = 0; i < count; i++) {
        const struct stat *s = &entries[i].status;
        int width = digits((unsigned long long)s->st_nlink);
        link_width = width > link_width ? width : link_width;
        width = (int)strlen(user_name(s->st_uid));
        user_width = width > user_width ? width : user_width;
        width = (int)strlen(group_name(s->st_gid));
        group_width = width > group_width ? width : group_width;
        width = digits((unsigned long long)s->st_size);
        size_width = width > size_width ? width : size_width;
    }
    time_t now = time(NULL);
    for (size_t i = 0; i < count; i++) {
        const struct stat *s = &entries[i].status;
        char mode[11], date[64];
        mode_string(s->st_mode, mode);
        time_t modified = s->st_mtime;
        struct tm *local = localtime(&modified);
        int recent = modified > now - SIX_MONTHS_SECONDS && modified <= now;
        if (local == NULL || strftime(date, sizeof date, recent ? "%b %e %H:%M" : "%b %e  %Y", local) == 0)
            snprintf(date, sizeof date, "%lld", (long long)modified);
        printf("%s %*lu %-*s %-*s %*lld %s %s", mode, link_width, (unsigned long)s->st_nlink,
               user_width, user_name(s->st_uid), group_width, group_name(s->st_gid),
               size_width, (long long)s->st_size, date, entries[i].name);
        if (entries[i].link_target != NULL)
            printf(" -> %s", entries[i].link_target);
        putchar('\n');
    }
}

/* Column layout as on a terminal: as many columns as fit, filled top to bottom. */
static void print_columns(const struct entry *entries, size_t count)
{
    size_t columns = count;
    size_t *widths = allocate((count ? count : 1) * sizeof *widths);
    for (; columns > 1; columns--) {
        size_t rows = (count + columns - 1) / columns, total = 0;
        for (size_t c = 0; c < columns; c++) {
            widths[c] = 0;
            for (size_t r = 0; r < rows && c * rows + r < count; r++) {
                size_t length = strlen(entries[c * rows + r].name);
                widths[c] = length > widths[c] ? length : widths[c];
            }
            total += widths[c] + (c + 1 < columns ? 2 : 0);
        }
        if (total <= SCREEN_WIDTH)
            break;
    }
    size_t rows = columns ? (count + columns - 1) / columns : 0;
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < columns && c * rows + r < count; c++) {
            const char *name = entries[c * rows + r].name;
            int last = c + 1 == columns || (c + 1) * rows + r >= count;
            if (last)
                printf("%s", name);
            else
                printf("%-*s  ", (int)widths[c], name);
        }
        putchar('\n');
    }
    free(widths);
}

static void print_entries(const struct entry *entries, size_t count)
{
    if (long_format)
        print_long(entries, count);
    else if (one_per_line)
        for (size_t i = 0; i < count; i++)
            printf("%s\n", entries[i].name);
    else
        print_columns(entries, count);
}

static void add_entry(struct entry **entries, size_t *count, size_t *capacity, const char *directory,
                      const char *name)
{
    if (*count == *capacity) {
        *capacity = *capacity ? 2 * *capacity : 32;
        struct entry *grown = realloc(*entries, *capacity * sizeof **entries);
        if (grown == NULL) {
            fprintf(stderr, "%s: out of memory\n", PROGRAM);
            exit(2);
        }
        *entries = grown;
    }
    struct entry *entry = &(*entries)[(*count)++];
    entry->name = duplicate(name);
    entry->path = join(directory, name);
    entry->link_target = NULL;
    if (lstat(entry->path, &entry->status) != 0) {
        fprintf(stderr, "%s: cannot access '%s': %s\n", PROGRAM, entry->path, strerror(errno));
        memset(&entry->status, 0, sizeof entry->status);
        exit_status = 1;
    }
    read_link_target(entry);
}

static void list_directory(const char *path, int with_header)
{
    if (with_header) {
        if (printed_something)
            putchar('\n');
        printf("%s:\n", path);
    }
    printed_something = 1;
    DIR *directory = opendir(path);
    if (directory == NULL) {
        fprintf(stderr, "%s: cannot open directory '%s': %s\n", PROGRAM, path, strerror(errno));
        exit_status = exit_status ? exit_status : 1;
        return;
    }
    struct entry *entries = NULL;
    size_t count = 0, capacity = 0;
    int seen_dot = 0, seen_dot_dot = 0;
    struct dirent *item;
    errno = 0;
    while ((item = readdir(directory)) != NULL) {
        seen_dot |= strcmp(item->d_name, ".") == 0;
        seen_dot_dot |= strcmp(item->d_name, "..") == 0;
        if (item->d_name[0] == '.' && !show_all)
            continue;
        add_entry(&entries, &count, &capacity, path, item->d_name);
    }
    if (errno != 0) {
        fprintf(stderr, "%s: reading directory '%s': %s\n", PROGRAM, path, strerror(errno));
        exit_status = 1;
    }
    closedir(directory);
    /* Some file systems do not list . and .. themselves. */
    if (show_all && !seen_dot)
        add_entry(&entries, &count, &capacity, path, ".");
    if (show_all && !seen_dot_dot)
        add_entry(&entries, &count, &capacity, path, "..");
    if (count > 0)
        qsort(entries, count, sizeof *entries, by_name);
    if (long_format) {
        unsigned long long blocks = 0;
        for (size_t i = 0; i < count; i++)
            blocks += (unsigned long long)entries[i].status.st_blocks;
        printf("total %llu\n", (blocks * 512 + 1023) / 1024);
    }
    print_entries(entries, count);
    if (recursive)
        for (size_t i = 0; i < count; i++)
            if (S_ISDIR(entries[i].status.st_mode) && strcmp(entries[i].name, ".") != 0 &&
                strcmp(entries[i].name, "..") != 0)
                list_directory(entries[i].path, 1);
    free_entries(entries, count);
}

int main(int argc, char **argv)
{
    int option;
    one_per_line = !isatty(STDOUT_FILENO);
    while ((option = getopt(argc, argv, "1alR")) != -1) {
        switch (option) {
        case '1':
            one_per_line = 1;
            break;
        case 'a':
            show_all = 1;
            break;
        case 'l':
            long_format = 1;
            break;
        case 'R':
            recursive = 1;
            break;
        default:
            fprintf(stderr, "usage: %s [-1alR] [FILE...]\n", PROGRAM);
            return 2;
        }
    }
    char *current[] = {(char *)".", NULL};
    char **operands = optind < argc ? argv + optind : current;
    size_t operand_count = optind < argc ? (size_t)(argc - optind) : 1;

    struct entry *files = allocate(operand_count * sizeof *files);
    struct entry *directories = allocate(operand_count * sizeof *directories);
    size_t file_count = 0, directory_count = 0;
    for (size_t i = 0; i < operand_count; i++) {
        struct entry entry = {.name = duplicate(operands[i]), .path = duplicate(operands[i])};
        /* Operands are followed unless the long format shows them as links. */
        int found = long_format ? lstat(entry.path, &entry.status) : stat(entry.path, &entry.status);
        if (found != 0 && !long_format)
            found = lstat(entry.path, &entry.status);
        if (found != 0) {
            fprintf(stderr, "%s: cannot access '%s': %s\n", PROGRAM, operands[i], strerror(errno));
            exit_status = 2;
            free(entry.name);
            free(entry.path);
            continue;
        }
        if (S_ISDIR(entry.status.st_mode)) {
            directories[directory_count++] = entry;
        } else {
            read_link_target(&entry);
            files[file_count++] = entry;
        }
    }
    qsort(files, file_count, sizeof *files, by_name);
    qsort(directories, directory_count, sizeof *directories, by_name);
    if (file_count > 0) {
        print_entries(files, file_count);
        printed_something = 1;
    }
    for (size_t i = 0; i < directory_count; i++)
        list_directory(directories[i].path, operand_count > 1 || recursive);
    free_entries(files, file_count);
    free_entries(directories, directory_count);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "%s: write error: %s\n", PROGRAM, strerror(errno));
        return 2;
    }
    return exit_status;
}
