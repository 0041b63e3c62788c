/* Message-signalled interrupts for a PCI function: MSI-X if the function has it, else MSI,
 * with one vector from the kernel's irq:msi (the message the kernel names in its fpath). */
#ifndef NVMED_MSI_H
#define NVMED_MSI_H

#include "pci.h"

enum msi_kind { MSI_NONE, MSI_X, MSI_PLAIN };

/* Allocates a vector and points entry 0 (MSI-X) or the single message (MSI) of the function
 * at it, enabling message interrupts and turning legacy INTx off. memory is a descriptor of
 * memory:physical (the MSI-X table lives in a BAR). Returns the irq: descriptor (opened
 * non-blocking) and sets *kind and *vector, or -errno with *kind MSI_NONE and *problem set. */
long msi_enable(struct pci_address at, long memory, enum msi_kind *kind, unsigned *vector,
                const char **problem);

const char *msi_kind_name(enum msi_kind kind);

#endif
