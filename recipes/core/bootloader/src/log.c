#include "log.h"

#include <efilib.h>
#include <stdarg.h>
#include <stdbool.h>

#include "format.h"
#include "uart16550.h"

#define FATAL_MESSAGE_SECONDS 10
#define LINE_LIMIT 512

static bool console_available;
static bool serial_direct;

/* Whether a device path list (the ConOut variable) contains a UART node. */
static bool device_paths_contain_uart(const UINT8 *paths, UINTN size)
{
    UINTN offset = 0;
    while (offset + 4 <= size) {
        UINT8 type = paths[offset];
        UINT8 subtype = paths[offset + 1];
        UINT16 length = (UINT16)(paths[offset + 2] | (paths[offset + 3] << 8));
        if (type == MESSAGING_DEVICE_PATH && subtype == MSG_UART_DP)
            return true;
        if (length < 4)
            return false; /* malformed: stop rather than loop */
        offset += length;
    }
    return false;
}

static bool firmware_console_includes_serial(void)
{
    static EFI_GUID global_variable = EFI_GLOBAL_VARIABLE;
    UINT8 paths[2048];
    UINTN size = sizeof paths;
    EFI_STATUS status = RT->GetVariable(L"ConOut", &global_variable, NULL, &size, paths);
    return !EFI_ERROR(status) && device_paths_contain_uart(paths, size);
}

void log_init(void)
{
    console_available = ST->ConOut != NULL;
    serial_direct = !firmware_console_includes_serial();
    if (serial_direct)
        uart_init(UART_COM1);
}

void log_boot_services_ending(void)
{
    console_available = false;
    serial_direct = true;
}

static void console_write(const char *text, size_t length)
{
    CHAR16 wide[LINE_LIMIT + 2];
    size_t used = 0;
    for (size_t i = 0; i < length && used < LINE_LIMIT; i++) {
        unsigned char byte = (unsigned char)text[i];
        if (byte == '\n')
            wide[used++] = L'\r';
        wide[used++] = byte < 0x80 ? byte : L'?';
    }
    wide[used] = 0;
    ST->ConOut->OutputString(ST->ConOut, wide);
}

static void emit_line(const char *prefix, const char *format, va_list args)
{
    char line[LINE_LIMIT];
    size_t length = format_buffer(line, sizeof line, "bootloader: %s", prefix);
    if (length < sizeof line)
        length += format_buffer_va(line + length, sizeof line - length, format, args);
    if (length > sizeof line - 2)
        length = sizeof line - 2;
    line[length++] = '\n';
    line[length] = '\0';
    if (serial_direct)
        uart_write(UART_COM1, line, length);
    if (console_available)
        console_write(line, length);
}

void log_info(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    emit_line("", format, args);
    va_end(args);
}

void log_warning(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    emit_line("warning: ", format, args);
    va_end(args);
}

EFI_STATUS log_fatal(EFI_STATUS status, const char *format, ...)
{
    char message[LINE_LIMIT];
    va_list args;
    va_start(args, format);
    format_buffer_va(message, sizeof message, format, args);
    va_end(args);
    log_info("error: %s (%s)", message, efi_status_name(status));
    if (console_available) {
        log_info("cannot start the system; returning to the firmware in %d seconds",
                 FATAL_MESSAGE_SECONDS);
        BS->Stall(FATAL_MESSAGE_SECONDS * 1000000ull);
    }
    return EFI_ERROR(status) ? status : EFI_LOAD_ERROR;
}

const char *efi_status_name(EFI_STATUS status)
{
    switch (status) {
    case EFI_SUCCESS: return "success";
    case EFI_LOAD_ERROR: return "load error";
    case EFI_INVALID_PARAMETER: return "invalid parameter";
    case EFI_UNSUPPORTED: return "unsupported";
    case EFI_BAD_BUFFER_SIZE: return "bad buffer size";
    case EFI_BUFFER_TOO_SMALL: return "buffer too small";
    case EFI_NOT_READY: return "not ready";
    case EFI_DEVICE_ERROR: return "device error";
    case EFI_WRITE_PROTECTED: return "write protected";
    case EFI_OUT_OF_RESOURCES: return "out of resources";
    case EFI_VOLUME_CORRUPTED: return "volume corrupted";
    case EFI_VOLUME_FULL: return "volume full";
    case EFI_NO_MEDIA: return "no media";
    case EFI_MEDIA_CHANGED: return "media changed";
    case EFI_NOT_FOUND: return "not found";
    case EFI_ACCESS_DENIED: return "access denied";
    case EFI_END_OF_FILE: return "end of file";
    case EFI_ABORTED: return "aborted";
    case EFI_COMPROMISED_DATA: return "compromised data";
    case EFI_CRC_ERROR: return "CRC error";
    default: return EFI_ERROR(status) ? "unknown error" : "unknown warning";
    }
}
