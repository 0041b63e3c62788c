/* Comparing installed files with archive entries: the check behind remove, verify and the
 * clean-up half of replace. */
#ifndef MH_PKGAR_INSPECT_H
#define MH_PKGAR_INSPECT_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "pkgar/archive.h"
#include "pkgar/dirwalk.h"
#include "pkgar/format.h"
#include "pkgar/install.h"

/* What is at entry's path under walk's base. Returns -1 with err set only when the file exists
 * but cannot be read. buffer is scratch space for hashing. */
int pkgar_inspect_entry(pkgar_dirwalk *walk, const pkgar_entry *entry, uint8_t *buffer,
                        size_t buffer_size, pkgar_file_state *state, mh_error *err);

/* Deletes the files of the given entries (already checked to be unmodified) under walk's base,
 * counting them in report->removed; ones that vanished meanwhile are skipped. */
int pkgar_unlink_entries(pkgar_dirwalk *walk, const pkgar_archive *archive, const uint32_t *indexes,
                         uint32_t count, pkgar_report *report, mh_error *err);

void pkgar_report_add(pkgar_report *report, const char *path, pkgar_file_state state);

#endif
