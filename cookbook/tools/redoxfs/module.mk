PROGRAMS += redoxfs
redoxfs_SOURCES := cookbook/tools/redoxfs/main.c cookbook/tools/redoxfs/ops.c
redoxfs_LIBS := redoxfs_host redoxfs_core base
redoxfs_LDLIBS := -lfuse3 -lpthread
