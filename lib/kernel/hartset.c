/* Sets of hart indices, one bit each. */
#include "hartset.h"

void hartset_clear(struct hartset *s)
{
    for (unsigned i = 0; i < sizeof(s->bits) / sizeof(s->bits[0]); i++)
        s->bits[i] = 0;
}

void hartset_add(struct hartset *s, int index)
{
    s->bits[index / 64] |= 1UL << (index % 64);
}

int hartset_has(const struct hartset *s, int index)
{
    return (s->bits[index / 64] >> (index % 64)) & 1;
}

int hartset_count(const struct hartset *s)
{
    int n = 0;
    for (int i = 0; i < hart_count(); i++)
        n += hartset_has(s, i);
    return n;
}

struct hartset hartset_online(void)
{
    struct hartset s;
    hartset_clear(&s);
    for (int i = 0; i < hart_count(); i++) {
        if (__atomic_load_n(&hart_by_index(i)->online, __ATOMIC_ACQUIRE))
            hartset_add(&s, i);
    }
    return s;
}
