/* memory: — memory for drivers and allocators (Redox's memory scheme):
 *   memory:zeroed                      fmap() gives zeroed anonymous memory (like fd -1)
 *   memory:physical[@uc|@wb|@wc]       fmap() with offset = a physical address maps that
 *                                      physical range (MH_MAP_SHARED only); uncached unless
 *                                      @wb (write-back) or @wc (write-through until the PAT is
 *                                      programmed) is asked for. Needs MH_CAP_PHYS_MEMORY at
 *                                      open; the descriptor itself is then the capability. */
#ifndef KERNEL_MEMORY_SCHEME_H
#define KERNEL_MEMORY_SCHEME_H

#include "scheme/scheme.h"

extern struct scheme memory_scheme;

#endif
