/* The legacy 8259 PIC pair: moved out of the exception vectors and masked completely, since the
 * kernel takes its interrupts from the local APIC (and later the I/O APIC). */
#ifndef KERNEL_PIC_H
#define KERNEL_PIC_H

/* Vectors the PICs would use if they ever raised a (spurious) interrupt. */
#define PIC_VECTOR_BASE 0xe0

void pic_disable(void);

#endif
