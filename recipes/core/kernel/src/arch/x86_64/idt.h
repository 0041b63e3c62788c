/* The interrupt descriptor table: every vector enters isr.S, which builds a struct trap_frame
 * and calls trap_dispatch(). */
#ifndef KERNEL_IDT_H
#define KERNEL_IDT_H

void idt_init(void);

#endif
