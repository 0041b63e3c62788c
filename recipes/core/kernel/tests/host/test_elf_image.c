/* elf_image_check on hand-made images (one defect each) and on the real kernel and test
 * program this build produced (paths in $KERNEL_ELF and $USER_ELF, set by `make check`). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/elf64.h"
#include "lib/elf_image.h"
#include "testing/testing.h"

#define IMAGE_SIZE 0x3000

static const struct elf_image_limits USER_LIMITS = {
    .lowest_address = 0x10000, .highest_address = 0x00007f0000000000ull, .max_span = 1ull << 32};

/* 8-byte aligned storage for an image with two segments: code at 0x401000, data at 0x402000. */
struct image {
    uint64_t storage[IMAGE_SIZE / 8];
};

static struct elf64_header *header_of(struct image *image)
{
    return (struct elf64_header *)image->storage;
}

static struct elf64_program_header *segment_of(struct image *image, int index)
{
    return (struct elf64_program_header *)((uint8_t *)image->storage + 64) + index;
}

static void make_valid(struct image *image)
{
    memset(image, 0, sizeof *image);
    struct elf64_header *header = header_of(image);
    memcpy(header->ident, "\x7f" "ELF", 4);
    header->ident[4] = ELF_CLASS_64;
    header->ident[5] = ELF_DATA_LITTLE_ENDIAN;
    header->ident[6] = ELF_VERSION_CURRENT;
    header->type = ELF_TYPE_EXECUTABLE;
    header->machine = ELF_MACHINE_X86_64;
    header->version = ELF_VERSION_CURRENT;
    header->entry = 0x401010;
    header->program_headers_offset = 64;
    header->header_size = 64;
    header->program_header_size = sizeof(struct elf64_program_header);
    header->program_header_count = 2;
    *segment_of(image, 0) = (struct elf64_program_header){
        .type = ELF_SEGMENT_LOAD, .flags = ELF_SEGMENT_READABLE | ELF_SEGMENT_EXECUTABLE,
        .offset = 0x1000, .virtual_address = 0x401000, .physical_address = 0x401000,
        .file_size = 0x100, .memory_size = 0x100, .alignment = 0x1000};
    *segment_of(image, 1) = (struct elf64_program_header){
        .type = ELF_SEGMENT_LOAD, .flags = ELF_SEGMENT_READABLE | ELF_SEGMENT_WRITABLE,
        .offset = 0x2000, .virtual_address = 0x402000, .physical_address = 0x402000,
        .file_size = 0x80, .memory_size = 0x2000, .alignment = 0x1000};
}

static const char *check_image(struct image *image, struct elf_image_layout *layout, int *bad)
{
    return elf_image_check(image->storage, IMAGE_SIZE, &USER_LIMITS, layout, bad);
}

static void accepts_a_valid_image(void)
{
    struct image image;
    make_valid(&image);
    struct elf_image_layout layout;
    int bad;
    const char *problem = check_image(&image, &layout, &bad);
    if (!CHECK(problem == NULL))
        return;
    CHECK_INT_EQ(layout.entry, 0x401010);
    CHECK_INT_EQ(layout.span_start, 0x401000);
    CHECK_INT_EQ(layout.span_end, 0x404000);
    CHECK_INT_EQ(layout.load_segments, 2);
    CHECK_INT_EQ(layout.physical_linear, 1);
    CHECK_INT_EQ(layout.physical_offset, 0);
}

/* Applies one defect to a valid image and expects the given message (and segment index). */
static void expect_problem(void (*damage)(struct image *), const char *message, int segment)
{
    struct image image;
    make_valid(&image);
    damage(&image);
    struct elf_image_layout layout;
    int bad = 99;
    const char *problem = check_image(&image, &layout, &bad);
    CHECK_STR_EQ(problem != NULL ? problem : "(accepted)", message);
    CHECK_INT_EQ(bad, segment);
}

static void bad_magic(struct image *image) { header_of(image)->ident[1] = 'X'; }
static void thirty_two_bit(struct image *image) { header_of(image)->ident[4] = 1; }
static void big_endian(struct image *image) { header_of(image)->ident[5] = 2; }
static void shared_object(struct image *image) { header_of(image)->type = 3; }
static void other_machine(struct image *image) { header_of(image)->machine = 183; }
static void odd_header_size(struct image *image) { header_of(image)->program_header_size = 32; }
static void no_headers(struct image *image) { header_of(image)->program_header_count = 0; }
static void table_past_end(struct image *image) { header_of(image)->program_headers_offset = IMAGE_SIZE - 64; }
static void too_many_headers(struct image *image) { header_of(image)->program_header_count = 40; }
static void file_past_end(struct image *image) { segment_of(image, 1)->file_size = 0x1001; }
static void offset_overflow(struct image *image) { segment_of(image, 1)->offset = UINT64_MAX - 8; }
static void file_bigger_than_memory(struct image *image) { segment_of(image, 0)->file_size = 0x200; }
static void below_window(struct image *image) { segment_of(image, 0)->virtual_address = 0x1000; }
static void beyond_window(struct image *image) { segment_of(image, 1)->memory_size = 0x00007f0000000000ull; }
static void overlapping(struct image *image) { segment_of(image, 1)->virtual_address = 0x4010f0; }
static void empty_segment(struct image *image) { segment_of(image, 1)->memory_size = 0; segment_of(image, 1)->file_size = 0; }
static void strange_flags(struct image *image) { segment_of(image, 0)->flags |= 0x100; }
static void entry_in_data(struct image *image) { header_of(image)->entry = 0x402000; }
static void nothing_loadable(struct image *image) { segment_of(image, 0)->type = 4; segment_of(image, 1)->type = 4; }
static void huge_span(struct image *image) { segment_of(image, 1)->virtual_address = 0x200000000ull; }

