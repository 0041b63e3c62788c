#include "framebuffer.h"

#include <efi.h>
#include <efilib.h>

#include "log.h"

static UINT32 pixel_format(const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info)
{
    switch (info->PixelFormat) {
    case PixelRedGreenBlueReserved8BitPerColor: return MH_PIXEL_RGBX;
    case PixelBlueGreenRedReserved8BitPerColor: return MH_PIXEL_BGRX;
    case PixelBitMask: return MH_PIXEL_BITMASK;
    default: return MH_PIXEL_NONE; /* PixelBltOnly: no linear framebuffer */
    }
}

/* The largest mode with a linear framebuffer, or -1. */
static INT64 best_linear_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop)
{
    INT64 best = -1;
    UINT64 best_pixels = 0;
    for (UINT32 mode = 0; mode < gop->Mode->MaxMode; mode++) {
        EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;
        UINTN info_size;
        if (EFI_ERROR(gop->QueryMode(gop, mode, &info_size, &info)))
            continue;
        UINT64 pixels = (UINT64)info->HorizontalResolution * info->VerticalResolution;
        if (pixel_format(info) != MH_PIXEL_NONE && pixels > best_pixels) {
            best = mode;
            best_pixels = pixels;
        }
        BS->FreePool(info);
    }
    return best;
}

void framebuffer_setup(struct mh_framebuffer *framebuffer)
{
    *framebuffer = (struct mh_framebuffer){.format = MH_PIXEL_NONE};
    EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
    EFI_STATUS status = BS->LocateProtocol(&GraphicsOutputProtocol, NULL, (void **)&gop);
    if (EFI_ERROR(status)) {
        log_warning("no graphics output (GOP: %s); continuing with serial output only",
                    efi_status_name(status));
        return;
    }
    if (pixel_format(gop->Mode->Info) == MH_PIXEL_NONE) {
        INT64 mode = best_linear_mode(gop);
        if (mode < 0 || EFI_ERROR(gop->SetMode(gop, (UINT32)mode))) {
            log_warning("no graphics mode with a linear framebuffer; continuing with serial "
                        "output only");
            return;
        }
    }
    const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info = gop->Mode->Info;
    *framebuffer = (struct mh_framebuffer){
        .phys_base = gop->Mode->FrameBufferBase,
        .size = gop->Mode->FrameBufferSize,
        .width = info->HorizontalResolution,
        .height = info->VerticalResolution,
        .stride = info->PixelsPerScanLine,
        .format = pixel_format(info),
        .red_mask = info->PixelInformation.RedMask,
        .green_mask = info->PixelInformation.GreenMask,
        .blue_mask = info->PixelInformation.BlueMask,
        .reserved_mask = info->PixelInformation.ReservedMask,
    };
    if (framebuffer->format != MH_PIXEL_BITMASK)
        framebuffer->red_mask = framebuffer->green_mask = framebuffer->blue_mask =
            framebuffer->reserved_mask = 0;
    log_info("framebuffer %ux%u, stride %u, at 0x%llx", framebuffer->width, framebuffer->height,
             framebuffer->stride, (unsigned long long)framebuffer->phys_base);
}
