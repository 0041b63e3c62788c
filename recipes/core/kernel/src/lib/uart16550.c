#include "uart16550.h"

#include "port_io.h"

enum {
    UART_DATA = 0,           /* DLAB=0: transmit holding / receive buffer */
    UART_INTERRUPTS = 1,     /* DLAB=0: interrupt enable; DLAB=1: divisor high byte */
    UART_FIFO_CONTROL = 2,
    UART_LINE_CONTROL = 3,
    UART_MODEM_CONTROL = 4,
    UART_LINE_STATUS = 5,
};

#define LINE_STATUS_DATA_READY 0x01
#define LINE_STATUS_TRANSMIT_EMPTY 0x20
#define INTERRUPT_DATA_AVAILABLE 0x01
#define MODEM_CONTROL_DTR_RTS_OUT2 0x0b
#define LINE_CONTROL_DIVISOR_LATCH 0x80
#define LINE_CONTROL_8N1 0x03
#define BAUD_DIVISOR_115200 1
/* Enough polls for one byte at 9600 baud on a slow machine; past that the byte is dropped
 * rather than hanging the system on a missing or stuck UART. */
#define TRANSMIT_POLL_LIMIT 1000000

void uart_init(uint16_t port)
{
    port_write8(port + UART_INTERRUPTS, 0x00);
    port_write8(port + UART_LINE_CONTROL, LINE_CONTROL_DIVISOR_LATCH);
    port_write8(port + UART_DATA, BAUD_DIVISOR_115200);
    port_write8(port + UART_INTERRUPTS, 0x00);
    port_write8(port + UART_LINE_CONTROL, LINE_CONTROL_8N1);
    port_write8(port + UART_FIFO_CONTROL, 0xc7); /* enable, clear both, 14-byte threshold */
    port_write8(port + UART_MODEM_CONTROL, 0x03); /* DTR + RTS */
}

static void uart_put(uint16_t port, char byte)
{
    for (int polls = 0; polls < TRANSMIT_POLL_LIMIT; polls++) {
        if (port_read8(port + UART_LINE_STATUS) & LINE_STATUS_TRANSMIT_EMPTY)
            break;
    }
    port_write8(port + UART_DATA, (uint8_t)byte);
}

void uart_write(uint16_t port, const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '\n')
            uart_put(port, '\r');
        uart_put(port, text[i]);
    }
}

void uart_write_raw(uint16_t port, const char *bytes, size_t length)
{
    for (size_t i = 0; i < length; i++)
        uart_put(port, bytes[i]);
}

void uart_enable_receive_interrupt(uint16_t port)
{
    port_write8(port + UART_MODEM_CONTROL, MODEM_CONTROL_DTR_RTS_OUT2);
    port_write8(port + UART_INTERRUPTS, INTERRUPT_DATA_AVAILABLE);
}

bool uart_receive(uint16_t port, uint8_t *byte)
{
    if (!(port_read8(port + UART_LINE_STATUS) & LINE_STATUS_DATA_READY))
        return false;
    *byte = port_read8(port + UART_DATA);
    return true;
}
