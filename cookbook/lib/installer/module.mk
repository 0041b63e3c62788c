LIBRARIES += installer
installer_SOURCES := cookbook/lib/installer/accounts.c
installer_LDLIBS := -largon2

TESTS += test_installer
test_installer_SOURCES := cookbook/lib/installer/tests/test_installer.c
test_installer_LIBS := installer config blake3 toml base testing
