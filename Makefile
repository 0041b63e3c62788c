# MACROHARD: the user's entry points, named as upstream Redox names them.
# Variables: see mk/config.mk. Run `make help` for the list of targets.

ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif

include mk/config.mk
# repro-check starts its own container build: it runs here even with PODMAN_BUILD=1.
PODMAN_LOCAL_GOALS := repro-check
include mk/podman.mk
# With PODMAN_BUILD=1 every goal runs in the build container (mk/podman.mk); define nothing else.
ifeq ($(PODMAN_FORWARD),)

all:

include mk/fstools.mk
include mk/cook.mk
include mk/disk.mk
include mk/qemu.mk
include mk/qemu-test.mk
include mk/repro.mk
include mk/tests.mk

clean: unmount
	rm -rf build repo

# clean, and also forget every fetched source and the download cache.
distclean: clean
	rm -rf sources
	find recipes -mindepth 1 \( -name source -o -name source.tmp -o -name source.old -o -name target \
	    -o -name 'source.tar*' -o -name source_info.toml \) -prune -exec rm -rf {} +

help:
	@echo "make all       cook the config's packages and write $(BUILD)/harddrive.img"
	@echo "make qemu      boot it (gpu= disk= net= serial= kvm= QEMU_MEM= QEMU_SMP=)"
	@echo "make live      the live image; make image / rebuild / mount / unmount / env"
	@echo "make r.PKG     cook recipes (f. fetch, c. clean, u. unfetch, cr. clean+cook, p. push)"
	@echo "make fstools   build the host tools into $(FSTOOLS_BIN)"
	@echo "make test     unit tests, toml-test suite, CLI tests (ASan+UBSan); logs in build/tests/logs"
	@echo "make bench    benchmarks, printed as ratios against a reference measured in the same run"
	@echo "make clean     remove build/ and repo/; distclean also sources"

.PHONY: all clean distclean help

endif
