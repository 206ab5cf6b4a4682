# The cached policy: stop when a hart other than the boot hart ends its work in test1,
# before it drains its cache (kmem_hart_idle), and show every hart's cache beside its list.
break kmem_hart_idle if ((struct hart *)$tp)->index != 0
continue
kmem
