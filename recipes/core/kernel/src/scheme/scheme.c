#include "scheme.h"

#include "arch/x86_64/cpu.h"
#include "lib/kstring.h"
#include "lib/scheme_path.h"
#include "scheme/debug_scheme.h"
#include "scheme/event_scheme.h"
#include "scheme/irq_scheme.h"
#include "scheme/memory_scheme.h"
#include "scheme/pipe_scheme.h"
#include "scheme/root_scheme.h"
#include "scheme/sys_scheme.h"
#include "scheme/time_scheme.h"

static struct scheme *registry_head, *registry_tail;

static void append(struct scheme *scheme)
{
    scheme->next = NULL;
    if (registry_tail != NULL)
        registry_tail->next = scheme;
    else
        registry_head = scheme;
    registry_tail = scheme;
}

void scheme_init(void)
{
    struct scheme *kernel_schemes[] = {
        &root_scheme, &debug_scheme, &event_scheme, &irq_scheme, &memory_scheme,
        &pipe_scheme, &sys_scheme, &time_scheme, &tty_scheme,
    };
    for (size_t i = 0; i < sizeof kernel_schemes / sizeof kernel_schemes[0]; i++)
        append(kernel_schemes[i]);
}

static struct scheme *lookup(const char *name, size_t length)
{
    for (struct scheme *scheme = registry_head; scheme != NULL; scheme = scheme->next) {
        if (strlen(scheme->name) == length && memcmp(scheme->name, name, length) == 0)
            return scheme;
    }
    return NULL;
}

struct scheme *scheme_find(const char *name, size_t length)
{
    irq_state state = irq_save();
    struct scheme *scheme = lookup(name, length);
    if (scheme != NULL && scheme->dynamic)
        scheme->references++;
    irq_restore(state);
    return scheme;
}

void scheme_retain(struct scheme *scheme)
{
    if (!scheme->dynamic)
        return;
    irq_state state = irq_save();
    scheme->references++;
    irq_restore(state);
}

void scheme_release(struct scheme *scheme)
{
    if (!scheme->dynamic)
        return;
    irq_state state = irq_save();
    bool last = --scheme->references == 0;
    irq_restore(state);
    if (last)
        scheme->ops->destroy(scheme);
}

bool scheme_name_valid(const char *name, size_t length)
{
    if (length == 0 || length >= SCHEME_NAME_LIMIT)
        return false;
    for (size_t i = 0; i < length; i++) {
        if (name[i] == ':' || name[i] == '/' || name[i] == '\0' || name[i] == '\n')
            return false;
    }
    return true;
}

int scheme_register(struct scheme *scheme)
{
    size_t length = strlen(scheme->name);
    if (!scheme_name_valid(scheme->name, length))
        return -MH_EINVAL;
    irq_state state = irq_save();
    int result = 0;
    if (lookup(scheme->name, length) != NULL) {
        result = -MH_EEXIST;
    } else {
        scheme->references++;
        append(scheme);
    }
    irq_restore(state);
    return result;
}

void scheme_unregister(struct scheme *scheme)
{
    irq_state state = irq_save();
    struct scheme *previous = NULL;
    bool found = false;
    for (struct scheme *cursor = registry_head; cursor != NULL; previous = cursor, cursor = cursor->next) {
        if (cursor == scheme) {
            if (previous != NULL)
                previous->next = cursor->next;
            else
                registry_head = cursor->next;
            if (registry_tail == cursor)
                registry_tail = previous;
            found = true;
            break;
        }
    }
    irq_restore(state);
    if (found)
        scheme_release(scheme);
}

void scheme_for_each(void (*visit)(void *context, const char *name), void *context)
{
    /* visit may allocate (and so be preempted while the registry changes): take one name at a
     * time by position. */
    for (size_t position = 0;; position++) {
        char name[SCHEME_NAME_LIMIT];
        irq_state state = irq_save();
        struct scheme *scheme = registry_head;
        for (size_t i = 0; scheme != NULL && i < position; i++)
            scheme = scheme->next;
        if (scheme != NULL)
            strlcpy(name, scheme->name, sizeof name);
        irq_restore(state);
        if (scheme == NULL)
            return;
        if (name[0] != '\0')
            visit(context, name);
    }
}

int scheme_resolve(const char *path, size_t length, bool create, struct resolved_path *resolved)
{
    *resolved = (struct resolved_path){0};
    struct scheme_path parts;
    enum scheme_path_form form = scheme_path_split(path, length, &parts);
    if (form == SCHEME_PATH_RELATIVE)
        return -MH_ENOENT; /* relative: the C library resolves those against its cwd */
    resolved->scheme = scheme_find(parts.name, parts.name_length);
    resolved->reference = parts.reference;
    resolved->length = parts.reference_length;
    /* Creating "/scheme/NAME" registers NAME with the root scheme. */
    if (resolved->scheme == NULL && form == SCHEME_PATH_CURRENT && create && parts.name_length > 0 &&
        parts.reference_length == 0) {
        resolved->scheme = &root_scheme;
        resolved->reference = parts.name;
        resolved->length = parts.name_length;
    }
    /* ":NAME" without MH_O_CREAT is NAME's root, as "/scheme/NAME" is. */
    if (resolved->scheme == &root_scheme && resolved->length > 0 && !create) {
        resolved->scheme = scheme_find(resolved->reference, resolved->length);
        resolved->reference += resolved->length;
        resolved->length = 0;
    }
    return resolved->scheme != NULL ? 0 : -MH_ENOENT;
}
