/* Fetching a recipe's source into <recipe>/source (spec §2, stage 1).
 *
 *   git      clone (branch, treeless option, submodules), check out rev (commit or tag) or the
 *            branch; a tracked branch is updated when the remote moved (only when asked to).
 *   tar      from the download cache (BLAKE3 mandatory unless allow_unverified), unpacked with
 *            the top directory stripped.
 *   path     a local directory mirrored into source/.
 *   same_as  source/ is a link to the other recipe's source/.
 *   none     an empty source/.
 * Patches are applied in order, then [source] script runs (bash -e, in the source directory).
 * New work happens in source.tmp/ and replaces source/ by a rename; <recipe>/source_info.toml
 * records what source/ was made from and is written last, so an interrupted fetch is redone.
 * Anything that changes what the recipe says about its source (URL, rev, blake3, patches,
 * script, ...) makes the next fetch redo it. */
#ifndef MH_COOK_FETCH_H
#define MH_COOK_FETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "cook/config.h"
#include "cook/digest.h"
#include "cook/download.h"
#include "recipe/recipe.h"

typedef struct cook_fetch_options {
    const char *root;          /* the cookbook root */
    const char *sources_dir;   /* the download cache */
    const cook_config *config;
    const char *target;        /* for the source script's environment */
    const char *host_target;
    long jobs;
    bool offline;
    bool allow_unverified;     /* accept tar sources without blake3 */
    bool update;               /* ask the remote whether a tracked git branch moved */
    int log_fd;
    const char *script_path;   /* where the source script is written before it runs */
    unsigned retry_delay_ms;
    cook_progress_fn progress;
    void *progress_ctx;
} cook_fetch_options;

typedef struct cook_source_state {
    bool ready;                /* source/ matches the recipe; no fetch needed */
    char identifier[COOK_HEX_LEN + 1]; /* git commit, tar BLAKE3, or "local_source" */
    int64_t date_epoch;        /* SOURCE_DATE_EPOCH; -1: take it from the recipe's files */
    bool changed;              /* cook_fetch made or changed source/ */
} cook_source_state;

/* Whether the source is ready, without network and without running anything: none, path and
 * same_as sources are brought up to date here (local copies only). */
int cook_fetch_state(const mh_recipe *recipe, const cook_fetch_options *options,
                     cook_source_state *state, mh_error *err);

/* Fetches (or updates) the source; on success *state describes it. */
int cook_fetch(const mh_recipe *recipe, const cook_fetch_options *options,
               cook_source_state *state, mh_error *err);

/* Removes source/, source.tmp/, source.old/ and source_info.toml. */
int cook_unfetch(const mh_recipe *recipe, mh_error *err);

#endif
