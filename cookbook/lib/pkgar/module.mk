# The library is called pkgar-core (as upstream's crate) because the program `pkgar` owns the
# pkgar_* variables of the module.mk convention.
LIBRARIES += pkgar-core
pkgar-core_SOURCES := $(addprefix cookbook/lib/pkgar/,format.c keys.c packaging.c \
                        outfile.c archive.c tree.c create.c dirwalk.c inspect.c install.c \
                        package.c repo.c)
pkgar-core_LDLIBS := -lsodium -largon2 -llzma

PKGAR_TEST_LIBS := pkgar-core blake3 toml base testing

UNIT_TESTS += test_pkgar_format
test_pkgar_format_SOURCES := cookbook/lib/pkgar/tests/test_pkgar_format.c
test_pkgar_format_LIBS := $(PKGAR_TEST_LIBS)

UNIT_TESTS += test_pkgar_archive
test_pkgar_archive_SOURCES := cookbook/lib/pkgar/tests/test_pkgar_archive.c \
                              cookbook/lib/pkgar/tests/craft.c
test_pkgar_archive_LIBS := $(PKGAR_TEST_LIBS)

UNIT_TESTS += test_pkgar_install
test_pkgar_install_SOURCES := cookbook/lib/pkgar/tests/test_pkgar_install.c \
                              cookbook/lib/pkgar/tests/craft.c
test_pkgar_install_LIBS := $(PKGAR_TEST_LIBS)

UNIT_TESTS += test_pkgar_keys
test_pkgar_keys_SOURCES := cookbook/lib/pkgar/tests/test_pkgar_keys.c \
                           cookbook/lib/pkgar/tests/craft.c
test_pkgar_keys_LIBS := $(PKGAR_TEST_LIBS)

UNIT_TESTS += test_pkgar_meta
test_pkgar_meta_SOURCES := cookbook/lib/pkgar/tests/test_pkgar_meta.c \
                           cookbook/lib/pkgar/tests/craft.c
test_pkgar_meta_LIBS := $(PKGAR_TEST_LIBS)

FUZZERS += fuzz_pkgar
fuzz_pkgar_SOURCES := cookbook/lib/pkgar/tests/fuzz_pkgar.c
fuzz_pkgar_LIBS := pkgar-core blake3 toml base
