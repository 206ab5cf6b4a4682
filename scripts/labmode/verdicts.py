"""Lab mode's one verdict table, from the records (records.py): per bug class the
explorer's verdict (every schedule of its scenarios within the preemption bound: the same
every run, on any machine) and the boot's (kalloctest's lock counters, one CPU taking all
memory under a real kernel, a trap, a deadlock or a livelock there, labcheck's verdicts at
full size), each saying where its evidence came from; and two rows only the boot's lab
tests give. scripts/run prints it; scripts/grade builds its report from it."""

from labmode import records

# A boot's exit status, in words (scripts/run's statuses).
STATUS = {0: "every suite passed", 1: "a suite failed", 2: "a bad command line",
          3: "a crash or panic", 4: "a deadlock or livelock", 5: "its time bound or a limit"}


def combine(blocks):
    """One Block of the kernel's blocks of several boots (a stopped boot's suites run again
    in the next): a class FOUND in any boot is FOUND; suites and results are the last said
    of each; where, all."""
    out = records.Block()
    for b in blocks:
        for c, (word, ev) in b.verdicts.items():
            if c not in out.verdicts or word == "FOUND" and out.verdicts[c][0] != "FOUND" or \
                    word == "ok" and out.verdicts[c][0] == "n/a":
                out.verdicts[c] = (word, ev)
        names = [n for n, _ in out.suites]
        for n, outcome in b.suites:
            if outcome in ("not run", "running") and n in names:
                continue
            out.suites = [(m, o) for m, o in out.suites if m != n] + [(n, outcome)]
        keys = {(r["version"], r["test"]) for r in b.results}
        out.results = [r for r in out.results if (r["version"], r["test"]) not in keys] + \
            b.results
        out.where += b.where
        out.stopped = b.stopped
    return out


def boot_unjudged(boots):
    """Why the boot judged nothing ("" if it did): boots is [(Block or None, status)]."""
    if not boots:
        return "QEMU did not run"
    if all(b is None for b, _ in boots):
        status = boots[-1][1]
        return "QEMU: the boot printed no verdicts (%s)" % STATUS.get(
            status, "status %s" % status) if status in STATUS else \
            "QEMU: the boot did not end on its own, not judged"
    return ""


def table(explorer, explorer_ran, boots, harts):
    """[{"id", "title", "found": True/False/None, "evidence"}]: a row per class, then the
    lab tests' two. explorer: its Block or None; explorer_ran: whether it was run at all;
    boots: [(kernel Block or None, exit status)] of each boot, in order."""
    kernel = combine([b for b, _ in boots if b is not None])
    unjudged = boot_unjudged(boots)
    # An "ok" is a verdict only from a boot that ended on its own (the kernel's statuses);
    # one cut short by its time bound or a limit saw nothing to the end.
    ended = bool(boots) and all(s in (0, 1, 3, 4) for _, s in boots)

    def from_explorer(cid):
        if explorer is None:
            return None, ("explorer did not run" if not explorer_ran else
                          "explorer: no verdicts (it did not finish)")
        word, ev = explorer.verdicts.get(cid, ("n/a", "no verdict"))
        if word == "FOUND":
            return True, "explorer: " + ev
        if word == "ok":
            return False, "explorer: " + ev
        return None, "explorer: not judged: " + ev

    def from_boot(cid):
        if unjudged:
            return None, unjudged
        word, ev = kernel.verdicts.get(cid, ("n/a", "no verdict"))
        said = "QEMU, %s harts: %s" % (harts, ev)
        if word == "FOUND":
            return True, said
        if word == "ok":
            return (False, said) if ended else \
                (None, "QEMU: the boot did not end on its own, not judged")
        return None, "QEMU: not judged: " + ev

    rows = []
    for c in records.classes():
        parts = ([from_explorer(c["id"])] if "explorer" in c["by"] else []) + \
                ([from_boot(c["id"])] if "boot" in c["by"] else [])
        seen = [f for f, _ in parts if f is not None]
        rows.append({"id": c["id"], "title": c["title"],
                     "found": any(seen) if seen else None,
                     "evidence": "; ".join(e for _, e in parts)})
    rows.append(dict(id="contention", title="kalloctest's lock contention (tot)",
                     **lab_row(kernel, unjudged, harts, "contention")))
    rows.append(dict(id="all_memory", title="one CPU takes all memory in a real boot",
                     **lab_row(kernel, unjudged, harts, "all_memory")))
    return rows


def lab_row(kernel, unjudged, harts, which):
    """The lab tests' rows: contention from the lab's contention tests (--lab) or kmem's
    test1-3; all memory from usertests' sbrkmuch."""
    if unjudged:
        return {"found": None, "evidence": unjudged}
    if which == "contention":
        ran = [(r["test"], r["verdict"]) for r in kernel.results if r["kind"] == "contention"]
        what = "the lab's contention tests"
        if not ran:
            ran = [(n, kernel.suite(n)) for n in ("test1", "test2", "test3")
                   if kernel.suite(n) in ("OK", "FAIL")]
            what = "counters measured in the boot"
    else:
        ran = [(r["test"], r["verdict"]) for r in kernel.results if r["test"] == "sbrkmuch"]
        if not ran and kernel.suite("sbrkmuch") in ("OK", "FAIL"):
            ran = [("sbrkmuch", kernel.suite("sbrkmuch"))]
        what = "usertests' sbrkmuch"
    if not ran:
        return {"found": None, "evidence": "QEMU: did not run (%s)" % what}
    failed = [t for t, v in ran if v == "FAIL"]
    said = (", ".join(failed) + " FAIL") if failed else (", ".join(t for t, _ in ran) + " OK")
    return {"found": bool(failed), "evidence": "QEMU, %s harts: %s (%s)" % (harts, said, what)}


def word(found):
    return "FOUND" if found else "ok" if found is False else "n/a"


def print_table(rows, header):
    print("\nlab verdicts, explorer and QEMU together (explorer: %s; QEMU: this boot):" % header)
    for r in rows:
        print("  %-52s %-5s  %s" % (r["title"], word(r["found"]), r["evidence"]))
    print("lab verdicts: %d FOUND" % sum(bool(r["found"]) for r in rows))
