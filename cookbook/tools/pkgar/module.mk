PROGRAMS += pkgar
pkgar_SOURCES := cookbook/tools/pkgar/main.c cookbook/tools/pkgar-keys/passphrase.c cookbook/tools/pkgar-keys/cli.c
pkgar_LIBS := pkgar-core blake3 toml base
