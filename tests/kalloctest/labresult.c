/* The lab's verdicts, as one table (labresult.h). */
#include "labresult.h"
#include "kalloc.h"
#include "kernel.h"
#include "hart.h"
#include "printf.h"

#define LAB_ROWS 48

struct lab_row {
    const char *version, *test, *threshold;
    enum lab_kind kind;
    int ok;
    char measured[72];
};

static struct lab_row rows[LAB_ROWS];
static int nrows;

int labresult_add(const char *version, const char *test, enum lab_kind kind, int ok,
                  const char *threshold, const char *measured, ...)
{
    if (nrows < LAB_ROWS) {
        struct lab_row *r = &rows[nrows++];
        r->version = version;
        r->test = test;
        r->kind = kind;
        r->ok = ok;
        r->threshold = threshold;
        va_list ap;
        va_start(ap, measured);
        vsnprintf(r->measured, sizeof(r->measured), measured, ap);
        va_end(ap);
    }
    return ok ? 0 : -1;
}

void labresult_print(void)
{
    if (nrows == 0)
        return;
    int failed = 0;
    printf("lab results (%s allocator, %d harts):\n", kmem_policy.name, hart_count());
    printf("  %-10s %-9s %-10s %-36s %-34s %s\n", "version", "test", "kind", "lab's threshold",
           "measured", "verdict");
    for (int i = 0; i < nrows; i++) {
        const struct lab_row *r = &rows[i];
        printf("  %-10s %-9s %-10s %-36s %-34s %s\n", r->version, r->test,
               r->kind == LAB_CONTENTION ? "contention" : "memory", r->threshold, r->measured,
               r->ok ? "OK" : "FAIL");
        failed += !r->ok;
    }
    printf("lab results: %d tests, %d OK, %d failed\n", nrows, nrows - failed, failed);
}

void labresult_each(void (*fn)(const char *version, const char *test, const char *kind, int ok,
                               const char *threshold, const char *measured))
{
    for (int i = 0; i < nrows; i++)
        fn(rows[i].version, rows[i].test, rows[i].kind == LAB_CONTENTION ? "contention" : "memory",
           rows[i].ok, rows[i].threshold, rows[i].measured);
}

unsigned long lab_ntas(enum lockstat_format format)
{
    return lockstat_tot_as(format);
}

extern char kernel_start[];

unsigned long lab_all_pages(void)
{
    const struct machine_info *m = kernel_machine();
    unsigned long base = (unsigned long)kernel_start, pages = 0;
    for (int i = 0; i < m->nmemory; i++) {
        unsigned long start = m->memory[i].start, end = m->memory[i].end;
        if (end <= base)
            continue;
        pages += (end - (start > base ? start : base)) / PGSIZE;
    }
    return pages;
}
