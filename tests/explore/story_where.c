/* Naming addresses for stories, from the binary itself (built -g, not position-independent,
   so an address means the same in every run): addr2line -a -f -i gives each return
   address's chain of functions, inlined ones included; nm gives data symbols. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "story_where.h"

#ifndef KMEM_SOURCE_DIR
#define KMEM_SOURCE_DIR ""
#endif

#define MAX_PLACES 4096
#define MAX_CHAIN  8

struct frame_at {
    char func[64];
    char file[256]; /* relative to the source tree: a course's paths are long (scripts/grade) */
    int line;
    int ours;   /* the explorer's own code (tests/explore, arch/explore): not shown */
    int caller; /* the scenario's side (ghost.c, the scenarios): the chain ends there */
};

struct place {
    void *addr;
    int n;
    struct frame_at chain[MAX_CHAIN]; /* innermost first */
};

static struct place places[MAX_PLACES];
static int nplaces;

static struct place *find_place(void *addr)
{
    for (int i = 0; i < nplaces; i++) {
        if (places[i].addr == addr)
            return &places[i];
    }
    return 0;
}

void where_want(void *const *frames, int n)
{
    for (int i = 0; i < n; i++) {
        if (!find_place(frames[i]) && nplaces < MAX_PLACES)
            places[nplaces++] = (struct place){frames[i], 0, {{"", "", 0, 0, 0}}};
    }
}

static void add_frame(struct place *p, const char *func, const char *fileline)
{
    if (!p || p->n == MAX_CHAIN)
        return;
    struct frame_at *f = &p->chain[p->n++];
    /* A lab file's kalloc, kfree, kinit, acquire, initlock are built as xv6_*. */
    snprintf(f->func, sizeof(f->func), "%s", strncmp(func, "xv6_", 4) == 0 ? func + 4 : func);
    const char *file = fileline;
    size_t top = strlen(KMEM_SOURCE_DIR);
    if (top && strncmp(file, KMEM_SOURCE_DIR, top) == 0)
        file = fileline + top;
    const char *colon = strrchr(file, ':');
    size_t len = colon ? (size_t)(colon - file) : strlen(file);
    snprintf(f->file, sizeof(f->file), "%.*s", (int)len, file);
    f->line = colon ? atoi(colon + 1) : 0;
    f->ours =
        strncmp(f->file, "tests/explore/", 14) == 0 || strncmp(f->file, "arch/explore/", 13) == 0;
    f->caller = strstr(f->file, "ghost.c") || strstr(f->file, "scenarios.c") ||
                strncmp(f->file, "tests/host/", 11) == 0 || strcmp(f->file, "??") == 0;
    f->ours |= strncmp(f->file, "tests/host/", 11) == 0 || strcmp(f->file, "??") == 0;
}

/* One addr2line run for up to `count` places from `first`. */
static void resolve_some(int first, int count)
{
    static char cmd[64 + 20 * 256];
    int len = snprintf(cmd, sizeof(cmd), "addr2line -a -f -i -e /proc/%d/exe", (int)getpid());
    for (int i = first; i < first + count; i++) /* return addresses: the call is just before */
        len += snprintf(cmd + len, sizeof(cmd) - (size_t)len, " %lx",
                        (unsigned long)places[i].addr - 1);
    FILE *out = popen(cmd, "r");
    if (!out)
        return;
    char line[512], func[512];
    struct place *p = 0;
    int next = first;
    while (fgets(line, sizeof(line), out)) {
        line[strcspn(line, "\n")] = 0;
        if (strncmp(line, "0x", 2) == 0) {
            p = next < first + count ? &places[next++] : 0;
            continue;
        }
        snprintf(func, sizeof(func), "%s", line);
        if (!fgets(line, sizeof(line), out))
            break;
        line[strcspn(line, " \n")] = 0; /* drop " (discriminator N)" */
        add_frame(p, func, line);
    }
    pclose(out);
}

