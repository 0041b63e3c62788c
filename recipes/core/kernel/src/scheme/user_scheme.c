#include "user_scheme.h"

#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "proc/grants.h"
#include "proc/process.h"
#include "scheme/events.h"
#include "sched/wait.h"

enum request_state { REQUEST_QUEUED, REQUEST_DELIVERED, REQUEST_ANSWERED };

enum buffer_use {
    BUFFER_NONE,
    BUFFER_IN,        /* the server reads it */
    BUFFER_OUT_COUNT, /* the server fills it; the result says how many bytes */
    BUFFER_OUT_ALL,   /* the server fills it; all of it is copied back on success */
};

struct request {
    uint64_t id;
    struct mh_packet packet;  /* as the server will see it, except the grant address */
    enum buffer_use use;
    struct io_buffer buffer;  /* the client's */
    bool buffer_in_b;         /* the grant address goes into b (path calls), else c */
    enum request_state state;
    bool abandoned;           /* nobody waits for the answer (close, or an interrupted client) */
    int64_t result;
    struct process *server;   /* while delivered: whose grant holds the buffer */
    uint64_t grant;
    struct wait_queue answered;
    struct user_scheme *owner;
    struct request *next;
};

struct user_handle {
    struct user_scheme *owner;
    uint64_t id;              /* the server's number for this open file */
    struct user_handle *next; /* the scheme's open handles (for events) */
};

struct user_scheme {
    struct scheme scheme;     /* first: the registry's and files' view */
    bool alive;               /* the server end is open */
    struct request *queued_head, *queued_tail;
    struct request *delivered;
    struct wait_queue servers; /* server ends waiting for requests */
    struct user_handle *handles;
    struct user_scheme *next_instance; /* every user scheme that still exists */
    const void *event_handle;          /* the server end's handle */
};

static struct user_scheme *all_schemes;
static uint64_t next_request_id = 1;
static unsigned request_count;
static const struct scheme_ops client_ops;

const char *user_scheme_name(struct user_scheme *server)
{
    return server->scheme.name;
}

static void destroy(struct scheme *scheme)
{
    struct user_scheme *instance = scheme->instance;
    irq_state state = irq_save();
    struct user_scheme **link = &all_schemes;
    while (*link != instance)
        link = &(*link)->next_instance;
    *link = instance->next_instance;
    irq_restore(state);
    kfree(instance);
}

int user_scheme_create(const char *name, size_t length, const void *event_handle,
                       struct user_scheme **server)
{
    if (!scheme_name_valid(name, length))
        return -MH_EINVAL;
    struct user_scheme *scheme = kzalloc(sizeof *scheme);
    if (scheme == NULL)
        return -MH_ENOMEM;
    memcpy(scheme->scheme.name, name, length);
    scheme->scheme.ops = &client_ops;
    scheme->scheme.instance = scheme;
    scheme->scheme.dynamic = true;
    scheme->scheme.references = 1; /* the server end's */
    scheme->alive = true;
    scheme->event_handle = event_handle;
    int result = scheme_register(&scheme->scheme);
    if (result != 0) {
        kfree(scheme);
        return result;
    }
    irq_state state = irq_save();
    scheme->next_instance = all_schemes;
    all_schemes = scheme;
    irq_restore(state);
    *server = scheme;
    return 0;
}

/* With interrupts disabled. Frees a request nobody needs any more. */
static void free_request(struct request *request)
{
    request_count--;
    struct user_scheme *owner = request->owner;
    kfree(request);
    scheme_release(&owner->scheme);
}

static void unlink_delivered(struct request *request)
{
    struct request **link = &request->owner->delivered;
    while (*link != NULL && *link != request)
        link = &(*link)->next;
    if (*link == request)
        *link = request->next;
    request->next = NULL;
}

/* With interrupts disabled: a request leaves the kernel's hands with result. */
static void finish(struct request *request, int64_t result)
{
    if (request->state == REQUEST_DELIVERED && request->grant != 0) {
        grant_unmap(request->server, request->grant);
        request->grant = 0;
    }
    request->state = REQUEST_ANSWERED;
    request->result = result;
    if (request->abandoned)
        free_request(request);
    else
        wait_queue_wake_all(&request->answered);
}

