/* Flattened device tree walker (Devicetree Specification v0.4, chapter 5). All numbers in
   the blob are big-endian. Each node's properties are gathered while walking and acted on
   at its end token, because a node may list "reg" before "compatible" or after it. */
#include "fdt.h"
#include "panic.h"
#include "string.h"

#define FDT_MAGIC      0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9
#define MAX_DEPTH      16

struct fdt_header {
    unsigned int magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap, version,
        last_comp_version, boot_cpuid_phys, size_dt_strings, size_dt_struct;
};

/* What one open node has shown so far. */
struct node {
    const char *name;
    int address_cells; /* #address-cells for this node's children */
    int size_cells;    /* #size-cells for this node's children */
    const unsigned char *reg;
    unsigned int reg_len;
    const char *compatible; /* a list of NUL-terminated strings */
    unsigned int compatible_len;
    int disabled;
};

static unsigned int be32(const void *p)
{
    const unsigned char *b = p;
    return (unsigned)b[0] << 24 | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 | b[3];
}

/* A value of `cells` 32-bit cells (1 or 2) at p. */
static unsigned long read_cells(const unsigned char *p, int cells)
{
    unsigned long v = 0;
    for (int i = 0; i < cells; i++)
        v = v << 32 | be32(p + 4 * i);
    return v;
}

static int name_is(const char *name, const char *base)
{
    size_t n = strlen(base);
    return strncmp(name, base, n) == 0 && (name[n] == '\0' || name[n] == '@');
}

static int has_compatible(const struct node *n, const char *want)
{
    for (unsigned int off = 0; off < n->compatible_len; off += strlen(n->compatible + off) + 1) {
        if (strcmp(n->compatible + off, want) == 0)
            return 1;
    }
    return 0;
}

static void add_range(struct range *list, int *count, unsigned long start, unsigned long size,
                      const char *what)
{
    if (size == 0)
        return;
    if (*count >= FDT_MAX_RANGES)
        panic("fdt_read: more than %d %s ranges", FDT_MAX_RANGES, what);
    list[*count].start = start;
    list[*count].end = start + size;
    (*count)++;
}

/* Addresses of more than 64 bits (PCI's 3 cells) are not ones kmem needs. */
static int cells_ok(const struct node *parent)
{
    return parent->address_cells <= 2 && parent->size_cells <= 2;
}

/* Every (address, size) pair of a node's reg, in its parent's cell sizes. */
static void add_reg_ranges(const struct node *n, const struct node *parent, struct range *list,
                           int *count, const char *what)
{
    if (!cells_ok(parent))
        panic("fdt_read: %s node %s has %d-cell addresses; kmem reads at most 2", what, n->name,
              parent->address_cells);
    int entry = 4 * (parent->address_cells + parent->size_cells);
    for (unsigned int off = 0; entry > 0 && off + entry <= n->reg_len; off += entry) {
        unsigned long start = read_cells(n->reg + off, parent->address_cells);
        unsigned long size =
            read_cells(n->reg + off + 4 * parent->address_cells, parent->size_cells);
        add_range(list, count, start, size, what);
    }
}

static unsigned long first_address(const struct node *n, const struct node *parent)
{
    if (!cells_ok(parent) || n->reg_len < 4u * parent->address_cells)
        return 0;
    return read_cells(n->reg, parent->address_cells);
}

/* A node ends: record it if it is one kmem cares about. stack[depth] is the node. */
static void finish_node(struct node *stack, int depth, struct machine_info *info)
{
    struct node *n = &stack[depth];
    struct node *parent = &stack[depth - 1];

    if (depth == 1 && name_is(n->name, "memory"))
        add_reg_ranges(n, parent, info->memory, &info->nmemory, "memory");
    if (depth == 2 && name_is(parent->name, "reserved-memory"))
        add_reg_ranges(n, parent, info->reserved, &info->nreserved, "reserved-memory");
    if (depth == 2 && name_is(parent->name, "cpus") && name_is(n->name, "cpu") && !n->disabled &&
        cells_ok(parent) && n->reg_len >= 4u * parent->address_cells) {
        if (info->nharts < FDT_MAX_CPUS)
            info->hart_ids[info->nharts] = first_address(n, parent);
        info->nharts++; /* counted past the array, so the caller can report the excess */
    }
    if (!info->uart_base && has_compatible(n, "ns16550a"))
        info->uart_base = first_address(n, parent);
    if (!info->test_device && has_compatible(n, "sifive,test0"))
        info->test_device = first_address(n, parent);
}

