# Builds in a Podman container, as upstream Redox does them: same Debian 12 userland and packages
# for every developer and CI, made without any container registry (podman/base-image.sh).
#
#   PODMAN_BUILD=1 make GOALS   runs `make GOALS` inside the build container, with the repository
#                               mounted at the same path (PODMAN_WORKDIR), so build/ fills as usual
#   make container_image        builds the images if their inputs changed (stamp: build/container.tag)
#   make container_shell        interactive shell in the container, in the repository
#   make container_clean        removes the images and their stamps
#   make container_kill         stops this checkout's running build containers
#
# The top Makefile includes this file right after mk/config.mk. When PODMAN_FORWARD is non-empty
# every goal goes to the container and the Makefile must define no rules of its own:
#     include mk/config.mk
#     include mk/podman.mk
#     ifeq ($(PODMAN_FORWARD),)
#     ... every other rule and include ...
#     endif
# Goals listed in PODMAN_LOCAL_GOALS (set it before the include to add more) always run here.
#
# Knobs (make variables):
#   PODMAN_WORKDIR       where the repository appears in the container (default: its host path)
#   PODMAN_BUILD_VOLUME  a host directory mounted as the container's build/ instead of ./build;
#                        with PODMAN_WORKDIR this builds the same tree at another path into another
#                        output tree (what a reproducibility check compares)
#   PODMAN_EXTRA_OPTS    more `podman run` options (e.g. --volume …:Z on SELinux hosts)
#   PODMAN_CONF          the containers.conf podman reads (never the host's /etc/containers)

PODMAN_CONF ?= $(ROOT)/podman/containers.conf
PODMAN := CONTAINERS_CONF=$(PODMAN_CONF) podman
PODMAN_BASE_IMAGE := localhost/macrohard-base:bookworm
PODMAN_IMAGE := localhost/macrohard-build:latest
CONTAINER_TAG := build/container.tag
PODMAN_WORKDIR ?= $(ROOT)
PODMAN_BUILD_VOLUME ?=
PODMAN_EXTRA_OPTS ?=
PODMAN_IMAGE_INPUTS := podman/containers.conf podman/base-image.sh podman/build-image.sh \
                       podman/Containerfile scripts/bootstrap.sh
PODMAN_LOCAL_GOALS += container_image container_shell container_clean container_kill help

# Inside the container (which sets MACROHARD_CONTAINER=1) make always builds in place.
ifeq ($(MACROHARD_CONTAINER),1)
override PODMAN_BUILD := 0
endif

ifeq ($(PODMAN_BUILD),1)
PODMAN_GOALS := $(filter-out $(PODMAN_LOCAL_GOALS),$(MAKECMDGOALS))
# No goal at all: the container's make builds its default goal.
PODMAN_FORWARD := $(if $(MAKECMDGOALS),$(PODMAN_GOALS),default-goal)
endif

# Environment variables the container's make and scripts read, passed when set here
# (upstream's list, plus the test runner's).
PODMAN_PASS_ENV := ARCH BOARD CONFIG_NAME FILESYSTEM_CONFIG FILESYSTEM_SIZE PREFIX_BINARY \
                   REPO_APPSTREAM REPO_BINARY REPO_DEBUG REPO_NONSTOP REPO_OFFLINE \
                   SKIP_CHECK_TOOLS COOKBOOK_MAKE_JOBS COOKBOOK_LOGS COOKBOOK_VERBOSE \
                   COOKBOOK_COMPRESSED COOKBOOK_NONSTOP CI TESTS FUZZ_SECONDS SOURCE_DATE_EPOCH

# Variables set on make's command line (ARCH=…, CONFIG_NAME=…, QEMU knobs …) go to the
# container's make command line unchanged, so they keep overriding the makefiles there;
# PODMAN_* knobs only mean something here.
podman_quote = '$(subst ','\'',$(1))'
podman_cmdline_vars = $(strip $(foreach v,$(filter-out PODMAN_%,$(.VARIABLES)),$(if \
    $(filter command line,$(origin $(v))),$(v)=$(call podman_quote,$(value $(v))))))
