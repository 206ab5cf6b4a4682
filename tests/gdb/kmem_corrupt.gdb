# After test1 (iters=100) every hart's list starts with a freed page; stop in the next
# suite, corrupt two lists by hand, and kmem must name both problems and return.
break report_in
continue
set var *(unsigned long *)kmem_lists[1].head = (unsigned long)kmem_lists[1].head
set var *(unsigned long *)kmem_lists[2].head = 0x1000
kmem
