/* A set of harts by index: who on_harts runs a body on. */
#ifndef KMEM_HARTSET_H
#define KMEM_HARTSET_H

#include "hart.h"

struct hartset {
    unsigned long bits[(KMEM_MAX_HARTS + 63) / 64]; /* bit i: hart index i is in the set */
};

void hartset_clear(struct hartset *s);
void hartset_add(struct hartset *s, int index);
int hartset_has(const struct hartset *s, int index);
int hartset_count(const struct hartset *s);

/* Every hart that is online now. */
struct hartset hartset_online(void);

#endif
