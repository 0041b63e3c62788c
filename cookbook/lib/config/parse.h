/* Parsing of one config file's own content (includes are resolved by load.c). */
#ifndef MH_CONFIG_PARSE_H
#define MH_CONFIG_PARSE_H

#include "config/config.h"
#include "toml/toml.h"

typedef struct mh_config_includes {
    char **paths;              /* resolved against the including file's directory */
    toml_position *positions;  /* where each was named */
    size_t count;
} mh_config_includes;

/* Fills config (zeroed by the caller, with -1 for unset numbers) from root; appends include
 * paths to inc. Unknown keys become warnings in config. */
int mh_config_parse_document(const char *file, const toml_value *root, mh_config *config,
                             mh_config_includes *inc, mh_error *err);

#endif
