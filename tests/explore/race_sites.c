/* The race detector's sites (race.h): the instructions of the races seen so far, and those
   promoted to scheduling points for a second pass, kept in a small open-addressed set that
   every instrumented access of that pass looks up. */
#include <string.h>

#include "race.h"

static unsigned long seen_sites[RACE_MAX_SITES], promoted[RACE_MAX_SITES * 4];
static int nseen, npromoted;

void race_see_site(unsigned long pc)
{
    for (int i = 0; i < nseen; i++)
        if (seen_sites[i] == pc)
            return;
    if (nseen < RACE_MAX_SITES)
        seen_sites[nseen++] = pc;
}

int race_is_site(unsigned long pc)
{
    if (!npromoted)
        return 0;
    for (unsigned i = (unsigned)(pc >> 2) % (RACE_MAX_SITES * 4);;
         i = (i + 1) % (RACE_MAX_SITES * 4)) {
        if (promoted[i] == pc)
            return 1;
        if (!promoted[i])
            return 0;
    }
}

static void promote(unsigned long pc)
{
    if (race_is_site(pc) || npromoted == RACE_MAX_SITES)
        return;
    unsigned i = (unsigned)(pc >> 2) % (RACE_MAX_SITES * 4);
    while (promoted[i])
        i = (i + 1) % (RACE_MAX_SITES * 4);
    promoted[i] = pc;
    npromoted++;
}

int race_pending(void)
{
    int n = 0;
    for (int i = 0; i < nseen; i++)
        n += !race_is_site(seen_sites[i]);
    return n;
}

void race_promote(void)
{
    for (int i = 0; i < nseen; i++)
        promote(seen_sites[i]);
}

void race_forget(void)
{
    memset(promoted, 0, sizeof(promoted));
    npromoted = nseen = 0;
}

int race_promoted(unsigned long *pcs, int max)
{
    int n = 0;
    for (int i = 0; i < RACE_MAX_SITES * 4 && n < max; i++)
        if (promoted[i])
            pcs[n++] = promoted[i];
    /* in address order: the same set gives the same string */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && pcs[j - 1] > pcs[j]; j--) {
            unsigned long t = pcs[j];
            pcs[j] = pcs[j - 1];
            pcs[j - 1] = t;
        }
    return n;
}

int race_set_promoted(const unsigned long *pcs, int n)
{
    race_forget();
    for (int i = 0; i < n; i++) {
        if (npromoted == RACE_MAX_SITES)
            return -1;
        promote(pcs[i]);
    }
    return 0;
}
