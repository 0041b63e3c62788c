/* Bootloader messages, on the screen (UEFI console) and on COM1.
 *
 * While boot services run, text goes to the firmware console; it goes to COM1 directly as well
 * unless the firmware console already includes a serial port (then every line would appear
 * twice on it). After ExitBootServices only COM1 is left. Every line starts with "bootloader: ". */
#ifndef BOOT_LOG_H
#define BOOT_LOG_H

#include <efi.h>

void log_init(void);

/* From now on only COM1 is used (call right before ExitBootServices). */
void log_boot_services_ending(void);

void log_info(const char *format, ...) __attribute__((format(printf, 1, 2)));
void log_warning(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Reports a fatal error with the UEFI status that caused it, leaves it on screen for a few
 * seconds and returns the status for efi_main to hand back to the firmware. */
EFI_STATUS log_fatal(EFI_STATUS status, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* A short English name of a UEFI status ("not found", "out of resources", ...). */
const char *efi_status_name(EFI_STATUS status);

#endif
