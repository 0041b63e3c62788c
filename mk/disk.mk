# Disk images (upstream's names): `make all` writes $(BUILD)/harddrive.img from the config's
# packages, cooked incrementally first; `make live` the live image. The installer writes without
# root and without FUSE, through a temporary file: an image is complete or absent.
IMAGE := $(BUILD)/harddrive.img
LIVE_IMAGE := $(BUILD)/livedisk.iso
MOUNT_DIR := $(BUILD)/filesystem
INSTALLER := $(FSTOOLS_BIN)/redox_installer
INSTALLER_OPTS = --cookbook=$(COOKBOOK_ROOT) --config-name=$(CONFIG_NAME) -c $(FILESYSTEM_CONFIG)
# Every timestamp in the image is clamped to this: the same commit gives the same image.
IMAGE_EPOCH ?= $(shell git -C $(ROOT) log -1 --format=%ct 2>/dev/null || echo 0)

# The cook is incremental and a no-op is fast, so it always runs; the tag changes only when the
# published repository does, and the images depend on the tag.
$(REPO_TAG): repo
	@mkdir -p $(@D)
	@cmp -s repo/$(TARGET)/repo.toml $@ || cp repo/$(TARGET)/repo.toml $@

# $(1) = image, $(2) = extra installer options
define write_image
	@mkdir -p $(@D)
	@rm -f $(1).partial
	$(if $(FILESYSTEM_SIZE),truncate -s $(FILESYSTEM_SIZE)m $(1).partial,)
	SOURCE_DATE_EPOCH=$(IMAGE_EPOCH) $(INSTALLER) $(INSTALLER_OPTS) $(2) $(1).partial \
	    || { rm -f $(1).partial; exit 1; }
	mv $(1).partial $(1)
endef

$(IMAGE): $(REPO_TAG) $(wildcard config/*.toml config/$(ARCH)/*.toml) | fstools
	$(call write_image,$@,)

$(LIVE_IMAGE): $(REPO_TAG) $(wildcard config/*.toml config/$(ARCH)/*.toml) | fstools
	$(call write_image,$@,--live --write-bootloader=$(BUILD)/bootloader-live.efi)

all: $(IMAGE)
live: $(LIVE_IMAGE)

# Re-make the images from the packages already cooked.
image: fstools
	rm -f $(IMAGE) $(LIVE_IMAGE)
	$(MAKE) $(IMAGE)

# Cook again what changed (a recipe edit is always noticed) and re-make the images.
rebuild:
	rm -f $(REPO_TAG) $(IMAGE) $(LIVE_IMAGE)
	$(MAKE) all

mount: $(IMAGE)
	@mkdir -p $(MOUNT_DIR)
	$(FSTOOLS_BIN)/redoxfs $(IMAGE) $(MOUNT_DIR)
	@echo "mounted $(IMAGE) at $(MOUNT_DIR); 'make unmount' when done"

unmount:
	@if mountpoint -q $(MOUNT_DIR) 2>/dev/null; then fusermount3 -u $(MOUNT_DIR); fi

# A shell with the target toolchain wrappers and the host tools on PATH.
env: fstools
	@echo "MACROHARD build environment: TARGET=$(TARGET); 'exit' to leave"
	@PATH="$(ROOT)/bin:$(ROOT)/$(FSTOOLS_BIN):$$PATH" TARGET=$(TARGET) GNU_TARGET=$(GNU_TARGET) \
	    COOKBOOK_ROOT=$(ROOT) $${SHELL:-bash}

.PHONY: all live image rebuild mount unmount env
