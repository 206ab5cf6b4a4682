/* The boot option trace=EVENTS: memory for every hart's timeline ring, then recording on. */
#ifndef KMEM_TRACE_RINGS_H
#define KMEM_TRACE_RINGS_H

/* Room for `events` events per hart, in pages taken with kalloc (kept for the whole run),
   and kalloc and kfree redirected to the policy's traced copy if it has one. Boot hart,
   before the first suite. Returns 0, or -1 after saying why (a policy that records
   nothing, too many events, too little memory). */
int trace_rings_setup(unsigned long events);

#endif
