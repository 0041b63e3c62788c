PROGRAMS += toml-decode
toml-decode_SOURCES := cookbook/tools/toml-decode/main.c cookbook/tools/toml-decode/json.c
toml-decode_LIBS := toml base
