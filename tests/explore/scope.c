/* What a search covers (scope.h). */
#include <stdio.h>

#include "scope.h"

int scope_bound(const struct scenario *sc, int bound, int pass)
{
    int b = sc->shallow ? 0 : bound;
    return pass == 2 && b > PASS2_BOUND ? PASS2_BOUND : b;
}

int scope_stale_preemptions = 1;

int scope_stale(int stale, int b)
{
    return b <= scope_stale_preemptions ? stale : 0;
}

void scope_start(struct scope *s, int bound, int stale)
{
    *s = (struct scope){bound, stale, scope_stale_preemptions, 99, 0, ~0UL, 0, 0};
}

void scope_add(struct scope *s, const struct scenario *sc, unsigned long universe)
{
    s->harts_lo = sc->nharts < s->harts_lo ? sc->nharts : s->harts_lo;
    s->harts_hi = sc->nharts > s->harts_hi ? sc->nharts : s->harts_hi;
    if (scope_bound(sc, s->bound, 1) < s->bound) {
        if (universe > s->shallow_pages)
            s->shallow_pages = universe;
        return;
    }
    s->pages_lo = universe < s->pages_lo ? universe : s->pages_lo;
    s->pages_hi = universe > s->pages_hi ? universe : s->pages_hi;
}

void scope_text(const struct scope *s, char *out, size_t size)
{
    char harts[16], pages[32], deep[48] = "", within[48] = "";
    snprintf(harts, sizeof(harts), s->harts_lo == s->harts_hi ? "%d" : "%d-%d", s->harts_lo,
             s->harts_hi);
    snprintf(pages, sizeof(pages), s->pages_lo == s->pages_hi ? "%lu" : "%lu-%lu", s->pages_lo,
             s->pages_hi);
    if (s->shallow_pages)
        snprintf(deep, sizeof(deep), ", %lu pages at 0", s->shallow_pages);
    if (s->stale == 0) {
        snprintf(out, size,
                 "%s harts, %s pages, <= %d preemption%s%s; plain accesses checked for races; "
                 "memory ordering not modelled (--stale 0: every load reads the latest store)",
                 harts, pages, s->bound, s->bound == 1 ? "" : "s", deep);
        return;
    }
    if (s->stale_preemptions < s->bound)
        snprintf(within, sizeof(within), " with <= %d preemption%s", s->stale_preemptions,
                 s->stale_preemptions == 1 ? "" : "s");
    snprintf(out, size,
             "%s harts, %s pages, <= %d preemption%s%s, <= %d stale read%s%s; plain accesses "
             "checked for races; atomics under C11's release/acquire model (RC11: no load "
             "buffering)",
             harts, pages, s->bound, s->bound == 1 ? "" : "s", deep, s->stale,
             s->stale == 1 ? "" : "s", within);
}
