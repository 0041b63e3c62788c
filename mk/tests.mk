# `make test`: everything a change can break. `make bench`: benchmarks (never pass/fail).
# Each test's output goes to build/tests/logs/<name>.log; the summary names the logs of failures.

test: fstools fstools-san fstools-fuzz
	@scripts/run-tests.sh

bench: fstools
	@scripts/run-benchmarks.sh

.PHONY: test bench
