#include "gdt.h"

#include "lib/kstring.h"

struct task_state_segment {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t io_bitmap_offset;
} __attribute__((packed));

_Static_assert(sizeof(struct task_state_segment) == 104, "TSS layout");

struct descriptor_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

#define IST_STACK_SIZE 16384

static struct task_state_segment tss;
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

/* null, kernel code, kernel data, user data, user code, TSS (two slots). */
static uint64_t gdt[7] = {
    0,
    0x00af9a000000ffffull, /* present, DPL 0, code, long mode */
    0x00cf92000000ffffull, /* present, DPL 0, data, writable */
    0x00cff2000000ffffull, /* present, DPL 3, data, writable */
    0x00affa000000ffffull, /* present, DPL 3, code, long mode */
    0,
    0,
};

static void install_tss_descriptor(void)
{
    uint64_t base = (uint64_t)&tss;
    uint64_t limit = sizeof tss - 1;
    gdt[5] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ull << 40 /* present, 64-bit TSS */ |
             ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
    gdt[6] = base >> 32;
}

void gdt_init(void)
{
    memset(&tss, 0, sizeof tss);
    for (int i = 0; i < 3; i++)
        tss.ist[i] = (uint64_t)&ist_stacks[i][IST_STACK_SIZE];
    /* No I/O permission bitmap: ring 3 gets no port access through the TSS. */
    tss.io_bitmap_offset = sizeof tss;
    install_tss_descriptor();

    struct descriptor_pointer pointer = {.limit = sizeof gdt - 1, .base = (uint64_t)gdt};
    __asm__ volatile(
        "lgdt %0\n\t"
        "pushq %1\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "movw %w2, %%ax\n\t"
        "movw %%ax, %%ds\n\t"
        "movw %%ax, %%es\n\t"
        "movw %%ax, %%ss\n\t"
        "xorl %%eax, %%eax\n\t"
        "movw %%ax, %%fs\n\t"
        "movw %%ax, %%gs\n\t"
        "ltr %w3"
        :
        : "m"(pointer), "i"(SELECTOR_KERNEL_CODE), "r"(SELECTOR_KERNEL_DATA), "r"(SELECTOR_TSS)
        : "rax", "memory");
}

void gdt_set_interrupt_stack(uint64_t stack_top)
{
    tss.rsp[0] = stack_top;
}