static struct request *new_request(struct user_scheme *owner, uint64_t number)
{
    struct request *request = kzalloc(sizeof *request);
    if (request == NULL)
        return NULL;
    request->owner = owner;
    request->packet.a = number;
    struct process *caller = process_current();
    request->packet.pid = caller != NULL ? (uint64_t)caller->pid : 0;
    /* Servers check permissions against the caller's effective ids (0 for the kernel). */
    request->packet.uid = caller != NULL ? caller->euid : 0;
    request->packet.gid = caller != NULL ? caller->egid : 0;
    return request;
}

/* With interrupts disabled: hands request to the server side. */
static void enqueue(struct request *request)
{
    struct user_scheme *owner = request->owner;
    scheme_retain(&owner->scheme);
    request_count++;
    request->id = next_request_id++;
    request->state = REQUEST_QUEUED;
    request->next = NULL;
    if (owner->queued_tail != NULL)
        owner->queued_tail->next = request;
    else
        owner->queued_head = request;
    owner->queued_tail = request;
    wait_queue_wake_all(&owner->servers);
    events_trigger(owner->event_handle, MH_EVENT_READ);
}

static void unlink_queued(struct request *request)
{
    struct user_scheme *owner = request->owner;
    struct request *previous = NULL;
    for (struct request *cursor = owner->queued_head; cursor != NULL; cursor = cursor->next) {
        if (cursor == request) {
            if (previous != NULL)
                previous->next = cursor->next;
            else
                owner->queued_head = cursor->next;
            if (owner->queued_tail == cursor)
                owner->queued_tail = previous;
            break;
        }
        previous = cursor;
    }
    request->next = NULL;
}

/* Sends request (taking it over) and waits for the answer. A signal ends the wait with EINTR;
 * the server's eventual answer is then dropped. */
static int64_t submit(struct request *request)
{
    struct user_scheme *owner = request->owner;
    irq_state state = irq_save();
    if (!owner->alive) {
        irq_restore(state);
        kfree(request);
        return -MH_EIO;
    }
    enqueue(request);
    while (request->state != REQUEST_ANSWERED) {
        if (process_signal_pending()) {
            if (request->state == REQUEST_QUEUED) {
                unlink_queued(request);
                free_request(request);
            } else {
                request->abandoned = true;
            }
            irq_restore(state);
            return -MH_EINTR;
        }
        wait_queue_block(&request->answered);
    }
    int64_t result = request->result;
    free_request(request);
    irq_restore(state);
    return result;
}

/* Queues a request nobody waits for (close). */
static void post(struct request *request)
{
    irq_state state = irq_save();
    if (request->owner->alive) {
        request->abandoned = true;
        enqueue(request);
    } else {
        kfree(request);
    }
    irq_restore(state);
}

/* With interrupts disabled: the server-side view of request, its buffer copied into a fresh
 * grant of the calling server. Returns 0, or an error the request fails with. */
static int deliver(struct request *request, struct mh_packet *packet)
{
    struct process *server = process_current();
    *packet = request->packet;
    packet->id = request->id;
    if (request->use == BUFFER_NONE)
        return 0;
    uint64_t length = request->buffer.length;
    uint64_t address = 0;
    if (length > 0) {
        int result = grant_map(server, length, &address);
        if (result != 0)
            return result;
        if (request->use == BUFFER_IN) {
            struct io_buffer grant = {.address_space = server->address_space, .address = address,
                                      .length = length};
            result = io_buffer_transfer(&grant, 0, &request->buffer, 0, length);
            if (result != 0) {
                grant_unmap(server, address);
                return result;
            }
        }
    }
    request->server = server;
    request->grant = address;
    if (request->buffer_in_b) {
        packet->b = address;
        packet->c = length;
    } else {
        packet->c = address;
        packet->d = length;
    }
    return 0;
}

