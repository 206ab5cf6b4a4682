/* What the scenarios' harts run, where kmem's scenarios (scenarios.c) and a lab file's
   (lab_scenarios.c) run the same program, and the lookup of a scenario by name in
   whichever table the binary has. */
#include <string.h>

#include "explorer.h"

void take_until_none(int hart)
{
    while (sc_take(hart))
        ;
}

void take_and_free(int hart)
{
    if (sc_take(hart))
        sc_give(hart);
}

void take_all(int hart)
{
    if (hart == 0)
        take_until_none(hart);
}

void give_while_others_take(int hart)
{
    if (hart == 0) {
        while (sc_give(hart))
            ;
        return;
    }
    for (int i = 0; i < 2; i++)
        sc_take(hart);
}

void hoard_or_churn(int hart)
{
    if (hart == 0) {
        take_until_none(hart);
        return;
    }
    for (int i = 0; i < 2; i++) {
        if (sc_take(hart))
            sc_give(hart);
    }
}

const struct scenario *scenario_find(const char *name)
{
    for (const struct scenario *sc = explore_scenarios; sc->name; sc++) {
        if (strcmp(sc->name, name) == 0)
            return sc;
    }
    return 0;
}
