#include "pci.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc

static void outl(uint16_t port, uint32_t value)
{
    __asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static uint32_t inl(uint16_t port)
{
    uint32_t value;
    __asm__ volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

static uint32_t config_address(struct pci_address at, uint8_t offset)
{
    return 0x80000000u | (uint32_t)at.bus << 16 | (uint32_t)at.device << 11 |
           (uint32_t)at.function << 8 | (offset & 0xfcu);
}

uint32_t pci_read32(struct pci_address at, uint8_t offset)
{
    outl(PCI_CONFIG_ADDRESS, config_address(at, offset));
    return inl(PCI_CONFIG_DATA);
}

void pci_write32(struct pci_address at, uint8_t offset, uint32_t value)
{
    outl(PCI_CONFIG_ADDRESS, config_address(at, offset));
    outl(PCI_CONFIG_DATA, value);
}

int pci_find_class(uint8_t class_code, uint8_t subclass, uint8_t prog_if, unsigned index,
                   struct pci_address *at)
{
    uint32_t wanted = (uint32_t)class_code << 24 | (uint32_t)subclass << 16 | (uint32_t)prog_if << 8;
    for (unsigned bus = 0; bus < 256; bus++) {
        for (unsigned device = 0; device < 32; device++) {
            for (unsigned function = 0; function < 8; function++) {
                struct pci_address here = {(uint8_t)bus, (uint8_t)device, (uint8_t)function};
                uint32_t id = pci_read32(here, 0x00);
                if ((id & 0xffff) == 0xffff) {
                    if (function == 0)
                        break; /* no device in this slot */
                    continue;
                }
                if ((pci_read32(here, 0x08) & 0xffffff00u) == wanted && index-- == 0) {
                    *at = here;
                    return 0;
                }
                /* header type bit 7: multi-function; otherwise only function 0 exists */
                if (function == 0 && !(pci_read32(here, 0x0c) & 0x00800000u))
                    break;
            }
        }
    }
    return -1;
}

uint64_t pci_bar_address(struct pci_address at, unsigned n)
{
    uint8_t offset = (uint8_t)(0x10 + 4 * n);
    uint32_t low = pci_read32(at, offset);
    if (low & 1)
        return 0;
    uint64_t address = low & ~0xfu;
    if (((low >> 1) & 3) == 2)
        address |= (uint64_t)pci_read32(at, (uint8_t)(offset + 4)) << 32;
    return address;
}