int64_t user_scheme_serve_read(struct user_scheme *server, const struct io_buffer *buffer, unsigned flags)
{
    size_t capacity = buffer->length / sizeof(struct mh_packet);
    if (capacity == 0)
        return -MH_EINVAL;
    size_t count = 0;
    irq_state state = irq_save();
    while (server->queued_head == NULL) {
        if ((flags & MH_O_NONBLOCK) || process_signal_pending()) {
            irq_restore(state);
            return (flags & MH_O_NONBLOCK) ? -MH_EAGAIN : -MH_EINTR;
        }
        wait_queue_block(&server->servers);
    }
    /* Interrupts stay off while a request is taken and its buffer copied: its client (blocked
     * in the kernel) cannot give up on it or go away meanwhile. */
    while (count < capacity && server->queued_head != NULL) {
        struct request *request = server->queued_head;
        unlink_queued(request);
        struct mh_packet packet;
        int result = deliver(request, &packet);
        if (result != 0) {
            finish(request, result);
            continue;
        }
        result = io_buffer_put(buffer, count * sizeof packet, &packet, sizeof packet);
        if (result != 0) {
            /* The server's buffer is bad: the request goes back to the front of the queue. */
            if (request->grant != 0)
                grant_unmap(request->server, request->grant);
            request->grant = 0;
            request->next = server->queued_head;
            server->queued_head = request;
            if (server->queued_tail == NULL)
                server->queued_tail = request;
            irq_restore(state);
            return count > 0 ? (int64_t)(count * sizeof packet) : result;
        }
        request->state = REQUEST_DELIVERED;
        request->next = server->delivered;
        server->delivered = request;
        count++;
    }
    irq_restore(state);
    return count > 0 ? (int64_t)(count * sizeof(struct mh_packet)) : -MH_EAGAIN;
}

static struct request *find_delivered(struct user_scheme *server, uint64_t id)
{
    for (struct request *request = server->delivered; request != NULL; request = request->next) {
        if (request->id == id)
            return request;
    }
    return NULL;
}

/* With interrupts disabled: tells the server to close its file id. */
static void forget_handle_on_server(struct user_scheme *server, uint64_t id)
{
    struct request *request = new_request(server, MH_SYS_CLOSE);
    if (request == NULL || !server->alive) {
        kfree(request);
        return;
    }
    request->packet.b = id;
    request->abandoned = true;
    enqueue(request);
}

/* With interrupts disabled: the server answered request with result. */
static void answer(struct request *request, int64_t result)
{
    unlink_delivered(request);
    if (!request->abandoned && result >= 0 && request->grant != 0 &&
        (request->use == BUFFER_OUT_COUNT || request->use == BUFFER_OUT_ALL)) {
        size_t length = request->buffer.length;
        if (request->use == BUFFER_OUT_COUNT && (uint64_t)result < length)
            length = (size_t)result;
        struct io_buffer grant = {.address_space = request->server->address_space,
                                  .address = request->grant, .length = request->buffer.length};
        if (io_buffer_transfer(&request->buffer, 0, &grant, 0, length) != 0)
            result = -MH_EFAULT;
    }
    /* An interrupted client will never learn about the file the server opened for it. */
    uint64_t number = request->packet.a;
    if (request->abandoned && result >= 0 && (number == MH_SYS_OPEN || number == MH_SYS_DUP))
        forget_handle_on_server(request->owner, (uint64_t)result);
    finish(request, result);
}

static void trigger_handles(struct user_scheme *server, uint64_t id, unsigned flags)
{
    for (struct user_handle *handle = server->handles; handle != NULL; handle = handle->next) {
        if (handle->id == id)
            events_trigger(handle, flags);
    }
}

int64_t user_scheme_serve_write(struct user_scheme *server, const struct io_buffer *buffer)
{
    if (buffer->length % sizeof(struct mh_packet) != 0)
        return -MH_EINVAL;
    size_t done = 0;
    while (done < buffer->length) {
        struct mh_packet packet;
        int result = io_buffer_get(buffer, done, &packet, sizeof packet);
        if (result != 0)
            return done > 0 ? (int64_t)done : result;
        irq_state state = irq_save();
        if (packet.id == 0 && packet.a == MH_SYS_FEVENT) {
            trigger_handles(server, packet.b, (unsigned)packet.c);
        } else {
            struct request *request = find_delivered(server, packet.id);
            if (request == NULL)
                result = -MH_EINVAL;
            else
                answer(request, (int64_t)packet.a);
        }
        irq_restore(state);
        if (result != 0)
            return done > 0 ? (int64_t)done : result;
        done += sizeof packet;
    }
    return (int64_t)done;
}