podman_env_vars = $(strip $(foreach v,$(PODMAN_PASS_ENV),$(if \
    $(filter environment%,$(origin $(v))),--env $(v))))

# --init puts podman's init (catatonit) at PID 1: make there would survive the signals that stop
# it (PID 1 ignores default-action signals), leaving the container running after Ctrl-C or kill.
PODMAN_RUN = $(PODMAN) run --rm --init --network=host --device /dev/fuse --cap-add SYS_ADMIN \
    --pids-limit=-1 --label org.macrohard.checkout=$(ROOT) \
    --volume $(ROOT):$(PODMAN_WORKDIR) \
    $(if $(PODMAN_BUILD_VOLUME),--volume $(abspath $(PODMAN_BUILD_VOLUME)):$(PODMAN_WORKDIR)/build) \
    --workdir $(PODMAN_WORKDIR) --env MACROHARD_CONTAINER=1 --env PODMAN_BUILD=0 \
    $(podman_env_vars) $(PODMAN_EXTRA_OPTS)

podman_saved_default_goal := $(.DEFAULT_GOAL)

# Rebuild the images when their inputs change, or when the image is gone (removed by hand).
# podman is asked only when this make will use it.
podman_image_missing := $(if $(PODMAN_FORWARD)$(filter container_image container_shell,$(MAKECMDGOALS)),$(shell \
    $(PODMAN) image exists $(PODMAN_IMAGE) 2>/dev/null || echo yes))

$(CONTAINER_TAG): $(PODMAN_IMAGE_INPUTS) $(if $(podman_image_missing),podman-image-missing)
	@command -v podman >/dev/null || { echo "error: podman is not installed; run scripts/bootstrap.sh" >&2; exit 1; }
	@mkdir -p $(@D)
	CONTAINERS_CONF=$(PODMAN_CONF) MACROHARD_BASE_IMAGE=$(PODMAN_BASE_IMAGE) \
	    MACROHARD_BUILD_IMAGE=$(PODMAN_IMAGE) podman/build-image.sh
	@touch $@

container_image: $(CONTAINER_TAG)

container_shell: $(CONTAINER_TAG)
	$(PODMAN_RUN) --interactive --tty --env TERM $(PODMAN_IMAGE) bash

container_clean:
	$(PODMAN) image rm --force $(PODMAN_IMAGE) $(PODMAN_BASE_IMAGE)
	rm -rf $(CONTAINER_TAG) build/podman

container_kill:
	@ids=$$($(PODMAN) ps --quiet --filter label=org.macrohard.checkout=$(ROOT)); \
	if [ -n "$$ids" ]; then $(PODMAN) kill $$ids; else echo "no build container is running"; fi

.PHONY: container_image container_shell container_clean container_kill podman-image-missing

ifneq ($(PODMAN_FORWARD),)
# One container runs all the goals, so the container's make orders and parallelises them.
# On a terminal the container gets one too, so Ctrl-C reaches every process in it.
podman-forward: $(CONTAINER_TAG)
	$(if $(PODMAN_BUILD_VOLUME),@mkdir -p $(PODMAN_BUILD_VOLUME))
	tty=; if [ -t 0 ] && [ -t 1 ]; then tty="--interactive --tty"; fi; \
	$(PODMAN_RUN) $$tty $(PODMAN_IMAGE) make $(PODMAN_GOALS) $(podman_cmdline_vars) PODMAN_BUILD=0

ifneq ($(PODMAN_GOALS),)
$(PODMAN_GOALS): podman-forward
	@:
endif

.PHONY: podman-forward $(PODMAN_GOALS)
podman_saved_default_goal := podman-forward
endif

# This file's rules are not the default goal (emptying it lets the next rule be the default).
.DEFAULT_GOAL := $(podman_saved_default_goal)
