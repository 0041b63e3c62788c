LIBRARIES += toml
toml_SOURCES := $(addprefix cookbook/lib/toml/,scanner.c strings.c scalars.c builder.c tables.c \
                  parser.c tree.c writer.c)

UNIT_TESTS += test_toml
test_toml_SOURCES := cookbook/lib/toml/tests/test_toml.c
test_toml_LIBS := toml base testing

FUZZERS += fuzz_toml
fuzz_toml_SOURCES := cookbook/lib/toml/tests/fuzz_toml.c
fuzz_toml_LIBS := toml base
