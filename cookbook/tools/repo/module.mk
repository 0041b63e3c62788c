PROGRAMS += repo
repo_SOURCES := cookbook/tools/repo/main.c cookbook/tools/repo/check.c cookbook/tools/repo/find.c \
    cookbook/tools/repo/tree.c
repo_LIBS := recipe toml base
