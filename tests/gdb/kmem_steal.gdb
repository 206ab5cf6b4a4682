# Inside a steal (test=sbrkmuch: the last hart takes everything), the victim's lock is
# held by the thief.
break freelist_cut
continue
kmem-locks
harts
