/* The lab's rules that need no schedule, checked on a lab file as the explorer runs it
   (target_lab.c): lock names on a stack or not kmem*, a lock kalloc/kfree take that never
   went through initlock, one lock for every CPU (the starter), cpuid() with interrupts
   on. Each is told once after the search, with every line of the file that broke it. */
#include <execinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "explorer.h"
#include "hart.h"
#include "lab_rules.h"
#include "lockstat.h"
#include "param.h"
#include "spinlock.h"
#include "story_where.h"
#include "target.h"

static int in_call[EXPLORE_MAX_HARTS]; /* by CPU: inside kalloc or kfree */

/* The lab's rules, each broken at most once per place: told after the search. */
enum rule { RULE_CPUID, RULE_STACK_NAME, RULE_NOT_KMEM, RULE_NO_INITLOCK, RULES };
/* Each rule's class (lab_classes.def). */
static const enum lab_class rule_class[RULES] = {
    [RULE_CPUID] = LAB_CLASS_cpuid_intr,
    [RULE_STACK_NAME] = LAB_CLASS_lock_names,
    [RULE_NOT_KMEM] = LAB_CLASS_lock_names,
    [RULE_NO_INITLOCK] = LAB_CLASS_lock_names,
};
static const char *const rule_names[RULES] = {
    [RULE_CPUID] = "cpuid() with interrupts on",
    [RULE_STACK_NAME] = "lock name on a stack",
    [RULE_NOT_KMEM] = "lock not named kmem*",
    [RULE_NO_INITLOCK] = "lock never given to initlock",
};
#define RULE_FRAMES 16
#define RULE_MAX    16
struct broken {
    enum rule rule;
    void *place; /* the call in the file that broke it */
    void *frames[RULE_FRAMES];
    int nframes;
    char text[160];
};
static struct broken broken[RULE_MAX];
static int nbroken;

/* The locks initlock saw in this boot. */
#define LAB_LOCKS 32
static struct spinlock *inited[LAB_LOCKS];
static int stack_named[LAB_LOCKS]; /* its name was on initlock's caller's stack */
static int ninited;
static struct spinlock *taken_in_calls[LAB_LOCKS]; /* distinct locks kalloc/kfree took */
static unsigned long taken_by[LAB_LOCKS];          /* bit i: CPU i took it */
static int ntaken;

static void rule_broken(enum rule r, void *caller, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void rule_broken(enum rule r, void *caller, const char *fmt, ...)
{
    for (int i = 0; i < nbroken; i++) {
        if (broken[i].rule == r && broken[i].place == caller)
            return;
    }
    if (nbroken == RULE_MAX)
        return;
    struct broken *b = &broken[nbroken++];
    b->rule = r;
    b->place = caller;
    b->nframes = backtrace(b->frames, RULE_FRAMES);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->text, sizeof(b->text), fmt, ap);
    va_end(ap);
}

/* Each rule broken, once, with every place in the file that broke it. */
/* One more broken rule in its class's text. */
static void said_add(struct rules_said *said, enum lab_class c, const char *rule)
{
    size_t n = strlen(said->text[c]);
    snprintf(said->text[c] + n, sizeof(said->text[c]) - n, "%s%s", n ? "; " : "", rule);
}

int target_rules_report(struct rules_said *said)
{
    memset(said, 0, sizeof(*said));
    said->judged[LAB_CLASS_cpuid_intr] = said->judged[LAB_CLASS_lock_names] =
        said->judged[LAB_CLASS_per_cpu] = 1;
    for (int i = 0; i < nbroken; i++)
        where_want(broken[i].frames, broken[i].nframes);
    where_resolve();
    int rules = 0;
    for (int r = 0; r < RULES; r++) {
        int first = 1;
        for (int i = 0; i < nbroken; i++) {
            if ((int)broken[i].rule != r)
                continue;
            char where[400];
            where_code(broken[i].frames, broken[i].nframes, where, sizeof(where));
            if (first) {
                say("rule broken: %s: %s\n", rule_names[r], broken[i].text);
                said_add(said, rule_class[r], rule_names[r]);
            }
            say("  in %s\n", where);
            rules += first;
            first = 0;
        }
    }
    if (ntaken == 1 && __builtin_popcountl(taken_by[0]) > 1) {
        say("rule broken: per-CPU lists: kalloc and kfree took one lock (\"%s\") on every "
            "CPU: the starter's single shared list\n",
            taken_in_calls[0]->name ? taken_in_calls[0]->name : "");
        said_add(said, LAB_CLASS_per_cpu, "one lock for every CPU");
        rules++;
    }
    return rules;
}

