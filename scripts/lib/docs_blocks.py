"""The blocks of scripts/docs: each made from the logs ctest's cases kept
(tests/judges/keep_log), as the page shows it."""

import glob
import os
import re
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "scripts"))
from labmode import records  # noqa: E402
PAGES = [os.path.join(TOP, "README.md")] + sorted(glob.glob(os.path.join(TOP, "docs", "*.md")))


class Logs:
    """What the ctest cases kept (tests/judges/keep_log): one file per case in `folder`."""

    def __init__(self, folder):
        self.folder = folder

    def path(self, case):
        return os.path.join(self.folder, case + ".log")

    def lines(self, case):
        try:
            return open(self.path(case)).read().splitlines()
        except FileNotFoundError:
            sys.exit("scripts/docs: no log of ctest case %s in %s (did it pass?)"
                     % (case, self.folder))


def section(lines, start, end):
    """Lines from the first matching `start` to the first `end` after it, inclusive."""
    i = next(k for k, l in enumerate(lines) if re.match(start, l))
    j = next(k for k in range(i, len(lines)) if re.match(end, lines[k]))
    return lines[i:j + 1]


def summary(lines):
    """The kernel's closing line, "N passed, N failed" (a judge's lines follow it)."""
    return next(l for l in reversed(lines) if re.match(r"^\d+ passed, \d+ failed$", l))


def block_quickstart(logs):
    lines = logs.lines("standard.perhart.smp8")
    kmem = [l for l in lines if l.startswith("kmem: ")][:2]
    t1 = section(lines, r"^start test1$", r"^test1 OK$")
    stats = [l for l in t1 if l.startswith("lock: kmem.")]
    top = section(t1, r"^--- top 5", r"^tot=")
    t2 = section(lines, r"^start test2$", r"^test2 OK$")
    out = kmem + ["..."] + t1[:4] + [stats[0], "...", stats[7]] + top[:3] + ["..."]
    out += [l for l in t1 if l.startswith("tot=")] + ["test1 OK"]
    out += t2[:2] + [".....", "test2 OK", "...", summary(lines)]
    return "```\n" + "\n".join(out) + "\n```"


def block_shared(logs):
    lines = logs.lines("standard.shared.smp8")
    fail = next(l for l in lines if l.startswith("test1 FAIL: "))
    return ("With `--policy shared` the same suite reports one `kmem` lock and\n`%s` (one "
            "run; the number varies\nfrom run to run, always far above 10), while every "
            "correctness suite passes\n(`%s`)." % (fail, summary(lines)))


def block_gdb(logs):
    # gdb.kmem_steal's session (tests/gdb/kmem_steal.gdb echoes each command before it runs).
    keep = []
    for l in logs.lines("gdb.kmem_steal"):
        l = l.replace(TOP + "/", "")
        if l.startswith("(gdb) ") or keep:
            if re.match(r"^(\[|Breakpoint \d+ at |\d+\t|\s*$|Kill the program|gdb_check: )", l):
                continue  # gdb's own chatter: thread switches, source lines; the judge's
            keep.append(l)
    return "```\n" + "\n".join(keep) + "\n```"


def block_lab(logs):
    lines = logs.lines("lab.correct")
    verdicts = section(lines, r"^lab verdicts:$", r"^  pages lost")
    return "```\n" + "\n".join(verdicts + [summary(lines)]) + "\n```"


def block_labyears(logs, policies=(("perhart", "scripts/run --lab all"),
                                    ("shared", "scripts/run --lab all --policy shared"))):
    # What `scripts/run --lab all` ends with, under each policy: ctest's one boot of every
    # year at 8 harts (whose cases fail if a memory test fails).
    out = []
    for policy, command in policies:
        lines = logs.lines("lab.kalloctest.%s.smp8" % policy)
        out += ["$ " + command, "..."] + section(lines, r"^lab results \(", r"^lab results: ")
    return "```\n" + "\n".join(out) + "\n```"


def bench_rows(folder):
    """One scripts/bench run's bench.raw, by run tag."""
    rows = {}
    for line in open(os.path.join(folder, "bench.raw")):
        kv = dict(f.split("=", 1) for f in line.split()[1:])
        rows.setdefault(kv["run"], []).append(kv)
    return rows


