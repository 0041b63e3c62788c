PROGRAMS += redoxfs-ar
redoxfs-ar_SOURCES := cookbook/tools/redoxfs-ar/main.c
redoxfs-ar_LIBS := redoxfs_host redoxfs_core base
