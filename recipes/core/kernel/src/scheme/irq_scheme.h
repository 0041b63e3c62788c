/* irq: — device interrupts for user-space drivers (Redox's irq scheme). open("irq:N") claims
 * line N (arch/x86_64/irq.h numbering) and needs MH_CAP_IRQ. Reading returns the line's
 * interrupt count as a uint64_t once it is higher than the last acknowledged one (blocking
 * until then); writing a count back acknowledges everything up to it. A level-triggered line
 * is masked from its interrupt until the driver acknowledges, so the device can be served
 * first. open("irq:msi") instead allocates a vector for a PCI MSI/MSI-X message (edge
 * triggered, never masked); its fpath "irq:cpu-XX/V" names the local APIC ID and the vector
 * the driver programs into the device. Closing the last descriptor releases the line. */
#ifndef KERNEL_IRQ_SCHEME_H
#define KERNEL_IRQ_SCHEME_H

#include "scheme/scheme.h"

extern struct scheme irq_scheme;

#endif
