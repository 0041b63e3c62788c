# `make qemu`: boots $(BUILD)/harddrive.img with OVMF, with upstream's knobs:
#   gpu=vga|virtio|no   disk=nvme|ata|virtio   net=e1000|rtl8139|virtio|no   serial=no
#   kvm=yes|no (default: yes only where /dev/kvm works)   live=yes (boot the live image)
#   QEMU_MEM (MiB), QEMU_SMP, QEMU_CPU, QEMU_MACHINE, QEMU_EXTRA (more arguments)
# Without a display ($DISPLAY unset) the graphics device is kept but no window is opened; the
# serial console and the QEMU monitor share the terminal (Ctrl-a x quits). QEMU's report of
# guest errors (e.g. OVMF probing for a TPM that is not there, thousands of lines) goes to
# $(BUILD)/qemu.log, not the terminal.
QEMU := qemu-system-$(ARCH)
QEMU_MACHINE ?= q35
QEMU_MEM ?= 2048
QEMU_SMP ?= 1
OVMF ?= $(firstword $(wildcard /usr/share/ovmf/OVMF.fd /usr/share/OVMF/OVMF_CODE.fd))
gpu ?= vga
disk ?= nvme
net ?= e1000
serial ?= yes
live ?= no
# KVM only where it can work: /dev/kvm usable and the CPU has VT-x or AMD-V (a /dev/kvm inside a
# VM without nested virtualisation cannot run guests); software emulation (TCG) otherwise.
kvm ?= $(shell test -w /dev/kvm && grep -q -w -E 'vmx|svm' /proc/cpuinfo && echo yes || echo no)
QEMU_CPU ?= $(if $(filter yes,$(kvm)),host,max)

QEMU_BOOT_IMAGE = $(if $(filter yes,$(live)),$(LIVE_IMAGE),$(IMAGE))
QEMU_DISK_nvme = -device nvme,drive=drv0,serial=MACROHARD
QEMU_DISK_ata = -device ide-hd,drive=drv0,bus=ide.0
QEMU_DISK_virtio = -device virtio-blk-pci,drive=drv0
QEMU_GPU_vga = -vga std
QEMU_GPU_virtio = -vga none -device virtio-gpu-pci
QEMU_GPU_no = -vga none
QEMU_NET_e1000 = -netdev user,id=net0 -device e1000,netdev=net0
QEMU_NET_rtl8139 = -netdev user,id=net0 -device rtl8139,netdev=net0
QEMU_NET_virtio = -netdev user,id=net0 -device virtio-net-pci,netdev=net0
QEMU_NET_no = -nic none

QEMU_FLAGS = -name "MACROHARD $(ARCH)" -machine $(QEMU_MACHINE) -cpu $(QEMU_CPU) \
    -smp $(QEMU_SMP) -m $(QEMU_MEM) -bios $(OVMF) -d guest_errors -D $(BUILD)/qemu.log -no-reboot \
    $(if $(filter yes,$(kvm)),-enable-kvm) \
    $(QEMU_GPU_$(gpu)) $(if $(DISPLAY),,-display none) \
    $(if $(filter no,$(serial)),-serial none,-chardev stdio,id=debug,signal=off,mux=on -serial chardev:debug -mon chardev=debug) \
    $(QEMU_NET_$(net)) \
    -drive file=$(QEMU_BOOT_IMAGE),format=raw,if=none,id=drv0 $(QEMU_DISK_$(disk)) \
    $(QEMU_EXTRA)

qemu: $(QEMU_BOOT_IMAGE) unmount
	@test -n "$(OVMF)" || { echo "error: OVMF not found; run scripts/bootstrap.sh" >&2; exit 1; }
	$(QEMU) $(QEMU_FLAGS)

.PHONY: qemu
