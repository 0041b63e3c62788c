# `make qemu-test`: builds the system-test image (config/system-test.toml) and boots it twice
# in QEMU with OVMF under TCG, headless; pass/fail comes from isa-debug-exit. The test script
# is recipes/tests/system-test/tests/qemu-test.sh, which `make test` runs as well.
# QEMU_TIMEOUT (seconds per boot) and OVMF are passed through.
qemu-test: fstools
	TEST_TMP=$(ROOT)/build/qemu-test bash recipes/tests/system-test/tests/qemu-test.sh

.PHONY: qemu-test
