/* The shared core of fetch, cook and push: choose recipes, plan, run, report. */
#ifndef MH_REPO_COOK_H
#define MH_REPO_COOK_H

#include <stdbool.h>

#include "cook/config.h"
#include "repo.h"
#include "select.h"

/* Loads <cookbook>/cookbook.toml, printing its warnings; -1 after printing an error. */
int repo_load_config(mh_cookbook *cb, cook_config *config);

/* Fetches (fetch_only) or cooks the selection; returns the exit status. */
int repo_run(mh_cookbook *cb, const repo_options *options, const cook_config *config,
             const repo_selection *selection, const char *command, bool fetch_only);

#endif