def bench_table(folder):
    """docs/performance.md's benchmark table from one scripts/bench run's bench.raw."""
    rows = bench_rows(folder)
    t = ["| harts | tot perhart | tot cached | tot shared | `#acquire()` perhart (and shared) "
         "| `#acquire()` cached | pairs/s/hart perhart | cached | shared |",
         "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    cont = rows["contention"]
    for h in sorted({int(r["harts"]) for r in cont}):
        p, c, s = (next(r for r in cont if int(r["harts"]) == h and r["policy"] == policy)
                   for policy in ("perhart", "cached", "shared"))
        t.append("| %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            h, p["tot"], c["tot"], s["tot"], p["acquires"], c["acquires"],
            p["pairs_per_sec_per_hart"], c["pairs_per_sec_per_hart"],
            s["pairs_per_sec_per_hart"]))
    fast = {(r["policy"], r["double_free_check"]): r["per_pair"] for r in rows["fastpath"]}
    shared_lines = {(r["policy"], r["double_free_check"]): r["shared_lines"]
                    for r in rows["sharing"]}
    share = lambda r: 100.0 * int(r["tot"]) / max(int(r["acquires"]), 1)
    t4 = sorted(share(r) for r in rows["test4"] if r["policy"] == "perhart")
    t4_shared = [share(r) for r in rows["test4"] if r["policy"] == "shared"][0]
    t4_tot = lambda policy: sorted(int(r["tot"]) for r in rows["test4"] if r["policy"] == policy)
    host = {(r["policy"], r["double_free_check"], int(r["threads"])): r for r in rows["host"]}
    mpairs = lambda r, key="pairs_per_sec": "%d Mpairs/s" % round(int(r[key]) / 1e6)
    def scaling(p, c):
        one, two = host[(p, c, 1)], host[(p, c, 2)]
        ratio = int(two["pairs_per_sec"]) / int(one["pairs_per_sec"])
        control = int(two["control_pairs_per_sec"]) / int(one["control_pairs_per_sec"])
        return "%s at 1 thread, %s at 2 (%.2fx; the control %.2fx, so %.2f of it)" % (
            mpairs(one), mpairs(two), ratio, control, ratio / control)
    batch, single = rows["steal_batch"][0], rows["steal_single"][0]
    boots = {r["mem"]: r["instret"] for r in rows["boot"]}
    t += ["", "| measurement | figure |", "| --- | --- |",
          "| fast path, instructions per kalloc+kfree pair, double-free check off / on "
          "(targets: perhart 96 / 128, cached 40 / 64) | perhart %s / %s, cached %s / %s, "
          "shared - / %s |" % (fast[("perhart", "0")], fast[("perhart", "1")],
                              fast[("cached", "0")], fast[("cached", "1")],
                              fast[("shared", "1")]),
          "| the same with a timeline recording (boot option `trace`, double-free check on; "
          "off, it adds nothing: the figures above) | perhart %s, cached %s |" % tuple(
              next(r["per_pair"] for r in rows["fastpath_traced"] if r["policy"] == policy)
              for policy in ("perhart", "cached")),
          "| cache lines of kernel data both of two harts write on their fast paths "
          "(target: 0) | perhart %s, cached %s, shared %s |" % (
              shared_lines[("perhart", "0")], shared_lines[("cached", "0")],
              shared_lines[("shared", "1")]),
          "| test4 at -smp 8: kmem tot per kmem acquire (target: 1%%) | perhart %s "
          "(median %.2f%%), shared %.0f%% |" % (", ".join("%.2f%%" % x for x in t4),
                                                t4[len(t4) // 2], t4_shared),
          "| test4 at -smp 8: kmem tot (target: cached below perhart) | perhart %s, cached %s |"
          % (", ".join(map(str, t4_tot("perhart"))), ", ".join(map(str, t4_tot("cached")))),
          "| host build on real cores, perhart (target: 2 threads 1.8x 1) | %s |"
          % scaling("perhart", "0"),
          "| the same, cached (target: 1.9x, and 0.9 of the control) | %s |"
          % scaling("cached", "0"),
          "| the same with the double-free check: perhart; cached; shared | %s; %s; %s |" % (
              scaling("perhart", "1"), scaling("cached", "1"), scaling("shared", "1")),
          "| one hart drains %s pages from 8, batch stealing (at most 64 pages a steal) | "
          "%s steals, %s remote lock acquisitions |" % (batch["pages"], batch["steals"],
                                                        batch["remote_acquires"]),
          "| the same, one page a steal (`steal_max=1`) | %s steals, %s remote lock "
          "acquisitions |" % (single["steals"], single["remote_acquires"]),
          "| boot, from the first instruction to the harness, -m 128M / 1G / 8G | "
          "%s / %s / %s instructions |" % (boots["128M"], boots["1G"], boots["8G"])]
    return "\n".join(t)


def block_designs(logs):
    """README's three designs side by side, with bench.smoke's instruction counts and
    test1's kmem acquires at 8 harts."""
    rows = bench_rows(os.path.join(logs.folder, "bench.smoke"))
    fast = {(r["policy"], r["double_free_check"]): r["per_pair"] for r in rows["fastpath"]}
    at8 = {r["policy"]: r for r in rows["contention"] if int(r["harts"]) == 8}
    pairs = int(at8["perhart"]["iters"]) * 8
    acq = {policy: "%s in %d" % (r["acquires"], pairs) for policy, r in at8.items()}
    return "\n".join([
        "| design | kalloc's and kfree's fast path | instructions a pair, double-free check "
        "off / on | kmem lock acquisitions in test1's pairs (8 harts) | why its 0 is not a "
        "false out-of-memory |",
        "| --- | --- | --- | --- | --- |",
        "| `shared` (xv6) | interrupts off (push_off), the one lock `kmem`, the one list | "
        "- / %s | %s | one list, read under its lock ([mm/kmem_shared.c](mm/kmem_shared.c)) |"
        % (fast[("shared", "1")], acq["shared"]),
        "| `perhart` (the lab) | push_off, the hart's own lock `kmem.N` (one swap), its own "
        "list; an empty list steals a batch from another hart's | %s / %s | %s | censuses "
        "of counters that only grow ([mm/kmem_steal.c](mm/kmem_steal.c), \"Why kalloc "
        "never reports a false out-of-memory\") |" % (
            fast[("perhart", "0")], fast[("perhart", "1")], acq["perhart"]),
        "| `cached` (Linux's per-CPU pages, Bonwick's magazines) | interrupts off in a "
        "register, the hart's own array of pages: no lock, no atomic; an empty one takes a "
        "batch from its `perhart` list, a full one gives a batch back | %s / %s | %s | "
        "perhart's argument, and a 0 leaves at most `cache_high` pages in each other "
        "running hart's cache; an idle hart empties its own "
        "([mm/kmem_cached.c](mm/kmem_cached.c), \"What kalloc's 0 means here\") |" % (
            fast[("cached", "0")], fast[("cached", "1")], acq["cached"]),
    ])


def block_bench(logs):
    return bench_table(os.path.join(logs.folder, "bench.smoke"))


def block_labyears_cached(logs):
    # The cached policy's boot of every year is a slow case (scripts/test --all).
    return block_labyears(logs, (("cached", "scripts/run --lab all --policy cached"),))


def block_explore(logs):
    out = []
    for case, command in (("explore.real", "scripts/explore"),
                          ("explore.cached", "scripts/explore --policy cached")):
        out += ["`%s`:" % command, ""] + [l for l in logs.lines(case) if l.startswith("| ")]
        out += [""]
    return "\n".join(out[:-1])


def mutants():
    """The mutants of mm/kmem_mutants.def, in its order."""
    return re.findall(r"(?m)^MUTANT\((\w+),",
                      open(os.path.join(TOP, "mm", "kmem_mutants.def")).read())


def mutant_checks():
    """name -> the def file's "how it is caught": a kernel command line, "host" or "explore"."""
    return dict(re.findall(r'(?m)^MUTANT\((\w+), \d+, \w+, "([^"]*)"',
                           open(os.path.join(TOP, "mm", "kmem_mutants.def")).read()))


def block_explore_mutants(logs, bound=2):
    # A row per mutant, from ctest's explore.mutant.NAME (--bound 2 --first), or from
    # scripts/explore --table's runs of them; beside it, the other checks that catch it
    # (mm/kmem_mutants.def's third field: the QEMU suite of ctest mutation.NAME, or the
    # host build under ThreadSanitizer).
    checks = mutant_checks()
    host = re.findall(r'"(\w+);(?:WARNING|FAIL)',
                      open(os.path.join(TOP, "tests", "host", "CMakeLists.txt")).read())
    t = ["| mutant | found at bound | stale reads | scenario | schedules | finding | TSan (host) "
         "| QEMU suites |",
         "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for m in mutants():
        how = checks.get(m, "explore")
        tsan = "host.mutation.%s" % m if m in host else "-"
        qemu = "`%s` (mutation.%s)" % (how, m) if how.startswith("test=") else "-"
        search = records.read("\n".join(logs.lines("explore.mutant." + m))).get("search")
        rows = search.other.get("scenario", []) if search else []
        found = [r for r in rows if r[6] != "clean"]
        if found:  # scenario, harts, pages, bound, schedules, seconds, finding, stale reads
            f = found[0]
            t.append("| `%s` | %s | %s | %s | %s | %s | %s | %s |" % (
                m, f[3], f[7], f[0], f[4], f[6], tsan, qemu))
        else:  # clean: the schedules of the closing table, all scenarios, at its bound
            total = sum(int(r[4]) for r in rows)
            searched = max([int(r[3]) for r in rows] or [bound])
            t.append("| `%s` | none within %d | - | every scenario | %d (all) | none | %s | %s |"
                     % (m, searched, total, tsan, qemu))
    return "\n".join(t)


STORY_MUTANT = "no_own_look"


def block_explore_litmus(logs):
    return "`scripts/explore --litmus`:\n\n" + "\n".join(
        l for l in logs.lines("explore.litmus") if l.startswith("| "))


def block_explore_story(logs):
    story = section(logs.lines("explore.mutant." + STORY_MUTANT), r"^explore: found ", r"^found: ")
    return "```\n$ scripts/explore --mutant %s --first\n...\n%s\n```" % (
        STORY_MUTANT, "\n".join(story))


def lab_inputs(logs):
    return sorted(os.path.basename(p)[len("explore.lab."):-len(".log")]
                  for p in glob.glob(logs.path("explore.lab.*")))


def block_explore_lab(logs):
    # A row per input of lab mode, from ctest's explore.lab.INPUT (--verdicts --bound 2),
    # or from scripts/explore --lab-table's runs of them.
    t = ["| input | verdicts found | schedules | seconds |", "| --- | --- | --- | --- |"]
    titles = {c["id"]: c["title"].split(":")[0] for c in records.classes()}
    for input in lab_inputs(logs):
        b = records.read("\n".join(logs.lines("explore.lab." + input)))["explorer"]
        _, _, n, secs = b.other["search"][-1]
        found = ["%s (%s, %s)" % (titles[cid], scenario, preemptions)
                 for cid, scenario, preemptions, _, _ in b.other.get("story", [])]
        found += ["rule: " + text for _, text in b.other.get("rule", [])]
        t.append("| %s | %s | %s | %s |" % (input, "; ".join(found) or "none", n, secs))
    return "\n".join(t)


LAB_STORY_INPUT = "holdsteal"


def block_explore_lab_story(logs):
    # ctest's explore.lab.holdsteal prints what `scripts/explore --xv6-kalloc` prints for
    # the file (the same binary, built the same way).
    lines = logs.lines("explore.lab." + LAB_STORY_INPUT)
    story = section(lines, r"^explore: found ", r"^found: ")
    table = section(lines, r"^explorer verdicts ", r"^explorer: ")
    return "```\n$ scripts/explore --xv6-kalloc tests/labmode/inputs/%s.c\n...\n%s\n\n%s\n```" % (
        LAB_STORY_INPUT, "\n".join(story), "\n".join(table))


def heading_part(text, title):
    """The text under the heading `title` (any level), up to the next heading."""
    m = re.search(r"(?m)^#+ %s\n" % re.escape(title), text)
    if not m:
        sys.exit("scripts/docs: no page has a heading '%s'" % title)
    rest = text[m.end():]
    nxt = re.search(r"(?m)^#+ ", rest)
    return rest[:nxt.start()] if nxt else rest


def tables(logs):
    """The mutation table names every mutant, the suite table every suite; the drifts."""
    drifts = []
    text = "\n".join(open(p).read() for p in PAGES)
    part = heading_part(text, "The mutation check")
    listed = re.findall(r"(?m)^\| `(\w+)` \| ", part)
    if sorted(mutants()) != sorted(listed):
        drifts.append("the mutation table lists %s; mm/kmem_mutants.def defines %s"
                      % (" ".join(listed), " ".join(mutants())))
    known = "\n".join(logs.lines("cmdline.unknown_test"))
    suites = sorted(re.findall(r"^  [* ] (\w+) ", known, re.M))
    part = heading_part(text, "Test suites")
    tabled = sorted(n.strip() for row in re.findall(r"(?m)^\| ([\w, ]+) \| ", part)
                    for n in row.split(",") if n.strip() != "suite")
    if suites != tabled:
        drifts.append("the suite table lists %s; the kernel has %s"
                      % (" ".join(tabled), " ".join(suites)))
    return drifts


if __name__ == "__main__":
    # scripts/explore --table and --lab-table: the same tables from the runs it made,
    # kept as logs in a folder under the ctest cases' names.
    # usage: docs_blocks.py mutant-table|lab-table FOLDER BOUND
    kind, folder, bound = sys.argv[1:4]
    if kind == "mutant-table":
        print(block_explore_mutants(Logs(folder), int(bound)))
    else:
        print(block_explore_lab(Logs(folder)))
