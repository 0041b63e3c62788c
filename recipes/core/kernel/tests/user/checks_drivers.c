/* Driver capabilities: without them a process gets no ports, physical memory or interrupts;
 * with them (ktest runs as init, which holds all) port I/O works after iopl(), memory:physical
 * maps a page the process also has elsewhere, and irq: delivers the RTC's periodic interrupt. */
#include "checks.h"
#include "port_io.h" /* the kernel's (src/lib/) */

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_STATUS_B 0x0b
#define RTC_STATUS_C 0x0c
#define RTC_PERIODIC_INTERRUPT 0x40
#define RTC_IRQ 8
#define COM1_LINE_STATUS 0x3fd

static uint8_t cmos_read(uint8_t index)
{
    port_write8(CMOS_INDEX, index);
    return port_read8(CMOS_DATA);
}

static void cmos_write(uint8_t index, uint8_t value)
{
    port_write8(CMOS_INDEX, index);
    port_write8(CMOS_DATA, value);
}

static void check_without_capabilities(void)
{
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        int refused = 0;
        refused |= (sys_capabilities(MH_CAP_ALL) == 0) << 0;
        refused |= (open_path("memory:physical", MH_O_RDWR) == -MH_EPERM) << 1;
        refused |= (open_path("irq:8", MH_O_RDWR) == -MH_EPERM &&
                    open_path("irq:msi", MH_O_RDWR) == -MH_EPERM) << 2;
        refused |= (sys_iopl(3) == -MH_EPERM) << 3;
        refused |= (sys_virttophys(&refused) == -MH_EPERM) << 4;
        int64_t zeroed = open_path("memory:zeroed", MH_O_RDWR);
        refused |= (zeroed >= 0) << 5;
        sys_exit(refused == 0x3f ? 0 : 1);
    }
    check(wait_for(pid) == MH_WAIT_EXITED(0),
          "after dropping its capabilities a process gets no physical memory, IRQs, ports or virttophys");
    pid = sys_clone(0);
    if (pid == 0) {
        sys_capabilities(MH_CAP_ALL);
        port_read8(COM1_LINE_STATUS);
        sys_exit(0);
    }
    check(wait_for(pid) == MH_WAIT_SIGNALED(MH_SIGSEGV), "port I/O without I/O privilege kills the process");
}

static void check_physical_memory(void)
{
    volatile uint8_t *page = (volatile uint8_t *)map_anonymous(4096, MH_PROT_READ | MH_PROT_WRITE | MH_MAP_SHARED, 0);
    for (int i = 0; i < 4096; i++)
        page[i] = (uint8_t)(i ^ 0x5a);
    int64_t physical = sys_virttophys((const void *)page);
    check(physical > 0 && physical % 4096 == 0, "virttophys() gives the physical page");
    int64_t memory = open_path("memory:physical@wb", MH_O_RDWR);
    struct mh_map request = {.offset = (uint64_t)physical, .size = 4096,
                             .flags = MH_PROT_READ | MH_PROT_WRITE | MH_MAP_SHARED};
    int64_t alias = memory >= 0 ? sys_fmap((uint64_t)memory, &request) : memory;
    bool same = alias > 0;
    for (int i = 0; same && i < 4096; i++)
        same = ((volatile uint8_t *)alias)[i] == (uint8_t)(i ^ 0x5a);
    check(same, "memory:physical maps the same physical page again");
    if (alias > 0) {
        ((volatile uint8_t *)alias)[100] = 0xee;
        check(page[100] == 0xee, "writes through the physical mapping show in the original");
        check(sys_funmap((uint64_t)alias, 4096) == 0 && page[100] == 0xee,
              "unmapping the physical mapping leaves the memory alone");
    }
    request.flags = MH_PROT_READ | MH_MAP_PRIVATE;
    check(sys_fmap((uint64_t)memory, &request) == -MH_EINVAL, "physical mappings must be shared");
    sys_close(memory);
    sys_funmap((uint64_t)page, 4096);
}

