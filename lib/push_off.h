/* Nested interrupt disabling: push_off/pop_off pairs, as spinlocks use them. */
#ifndef KMEM_PUSH_OFF_H
#define KMEM_PUSH_OFF_H

void push_off(void);
void pop_off(void);

#endif
