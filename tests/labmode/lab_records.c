/* Lab mode's records from the kernel (lab_record.h), for scripts/: each class's verdict
   as lab_verdicts.c judged it, every suite selected and why it failed, the suite a run
   ending early stopped in, the lab's results whole, and the addresses to look up. */
#include <stdarg.h>

#include "exit.h"
#include "harness.h"
#include "lab_checks.h"
#include "lab_progress.h"
#include "lab_record.h"
#include "lab_records.h"
#include "labresult.h"
#include "panic.h"
#include "printf.h"
#include "string.h"
#include "trap.h"
/* Each class's verdict in this boot, for the records (lab_record.h). */
static const char *class_word[LAB_CLASSES];
static char class_said[LAB_CLASSES][200];

void lab_record_judged(enum lab_class c, const char *word, const char *fmt, ...)
{
    class_word[c] = word;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(class_said[c], sizeof(class_said[c]), fmt, ap);
    va_end(ap);
}

static say_fn record_say; /* labresult_each's callback has no room for it */

static void result_record(const char *version, const char *test, const char *kind, int ok,
                          const char *threshold, const char *measured)
{
    record_say(LAB_RECORD "result\t%s\t%s\t%s\t%s\t%s\t%s\n", version, test, kind,
               ok ? "OK" : "FAIL", threshold, measured);
}

/* Why each suite that ran failed or skipped, as the harness said it after the suite. */
#define REASONS 64
static struct {
    const char *suite;
    char why[100];
} reasons[REASONS];
static int nreasons;

void lab_record_reason(const char *suite)
{
    const char *why = suite_reason();
    if (why[0] && nreasons < REASONS) {
        reasons[nreasons].suite = suite;
        snprintf(reasons[nreasons].why, sizeof(reasons[nreasons].why), "%s", why);
        nreasons++;
    }
}

static const char *reason_of(const char *suite)
{
    for (int i = 0; i < nreasons; i++) {
        if (strcmp(reasons[i].suite, suite) == 0)
            return reasons[i].why;
    }
    return "";
}

/* The records: every suite selected and how it ended, the suite a run ending early stopped
   in, the lab's results whole, the addresses to look up in the file's lines, and a verdict
   per class. Printed last, after every call into the lab file. */
void lab_records_print(say_fn say, int status)
{
    say(LAB_RECORD "begin\tkernel\n");
    const char *names[64];
    int outcomes[64];
    int n = harness_selected(names, outcomes, 64);
    const char *running = harness_running();
    for (int i = 0; i < n; i++)
        say(LAB_RECORD "suite\t%s\t%s\t%s\n", names[i],
            outcomes[i] == 0                            ? "OK"
            : outcomes[i] == -1                         ? "FAIL"
            : outcomes[i] == SUITE_SKIPPED              ? "SKIP"
            : running && strcmp(running, names[i]) == 0 ? "running"
                                                        : "not run",
            reason_of(names[i]));
    if (status >= 0)
        say(LAB_RECORD "stopped\t%s\t%d\n", running ? running : "-", status);
    record_say = say;
    labresult_each(result_record);
    const struct trap_frame *f = status == EXIT_PANIC ? trap_fatal_frame() : 0;
    if (f)
        say(LAB_RECORD "where\t%p\texact\tthe fault\n" LAB_RECORD "where\t%p\treturn\tthe "
                       "faulting function's caller\n",
            (void *)f->sepc, (void *)f->x[1]);
    const struct livelock *l = lab_progress_livelock();
    if (l && l->pc)
        say(LAB_RECORD "where\t%p\t%s\t%s\n", (void *)l->pc, l->pc_is_return ? "return" : "exact",
            l->stalled ? "where the run was stuck" : "the livelock");
    void *const *callers;
    int ncallers;
    lab_cpuid_with_interrupts(&callers, &ncallers);
    for (int i = 0; i < ncallers; i++)
        say(LAB_RECORD "where\t%p\treturn\tcpuid() with interrupts on\n", callers[i]);
    for (int i = 0; i < LAB_CLASSES; i++)
        say(LAB_RECORD "verdict\t%s\t%s\t%s\n", lab_class_info[i].id,
            class_word[i] ? class_word[i] : "n/a",
            class_word[i] ? class_said[i] : "no check in the boot");
    say(LAB_RECORD "end\tkernel\n");
}
