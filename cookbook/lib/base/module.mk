LIBRARIES += base
base_SOURCES := cookbook/lib/base/error.c cookbook/lib/base/files.c cookbook/lib/base/strbuf.c \
    cookbook/lib/base/strmap.c cookbook/lib/base/process.c \
    cookbook/lib/base/hex.c

UNIT_TESTS += test_base
test_base_SOURCES := cookbook/lib/base/tests/test_base.c
test_base_LIBS := base testing
