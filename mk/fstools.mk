# Host tools (cookbook/): `make fstools` builds them into build/fstools/bin.
# The real rules live in mk/hosttools.mk, run once per variant.

HOSTTOOLS = $(MAKE) --no-print-directory -f mk/hosttools.mk

# Stops with the exact command to run when a Debian package the build needs is missing.
check-host:
ifeq ($(SKIP_CHECK_TOOLS),1)
	@true
else
	@scripts/bootstrap.sh --check --quiet || { \
	    echo "error: host packages are missing (listed above); install them with:" >&2; \
	    echo "    scripts/bootstrap.sh" >&2; exit 1; }
endif

fstools: check-host
	+@$(HOSTTOOLS) --no-print-directory O=$(FSTOOLS) VARIANT_CFLAGS="-O2" programs

# Sanitizer build: every program and unit test, with ASan + UBSan, aborting on the first report.
fstools-san: check-host
	+@$(HOSTTOOLS) --no-print-directory O=$(FSTOOLS_SAN) \
	    VARIANT_CFLAGS="-O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	    VARIANT_LDFLAGS="-fsanitize=address,undefined" all

# libFuzzer targets (clang).
fstools-fuzz: check-host
	+@$(HOSTTOOLS) --no-print-directory O=$(FSTOOLS_FUZZ) CC=clang FUZZ=1 \
	    VARIANT_CFLAGS="-O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
	    VARIANT_LDFLAGS="-fsanitize=address,undefined" fuzzers

fstools_clean:
	rm -rf $(FSTOOLS) $(FSTOOLS_SAN) $(FSTOOLS_FUZZ)

.PHONY: check-host fstools fstools-san fstools-fuzz fstools_clean
