#include "root_scheme.h"

#include "mm/kmalloc.h"
#include "scheme/scheme_util.h"
#include "scheme/user_scheme.h"

struct root_handle {
    struct user_scheme *server; /* NULL: the listing */
    struct text_file listing;
};

static void list_scheme(void *context, const char *name)
{
    text_file_printf(context, "%s\n", name);
}

static int root_open(struct scheme *scheme, const char *path, size_t length, unsigned *flags, void **handle)
{
    (void)scheme;
    struct root_handle *root = kzalloc(sizeof *root);
    if (root == NULL)
        return -MH_ENOMEM;
    int result = 0;
    if (length == 0) {
        if (*flags & MH_O_WRONLY)
            result = -MH_EACCES;
        else
            scheme_for_each(list_scheme, &root->listing);
        if (result == 0)
            result = root->listing.failed;
    } else if (*flags & MH_O_CREAT) {
        result = user_scheme_create(path, length, root, &root->server);
        *flags = (*flags & ~MH_O_ACCMODE) | MH_O_RDWR;
    } else {
        result = -MH_ENOENT;
    }
    if (result != 0) {
        text_file_free(&root->listing);
        kfree(root);
        return result;
    }
    *handle = root;
    return 0;
}

static int64_t root_read(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    struct root_handle *root = handle;
    if (root->server != NULL)
        return user_scheme_serve_read(root->server, buffer, flags);
    return text_file_read(&root->listing, buffer);
}

static int64_t root_write(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    (void)flags;
    struct root_handle *root = handle;
    if (root->server == NULL)
        return -MH_EBADF;
    return user_scheme_serve_write(root->server, buffer);
}

static int64_t root_seek(void *handle, int64_t offset, int whence)
{
    struct root_handle *root = handle;
    if (root->server != NULL)
        return -MH_ESPIPE;
    return text_file_seek(&root->listing, offset, whence);
}

static int root_fstat(void *handle, struct mh_stat *stat)
{
    struct root_handle *root = handle;
    if (root->server != NULL)
        scheme_stat_fill(stat, MH_MODE_CHR | 0600, 0);
    else
        scheme_stat_fill(stat, MH_MODE_DIR | 0555, root->listing.length);
    return 0;
}

static int64_t root_fpath(void *handle, const struct io_buffer *buffer)
{
    struct root_handle *root = handle;
    return scheme_put_path(buffer, ":", root->server != NULL ? user_scheme_name(root->server) : "");
}

static int64_t root_poll(void *handle, unsigned interest)
{
    (void)interest;
    struct root_handle *root = handle;
    return root->server != NULL ? user_scheme_serve_poll(root->server) : MH_EVENT_READ;
}

static void root_close(void *handle)
{
    struct root_handle *root = handle;
    if (root->server != NULL)
        user_scheme_server_closed(root->server);
    text_file_free(&root->listing);
    kfree(root);
}

static const struct scheme_ops root_ops = {
    .open = root_open,
    .read = root_read,
    .write = root_write,
    .seek = root_seek,
    .fstat = root_fstat,
    .fpath = root_fpath,
    .poll = root_poll,
    .close = root_close,
};

struct scheme root_scheme = {.name = "", .ops = &root_ops};