static void rejects_each_defect_with_a_reason(void)
{
    expect_problem(bad_magic, "not an ELF file (bad magic)", -1);
    expect_problem(thirty_two_bit, "not a 64-bit ELF file", -1);
    expect_problem(big_endian, "not a little-endian ELF file", -1);
    expect_problem(shared_object, "not an executable (ET_EXEC) ELF file", -1);
    expect_problem(other_machine, "not an x86_64 ELF file", -1);
    expect_problem(odd_header_size, "unexpected program header size", -1);
    expect_problem(no_headers, "no program headers", -1);
    expect_problem(table_past_end, "program header table extends past the end of the file", -1);
    expect_problem(too_many_headers, "too many program headers", -1);
    expect_problem(file_past_end, "segment extends past the end of the file", 1);
    expect_problem(offset_overflow, "segment extends past the end of the file", 1);
    expect_problem(file_bigger_than_memory, "segment has more file bytes than memory bytes", 0);
    expect_problem(below_window, "segment lies outside the allowed address range", 0);
    expect_problem(beyond_window, "segment lies outside the allowed address range", 1);
    expect_problem(overlapping, "segment overlaps an earlier segment", 1);
    expect_problem(empty_segment, "empty loadable segment", 1);
    expect_problem(strange_flags, "segment has unknown permission flags", 0);
    expect_problem(entry_in_data, "entry point is not inside an executable segment", -1);
    expect_problem(nothing_loadable, "no loadable segments", -1);
    expect_problem(huge_span, "loadable segments span more memory than allowed", -1);
}

static void rejects_short_and_misaligned_input(void)
{
    struct image image;
    make_valid(&image);
    struct elf_image_layout layout;
    int bad;
    CHECK_STR_EQ(elf_image_check(image.storage, 63, &USER_LIMITS, &layout, &bad),
                 "file is shorter than an ELF header");
    CHECK_STR_EQ(elf_image_check((uint8_t *)image.storage + 4, IMAGE_SIZE - 4, &USER_LIMITS, &layout, &bad),
                 "image is not 8-byte aligned in memory");
}

static void notices_non_linear_physical_addresses(void)
{
    struct image image;
    make_valid(&image);
    segment_of(&image, 1)->physical_address = 0x900000;
    struct elf_image_layout layout;
    int bad;
    CHECK(check_image(&image, &layout, &bad) == NULL);
    CHECK_INT_EQ(layout.physical_linear, 0);
}

/* Reads a whole file into 8-byte aligned memory. */
static uint64_t *read_aligned(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return NULL;
    fseek(file, 0, SEEK_END);
    long length = ftell(file);
    fseek(file, 0, SEEK_SET);
    uint64_t *data = calloc((size_t)length / 8 + 1, 8);
    if (data != NULL && fread(data, 1, (size_t)length, file) != (size_t)length) {
        free(data);
        data = NULL;
    }
    fclose(file);
    *size = (size_t)length;
    return data;
}

static void check_built_file(const char *variable, const struct elf_image_limits *limits,
                             uint64_t expected_entry_low)
{
    const char *path = getenv(variable);
    if (!CHECK(path != NULL))
        return;
    size_t size = 0;
    uint64_t *data = read_aligned(path, &size);
    if (!CHECK(data != NULL))
        return;
    struct elf_image_layout layout;
    int bad;
    const char *problem = elf_image_check(data, size, limits, &layout, &bad);
    CHECK_STR_EQ(problem != NULL ? problem : "ok", "ok");
    CHECK(layout.entry >= expected_entry_low);
    free(data);
}

static void accepts_the_built_kernel_and_test_program(void)
{
    static const struct elf_image_limits kernel_limits = {
        .lowest_address = 0xffffffff80000000ull, .highest_address = 0xfffffffffffff000ull,
        .max_span = 256ull << 20};
    check_built_file("KERNEL_ELF", &kernel_limits, 0xffffffff80000000ull);
    check_built_file("USER_ELF", &USER_LIMITS, 0x400000);
}

static const mh_test TESTS[] = {
    MH_TEST(accepts_a_valid_image),
    MH_TEST(rejects_each_defect_with_a_reason),
    MH_TEST(rejects_short_and_misaligned_input),
    MH_TEST(notices_non_linear_physical_addresses),
    MH_TEST(accepts_the_built_kernel_and_test_program),
};

int main(int argc, char **argv)
{
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
