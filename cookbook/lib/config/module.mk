LIBRARIES += config
config_SOURCES := cookbook/lib/config/parse.c cookbook/lib/config/load.c cookbook/lib/config/write.c

UNIT_TESTS += test_config
test_config_SOURCES := cookbook/lib/config/tests/test_config.c
test_config_LIBS := config toml base testing
