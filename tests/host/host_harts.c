/* Host harts: pthreads that each point host_hart at their struct hart. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barrier.h"
#include "host_harts.h"
#include "intr.h"
#include "kalloc.h"

static unsigned long ram_start, ram_end;

void host_boot(int nharts, unsigned long pages)
{
    /* Booting again (a fresh allocator per fuzz input or model seed) drops the old arena. */
    static void *arena;
    free(arena);
    arena = aligned_alloc(PGSIZE, pages * PGSIZE);
    if (!arena)
        host_fail("host_boot: no memory for %lu pages", pages);
    host_boot_in(nharts, arena, pages);
}

void host_boot_in(int nharts, void *arena, unsigned long pages)
{
    if (nharts < 1 || nharts > KMEM_MAX_HARTS)
        host_fail("host_boot: %d harts (1..%d)", nharts, KMEM_MAX_HARTS);
    unsigned long ids[KMEM_MAX_HARTS];
    for (int i = 0; i < nharts; i++)
        ids[i] = (unsigned long)i;
    /* As a boot finds them: a run that ended inside a push_off section (the explorer's
       schedules end at a finding, wherever it is) leaves no nesting behind. */
    memset(harts, 0, sizeof(harts));
    host_become(0);
    hart_table_init(0, ids, nharts);
    ram_start = (unsigned long)arena;
    ram_end = ram_start + pages * PGSIZE;

    struct machine_info machine;
    memset(&machine, 0, sizeof(machine));
    machine.memory[0] = (struct range){ram_start, ram_end};
    machine.nmemory = 1;
    machine.nharts = nharts;
    kmem_init(&machine, ram_start);
}

void host_become(int index)
{
    if (index < 0 || index >= hart_count())
        host_fail("host_become: hart index %d out of range (%d harts)", index, hart_count());
    host_hart = &harts[index];
    harts[index].index = index;
    harts[index].online = 1;
    intr_off();
}

struct thread_start {
    int index;
    void (*body)(int index, void *arg);
    void *arg;
    struct barrier *start;
};

static void *thread_main(void *p)
{
    struct thread_start *t = p;
    host_become(t->index);
    barrier_wait(t->start);
    t->body(t->index, t->arg);
    kmem_hart_idle(); /* as the kernel's dispatcher does when a hart's work ends */
    return 0;
}

void host_on_harts(int n, void (*body)(int index, void *arg), void *arg)
{
    pthread_t threads[KMEM_MAX_HARTS];
    struct thread_start starts[KMEM_MAX_HARTS];
    struct barrier start;
    barrier_init(&start, n);
    for (int i = 0; i < n; i++) {
        starts[i] = (struct thread_start){i, body, arg, &start};
        if (pthread_create(&threads[i], 0, thread_main, &starts[i]) != 0)
            host_fail("host_on_harts: pthread_create failed");
    }
    for (int i = 0; i < n; i++)
        pthread_join(threads[i], 0);
}

unsigned long host_ram_start(void)
{
    return ram_start;
}

unsigned long host_ram_end(void)
{
    return ram_end;
}

unsigned long host_page_index(const void *page)
{
    unsigned long pa = (unsigned long)page;
    if (pa < ram_start || pa >= ram_end || pa % PGSIZE)
        host_fail("host_page_index: %p is not a page of the arena", page);
    return (pa - ram_start) / PGSIZE;
}

static void usage(char **argv, const char *const *known)
{
    fprintf(stderr, "usage: %s", argv[0]);
    for (; *known; known++)
        fprintf(stderr, " [--%s N]", *known);
    fprintf(stderr, "\n");
    exit(2);
}

void host_options_check(int argc, char **argv, const char *const *known)
{
    for (int i = 1; i < argc; i += 2) {
        int found = 0;
        for (const char *const *k = known; *k; k++)
            found |= strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, *k) == 0;
        if (!found) {
            fprintf(stderr, "%s: unknown option '%s'\n", argv[0], argv[i]);
            usage(argv, known);
        }
        char *end;
        if (i + 1 >= argc || (strtoul(argv[i + 1], &end, 0), *end != '\0') ||
            argv[i + 1][0] == '\0') {
            fprintf(stderr, "%s: %s needs a number\n", argv[0], argv[i]);
            usage(argv, known);
        }
    }
}

unsigned long host_option(int argc, char **argv, const char *name, unsigned long fallback)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i] + 2, name) == 0)
            return strtoul(argv[i + 1], 0, 0);
    }
    return fallback;
}

void host_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL: ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    fflush(stdout);
    exit(1);
}
