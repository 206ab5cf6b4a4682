# Right after kmem_init, before the other harts start: the lists as kmem built them.
break harts_start_others
continue
kmem
harts
