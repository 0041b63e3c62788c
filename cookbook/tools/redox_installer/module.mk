PROGRAMS += redox_installer
redox_installer_SOURCES := cookbook/tools/redox_installer/main.c
redox_installer_LIBS := installer image redoxfs_host redoxfs_core pkgar-core config blake3 toml base

# End to end: runs $(FSTOOLS_BIN)/redox_installer on a fixture cookbook it makes.
UNIT_TESTS += test_redox_installer
test_redox_installer_SOURCES := cookbook/tools/redox_installer/tests/test_redox_installer.c
test_redox_installer_LIBS := redoxfs_host redoxfs_core pkgar-core blake3 toml base testing
