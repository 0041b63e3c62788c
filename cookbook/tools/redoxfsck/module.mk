PROGRAMS += redoxfsck
redoxfsck_SOURCES := cookbook/tools/redoxfsck/main.c
redoxfsck_LIBS := redoxfs_host redoxfs_core base
