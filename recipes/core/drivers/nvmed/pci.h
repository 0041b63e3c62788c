/* PCI configuration space through the legacy ports 0xCF8/0xCFC (needs iopl(3)). */
#ifndef NVMED_PCI_H
#define NVMED_PCI_H

#include <stdint.h>

struct pci_address {
    uint8_t bus, device, function;
};

uint32_t pci_read32(struct pci_address at, uint8_t offset);
void pci_write32(struct pci_address at, uint8_t offset, uint32_t value);

/* Finds the index-th function (0 = the first, in bus/device/function order) whose class,
 * subclass and programming interface match; returns 0 and fills *at, or -1. */
int pci_find_class(uint8_t class_code, uint8_t subclass, uint8_t prog_if, unsigned index,
                   struct pci_address *at);

/* BAR n's memory address (64-bit BARs read both halves); 0 for an I/O or unset BAR. */
uint64_t pci_bar_address(struct pci_address at, unsigned n);

#endif
