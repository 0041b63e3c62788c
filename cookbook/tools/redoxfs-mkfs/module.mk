PROGRAMS += redoxfs-mkfs
redoxfs-mkfs_SOURCES := cookbook/tools/redoxfs-mkfs/main.c
redoxfs-mkfs_LIBS := redoxfs_host redoxfs_core base