static void read_property(struct node *stack, int depth, const char *name,
                          const unsigned char *value, unsigned int len, struct machine_info *info)
{
    struct node *n = &stack[depth];

    if (strcmp(name, "#address-cells") == 0 && len == 4)
        n->address_cells = (int)be32(value);
    else if (strcmp(name, "#size-cells") == 0 && len == 4)
        n->size_cells = (int)be32(value);
    else if (strcmp(name, "reg") == 0) {
        n->reg = value;
        n->reg_len = len;
    } else if (strcmp(name, "compatible") == 0) {
        n->compatible = (const char *)value;
        n->compatible_len = len;
    } else if (strcmp(name, "status") == 0)
        n->disabled =
            strcmp((const char *)value, "okay") != 0 && strcmp((const char *)value, "ok") != 0;
    else if (depth == 1 && name_is(n->name, "cpus") && strcmp(name, "timebase-frequency") == 0)
        info->timebase_hz = len == 8 ? read_cells(value, 2) : be32(value);
    else if (depth == 1 && name_is(n->name, "chosen") && strcmp(name, "bootargs") == 0)
        info->bootargs = (const char *)value;
}

static void read_memreserve(const unsigned char *blob, const struct fdt_header *h,
                            struct machine_info *info)
{
    const unsigned char *p = blob + be32(&h->off_mem_rsvmap);
    for (;; p += 16) {
        unsigned long start = read_cells(p, 2), size = read_cells(p + 8, 2);
        if (start == 0 && size == 0)
            break;
        add_range(info->reserved, &info->nreserved, start, size, "memreserve");
    }
}

void fdt_read(const void *dtb, struct machine_info *info)
{
    const unsigned char *blob = dtb;
    const struct fdt_header *h = dtb;

    if (be32(&h->magic) != FDT_MAGIC)
        panic("fdt_read: no device tree at %p (magic %x)", dtb, be32(&h->magic));
    memset(info, 0, sizeof(*info));
    info->bootargs = "";

    unsigned long size = be32(&h->totalsize);
    add_range(info->reserved, &info->nreserved, (unsigned long)dtb, size, "device tree");
    read_memreserve(blob, h, info);

    const unsigned char *p = blob + be32(&h->off_dt_struct);
    const unsigned char *end = p + be32(&h->size_dt_struct);
    const char *strings = (const char *)blob + be32(&h->off_dt_strings);
    struct node stack[MAX_DEPTH];
    int depth = -1;

    while (p < end) {
        unsigned int token = be32(p);
        p += 4;
        if (token == FDT_BEGIN_NODE) {
            if (++depth >= MAX_DEPTH)
                panic("fdt_read: nodes nested deeper than %d", MAX_DEPTH);
            memset(&stack[depth], 0, sizeof(stack[depth]));
            stack[depth].name = (const char *)p;
            stack[depth].address_cells = 2; /* the specification's defaults */
            stack[depth].size_cells = 1;
            p += (strlen((const char *)p) + 1 + 3) & ~3UL;
        } else if (token == FDT_END_NODE) {
            if (depth < 0)
                panic("fdt_read: unbalanced end of node");
            if (depth > 0)
                finish_node(stack, depth, info);
            depth--;
        } else if (token == FDT_PROP) {
            unsigned int len = be32(p), nameoff = be32(p + 4);
            if (depth < 0)
                panic("fdt_read: property outside any node");
            read_property(stack, depth, strings + nameoff, p + 8, len, info);
            p += 8 + ((len + 3) & ~3U);
        } else if (token == FDT_END) {
            break;
        } else if (token != FDT_NOP) {
            panic("fdt_read: bad token %x at offset %lx", token, (unsigned long)(p - 4 - blob));
        }
    }
    if (info->nmemory == 0)
        panic("fdt_read: the device tree has no memory node");
    if (info->nharts == 0)
        panic("fdt_read: the device tree lists no harts");
}
