/* push_off/pop_off's cold half: the report when pop_off finds the nesting broken. */
#include "push_off.h"
#include "panic.h"

void pop_off_fault(const char *what)
{
    panic("pop_off: %s (at %p)", what, __builtin_return_address(0));
}
