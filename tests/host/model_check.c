/* Model check: random operation sequences from many seeds, each checked step by step
   against the reference model (model.h), on one thread switching between harts. With
   --threads N the harts are real threads instead: each phase of a seed runs them at once
   on their own pages, and at the end of the phase (all quiet) the allocator must agree
   with what the threads hold. */
#include <stdio.h>

#include "host_harts.h"
#include "kalloc.h"
#include "model.h"
#include "random.h"

#define THREAD_POOL 48

struct phase {
    unsigned long seed, ops;
};

static void *pool[KMEM_MAX_HARTS][THREAD_POOL];
static int npool[KMEM_MAX_HARTS];
static unsigned char *holder; /* per arena page: 0 free, 1 + hart holding it */
static unsigned long wrong;
/* Set when the threads together can never hold every page (each holds at most THREAD_POOL,
   and under the cached policy its cache at most cache_held_max more): then pages are free
   at every instant, and a kalloc that returns 0 is a false out-of-memory, whatever the
   interleaving. */
static int never_out;
static unsigned long false_ooms;

static void phase_body(int me, void *arg)
{
    const struct phase *ph = arg;
    unsigned long rng = random_start(ph->seed, me);
    for (unsigned long i = 0; i < ph->ops; i++) {
        unsigned long r = random_next(&rng);
        if (r % 8 < 5 && npool[me] < THREAD_POOL) {
            void *p = kalloc();
            if (!p) {
                if (never_out)
                    __atomic_add_fetch(&false_ooms, 1, __ATOMIC_RELAXED);
                continue;
            }
            unsigned char expected = 0;
            if (!__atomic_compare_exchange_n(&holder[host_page_index(p)], &expected,
                                             (unsigned char)(me + 1), 0, __ATOMIC_RELAXED,
                                             __ATOMIC_RELAXED))
                __atomic_add_fetch(&wrong, 1, __ATOMIC_RELAXED);
            pool[me][npool[me]++] = p;
        } else if (npool[me] > 0) {
            int slot = (int)((r >> 8) % (unsigned long)npool[me]);
            void *p = pool[me][slot];
            pool[me][slot] = pool[me][--npool[me]];
            __atomic_store_n(&holder[host_page_index(p)], 0, __ATOMIC_RELAXED);
            kfree(p);
        }
    }
}

static void phased_threads(int nthreads, unsigned long seeds, unsigned long ops)
{
    static unsigned char table[1 << 16];
    holder = table;
    unsigned long universe = kmem_free_count();
    unsigned long cache = kmem_policy.cache_held_max ? kmem_policy.cache_held_max() : 0;
    never_out = universe > (unsigned long)nthreads * (THREAD_POOL + cache);
    for (unsigned long seed = 1; seed <= seeds; seed++) {
        struct phase ph = {seed, ops};
        host_on_harts(nthreads, phase_body, &ph);
        unsigned long held = 0, lists = 0;
        for (int i = 0; i < nthreads; i++)
            held += (unsigned long)npool[i];
        struct kmem_hart_stats st;
        for (int i = 0; i < kmem_list_count(); i++) {
            kmem_stats(i, &st);
            lists += st.length + st.cached; /* all quiet: the caches are drained */
        }
        if (wrong)
            host_fail("seed %lu: %lu pages handed to two threads", seed, wrong);
        if (false_ooms)
            host_fail("seed %lu: kalloc returned 0 %lu times, but %d threads can hold at most "
                      "%d of the %lu pages",
                      seed, false_ooms, nthreads, nthreads * THREAD_POOL, universe);
        if (kmem_free_count() + held != universe || lists != kmem_free_count())
            host_fail("seed %lu: free %lu + held %lu != %lu, or lists hold %lu", seed,
                      kmem_free_count(), held, universe, lists);
    }
    for (int i = 0; i < nthreads; i++) {
        while (npool[i] > 0)
            kfree(pool[i][--npool[i]]);
    }
    if (kmem_free_count() != universe)
        host_fail("free count %lu at the end, %lu at the start", kmem_free_count(), universe);
    printf("model (%s): %lu seeds x %lu operations on %d threads agree at every phase end%s\n",
           kmem_policy.name, seeds, ops, nthreads,
           never_out ? ", and no kalloc returned 0 (pages were always free)" : "");
}

int main(int argc, char **argv)
{
    static const char *const known[] = {"harts", "pages", "seeds", "ops", "threads", 0};
    host_options_check(argc, argv, known);
    int nharts = (int)host_option(argc, argv, "harts", 4);
    unsigned long pages = host_option(argc, argv, "pages", 512);
    unsigned long seeds = host_option(argc, argv, "seeds", 200);
    unsigned long ops = host_option(argc, argv, "ops", 5000);
    int nthreads = (int)host_option(argc, argv, "threads", 1);

    if (nthreads > 1) {
        host_boot(nthreads, pages);
        phased_threads(nthreads, seeds, ops);
        printf("model OK\n");
        return 0;
    }
    /* Every seed starts from a freshly booted allocator (never-used ranges to carve and
       steal), so a failing seed replays alone with --seeds N and the same options. */
    for (unsigned long seed = 1; seed <= seeds; seed++) {
        host_boot(nharts, pages);
        model_init(nharts);
        unsigned long rng = seed * 0x9E3779B97F4A7C15UL;
        for (unsigned long i = 0; i < ops; i++) {
            unsigned long r = random_next(&rng);
            /* Allocation-heavy seeds reach exhaustion; the rare op 7 drains on purpose. */
            unsigned int op = (unsigned int)(r % 64) == 0 ? 7 : (unsigned int)((r >> 6) % 7);
            model_step((int)((r >> 16) % (unsigned long)nharts), op, r >> 24);
        }
        model_release_all();
    }
    printf("model (%s): %lu seeds x %lu operations on %d harts over %lu pages agree with "
           "the model\n",
           kmem_policy.name, seeds, ops, nharts, model_universe());
    printf("model OK\n");
    return 0;
}
