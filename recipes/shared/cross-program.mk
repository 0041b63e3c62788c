# What every Makefile that builds MACROHARD programs with the cross wrappers against relibc
# shares (coreutils, userutils, libc-tests, ports, system-test). Included after the Makefile
# has set SRC to its own directory:
#   SRC := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
#   include $(SRC)/<path to recipes/>/shared/cross-program.mk
# A recipe that includes it names it in its [build] inputs, so that a change here recooks it.
ifeq ($(strip $(O)),)
$(error O=<output directory> is required)
endif
override O := $(abspath $(O))

# The Makefiles a build rule follows: a change to either rebuilds its programs.
BUILD_RULES := $(SRC)/Makefile $(abspath $(lastword $(MAKEFILE_LIST)))

CC := x86_64-unknown-redox-gcc
CFLAGS ?= -O2 -g
WARNINGS := -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wvla

# A new C library in the cook's sysroot: for the programs that list it as a prerequisite (the
# build directory is kept between cooks, and nothing else tells make that libc.a changed).
LIBC := $(if $(strip $(COOKBOOK_SYSROOT)),$(wildcard $(COOKBOOK_SYSROOT)/usr/lib/libc.a))
