# `make repro-check`: two clean builds of the image (natively, and in the build container when
# podman is available) at different paths and times, compared byte for byte (scripts/repro-check.sh).
REPRO_DIR ?= $(ROOT)/build/repro
repro-check:
	REPRO_DIR=$(REPRO_DIR) scripts/repro-check.sh

.PHONY: repro-check