static void check_interrupts(void)
{
    int64_t irq = open_path("irq:8", MH_O_RDWR);
    check(irq >= 0, "a process with MH_CAP_IRQ claims IRQ 8 (the RTC)");
    check(open_path("irq:8", MH_O_RDWR) == -MH_EBUSY, "a claimed IRQ cannot be claimed twice");
    check(open_path("irq:4", MH_O_RDWR) == -MH_EBUSY, "the kernel's serial IRQ is taken");
    check(sys_iopl(3) == 0, "iopl(3) with MH_CAP_IO_PORTS succeeds");
    check((port_read8(COM1_LINE_STATUS) & 0x20) != 0, "the process reads an I/O port");
    uint8_t status_b = cmos_read(RTC_STATUS_B);
    cmos_write(RTC_STATUS_B, status_b | RTC_PERIODIC_INTERRUPT);
    cmos_read(RTC_STATUS_C);
    uint64_t first = 0, second = 0;
    check(sys_read(irq, &first, sizeof first) == 8 && first >= 1, "reading irq:8 waits for the interrupt");
    check(sys_write(irq, &first, sizeof first) == 8, "writing the count back acknowledges it");
    cmos_read(RTC_STATUS_C); /* the RTC raises the next interrupt only after this */
    int64_t queue = open_path("event:", MH_O_RDWR);
    struct mh_event event = {.id = (uint64_t)irq, .flags = MH_EVENT_READ, .data = 8};
    sys_write(queue, &event, sizeof event);
    check(sys_read(queue, &event, sizeof event) == (int64_t)sizeof event && event.data == 8,
          "an event queue reports the next interrupt");
    check(sys_read(irq, &second, sizeof second) == 8 && second > first, "the count grows with every interrupt");
    check(sys_write(irq, &first, sizeof first - 1) == -MH_EINVAL, "an acknowledgement is a whole count");
    cmos_write(RTC_STATUS_B, status_b);
    cmos_read(RTC_STATUS_C);
    sys_iopl(0);
    sys_close(queue);
    sys_close(irq);
    int64_t reopened = open_path("irq:8", MH_O_RDWR);
    check(reopened >= 0, "closing irq:8 releases the line");
    sys_close(reopened);
}

/* MSI vectors: no device here sends one, so only the allocation is checked (nvmed's
 * MSI-X interrupts in the image boot show delivery). */
static void check_msi_vectors(void)
{
    int64_t first = open_path("irq:msi", MH_O_RDWR | MH_O_NONBLOCK);
    int64_t second = open_path("irq:msi", MH_O_RDWR);
    char first_path[32] = {0}, second_path[32] = {0};
    if (first >= 0)
        sys_fpath(first, first_path, sizeof first_path - 1);
    if (second >= 0)
        sys_fpath(second, second_path, sizeof second_path - 1);
    check(first >= 0 && second >= 0 && has_prefix(first_path, "irq:cpu-") &&
          has_prefix(second_path, "irq:cpu-") && !same_string(first_path, second_path),
          "irq:msi allocates a different vector each time, named irq:cpu-XX/V");
    uint64_t count;
    check(sys_read(first, &count, sizeof count) == -MH_EAGAIN, "an MSI vector without a message has nothing to read");
    sys_close(first);
    int64_t again = open_path("irq:msi", MH_O_RDWR);
    char again_path[32] = {0};
    if (again >= 0)
        sys_fpath(again, again_path, sizeof again_path - 1);
    check(same_string(again_path, first_path), "closing an MSI descriptor frees its vector");
    sys_close(again);
    sys_close(second);
}

void check_driver_capabilities(void)
{
    check(sys_capabilities(0) == MH_CAP_ALL, "init holds every driver capability");
    check_without_capabilities();
    check_physical_memory();
    check_interrupts();
    check_msi_vectors();
}
