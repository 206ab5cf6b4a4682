# Every hart reaches report_in (the boot suite); GDB stops them all there.
break report_in
continue
info threads
