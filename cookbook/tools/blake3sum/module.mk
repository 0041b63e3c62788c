PROGRAMS += blake3sum
blake3sum_SOURCES := cookbook/tools/blake3sum/main.c cookbook/tools/blake3sum/file_hash.c
blake3sum_LIBS := blake3 base
