LIBRARIES += installer
installer_SOURCES := $(addprefix cookbook/lib/installer/,accounts.c packages.c target.c target_host.c target_redoxfs.c tree.c disk.c)
installer_LDLIBS := -largon2

UNIT_TESTS += test_installer
test_installer_SOURCES := cookbook/lib/installer/tests/test_installer.c
test_installer_LIBS := installer config blake3 toml base testing
