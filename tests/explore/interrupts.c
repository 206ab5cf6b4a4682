/* What an interrupt does to the hart that runs, as the explorer chooses it: a lab file's
   identity read with interrupts on may be followed by one that moves the rest of the call
   to another CPU (sched_migrate), and in a scenario with a handler, the handler may run at
   any point where interrupts are on (sched_interrupt). Each is a choice that costs a
   preemption. */
#include "explorer.h"
#include "hart.h"
#include "host_harts.h"
#include "sched_hart.h"

extern __thread struct hart *host_hart;
extern __thread int host_interrupts_on;

void sched_migrate(void)
{
    int opts[EXPLORE_MAX_HARTS], cost[EXPLORE_MAX_HARTS], n = 0;
    opts[n] = sched_cur;
    cost[n++] = 0;
    for (int k = 1; k < sched_nharts; k++) {
        int i = (sched_cur + k) % sched_nharts;
        if (sched_harts[i].state == FINISHED || sched_harts[i].interrupts) {
            opts[n] = i;
            cost[n++] = 1; /* an interrupt the hart did not ask for: a preemption */
        }
    }
    int c = n == 1 ? 0 : search_choose(sched_steps, opts, cost, n, 0);
    if (c == 0)
        return;
    int other = opts[c], mine = sched_cpu[sched_cur];
    sched_cpu[sched_cur] = sched_cpu[other];
    sched_cpu[other] = mine;
    race_migrate(sched_cur, other);
    host_hart = &harts[sched_cpu[sched_cur]];
    if (story_recording)
        story_event(sched_cur, sched_steps,
                    "an interrupt right after that identity read moves the rest of the call to "
                    "CPU %d (hart %d's CPU until now; hart %d goes on as CPU %d)",
                    sched_cpu[sched_cur], other, other, mine);
}

/* The interrupt, if the search delivers it here: the running hart's handler runs now, on
   its stack, interrupts off, inside whatever call it was in (that call's livelock count
   pauses meanwhile), then the hart goes on where it was. */
void sched_interrupt(void)
{
    struct xhart *me = &sched_harts[sched_cur];
    if (!sched_scenario->interrupt || me->interrupted || sched_phase != SCHED_HARTS)
        return;
    sched_own_step(EXPLORE_INTERRUPT); /* the choice must not share a point's step */
    int opts[2] = {sched_cur, sched_cur + EXPLORE_MAX_HARTS}, cost[2] = {0, 1};
    if (search_choose(sched_steps, opts, cost, 2, 0) == 0)
        return;
    int hart = sched_cur;
    me->interrupted = 1;
    const char *call = me->call;
    unsigned long called = me->called;
    host_interrupts_on = 0;
    if (story_recording)
        story_event(hart, sched_steps,
                    "takes an interrupt%s%s: its handler allocates a page "
                    "and frees it",
                    call ? " inside its " : "", call ? call : "");
    me->call = 0;
    sched_scenario->interrupt(hart);
    if (story_recording)
        story_event(hart, sched_steps, "returns from the interrupt");
    me = &sched_harts[hart];
    me->call = call;
    me->called = called;
    host_interrupts_on = 1;
}
