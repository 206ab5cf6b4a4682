/* The cached policy's view for tools that watch it from outside a kmem call (the schedule
   explorer's ghost state, tests/explore): how many pages a hart's cache holds. */
#ifndef KMEM_CACHED_H
#define KMEM_CACHED_H

/* Pages in the cache of hart `index` now: written by that hart only, read here without a
   lock or a scheduling point (load_owned), so exact only between its kmem calls. */
unsigned long kmem_cached_pages(int index);

#endif
