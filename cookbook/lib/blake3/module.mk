LIBRARIES += blake3
blake3_SOURCES := cookbook/lib/blake3/blake3.c cookbook/lib/blake3/blake3_dispatch.c \
                  cookbook/lib/blake3/blake3_hex.c cookbook/lib/blake3/blake3_portable.c \
                  cookbook/lib/blake3/blake3_sse41.c cookbook/lib/blake3/blake3_avx2.c \
                  cookbook/lib/blake3/blake3_avx512.c
# Each SIMD back end is compiled for its instruction set and only called when the CPU has it.
# Unrolling the short per-lane loops (loads, prefetches, transposes) lets GCC keep the message
# in registers: up to 15% faster with GCC 12.
$(O)/obj/cookbook/lib/blake3/blake3_sse41.o: EXTRA_CFLAGS := -msse4.1 -funroll-loops
$(O)/obj/cookbook/lib/blake3/blake3_avx2.o: EXTRA_CFLAGS := -mavx2 -funroll-loops
$(O)/obj/cookbook/lib/blake3/blake3_avx512.o: EXTRA_CFLAGS := -mavx512f -funroll-loops

UNIT_TESTS += test_blake3
test_blake3_SOURCES := cookbook/lib/blake3/tests/test_blake3.c
test_blake3_LIBS := blake3 testing base
