#include "pic.h"

#include "lib/port_io.h"

#define PIC1_COMMAND 0x20
#define PIC1_DATA 0x21
#define PIC2_COMMAND 0xa0
#define PIC2_DATA 0xa1
#define ICW1_INIT_WITH_ICW4 0x11
#define ICW4_8086 0x01

void pic_disable(void)
{
    port_write8(PIC1_COMMAND, ICW1_INIT_WITH_ICW4);
    port_write8(PIC2_COMMAND, ICW1_INIT_WITH_ICW4);
    port_write8(PIC1_DATA, PIC_VECTOR_BASE);
    port_write8(PIC2_DATA, PIC_VECTOR_BASE + 8);
    port_write8(PIC1_DATA, 4); /* the secondary PIC hangs off IRQ 2 */
    port_write8(PIC2_DATA, 2);
    port_write8(PIC1_DATA, ICW4_8086);
    port_write8(PIC2_DATA, ICW4_8086);
    port_write8(PIC1_DATA, 0xff);
    port_write8(PIC2_DATA, 0xff);
}
