#include "pit.h"

#include "lib/port_io.h"

#define PIT_FREQUENCY 1193182u
#define PIT_CHANNEL2_DATA 0x42
#define PIT_COMMAND 0x43
#define PIT_CONTROL_PORT 0x61 /* bit 0: channel 2 gate, bit 1: speaker, bit 5: channel 2 output */
#define CHANNEL2_ONE_SHOT 0xb0 /* channel 2, low then high byte, mode 0, binary */

void pit_countdown_start(uint32_t microseconds)
{
    uint32_t count = (uint32_t)((uint64_t)PIT_FREQUENCY * microseconds / 1000000u);
    if (count > 0xffff)
        count = 0xffff;
    uint8_t control = port_read8(PIT_CONTROL_PORT);
    port_write8(PIT_CONTROL_PORT, (uint8_t)((control & ~0x03u) | 0x00)); /* gate low, speaker off */
    port_write8(PIT_COMMAND, CHANNEL2_ONE_SHOT);
    port_write8(PIT_CHANNEL2_DATA, (uint8_t)count);
    port_write8(PIT_CHANNEL2_DATA, (uint8_t)(count >> 8));
    port_write8(PIT_CONTROL_PORT, (uint8_t)((control & ~0x03u) | 0x01)); /* gate high: count */
}

bool pit_countdown_done(void)
{
    return (port_read8(PIT_CONTROL_PORT) & 0x20) != 0;
}
