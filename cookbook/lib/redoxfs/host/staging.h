/* Tools that rewrite a whole image file work on a sparse copy of the same size and rename
 * it over the original only when everything succeeded, so a failure never leaves a
 * half-written image behind. Block devices are written in place. */
#ifndef RFS_HOST_STAGING_H
#define RFS_HOST_STAGING_H

#include <stdbool.h>

#include "base/error.h"

typedef struct rfs_staging {
    char *target;
    char *work; /* the path to write: the temporary copy, or target itself */
    bool temporary;
} rfs_staging;

/* The target must exist (its size is the device size). */
int rfs_staging_begin(rfs_staging *s, const char *target, mh_error *err);
/* Renames the work file over the target. */
int rfs_staging_finish(rfs_staging *s, mh_error *err);
/* Removes the work file (if temporary) and frees. */
void rfs_staging_abort(rfs_staging *s);

#endif
