#!/usr/bin/env python3
"""Lab mode's one verdict table (scripts/run --xv6-kalloc): the schedule explorer's
verdicts (every schedule of its scenarios within the preemption bound: the same every run,
on any machine) and what only the QEMU boot can measure (kalloctest's lock counters, one
CPU taking all memory under a real kernel, a trap or deadlock in that boot, labcheck's
verdicts at full size), each line saying where its evidence came from. scripts/grade
builds its report from verdict_table.

usage: lab_merge.py EXPLORER_LOG QEMU_LOG QEMU_STATUS HARTS   (a log may be empty)"""

import re
import sys


def parse_explorer(text):
    """(rows, rules, header) of an explorer's --verdicts output: rows maps a class (the
    text before any " (") to "FOUND in ...", "ok: ..." or "not judged: ..."; rules lists
    the lab rules broken; header is the verdict header's parenthesis, None if it never
    printed one (the explorer did not run, or did not finish)."""
    rows = {}
    for m in re.finditer(r"^  (.+?)  +(FOUND in .*|ok: .*|not judged: .*)$", text, re.M):
        rows[m.group(1).split(" (")[0]] = m.group(2)
    rules = re.findall(r"^rule broken: ([^:]+):", text, re.M)
    header = re.search(r"^explorer verdicts \((.*)\):$", text, re.M)
    return rows, rules, header.group(1) if header else None


def verdict_table(explorer, qemu, status, harts):
    """[(class, (found, evidence))]: found is True, False, or None when nothing judged it."""
    rows, rules, header = parse_explorer(explorer)
    # The kernel's labcheck block ("  per-CPU lists:   FOUND: ..."), last one printed.
    kernel = dict(re.findall(r"^  ([a-z][^:]*?)(?: \([^)]*\))?: +(FOUND|ok)\b", qemu, re.M))
    suites = dict(re.findall(r"^([a-z0-9_]+) (OK|FAIL|SKIP)\b", qemu, re.M))
    # usertests as the lab prints it ("test sbrkmuch: OK", "test sbrkmuch: FAILED").
    suites.update((n, "OK" if r == "OK" else "FAIL")
                  for n, r in re.findall(r"^test ([a-z]+): (OK|FAILED)$", qemu, re.M))
    contention = re.findall(r"^  \S+ +(test[0-9]) +contention .* (OK|FAIL)$", qemu, re.M)
    trap = re.search(r"^  a trap or panic in the allocator: +FOUND(.*)$", qemu, re.M)
    cycle = "deadlock while stealing (AB/BA):       FOUND" in qemu

    def explored(name):
        v = rows.get(name)
        if v is None:
            return None, "explorer did not run"
        if v.startswith("FOUND"):
            return True, "explorer: " + v.replace("FOUND in ", "in ")
        return False, "explorer: " + v.replace("ok: ", "")

    def rule(*names):
        if header is None:
            return None, "explorer did not run"
        broken = [r for r in rules if r in names]
        return (True, "explorer: " + "; ".join(broken)) if broken else (False, "explorer: kept")

    def booted(found, text):
        return found, "QEMU, " + harts + " harts: " + text

    def checked(name):
        """labcheck's own verdict of that name in the boot."""
        if not qemu:
            return None, "QEMU did not run"
        if name not in kernel:
            return None, "QEMU: labcheck did not judge it"
        return booted(kernel[name] == "FOUND", "labcheck " + kernel[name])

    def suite(names, what):
        ran = [(n, suites[n]) for n in names if n in suites and suites[n] != "SKIP"]
        if not ran:
            return None, "QEMU: did not run (" + ", ".join(names) + ")"
        failed = [n for n, r in ran if r == "FAIL"]
        return booted(bool(failed), (", ".join(failed) + " FAIL" if failed else
                                     ", ".join(n for n, _ in ran) + " OK") + " (" + what + ")")

    def crash_or_panic():
        crash, panic = explored("crash"), explored("panic")
        found = [what + t[1].replace("explorer: ", " ")
                 for what, t in (("a crash", crash), ("a panic", panic)) if t[0]]
        return (True, "explorer: " + ", ".join(found)) if found else crash

    def both(a, b):
        found = [x for x, _ in (a, b) if x is not None]
        return (any(found) if found else None), a[1] + "; " + b[1]

    locked = suite(["test1", "test2", "test3"], "counters measured in the boot")
    if contention:  # the lab's own tests (--lab): their contention rows say it
        failed = [t for t, r in contention if r == "FAIL"]
        locked = booted(bool(failed), (", ".join(failed) + " FAIL" if failed else
                                       ", ".join(t for t, _ in contention) + " OK") +
                        " (the lab's contention tests)")
    # "None seen" is a verdict only from a boot that ended on its own, with the kernel's
    # status (0 passed, 1 a suite failed, 3 panic, 4 deadlock); one cut short by its time
    # bound or a limit (scripts/run's 5) or killed saw nothing to the end.
    ended = status in (0, 1, 3, 4)

    def in_boot(found, what, none):
        if not qemu:
            return None, "QEMU did not run"
        if found:
            return booted(True, what)
        return booted(False, none) if ended else \
            (None, "QEMU: the boot did not end on its own, not judged")

    return [
        ("deadlock", both(explored("deadlock"), in_boot(cycle, "the lock watchdog's cycle",
                                                            "none seen"))),
        ("crash or panic in the allocator", both(crash_or_panic(), in_boot(
            bool(trap) or status == 3, "a trap" + (trap.group(1) if trap else ""), "none"))),
        ("stealing: a CPU gets memory idle on another's list", explored("stealing")),
        ("false out-of-memory under a race", explored("false out-of-memory under a race")),
        ("pages lost", both(explored("pages lost"), checked("pages lost"))),
        ("page handed out twice", explored("page handed out twice")),
        ("livelock: a call that never returns", explored("livelock")),
        ("data race: a plain access no lock orders", explored("data race")),
        ("lock names and set-up", both(rule("lock name on a stack", "lock not named kmem*",
                                            "lock never given to initlock"),
                                       checked("lock names and set-up"))),
        ("cpuid() with interrupts on", both(rule("cpuid() with interrupts on"),
                                            checked("cpuid() with interrupts on"))),
        ("per-CPU lists", both(rule("per-CPU lists"), checked("per-CPU lists"))),
        ("kalloctest's lock contention (tot)", locked),
        ("one CPU takes all memory in a real boot", suite(["sbrkmuch"], "usertests' sbrkmuch")),
    ]


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    explorer = open(argv[0], errors="replace").read()
    qemu = open(argv[1], errors="replace").read()
    header = parse_explorer(explorer)[2]
    print("\nlab verdicts, explorer and QEMU together (explorer: " +
          (header or "did not run") + "; QEMU: this boot):")
    found = 0
    for name, (verdict, evidence) in verdict_table(explorer, qemu, int(argv[2]), argv[3]):
        word = "FOUND" if verdict else "ok" if verdict is False else "n/a"
        found += bool(verdict)
        print(f"  {name:<52} {word:<5}  {evidence}")
    print(f"lab verdicts: {found} FOUND")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