int64_t user_scheme_serve_poll(struct user_scheme *server)
{
    return MH_EVENT_WRITE | (server->queued_head != NULL ? MH_EVENT_READ : 0);
}

void user_scheme_server_closed(struct user_scheme *server)
{
    irq_state state = irq_save();
    server->alive = false;
    while (server->queued_head != NULL) {
        struct request *request = server->queued_head;
        unlink_queued(request);
        finish(request, -MH_EIO);
    }
    while (server->delivered != NULL)
        answer(server->delivered, -MH_EIO);
    irq_restore(state);
    scheme_unregister(&server->scheme);
    scheme_release(&server->scheme); /* the server end's reference */
}

void user_scheme_process_leaving(struct process *process)
{
    /* Requests in service by process hold grants in its address space, which is going away.
     * Answering one may free its scheme, so the search starts over after each. */
    irq_state state = irq_save();
    for (;;) {
        struct request *found = NULL;
        for (struct user_scheme *scheme = all_schemes; scheme != NULL && found == NULL;
             scheme = scheme->next_instance) {
            for (struct request *request = scheme->delivered; request != NULL; request = request->next) {
                if (request->server == process) {
                    found = request;
                    break;
                }
            }
        }
        if (found == NULL)
            break;
        answer(found, -MH_EIO);
    }
    irq_restore(state);
}

unsigned user_scheme_request_count(void)
{
    return request_count;
}

/* Client side: the operations of a registered scheme's open files. */

static struct io_buffer limited(const struct io_buffer *buffer)
{
    struct io_buffer copy = *buffer;
    if (copy.length > GRANT_LIMIT)
        copy.length = GRANT_LIMIT;
    return copy;
}

/* A call on an open file: b is the server's file number; c and d are arguments, or the grant
 * address and length when use says there is a buffer. */
static int64_t file_request(struct user_handle *handle, uint64_t number, uint64_t c, uint64_t d,
                            enum buffer_use use, const struct io_buffer *buffer)
{
    struct request *request = new_request(handle->owner, number);
    if (request == NULL)
        return -MH_ENOMEM;
    request->packet.b = handle->id;
    request->packet.c = c;
    request->packet.d = d;
    request->use = use;
    if (use != BUFFER_NONE)
        request->buffer = limited(buffer);
    return submit(request);
}

static struct user_handle *new_handle(struct user_scheme *owner)
{
    struct user_handle *handle = kzalloc(sizeof *handle);
    if (handle != NULL)
        handle->owner = owner;
    return handle;
}

/* The server gave the number id to a new open file of the client: handle becomes it. */
static void adopt(struct user_handle *handle, uint64_t id)
{
    handle->id = id;
    irq_state state = irq_save();
    handle->next = handle->owner->handles;
    handle->owner->handles = handle;
    irq_restore(state);
}

static int client_open(struct scheme *scheme, const char *path, size_t length, unsigned *flags, void **handle)
{
    struct user_scheme *owner = scheme->instance;
    struct user_handle *opened = new_handle(owner);
    struct request *request = opened != NULL ? new_request(owner, MH_SYS_OPEN) : NULL;
    if (request == NULL) {
        kfree(opened);
        return -MH_ENOMEM;
    }
    request->packet.d = *flags;
    request->use = BUFFER_IN;
    request->buffer_in_b = true;
    request->buffer = io_buffer_kernel((void *)path, length);
    int64_t result = submit(request);
    if (result < 0) {
        kfree(opened);
        return (int)result;
    }
    adopt(opened, (uint64_t)result);
    *handle = opened;
    return 0;
}

