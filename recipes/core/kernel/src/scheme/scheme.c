#include "scheme.h"

#include "lib/kstring.h"
#include "scheme/debug_scheme.h"

static const struct scheme *const kernel_schemes[] = {
    &debug_scheme,
};

const struct scheme *scheme_lookup(const char *name, size_t length)
{
    for (size_t i = 0; i < sizeof kernel_schemes / sizeof kernel_schemes[0]; i++) {
        const char *candidate = kernel_schemes[i]->name;
        if (strlen(candidate) == length && memcmp(candidate, name, length) == 0)
            return kernel_schemes[i];
    }
    return NULL;
}
