#!/usr/bin/env python3
"""Lab mode's one verdict table (scripts/run --xv6-kalloc): the schedule explorer's
verdicts (every schedule of its scenarios within the preemption bound: the same every run,
on any machine) and what only the QEMU boot can measure (kalloctest's lock counters, one
CPU taking all memory under a real kernel, a trap or deadlock in that boot), each line
saying where its evidence came from.

usage: lab_merge.py EXPLORER_LOG QEMU_LOG QEMU_STATUS HARTS   (a log may be empty)"""

import re
import sys

if len(sys.argv) != 5:
    print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
    sys.exit(2)
explorer = open(sys.argv[1], errors="replace").read()
qemu = open(sys.argv[2], errors="replace").read()
status, harts = int(sys.argv[3]), sys.argv[4]

# The explorer's rows: "  NAME   FOUND in SCENARIO, N preemptions (story above)" etc.
rows = {}
for m in re.finditer(r"^  (.+?)  +(FOUND in .*|ok: .*|not judged: .*)$", explorer, re.M):
    rows[m.group(1).split(" (")[0]] = m.group(2)
rules = re.findall(r"^rule broken: ([^:]+):", explorer, re.M)
header = re.search(r"^explorer verdicts \((.*)\):$", explorer, re.M)


def explored(name):
    """(found, evidence) from the explorer's row of that name."""
    v = rows.get(name)
    if v is None:
        return None, "explorer did not run"
    if v.startswith("FOUND"):
        return True, "explorer: " + v.replace("FOUND in ", "in ")
    return False, "explorer: " + v.replace("ok: ", "")


def rule(*names):
    if not header:
        return None, "explorer did not run"
    broken = [r for r in rules if r in names]
    return (True, "explorer: " + "; ".join(broken)) if broken else (False, "explorer: kept")


suites = dict(re.findall(r"^([a-z0-9_]+) (OK|FAIL|SKIP)\b", qemu, re.M))
trap = re.search(r"^  a trap or panic in the allocator: +FOUND(.*)$", qemu, re.M)
cycle = "deadlock while stealing (AB/BA):       FOUND" in qemu


def booted(found, text):
    return found, "QEMU, " + harts + " harts: " + text


def suite(names, what):
    ran = [(n, suites[n]) for n in names if n in suites and suites[n] != "SKIP"]
    if not ran:
        return None, "QEMU: did not run (" + ", ".join(names) + ")"
    failed = [n for n, r in ran if r == "FAIL"]
    return booted(bool(failed), (", ".join(failed) + " FAIL" if failed else
                                 ", ".join(n for n, _ in ran) + " OK") + " (" + what + ")")


def crash_or_panic():
    crash, panic = explored("crash"), explored("panic")
    found = [what + t[1].replace("explorer: ", " ") for what, t in (("a crash", crash),
                                                                  ("a panic", panic)) if t[0]]
    return (True, "explorer: " + ", ".join(found)) if found else crash


def both(a, b):
    found = [x for x, _ in (a, b) if x is not None]
    return (any(found) if found else None), a[1] + "; " + b[1]


table = [
    ("deadlock", both(explored("deadlock"),
                      booted(cycle, "the lock watchdog's cycle" if cycle else "none seen")
                      if qemu else (None, "QEMU did not run"))),
    ("crash or panic in the allocator", both(crash_or_panic(),
        booted(bool(trap) or status == 3, "a trap" + (trap.group(1) if trap else "")
               if trap or status == 3 else "none") if qemu else (None, "QEMU did not run"))),
    ("stealing: a CPU gets memory idle on another's list", explored("stealing")),
    ("false out-of-memory under a race", explored("false out-of-memory under a race")),
    ("pages lost", explored("pages lost")),
    ("page handed out twice", explored("page handed out twice")),
    ("livelock: a call that never returns", explored("livelock")),
    ("lock names and set-up", rule("lock name on a stack", "lock not named kmem*",
                                   "lock never given to initlock")),
    ("cpuid() with interrupts on", rule("cpuid() with interrupts on")),
    ("per-CPU lists", rule("per-CPU lists")),
    ("kalloctest's lock contention (tot)", suite(["test1", "test2", "test3"],
                                                 "counters measured in the boot")),
    ("one CPU takes all memory in a real boot", suite(["sbrkmuch"], "usertests' sbrkmuch")),
]
print("\nlab verdicts, explorer and QEMU together (explorer: " +
      (header.group(1) if header else "did not run") + "; QEMU: this boot):")
found = 0
for name, (verdict, evidence) in table:
    word = "FOUND" if verdict else "ok" if verdict is False else "n/a"
    found += bool(verdict)
    print(f"  {name:<52} {word:<5}  {evidence}")
print(f"lab verdicts: {found} FOUND")
