/* Pages a test holds, chained through the pages themselves so that holding all of memory
   needs no other memory. Each page is stamped with its own address and its holder, so a
   page handed out twice, or written by someone else, is found when the chain is checked. */
#ifndef KMEM_PAGECHAIN_H
#define KMEM_PAGECHAIN_H

struct page_note {
    struct page_note *next;
    unsigned long self;  /* the page's own address */
    unsigned long owner; /* who holds it (a hart index, or any tag the test chooses) */
};

struct pagechain {
    struct page_note *head;
    unsigned long count;
};

void chain_init(struct pagechain *c);

/* kalloc up to `limit` pages (~0UL: until kalloc returns 0), stamping each with owner and
   writing its last byte, as kalloctest's countfree does. Returns the pages taken. */
unsigned long chain_take(struct pagechain *c, unsigned long limit, unsigned long owner);

/* Pages of the chain whose stamp is wrong: each one was handed out twice or overwritten. */
unsigned long chain_bad_pages(const struct pagechain *c, unsigned long owner);

/* kfree up to `limit` pages from the front of the chain; returns how many. */
unsigned long chain_give(struct pagechain *c, unsigned long limit);

/* kalloctest's countfree(): take every free page, then give them all back. */
unsigned long countfree(void);

/* countfree() run on the hart with the given index (the others stay idle). */
unsigned long countfree_on(int index);

/* Every hart in turn, one at a time, takes every page it can get into chains[its index]
   (initialised here) and keeps them: a page on any list is found even by an allocator that
   does not steal, and no two harts are in the allocator at once. Returns the total. */
unsigned long chain_take_on_each_hart(struct pagechain *chains);

/* For the end of a suite: 0 if the free count is back to `before`, else the suite fails
   with both counts. */
int check_free_count(unsigned long before);

/* The most free pages that n harts still allocating may hold in their caches, out of
   every other hart's reach (mm/kmem_cached.c: what a kalloc's 0 leaves there); 0 under a
   policy without caches. A count that must see every free page allows this much less. */
unsigned long cached_out_of_reach(int n);

#endif
