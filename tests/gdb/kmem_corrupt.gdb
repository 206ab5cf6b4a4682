# Corrupt two lists by hand; kmem must name both problems and return.
break harts_start_others
continue
set var *(unsigned long *)kmem_lists[1].head = (unsigned long)kmem_lists[1].head
set var *(unsigned long *)kmem_lists[2].head = 0x1000
kmem
