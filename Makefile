# MACROHARD: the user's entry points, named as upstream Redox names them.
# Variables: see mk/config.mk. Run `make help` for the list of targets.

ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif

all: image-not-ready

include mk/config.mk
include mk/fstools.mk
include mk/cook.mk
include mk/tests.mk

# The image pipeline (cook → installer → boot) is not built yet; say so instead of pretending.
image-not-ready qemu live:
	@echo "error: 'make $@' needs the cook pipeline, the installer and the boot chain," >&2
	@echo "       which are not built yet (see README.md, 'Status'). 'make fstools' and 'make test' work." >&2
	@exit 1

clean: fstools_clean
	rm -rf build/tests

help:
	@echo "make fstools   build the host tools into $(FSTOOLS_BIN)"
	@echo "make test     unit tests, toml-test suite, CLI tests (ASan+UBSan); logs in build/tests/logs"
	@echo "make bench    benchmarks, printed as ratios against a reference measured in the same run"
	@echo "make clean    remove build products"

.PHONY: all image-not-ready qemu live clean help