/* Places are looked up once: a second story (or a race told twice) only adds new ones. */
static int nresolved;

void where_resolve(void)
{
    for (int i = nresolved; i < nplaces; i += 256)
        resolve_some(i, nplaces - i < 256 ? nplaces - i : 256);
    nresolved = nplaces;
}

void where_code(void *const *frames, int n, char *out, size_t size)
{
    int len = 0, started = 0;
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        struct place *p = find_place(frames[i]);
        for (int k = 0; p && k < p->n; k++) {
            struct frame_at *f = &p->chain[k];
            if (f->ours && f->caller && started) /* the scenario called the allocator */
                return;
            if (f->ours) /* the explorer's points and the lab target's wrappers */
                continue;
            if (len + 100 >= (int)size)
                return;
            len += snprintf(out + len, size - (size_t)len, "%s%s (%s", started ? " < " : "",
                            f->func, f->file);
            len += snprintf(out + len, size - (size_t)len, f->line ? ":%d)" : ")", f->line);
            started = 1;
        }
    }
}

/* nm's view of the data: symbols sorted by address, with sizes. */
struct symbol {
    unsigned long addr, size;
    char name[48];
};
static struct symbol *symbols;
static int nsymbols;

static void load_symbols(void)
{
    char cmd[64];
    snprintf(cmd, sizeof(cmd), "nm -n -S /proc/%d/exe", (int)getpid());
    FILE *out = popen(cmd, "r");
    if (!out)
        return;
    char line[256], type, name[200];
    unsigned long addr, size;
    int room = 0;
    while (fgets(line, sizeof(line), out)) {
        if (sscanf(line, "%lx %lx %c %199s", &addr, &size, &type, name) != 4 ||
            !strchr("bBdD", type))
            continue;
        if (nsymbols == room) {
            room = room ? 2 * room : 512;
            symbols = realloc(symbols, (size_t)room * sizeof(*symbols));
            if (!symbols)
                break;
        }
        symbols[nsymbols] = (struct symbol){addr, size, ""};
        snprintf(symbols[nsymbols++].name, sizeof(symbols[0].name), "%s", name);
    }
    pclose(out);
}

static const struct symbol *symbol_at(const void *addr);

void where_element(const void *addr, int nelem, char *out, size_t size)
{
    const struct symbol *s = symbol_at(addr);
    if (!s || nelem <= 0 || s->size % (unsigned long)nelem || s->size / (unsigned long)nelem < 8) {
        where_data(addr, out, size); /* not an array of nelem structures */
        return;
    }
    unsigned long elem = s->size / (unsigned long)nelem, off = (unsigned long)addr - s->addr;
    if (off % elem)
        snprintf(out, size, "%s[%lu]+%lu", s->name, off / elem, off % elem);
    else
        snprintf(out, size, "%s[%lu]", s->name, off / elem);
}

static const struct symbol *symbol_at(const void *addr)
{
    static int loaded;
    if (!loaded) {
        loaded = 1;
        load_symbols();
    }
    unsigned long a = (unsigned long)addr;
    for (int i = 0; i < nsymbols; i++) {
        if (a >= symbols[i].addr && a < symbols[i].addr + symbols[i].size)
            return &symbols[i];
    }
    return 0;
}

void where_data(const void *addr, char *out, size_t size)
{
    const struct symbol *s = symbol_at(addr);
    if (s) {
        unsigned long off = (unsigned long)addr - s->addr;
        /* mm/kmem_steal.c's flights: cut, then landed (its declaration order). */
        if (strcmp(s->name, "flights") == 0 && off < 16)
            snprintf(out, size, "flights.%s", off ? "landed" : "cut");
        else if (off)
            snprintf(out, size, "%s+%lu", s->name, off);
        else
            snprintf(out, size, "%s", s->name);
        return;
    }
    snprintf(out, size, "a word at %p", addr);
}
