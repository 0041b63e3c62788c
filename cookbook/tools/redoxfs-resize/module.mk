PROGRAMS += redoxfs-resize
redoxfs-resize_SOURCES := cookbook/tools/redoxfs-resize/main.c
redoxfs-resize_LIBS := redoxfs_host redoxfs_core base
