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

# Tarballs that Debian ships unchanged go from its archive into the source cache first
# (scripts/seed-sources, scripts/seed-sources.map; a no-op when they are cached), so the default
# build needs no upstream site. Not with REPO_OFFLINE=1. A failure here is only reported: the
# fetch then tries the recipe's own URL and says what is missing.
SEED_LOG := build/logs/seed-sources.log
define seed_sources
	@$(if $(filter 1,$(REPO_OFFLINE)),true,mkdir -p $(dir $(SEED_LOG)) && \
	    { FSTOOLS_BIN=$(FSTOOLS_BIN) scripts/seed-sources --cookbook=$(COOKBOOK_ROOT) >$(SEED_LOG) 2>&1 || \
	      echo "seed-sources: some tarballs could not be taken from Debian; see $(SEED_LOG)"; })
endef

r.%: fstools
	$(seed_sources)
	+$(REPO) $(REPO_FLAGS) cook $(repo_names)

f.%: fstools
	$(seed_sources)
	+$(REPO) $(REPO_FLAGS) fetch $(repo_names)

c.%: fstools
	$(REPO) $(REPO_FLAGS) clean $(repo_names)

u.%: fstools
	$(REPO) $(REPO_FLAGS) unfetch $(repo_names)

cr.%: fstools
	$(seed_sources)
	$(REPO) $(REPO_FLAGS) clean $(repo_names)
	+$(REPO) $(REPO_FLAGS) cook $(repo_names)

p.%: fstools
	$(seed_sources)
	+$(REPO) $(REPO_FLAGS) push --sysroot=$(PUSH_SYSROOT) $(repo_names)

fetch: fstools
	$(seed_sources)
	+$(REPO) $(REPO_FLAGS) fetch $(COOKBOOK_OPTS)

# A no-op cook takes a fraction of a second, so `repo` always asks repo instead of trusting a
# timestamp; mk/disk.mk turns the published repo.toml into $(REPO_TAG) for the image rules.
repo: fstools
	$(seed_sources)
	+$(REPO) $(REPO_FLAGS) cook $(COOKBOOK_OPTS)

.PHONY: fetch repo
