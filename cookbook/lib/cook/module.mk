# The cook pipeline behind `repo fetch/cook/push/clean` (spec §2): download cache, fetch, unpack,
# patch, scripts, sysroot, stage, package, publish, input hashing and the parallel scheduler.
LIBRARIES += cook
cook_SOURCES := $(addprefix cookbook/lib/cook/,process.c digest.c stamp.c config.c mirrors.c \
    download.c cache.c unpack.c git.c patch.c script.c tree_sync.c fetch.c plan.c tree_hash.c \
    toolchain.c inputs.c sysroot.c glob.c stage.c templates.c elf.c auto_deps.c package.c \
    build.c publish.c push.c jobserver.c log_filter.c output_channel.c scheduler.c) \
    $(O)/gen/cookbook/lib/cook/prelude_text.c
cook_LDLIBS := -lcurl -larchive

# The bash prelude of recipe scripts becomes a C string, so the binary carries it.
$(O)/gen/cookbook/lib/cook/prelude_text.c: cookbook/lib/cook/prelude.sh cookbook/lib/cook/module.mk
	@mkdir -p $(@D)
	@$(if $(Q),echo "  GEN     $@")
	$(Q){ echo '/* Generated from cookbook/lib/cook/prelude.sh by cookbook/lib/cook/module.mk. */'; \
	  echo '#include "cook/prelude.h"'; \
	  echo 'const char cook_prelude_text[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/    "/' -e 's/$$/\\n"/' $<; \
	  echo '    ;'; } >$@.tmp && mv $@.tmp $@

UNIT_TESTS += test_cook
test_cook_SOURCES := cookbook/lib/cook/tests/test_cook.c
test_cook_LIBS := cook recipe pkgar-core blake3 toml base testing
test_cook_LDLIBS := -larchive

UNIT_TESTS += test_cook_elf
test_cook_elf_SOURCES := cookbook/lib/cook/tests/test_cook_elf.c
test_cook_elf_LIBS := cook recipe pkgar-core blake3 toml base testing

FUZZERS += fuzz_elf
fuzz_elf_SOURCES := cookbook/lib/cook/tests/fuzz_elf.c
fuzz_elf_LIBS := cook base

UNIT_TESTS += test_cook_output
test_cook_output_SOURCES := cookbook/lib/cook/tests/test_cook_output.c
test_cook_output_LIBS := cook base testing
