/* RedoxFS on-disk format, version 8 (see shared/spec/redoxfs-and-pkgar.md, part A).
 * Every structure is exactly one 4096-byte block except BlockPtr, HTreePtr, KeySlot and
 * AllocEntry. All integers are little-endian; the structs are packed and used directly
 * on little-endian machines (x86_64, aarch64, riscv64 - every Redox target). */
#ifndef RFS_FORMAT_H
#define RFS_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the RedoxFS core maps on-disk structures directly and needs a little-endian target"
#endif

#define RFS_BLOCK_SIZE 4096u
#define RFS_HEADER_RING 256u
#define RFS_RECORD_LEVEL 5u
#define RFS_VERSION 8u
#define RFS_SIGNATURE "RedoxFS\0"
#define RFS_NAME_MAX 252u
#define RFS_ALLOC_GC_THRESHOLD 1024u
/* Blocks 0..255 hold the header ring and block 256 is never used by upstream. */
#define RFS_RESERVED_BLOCKS 257u
/* create_reserved needs room for the ring plus the first tree, allocator and root blocks. */
#define RFS_MIN_BLOCKS (RFS_HEADER_RING + 4u)
/* How far from the device start a header is searched for when no block is given. */
#define RFS_HEADER_SCAN_BLOCKS 65536u

#define RFS_MODE_TYPE 0xF000u
#define RFS_MODE_FILE 0x8000u
#define RFS_MODE_DIR 0x4000u
#define RFS_MODE_SYMLINK 0xA000u
#define RFS_MODE_SOCK 0xC000u
#define RFS_MODE_PERM 0x0FFFu

#define RFS_NODE_FLAG_INLINE_DATA 0x1u

#define RFS_TREE_LIST_ENTRIES 254u
#define RFS_BLOCK_LIST_ENTRIES 256u
#define RFS_ALLOC_LIST_ENTRIES 255u
#define RFS_RELEASE_LIST_ENTRIES 1020u
#define RFS_HTREE_ENTRIES 204u
#define RFS_DIR_LIST_BYTES 4092u
#define RFS_DIR_ENTRY_HEADER 5u
#define RFS_INLINE_MAX 3968u
#define RFS_MAX_LEVEL 15u
#define RFS_NODE_PTRS 248u

/* ---- BlockAddr: bits 0-3 level, 4-7 decompressed level (0 = stored plainly), 8-63 index. */
static inline uint64_t rfs_addr(uint64_t index, unsigned level, unsigned decomp_level) {
    return index << 8 | (uint64_t)(decomp_level & 0xF) << 4 | (level & 0xF);
}
static inline uint64_t rfs_addr_index(uint64_t addr) { return addr >> 8; }
static inline unsigned rfs_addr_level(uint64_t addr) { return (unsigned)(addr & 0xF); }
static inline unsigned rfs_addr_decomp(uint64_t addr) { return (unsigned)(addr >> 4 & 0xF); }
/* The level of the data as read back (after decompression). */
static inline unsigned rfs_addr_logical_level(uint64_t addr) {
    return rfs_addr_decomp(addr) ? rfs_addr_decomp(addr) : rfs_addr_level(addr);
}

typedef struct __attribute__((packed)) rfs_blockptr {
    uint64_t addr; /* BlockAddr */
    uint64_t hash; /* seahash of the stored bytes (the whole level-sized block) */
} rfs_blockptr;

static inline bool rfs_ptr_is_null(const rfs_blockptr *p) { return rfs_addr_index(p->addr) == 0; }
static inline bool rfs_ptr_is_marker(const rfs_blockptr *p) {
    return (p->addr | 0xF) == UINT64_MAX && p->hash == UINT64_MAX;
}
static inline rfs_blockptr rfs_marker(unsigned n) {
    rfs_blockptr p = {0xFFFFFFFFFFFFFFF0ULL | (n & 0xF), UINT64_MAX};
    return p;
}

/* ---- Header (A.3) */
typedef struct __attribute__((packed)) rfs_keyslot {
    uint8_t salt[16];
    uint8_t key1[16];
    uint8_t key2[16];
} rfs_keyslot;

typedef struct __attribute__((packed)) rfs_header {
    uint8_t signature[8];
    uint64_t version;
    uint8_t uuid[16];
    uint64_t size; /* bytes of the filesystem region, from ring slot 0 */
    uint64_t generation;
    rfs_blockptr tree;    /* level-3 TreeList */
    rfs_blockptr alloc;   /* newest AllocList */
    rfs_keyslot key_slots[64];
    rfs_blockptr release; /* newest ReleaseList, may be null */
    uint8_t padding[904];
    uint8_t encrypted_hash[16];
    uint64_t hash; /* seahash of bytes 0..4072 */
} rfs_header;
#define RFS_HEADER_HASHED_BYTES 4072u

