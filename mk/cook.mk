# Cooking recipes, with upstream Redox's target names (spec §3). PKG may be a comma-separated
# list: `make r.zlib,ion`.
#   r.PKG   cook (fetch, build, package, publish to repo/$(TARGET)/)
#   f.PKG   fetch            c.PKG   clean (remove target/)      u.PKG   unfetch (source/ too)
#   cr.PKG  clean, then cook                                     p.PKG   cook, then push
#   fetch   fetch everything $(FILESYSTEM_CONFIG) needs          repo    cook all of it
# REPO_OFFLINE=1 cooks without network, REPO_NONSTOP=1 keeps going after a failure. Recipes
# that invoke repo use '+' so that repo joins make's jobserver: one job budget for everything.
comma := ,
REPO ?= $(FSTOOLS_BIN)/repo
COOKBOOK_ROOT ?= $(ROOT)
FILESYSTEM_CONFIG ?= config/$(CONFIG_NAME).toml
REPO_TAG ?= $(BUILD)/repo.tag
PUSH_SYSROOT ?= $(BUILD)/sysroot
REPO_FLAGS = --cookbook=$(COOKBOOK_ROOT) --target=$(TARGET) \
    $(if $(filter 1,$(REPO_OFFLINE)),--offline) $(if $(filter 1,$(REPO_NONSTOP)),--keep-going)
COOKBOOK_OPTS = --filesystem=$(FILESYSTEM_CONFIG) --with-package-deps
repo_names = $(subst $(comma), ,$*)

r.%: fstools
	+$(REPO) $(REPO_FLAGS) cook $(repo_names)

f.%: fstools
	+$(REPO) $(REPO_FLAGS) fetch $(repo_names)

c.%: fstools
	$(REPO) $(REPO_FLAGS) clean $(repo_names)

u.%: fstools
	$(REPO) $(REPO_FLAGS) unfetch $(repo_names)

cr.%: fstools
	$(REPO) $(REPO_FLAGS) clean $(repo_names)
	+$(REPO) $(REPO_FLAGS) cook $(repo_names)

p.%: fstools
	+$(REPO) $(REPO_FLAGS) push --sysroot=$(PUSH_SYSROOT) $(repo_names)

fetch: fstools
	+$(REPO) $(REPO_FLAGS) fetch $(COOKBOOK_OPTS)

# A no-op cook takes a fraction of a second, so `repo` always asks repo instead of trusting a
# timestamp; mk/disk.mk turns the published repo.toml into $(REPO_TAG) for the image rules.
repo: fstools
	+$(REPO) $(REPO_FLAGS) cook $(COOKBOOK_OPTS)

.PHONY: fetch repo
