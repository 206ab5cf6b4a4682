# README's GDB session (docs.drift.gdb shows this case's output): the harts as they come
# up, then inside a steal (test=sbrkmuch: the last hart takes everything), where the
# victim's lock is held by the thief. Each command is echoed before it runs.
echo (gdb) break harts_start_others\n
break harts_start_others
echo (gdb) continue\n
continue
echo (gdb) kmem\n
kmem
echo (gdb) harts\n
harts
echo (gdb) delete\n
delete
echo (gdb) break freelist_cut\n
break freelist_cut
echo (gdb) continue\n
continue
echo (gdb) kmem-locks\n
kmem-locks
echo (gdb) harts\n
harts
