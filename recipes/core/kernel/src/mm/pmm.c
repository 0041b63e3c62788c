#include "pmm.h"

#include <stdbool.h>

#include "arch/x86_64/cpu.h"
#include "lib/kstring.h"
#include "mm/layout.h"
#include "panic.h"

#define LOW_MEMORY_LIMIT (1ull << 20)
#define BITS_PER_WORD 64

static uint64_t *bitmap; /* through the physical map */
static uint16_t *references; /* per frame, right after the bitmap */
static size_t frame_count; /* frames covered by the bitmap */
static size_t free_count;
static size_t total_count; /* frames that were ever free */
static size_t search_hint; /* word index where the last allocation succeeded */
static uint64_t ram_top;

static bool is_ram(uint32_t type)
{
    return type == MH_MEMORY_USABLE || type == MH_MEMORY_KERNEL || type == MH_MEMORY_INITFS ||
           type == MH_MEMORY_BOOT_RECLAIMABLE || type == MH_MEMORY_ACPI_RECLAIMABLE ||
           type == MH_MEMORY_ACPI_NVS || type == MH_MEMORY_FIRMWARE_RUNTIME;
}

static size_t checked_frame(uint64_t frame_address, const char *caller)
{
    size_t frame = frame_address / PAGE_SIZE;
    if (frame_address % PAGE_SIZE != 0 || frame_address < LOW_MEMORY_LIMIT || frame >= frame_count)
        panic("%s: %p is not an allocatable frame", caller, (void *)frame_address);
    return frame;
}

static void mark_free(size_t frame)
{
    bitmap[frame / BITS_PER_WORD] &= ~(1ull << (frame % BITS_PER_WORD));
}

static bool frame_used(size_t frame)
{
    return (bitmap[frame / BITS_PER_WORD] >> (frame % BITS_PER_WORD)) & 1;
}

/* Frees the whole frames inside [base, base + length) that are above the low-memory limit. */
static void free_range_frames(uint64_t base, uint64_t length)
{
    uint64_t start = PAGE_ROUND_UP(base);
    uint64_t end = PAGE_ROUND_DOWN(base + length);
    if (start < LOW_MEMORY_LIMIT)
        start = LOW_MEMORY_LIMIT;
    for (uint64_t address = start; address < end; address += PAGE_SIZE) {
        size_t frame = address / PAGE_SIZE;
        if (frame < frame_count && frame_used(frame)) {
            mark_free(frame);
            free_count++;
            total_count++;
        }
    }
}

void pmm_init(const struct mh_memory_region *regions, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (is_ram(regions[i].type) && regions[i].base + regions[i].length > ram_top)
            ram_top = regions[i].base + regions[i].length;
    }
    frame_count = ram_top / PAGE_SIZE;
    size_t words = (frame_count + BITS_PER_WORD - 1) / BITS_PER_WORD;
    size_t bitmap_bytes = PAGE_ROUND_UP(words * 8 + frame_count * sizeof(uint16_t));

    /* Bitmap and counts live in the first usable range above 1 MiB that can hold them. */
    uint64_t bitmap_phys = 0;
    for (size_t i = 0; i < count && bitmap_phys == 0; i++) {
        uint64_t start = regions[i].base < LOW_MEMORY_LIMIT ? LOW_MEMORY_LIMIT : regions[i].base;
        uint64_t end = regions[i].base + regions[i].length;
        if (regions[i].type == MH_MEMORY_USABLE && end > start && end - start >= bitmap_bytes)
            bitmap_phys = start;
    }
    if (bitmap_phys == 0)
        panic("no usable memory range can hold the %zu-byte frame bitmap", bitmap_bytes);
    bitmap = phys_to_virt(bitmap_phys);
    memset(bitmap, 0xff, words * 8);
    references = (uint16_t *)(bitmap + words);
    memset(references, 0, frame_count * sizeof(uint16_t));

    for (size_t i = 0; i < count; i++) {
        if (regions[i].type == MH_MEMORY_USABLE)
            free_range_frames(regions[i].base, regions[i].length);
    }
    for (uint64_t address = bitmap_phys; address < bitmap_phys + bitmap_bytes; address += PAGE_SIZE) {
        bitmap[address / PAGE_SIZE / BITS_PER_WORD] |= 1ull << (address / PAGE_SIZE % BITS_PER_WORD);
        free_count--;
        total_count--;
    }
}

uint64_t pmm_alloc(void)
{
    irq_state state = irq_save();
    size_t words = (frame_count + BITS_PER_WORD - 1) / BITS_PER_WORD;
    for (size_t scanned = 0; scanned < words; scanned++) {
        size_t word = (search_hint + scanned) % words;
        if (bitmap[word] == ~0ull)
            continue;
        size_t frame = word * BITS_PER_WORD + (size_t)__builtin_ctzll(~bitmap[word]);
        if (frame >= frame_count)
            continue;
        bitmap[word] |= 1ull << (frame % BITS_PER_WORD);
        references[frame] = 1;
        free_count--;
        search_hint = word;
        irq_restore(state);
        return (uint64_t)frame * PAGE_SIZE;
    }
    irq_restore(state);
    return 0;
}

uint64_t pmm_alloc_zeroed(void)
{
    uint64_t frame = pmm_alloc();
    if (frame != 0)
        memset(phys_to_virt(frame), 0, PAGE_SIZE);
    return frame;
}

void pmm_free(uint64_t frame_address)
{
    size_t frame = checked_frame(frame_address, "pmm_free");
    irq_state state = irq_save();
    if (!frame_used(frame) || references[frame] == 0)
        panic("pmm_free: frame %p is already free (double free)", (void *)frame_address);
    if (--references[frame] == 0) {
        mark_free(frame);
        free_count++;
    }
    irq_restore(state);
}

void pmm_share(uint64_t frame_address)
{
    size_t frame = checked_frame(frame_address, "pmm_share");
    irq_state state = irq_save();
    if (references[frame] == 0 || references[frame] == UINT16_MAX)
        panic("pmm_share: frame %p has %u references", (void *)frame_address, references[frame]);
    references[frame]++;
    irq_restore(state);
}

unsigned pmm_references(uint64_t frame_address)
{
    return references[checked_frame(frame_address, "pmm_references")];
}

void pmm_release_range(uint64_t base, uint64_t length)
{
    irq_state state = irq_save();
    free_range_frames(base, length);
    irq_restore(state);
}

size_t pmm_free_frames(void)
{
    return free_count;
}

size_t pmm_total_frames(void)
{
    return total_count;
}

uint64_t pmm_ram_top(void)
{
    return ram_top;
}
