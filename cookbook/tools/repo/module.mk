PROGRAMS += repo
repo_SOURCES := $(addprefix cookbook/tools/repo/,main.c check.c find.c tree.c select.c \
    progress.c cook.c clean.c push.c sources.c)
repo_LIBS := cook recipe config pkgar-core blake3 toml base
