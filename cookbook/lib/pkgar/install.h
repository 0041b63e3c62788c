/* Putting an archive's files on disk, and taking them off again (upstream's transactions).
 *
 * Installing stages every entry first: each file or symlink is written to a temporary name
 * beside its target (".pkgar.<name>", else ".pkgar.<blake3>"), its BLAKE3 checked as it is
 * written, and only when every entry is staged and verified are they all renamed into place
 * (in reverse order, as upstream). Any failure before that removes the temporary files and the
 * directories made for them, leaving the tree as it was. Paths never go through a symlink,
 * whether it comes from the archive or is already on disk.
 *
 * The archive must come from pkgar_archive_open, which has already checked the signature, the
 * entry table and every path. */
#ifndef MH_PKGAR_INSTALL_H
#define MH_PKGAR_INSTALL_H

#include <stddef.h>

#include "base/error.h"
#include "pkgar/archive.h"

/* What was found at an entry's path on disk. */
typedef enum pkgar_file_state {
    PKGAR_FILE_OK,         /* the entry's content, of the entry's kind */
    PKGAR_FILE_MISSING,    /* nothing there */
    PKGAR_FILE_MODIFIED,   /* different content */
    PKGAR_FILE_WRONG_KIND, /* e.g. a directory or a file where a symlink belongs */
    PKGAR_FILE_UNREACHABLE /* a directory on the way is a symlink or not a directory */
} pkgar_file_state;

typedef struct pkgar_report_item {
    char *path; /* the entry's path */
    pkgar_file_state state;
} pkgar_report_item;

/* Files that an operation found not as the archive describes them. */
typedef struct pkgar_report {
    pkgar_report_item *items;
    size_t count, cap;
    size_t removed; /* files deleted (remove, replace) */
} pkgar_report;

void pkgar_report_free(pkgar_report *report);
/* "missing", "modified", ... for messages. */
const char *pkgar_file_state_name(pkgar_file_state state);

/* Extracts into dir. When dir does not exist, the tree is built in a temporary directory beside
 * it and renamed to dir at the end, so dir appears complete or not at all; when it exists (for
 * example a sysroot), this is pkgar_install. */
int pkgar_extract(pkgar_archive *archive, const char *dir, mh_error *err);

/* Installs into the existing directory dir, replacing files already there. */
int pkgar_install(pkgar_archive *archive, const char *dir, mh_error *err);

/* Installs new_archive over old_archive's files in dir, then deletes the files of old_archive
 * that new_archive does not have, when they are unmodified (modified ones are kept and listed
 * in report). old_archive may be a head. */
int pkgar_replace(pkgar_archive *old_archive, pkgar_archive *new_archive, const char *dir,
                  pkgar_report *report, mh_error *err);

/* Deletes the archive's files from dir when their content is unmodified; others are kept and
 * listed in report (missing ones too). The archive may be a head. */
int pkgar_remove(pkgar_archive *archive, const char *dir, pkgar_report *report, mh_error *err);

/* Compares the files under dir with the archive's entries, listing every difference in report
 * (returns 0 when the comparison could be made, whatever it found). The archive may be a
 * head. */
int pkgar_verify_tree(pkgar_archive *archive, const char *dir, pkgar_report *report, mh_error *err);

#endif
