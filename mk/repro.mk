# `make repro-check`: two clean builds of the image (natively, and in the build container when
# podman is available) at different paths and times, compared byte for byte (scripts/repro-check.sh).
repro-check:
	scripts/repro-check.sh

.PHONY: repro-check