/* ---- Node (A.5) */
typedef struct __attribute__((packed)) rfs_node {
    uint16_t mode;
    uint32_t uid;
    uint32_t gid;
    uint32_t links;
    uint64_t size;
    uint64_t blocks; /* 4 KiB units: the node block plus every data and index block */
    uint64_t ctime;
    uint32_t ctime_nsec;
    uint64_t mtime;
    uint32_t mtime_nsec;
    uint64_t atime;
    uint32_t atime_nsec;
    uint32_t record_level;
    uint32_t flags;
    uint8_t padding[54];
    union {
        struct __attribute__((packed)) {
            rfs_blockptr level0[128];
            rfs_blockptr level1[64];
            rfs_blockptr level2[32];
            rfs_blockptr level3[16];
            rfs_blockptr level4[8];
        };
        rfs_blockptr ptrs[RFS_NODE_PTRS]; /* level0..level4 as one array */
        uint8_t inline_data[RFS_INLINE_MAX];
    };
} rfs_node;

/* ---- Node tree (A.4): bit k of full_flags (128-bit LE words = 64-bit LE words k/64) set
 * means child k's subtree is full (for level 0 lists: the slot holds a node). */
typedef struct __attribute__((packed)) rfs_tree_list {
    rfs_blockptr ptrs[RFS_TREE_LIST_ENTRIES];
    uint64_t full_flags[4];
} rfs_tree_list;

typedef struct __attribute__((packed)) rfs_block_list {
    rfs_blockptr ptrs[RFS_BLOCK_LIST_ENTRIES];
} rfs_block_list;

/* ---- Allocator log (A.8) */
typedef struct __attribute__((packed)) rfs_alloc_entry {
    uint64_t index;
    int64_t count; /* > 0 freed, < 0 allocated, 0 unused */
} rfs_alloc_entry;

typedef struct __attribute__((packed)) rfs_alloc_list {
    rfs_blockptr prev;
    rfs_alloc_entry entries[RFS_ALLOC_LIST_ENTRIES];
} rfs_alloc_list;

typedef struct __attribute__((packed)) rfs_release_list {
    rfs_blockptr prev;
    uint32_t ids[RFS_RELEASE_LIST_ENTRIES];
} rfs_release_list;

/* ---- Directories (A.7) */
typedef struct __attribute__((packed)) rfs_htree_ptr {
    uint32_t hash;
    rfs_blockptr ptr;
} rfs_htree_ptr;

typedef struct __attribute__((packed)) rfs_htree_node {
    rfs_htree_ptr ptrs[RFS_HTREE_ENTRIES];
    uint8_t padding[16];
} rfs_htree_node;

/* Entries packed from offset 0: node id u32 LE, name length u8, name bytes. */
typedef struct __attribute__((packed)) rfs_dir_list {
    uint8_t entry_bytes[RFS_DIR_LIST_BYTES];
    uint16_t count;
    uint16_t used_len;
} rfs_dir_list;

_Static_assert(sizeof(rfs_blockptr) == 16, "BlockPtr");
_Static_assert(sizeof(rfs_header) == RFS_BLOCK_SIZE, "Header");
_Static_assert(sizeof(rfs_node) == RFS_BLOCK_SIZE, "Node");
_Static_assert(sizeof(rfs_tree_list) == RFS_BLOCK_SIZE, "TreeList");
_Static_assert(sizeof(rfs_block_list) == RFS_BLOCK_SIZE, "BlockList");
_Static_assert(sizeof(rfs_alloc_list) == RFS_BLOCK_SIZE, "AllocList");
_Static_assert(sizeof(rfs_release_list) == RFS_BLOCK_SIZE, "ReleaseList");
_Static_assert(sizeof(rfs_htree_ptr) == 20, "HTreePtr");
_Static_assert(sizeof(rfs_htree_node) == RFS_BLOCK_SIZE, "HTreeNode");
_Static_assert(sizeof(rfs_dir_list) == RFS_BLOCK_SIZE, "DirList");

/* Smallest level whose block (4096 << level bytes) holds `bytes` (0 for 0 bytes). */
static inline unsigned rfs_level_for_bytes(uint64_t bytes) {
    uint64_t blocks = (bytes + RFS_BLOCK_SIZE - 1) / RFS_BLOCK_SIZE;
    unsigned level = 0;
    while (((uint64_t)1 << level) < blocks)
        level++;
    return level;
}

/* Name hash of directory entries: low 32 bits of seahash, with 0xFFFFFFFF (the mark of an
 * unused H-tree slot) moved to 0xFFFFFFFE. */
uint32_t rfs_name_hash(const uint8_t *name, uint32_t len);

#endif