void lab_rules_boot(void)
{
    ninited = 0;
    memset(in_call, 0, sizeof(in_call));
}

/* The counts follow the CPU: a call that moved leaves one behind and takes one away. */
void lab_rules_call(int delta)
{
    in_call[this_hart()->index] += delta;
}

void lab_rules_cpuid(void *caller)
{
    rule_broken(RULE_CPUID, caller,
                "the answer is only stable with interrupts off (push_off() first)");
}

/* A lab file names its locks as it likes ("kmem" for all of them, or a name on a stack):
   where two share a name, the array element the lock lives in tells them apart. */
void target_lock_label(const struct spinlock *lk, char *out, size_t size)
{
    for (int i = 0; i < ninited; i++) {
        if (inited[i] == lk && stack_named[i]) { /* whatever the stack holds there now */
            char place[64];
            where_element(lk, NCPU, place, sizeof(place));
            snprintf(out, size, "%s (named from a stack)", place);
            return;
        }
    }
    char name[40];
    lockstat_printable_name(lk->name ? lk->name : "", name, sizeof(name));
    int same = 0;
    for (int i = 0; i < ninited; i++)
        same += inited[i] != lk && inited[i]->name && lk->name &&
                strcmp(inited[i]->name, lk->name) == 0;
    if (!same) {
        snprintf(out, size, "%s", name);
        return;
    }
    char place[64];
    where_element(lk, NCPU, place, sizeof(place));
    snprintf(out, size, "%s (%s)", name, place);
}

/* initlock and acquire, renamed in the file: the names and the order are checked. */
void xv6_initlock(struct spinlock *lk, const char *name)
{
    initlock(lk, name);
    char here;
    int on_stack = name && (const char *)name > &here && (const char *)name < &here + 256 * 1024;
    if (ninited < LAB_LOCKS) {
        stack_named[ninited] = on_stack;
        inited[ninited++] = lk;
    }
    if (on_stack)
        rule_broken(RULE_STACK_NAME, __builtin_return_address(0),
                    "initlock(\"%.16s\") names a lock from a stack buffer, overwritten once "
                    "kinit returns",
                    name);
}

void xv6_acquire(struct spinlock *lk)
{
    int cpu = this_hart()->index;
    if (in_call[cpu]) {
        int known = 0, on_stack = 0;
        for (int i = 0; i < ninited; i++) {
            known |= inited[i] == lk;
            on_stack |= inited[i] == lk && stack_named[i];
        }
        if (!known)
            rule_broken(RULE_NO_INITLOCK, __builtin_return_address(0),
                        "kalloc/kfree take a lock that never went through initlock (kinit "
                        "runs once, on one CPU: initialise every CPU's lock there)");
        else if (!on_stack && (!lk->name || strncmp(lk->name, "kmem", 4) != 0))
            rule_broken(RULE_NOT_KMEM, __builtin_return_address(0),
                        "kalloc/kfree take a lock whose name does not start with kmem "
                        "(kalloctest's tot does not count it)");
        int i = 0;
        while (i < ntaken && taken_in_calls[i] != lk)
            i++;
        if (i == ntaken && ntaken < LAB_LOCKS)
            taken_in_calls[ntaken++] = lk;
        if (i < LAB_LOCKS)
            taken_by[i] |= 1UL << cpu;
    }
    acquire(lk);
}