static int64_t client_read(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    (void)flags;
    return file_request(handle, MH_SYS_READ, 0, 0, BUFFER_OUT_COUNT, buffer);
}

static int64_t client_write(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    (void)flags;
    return file_request(handle, MH_SYS_WRITE, 0, 0, BUFFER_IN, buffer);
}

static int64_t client_seek(void *handle, int64_t offset, int whence)
{
    return file_request(handle, MH_SYS_LSEEK, (uint64_t)offset, (uint64_t)whence, BUFFER_NONE, NULL);
}

static int client_fstat(void *handle, struct mh_stat *stat)
{
    memset(stat, 0, sizeof *stat);
    struct io_buffer buffer = io_buffer_kernel(stat, sizeof *stat);
    int64_t result = file_request(handle, MH_SYS_FSTAT, 0, 0, BUFFER_OUT_ALL, &buffer);
    return result < 0 ? (int)result : 0;
}

static int64_t client_fpath(void *handle, const struct io_buffer *buffer)
{
    return file_request(handle, MH_SYS_FPATH, 0, 0, BUFFER_OUT_COUNT, buffer);
}

static int client_dup(void *handle, const char *request_text, size_t length, unsigned *flags, void **copy)
{
    (void)flags;
    struct user_handle *original = handle;
    struct user_handle *duplicate = new_handle(original->owner);
    if (duplicate == NULL)
        return -MH_ENOMEM;
    struct io_buffer buffer = io_buffer_kernel((void *)request_text, length);
    int64_t result = file_request(original, MH_SYS_DUP, 0, 0, BUFFER_IN, &buffer);
    if (result < 0) {
        kfree(duplicate);
        return (int)result;
    }
    adopt(duplicate, (uint64_t)result);
    *copy = duplicate;
    return 0;
}

static int64_t client_poll(void *handle, unsigned interest)
{
    int64_t result = file_request(handle, MH_SYS_FEVENT, interest, 0, BUFFER_NONE, NULL);
    return result < 0 ? result : result & (MH_EVENT_READ | MH_EVENT_WRITE);
}

static int64_t client_call(void *handle, const struct file_call *call)
{
    switch (call->number) {
    case MH_SYS_FSYNC:
        return file_request(handle, call->number, 0, 0, BUFFER_NONE, NULL);
    case MH_SYS_FTRUNCATE:
    case MH_SYS_FCHMOD:
    case MH_SYS_FCHOWN:
        return file_request(handle, call->number, call->arguments[0], call->arguments[1], BUFFER_NONE, NULL);
    case MH_SYS_FUTIMENS:
    case MH_SYS_FRENAME:
        return file_request(handle, call->number, 0, 0, BUFFER_IN, &call->buffer);
    case MH_SYS_FSTATVFS:
        return file_request(handle, call->number, 0, 0, BUFFER_OUT_ALL, &call->buffer);
    default:
        return -MH_ENOSYS;
    }
}

static int client_path_call(struct scheme *scheme, uint64_t number, const char *path, size_t length)
{
    struct request *request = new_request(scheme->instance, number);
    if (request == NULL)
        return -MH_ENOMEM;
    request->use = BUFFER_IN;
    request->buffer_in_b = true;
    request->buffer = io_buffer_kernel((void *)path, length);
    return (int)submit(request);
}

static void client_close(void *handle)
{
    struct user_handle *closing = handle;
    struct user_scheme *owner = closing->owner;
    irq_state state = irq_save();
    struct user_handle **link = &owner->handles;
    while (*link != closing)
        link = &(*link)->next;
    *link = closing->next;
    irq_restore(state);
    struct request *request = new_request(owner, MH_SYS_CLOSE);
    if (request != NULL) {
        request->packet.b = closing->id;
        post(request);
    }
    kfree(closing);
}

static const struct scheme_ops client_ops = {
    .open = client_open,
    .read = client_read,
    .write = client_write,
    .seek = client_seek,
    .fstat = client_fstat,
    .fpath = client_fpath,
    .dup = client_dup,
    .poll = client_poll,
    .call = client_call,
    .path_call = client_path_call,
    .close = client_close,
    .destroy = destroy,
};
