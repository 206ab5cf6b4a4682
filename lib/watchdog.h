/* The lock watchdog: a hart that spins on one lock for longer than a bound, on a cycle of
   harts each waiting for a lock the next holds, stops the run and names the chain, so a
   deadlock ends in a diagnosis instead of a test timeout. A wait with no cycle behind it
   (starvation: a holder slow, stuck, or not run by the host) stops the run only after
   STARVATION_FACTOR times the bound, and is called starvation. */
#ifndef KMEM_WATCHDOG_H
#define KMEM_WATCHDOG_H

struct spinlock;

/* acquire() checks in every WATCHDOG_SPINS + 1 failed swaps: rare enough to cost nothing
   in a short wait, often enough to notice a stuck one within milliseconds. */
#define WATCHDOG_SPINS 0xffffUL

#define WATCHDOG_DEFAULT_MS 10000
#define STARVATION_FACTOR   6

/* How long a hart may spin on one lock (boot option watchdog_ms); 0 turns it off. */
void watchdog_set_bound_ms(unsigned long ms);
unsigned long watchdog_bound_ms(void);

/* From acquire's spin loop. since: 0 on the first call, then what the last call returned
   (when the long wait began). Never returns if the bound is passed. */
unsigned long watchdog_spinning(struct spinlock *lk, unsigned long since);

/* For last words (panic.h): 1 if the watchdog is ending the run on a deadlock cycle, 0 if
   on starvation. */
int watchdog_found_cycle(void);

/* The lock was finally taken after a long spin. */
void watchdog_done(void);

#endif
