# RedoxFS v8: the freestanding core (also built into the bootloader and the OS daemon)
# and the host side (POSIX shim, image files, tree import/export).
LIBRARIES += redoxfs_core
redoxfs_core_SOURCES := $(addprefix cookbook/lib/redoxfs/core/, \
    alloc.c block.c check.c commit.c dir.c error.c file.c fs.c lz4.c mem.c ops.c release.c seahash.c \
    space.c tree.c)
# The core must not depend on a hosted C library.
$(O)/obj/cookbook/lib/redoxfs/core/%.o: EXTRA_CFLAGS := -ffreestanding

LIBRARIES += redoxfs_host
redoxfs_host_SOURCES := $(addprefix cookbook/lib/redoxfs/host/, image.c memdisk.c shim_posix.c staging.c tree.c volume.c)
redoxfs_host_LDLIBS := -luuid

UNIT_TESTS += test_redoxfs_format
test_redoxfs_format_SOURCES := cookbook/lib/redoxfs/tests/test_format.c
test_redoxfs_format_LIBS := redoxfs_core redoxfs_host base testing
test_redoxfs_format_LDLIBS := -llz4

UNIT_TESTS += test_redoxfs_fs
test_redoxfs_fs_SOURCES := cookbook/lib/redoxfs/tests/test_fs.c
test_redoxfs_fs_LIBS := redoxfs_core redoxfs_host base testing

UNIT_TESTS += test_redoxfs_tree
test_redoxfs_tree_SOURCES := cookbook/lib/redoxfs/tests/test_tree.c
test_redoxfs_tree_LIBS := redoxfs_core redoxfs_host base testing

UNIT_TESTS += test_redoxfs_htree
test_redoxfs_htree_SOURCES := cookbook/lib/redoxfs/tests/test_htree.c
test_redoxfs_htree_LIBS := redoxfs_core redoxfs_host base testing

UNIT_TESTS += test_redoxfs_corrupt
test_redoxfs_corrupt_SOURCES := cookbook/lib/redoxfs/tests/test_corrupt.c
test_redoxfs_corrupt_LIBS := redoxfs_core redoxfs_host base testing

FUZZERS += fuzz_redoxfs
fuzz_redoxfs_SOURCES := cookbook/lib/redoxfs/fuzz/fuzz_redoxfs.c
fuzz_redoxfs_LIBS := redoxfs_core redoxfs_host base
