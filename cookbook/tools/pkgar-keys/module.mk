PROGRAMS += pkgar-keys
pkgar-keys_SOURCES := cookbook/tools/pkgar-keys/main.c cookbook/tools/pkgar-keys/passphrase.c cookbook/tools/pkgar-keys/cli.c
pkgar-keys_LIBS := pkgar-core blake3 toml base
