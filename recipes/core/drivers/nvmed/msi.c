#include "msi.h"

#include <stdbool.h>
#include <stdio.h>

#include "mh_sys.h"

enum {
    PCI_COMMAND = 0x04,
    PCI_STATUS_HAS_CAPABILITIES = 1u << 20, /* in the dword at 0x04 */
    PCI_CAPABILITIES_POINTER = 0x34,
    PCI_COMMAND_INTX_DISABLE = 1u << 10,
    CAP_MSI = 0x05,
    CAP_MSIX = 0x11,
};

#define PAGE 4096u

/* The offset of capability id in configuration space, or 0. */
static uint8_t find_capability(struct pci_address at, uint8_t id)
{
    if (!(pci_read32(at, PCI_COMMAND) & PCI_STATUS_HAS_CAPABILITIES))
        return 0;
    uint8_t offset = (uint8_t)(pci_read32(at, PCI_CAPABILITIES_POINTER) & 0xfc);
    for (unsigned hops = 0; offset >= 0x40 && hops < 48; hops++) {
        uint32_t header = pci_read32(at, offset);
        if ((header & 0xff) == id)
            return offset;
        offset = (uint8_t)((header >> 8) & 0xfc);
    }
    return 0;
}

/* The vector's message address and data, from the kernel's name of the descriptor
 * ("irq:cpu-XX/V": the local APIC ID in hex, the vector in decimal). */
static bool message_of(long irq, uint32_t *address, uint32_t *data)
{
    char path[32] = {0};
    long n = mh_call(MH_SYS_FPATH, (uint64_t)irq, (uint64_t)path, sizeof path - 1, 0, 0);
    unsigned apic_id, vector;
    if (n <= 0 || sscanf(path, "irq:cpu-%x/%u", &apic_id, &vector) != 2 || vector > 0xff)
        return false;
    *address = 0xfee00000u | apic_id << 12;
    *data = vector;
    return true;
}

static void disable_intx(struct pci_address at)
{
    uint32_t command = pci_read32(at, PCI_COMMAND) & 0xffff;
    pci_write32(at, PCI_COMMAND, command | PCI_COMMAND_INTX_DISABLE);
}

static int enable_msix(struct pci_address at, uint8_t cap, long memory, uint32_t address,
                       uint32_t data, const char **problem)
{
    uint32_t table = pci_read32(at, (uint8_t)(cap + 4));
    uint64_t bar = pci_bar_address(at, table & 7);
    if (bar == 0) {
        *problem = "the MSI-X table's BAR is not a memory BAR";
        return -MH_ENODEV;
    }
    uint64_t table_address = bar + (table & ~7u);
    uint64_t page = table_address & ~(uint64_t)(PAGE - 1);
    long mapped = mh_fmap((uint64_t)memory, page, PAGE, MH_PROT_READ | MH_PROT_WRITE | MH_MAP_SHARED);
    if (mapped < 0) {
        *problem = "cannot map the MSI-X table";
        return (int)mapped;
    }
    volatile uint32_t *entry = (volatile uint32_t *)(mapped + (long)(table_address - page));
    /* Function mask on while entry 0 is written; the other entries stay masked (their reset
     * state), so only entry 0 can fire once the mask is off. */
    uint32_t header = pci_read32(at, cap);
    pci_write32(at, cap, header | 1u << 30 | 1u << 31);
    entry[0] = address;
    entry[1] = 0;
    entry[2] = data;
    entry[3] = 0; /* unmasked */
    disable_intx(at);
    pci_write32(at, cap, (header | 1u << 31) & ~(1u << 30));
    return 0;
}

static void enable_msi(struct pci_address at, uint8_t cap, uint32_t address, uint32_t data)
{
    uint32_t header = pci_read32(at, cap);
    bool wide = header & (1u << 23); /* 64-bit address capable */
    pci_write32(at, (uint8_t)(cap + 4), address);
    if (wide) {
        pci_write32(at, (uint8_t)(cap + 8), 0);
        pci_write32(at, (uint8_t)(cap + 12), data);
    } else {
        pci_write32(at, (uint8_t)(cap + 8), data);
    }
    disable_intx(at);
    /* one message (multiple message enable = 0), enabled */
    pci_write32(at, cap, (header & ~(7u << 20)) | 1u << 16);
}

long msi_enable(struct pci_address at, long memory, enum msi_kind *kind, unsigned *vector,
                const char **problem)
{
    *kind = MSI_NONE;
    uint8_t msix = find_capability(at, CAP_MSIX);
    uint8_t msi = msix ? 0 : find_capability(at, CAP_MSI);
    if (!msix && !msi) {
        *problem = "the function has neither MSI-X nor MSI";
        return -MH_ENODEV;
    }
    long irq = mh_open("irq:msi", MH_O_RDWR | MH_O_NONBLOCK | MH_O_CLOEXEC);
    if (irq < 0) {
        *problem = "the kernel gave no MSI vector (irq:msi)";
        return irq;
    }
    uint32_t address, data;
    if (!message_of(irq, &address, &data)) {
        mh_close(irq);
        *problem = "the kernel's name of the MSI vector is not irq:cpu-XX/V";
        return -MH_EINVAL;
    }
    if (msix) {
        int err = enable_msix(at, msix, memory, address, data, problem);
        if (err < 0) {
            mh_close(irq);
            return err;
        }
        *kind = MSI_X;
    } else {
        enable_msi(at, msi, address, data);
        *kind = MSI_PLAIN;
    }
    *vector = data;
    return irq;
}

const char *msi_kind_name(enum msi_kind kind)
{
    return kind == MSI_X ? "MSI-X" : kind == MSI_PLAIN ? "MSI" : "no interrupt";
}
