/* Resolving a path against a current directory, Redox style; pure string work (no system
 * calls), so it is also unit-tested on the host (tests/path-resolve.sh). */
#ifndef MH_PATH_RESOLVE_H
#define MH_PATH_RESOLVE_H

/* The kernel's limit on a path given to open(). */
#define MH_PATH_MAX 4096

/* The scheme path for path seen from the directory cwd ("scheme:reference"):
 *   "name:rest"  (a colon before any '/') is already a scheme path and is kept as it is;
 *   "/a/b"       becomes default_scheme ":/a/b";
 *   "a/b"        is appended to cwd.
 * In the reference of the other two "." and empty components are dropped and ".." removes the
 * previous component (never going above the root). A result in default_scheme under
 * "/scheme" names a scheme the way the kernel reads "/scheme/NAME/rest" and is written
 * "NAME:/rest" ("NAME:" for its root, ":" for "/scheme" itself). Returns a malloc'd string or
 * NULL when out of memory. */
char *mh_path_resolve(const char *cwd, const char *default_scheme, const char *path);

#endif
