/* Polled output on a 16550-compatible UART (COM1 = 0x3f8), shared by the bootloader and the
 * kernel. Output never blocks forever: without a UART the status register reads as "ready". */
#ifndef MH_UART16550_H
#define MH_UART16550_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UART_COM1 0x3f8

/* Programs 115200 baud, 8 data bits, no parity, 1 stop bit, FIFOs on, interrupts off. */
void uart_init(uint16_t port);

/* Writes the bytes, turning "\n" into "\r\n" for terminals. */
void uart_write(uint16_t port, const char *text, size_t length);

/* Writes the bytes unchanged (a terminal's line discipline has translated them already). */
void uart_write_raw(uint16_t port, const char *bytes, size_t length);

/* Makes the UART raise its interrupt line when a byte arrives (and lets the line through to
 * the interrupt controller, OUT2). */
void uart_enable_receive_interrupt(uint16_t port);

/* Takes one received byte; false when none is waiting. */
bool uart_receive(uint16_t port, uint8_t *byte);

#endif
