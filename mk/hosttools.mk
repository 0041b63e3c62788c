# Builds MACROHARD's host tools from cookbook/ into $(O): static libraries, programs,
# unit-test programs and (with FUZZ=1) libFuzzer targets.
#
# Invoked by mk/fstools.mk as a sub-make, once per build variant:
#   build/fstools      optimised tools (what users run)
#   build/fstools-san  AddressSanitizer + UndefinedBehaviorSanitizer (what the tests run)
#   build/fstools-fuzz clang + libFuzzer
#
# Every directory under cookbook/ that builds something describes itself in a module.mk:
#   LIBRARIES += NAME      NAME_SOURCES := a.c b.c     NAME_LDLIBS := -lsodium
#   PROGRAMS  += NAME      NAME_SOURCES := main.c      NAME_LIBS := toml base
#   UNIT_TESTS += NAME     (same keys as PROGRAMS; built into $(O)/tests/)
#   FUZZERS   += NAME      (same keys; built only with FUZZ=1, into $(O)/fuzz/)
# NAME_LIBS names our own libraries (any order: they are linked as a group); the external
# NAME_LDLIBS of those libraries are added to the link automatically. A module may set
# per-object flags with a target-specific variable, e.g.
#   $(O)/obj/cookbook/lib/blake3/avx2.o: EXTRA_CFLAGS := -mavx2

O ?= build/fstools
CC ?= cc
AR ?= ar
VARIANT_CFLAGS ?= -O2
VARIANT_LDFLAGS ?=
FUZZ ?=
# V=1 shows full commands.
Q := $(if $(filter 1,$(V)),,@)

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wvla -Wformat=2 -Wno-format-nonliteral
# -ffile-prefix-map: debug info names files relative to the checkout, so the tools built in
# two different directories are byte-identical.
CFLAGS_ALL := -std=c17 $(WARNINGS) -g -ffile-prefix-map=$(CURDIR)=. -D_GNU_SOURCE \
              -D_FILE_OFFSET_BITS=64 -Icookbook/lib \
              $(VARIANT_CFLAGS) $(CFLAGS)
LDFLAGS_ALL := $(VARIANT_LDFLAGS) $(LDFLAGS)

LIBRARIES :=
PROGRAMS :=
UNIT_TESTS :=
FUZZERS :=
include $(sort $(wildcard cookbook/*/module.mk cookbook/*/*/module.mk cookbook/*/*/*/module.mk))

objects_of = $(patsubst %.c,$(O)/obj/%.o,$($(1)_SOURCES))
archives_of = $(foreach l,$($(1)_LIBS),$(O)/lib/lib$(l).a)
ldlibs_of = $(sort $($(1)_LDLIBS) $(foreach l,$($(1)_LIBS),$($(l)_LDLIBS)))

all: $(addprefix $(O)/bin/,$(PROGRAMS)) $(addprefix $(O)/tests/,$(UNIT_TESTS)) \
     $(if $(FUZZ),$(addprefix $(O)/fuzz/,$(FUZZERS)))
programs: $(addprefix $(O)/bin/,$(PROGRAMS))
tests: $(addprefix $(O)/tests/,$(UNIT_TESTS))
fuzzers: $(addprefix $(O)/fuzz/,$(FUZZERS))
.PHONY: all programs tests fuzzers

$(O)/obj/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) $(EXTRA_CFLAGS) -MMD -MP -c -o $@ $<

define library_rules
$(O)/lib/lib$(1).a: $(call objects_of,$(1))
	@mkdir -p $$(@D)
	@$(if $(Q),echo "  AR      $$@")
	$(Q)rm -f $$@.tmp && $(AR) rcs $$@.tmp $$^ && mv $$@.tmp $$@
endef

# $(1) = name, $(2) = output directory, $(3) = extra link flags
define program_rules
$(O)/$(2)/$(1): $(call objects_of,$(1)) $(call archives_of,$(1))
	@mkdir -p $$(@D)
	@$(if $(Q),echo "  LINK    $$@")
	$(Q)$(CC) $(LDFLAGS_ALL) $(3) -o $$@.tmp $(call objects_of,$(1)) \
	    -Wl,--start-group $(call archives_of,$(1)) -Wl,--end-group $(call ldlibs_of,$(1)) \
	    && mv $$@.tmp $$@
endef

$(foreach l,$(LIBRARIES),$(eval $(call library_rules,$(l))))
$(foreach p,$(PROGRAMS),$(eval $(call program_rules,$(p),bin,)))
$(foreach t,$(UNIT_TESTS),$(eval $(call program_rules,$(t),tests,)))
$(if $(FUZZ),$(foreach f,$(FUZZERS),$(eval $(call program_rules,$(f),fuzz,-fsanitize=fuzzer))))

-include $(shell find $(O)/obj -name '*.d' 2>/dev/null)
