/* The bash prelude of recipe scripts (prelude.sh), compiled into the binary by module.mk so that
 * `repo` works with any cookbook directory. */
#ifndef MH_COOK_PRELUDE_H
#define MH_COOK_PRELUDE_H

extern const char cook_prelude_text[];

#endif
