"""scripts/docs: README's transcripts and figures, produced by running the commands.

README.md marks each generated block with a line `<!-- docs:NAME -->` before it and
`<!-- /docs -->` after it. This program boots the kernels the way the README says, builds
each block's text from what they print, and either writes the blocks into README.md
(--write) or checks that README.md still says exactly that (--check, ctest's docs.drift).
Counts, addresses and instruction counts must match exactly; figures that vary from run to
run (the boot hart's id, shared's tot, throughput) are compared by shape only: NOISY lists
them.
"""

import ctypes
import difflib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
README = os.path.join(TOP, "README.md")
BUILD = os.path.join(TOP, "build", "default")
QEMU = os.path.join(TOP, "scripts", "qemu")

# (block name or None for all, pattern, replacement): what is allowed to differ.
NOISY = [
    (None, r"boot hart id \d+", "boot hart id N"),
    ("shared", r"tot= \d+", "tot= N"),
    ("gdb", r"Thread \d+ hit", "Thread N hit"),
    ("gdb", r"(?m)^( +\d+) +\d+ ", r"\1 ID "),  # the harts table's id column
    ("gdb", r"hart id \d+ \(index", "hart id N (index"),
    ("gdb", r"stopped  0x[0-9a-f]+", "stopped  ADDR"),  # where in OpenSBI a stopped hart waits
    ("bench", r"(?m)^(\| \d+ \| \d+ \| )\d+( \| \d+ \| )\d+ \| \d+ \| [\d.]+x \|$",
     r"\1N\2N | N | Nx |"),
    ("bench", r"[\d.]+%", "N%"),  # test4's tot shares
    ("bench", r"\d+ M?pairs/s", "N pairs/s"),  # host throughput
    ("bench", r"\([\d.]+x\)", "(Nx)"),
    # The lab's tests: tot, and what depends on how the harts interleave; then the table's
    # padding, which follows the widths of those numbers.
    ("labyears", r"n-m= \d+", "n-m= N"),
    ("labyears", r"\(\d+ \+ \d+\)", "(N + N)"),
    ("labyears", r"\d+ counts", "N counts"),
    ("labyears", r"\d+ x (\d+) pages", r"N x \1 pages"),
    ("labyears", r"most held \d+", "most held N"),
    ("labyears", r"\d+ (rounds|forks) got no page", r"N \1 got no page"),
    # Contention verdicts need an idle host (the lab says so; ctest's lab.* cases run
    # alone); docs.drift runs beside other cases, where shared once passed test1.
    ("labyears", r"(?m)(contention .*) (OK|FAIL)$", r"\1 VERDICT"),
    ("labyears", r"\d+ OK, \d+ failed", "N OK, N failed"),
    ("labyears", r" {2,}", " "),
    # The explorer: its counts are exact; only time varies. The story's schedule string is
    # exact too, so that README's replays: its trace hash follows the code of mm/ and the
    # explorer (not the source path), and changes with it.
    ("explore", r"(?m)\| [\d.]+ \| (clean|FOUND) \|$", r"| N | \1 |"),
    ("explore_lab", r"(?m)\| [\d.]+ \|$", "| N |"),
    ("explore_lab_story", r"schedules, [\d.]+ s\)", "schedules, N s)"),
]

# Under --check, only the noisy figures depend on how long the bench runs: these make it
# quick (the exact figures, instruction and event counts, are the same at any length).
BENCH_CHECK_ARGS = ["--test4-rounds", "2", "--host-pairs", "500000"]


def die_with_parent():
    """In each child: SIGKILL when this program dies, however it dies (no orphan QEMU)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def run(cmd, timeout):
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=timeout,
                          preexec_fn=die_with_parent)
    return proc.returncode, proc.stdout.decode(errors="replace").replace("\r", "")


def boot(kernel, smp, append, extra=(), status=0, timeout=300):
    """The kernel's output lines; it must exit with `status` (one of them, if a tuple)."""
    code, out = run([QEMU, "--kernel", kernel, "--smp", str(smp), "--append", append, "--"]
                    + list(extra), timeout)
    if code not in (status if isinstance(status, tuple) else (status,)):
        sys.exit("scripts/docs: %s -smp %d '%s' exited %d, expected %d:\n%s"
                 % (kernel, smp, append, code, status, out[-2000:]))
    return out.splitlines()


def section(lines, start, end):
    """Lines from the first matching `start` to the first `end` after it, inclusive."""
    i = next(k for k, l in enumerate(lines) if re.match(start, l))
    j = next(k for k in range(i, len(lines)) if re.match(end, lines[k]))
    return lines[i:j + 1]


def block_quickstart():
    lines = boot(os.path.join(BUILD, "kmem-perhart.elf"), 8, "")
    kmem = [l for l in lines if l.startswith("kmem: ")][:2]
    t1 = section(lines, r"^start test1$", r"^test1 OK$")
    stats = [l for l in t1 if l.startswith("lock: kmem.")]
    top = section(t1, r"^--- top 5", r"^tot=")
    t2 = section(lines, r"^start test2$", r"^test2 OK$")
    out = kmem + ["..."] + t1[:4] + [stats[0], "...", stats[7]] + top[:3] + ["..."]
    out += [l for l in t1 if l.startswith("tot=")] + ["test1 OK"]
    out += t2[:2] + [".....", "test2 OK", "...", lines[-1]]
    return "```\n" + "\n".join(out) + "\n```"


def block_shared():
    lines = boot(os.path.join(BUILD, "kmem-shared.elf"), 8, "", status=1)
    fail = next(l for l in lines if l.startswith("test1 FAIL: "))
    return ("With `--policy shared` the same suite reports one `kmem` lock and\n`%s` (one "
            "run; the number varies\nfrom run to run, always far above 10), while every "
            "correctness suite passes\n(`%s`)." % (fail, lines[-1]))


GDB_COMMANDS = ["break harts_start_others", "continue", "kmem", "harts", "delete",
                "break freelist_cut", "continue", "kmem-locks", "harts"]


def block_gdb():
    # tests/judges/gdb_check runs the session (QEMU halted with a stub on a free port, gdb in batch
    # mode with kmem.py) and prints gdb's output; each command is echoed before it runs.
    with tempfile.NamedTemporaryFile("w", suffix=".gdb") as commands:
        for c in GDB_COMMANDS:
            commands.write("echo (gdb) %s\\n\n%s\n" % (c, c))
        commands.flush()
        code, out = run([os.path.join(TOP, "tests", "gdb_check"), "--kernel",
                         os.path.join(BUILD, "kmem-perhart.elf"), "--commands", commands.name,
                         "--smp", "4", "--append", "test=sbrkmuch"], 180)
    keep = []
    for l in out.replace(TOP + "/", "").splitlines():
        if l.startswith("(gdb) ") or keep:
            if re.match(r"^(\[|Breakpoint \d+ at |\d+\t|\s*$|Kill the program|gdb_check: )", l):
                continue  # gdb's own chatter: thread switches, source lines; the judge's
            keep.append(l)
    if code != 0 or not keep:
        sys.exit("scripts/docs: the gdb session failed:\n" + out[-2000:])
    return "```\n" + "\n".join(keep) + "\n```"


def block_lab():
    lines = boot(os.path.join(BUILD, "tests", "kmem-xv6-correct.elf"), 8,
                 "exhaust_rounds=100", timeout=600)
    verdicts = section(lines, r"^lab verdicts:$", r"^  pages lost")
    return "```\n" + "\n".join(verdicts + [lines[-1]]) + "\n```"


LAB_ALL = ("test=kalloctest2019,kalloctest2020,kalloctest2022,kalloctest2024,kalloctest2025,"
           "usertests")


def block_labyears():
    # What `scripts/run --lab all` ends with, under each policy.
    out = []
    for policy, command in (("perhart", "scripts/run --lab all"),
                            ("shared", "scripts/run --lab all --policy shared")):
        # A contention test can fail beside other cases (NOISY); a memory test must not.
        lines = boot(os.path.join(BUILD, "kmem-%s.elf" % policy), 8, LAB_ALL, status=(0, 1))
        results = section(lines, r"^lab results \(", r"^lab results: ")
        failed = [l for l in results if l.rstrip().endswith(" FAIL") and " contention " not in l]
        if failed:
            sys.exit("scripts/docs: %s: a memory test of the lab failed:\n%s"
                     % (command, "\n".join(failed)))
        out += ["$ " + command, "..."] + results
    return "```\n" + "\n".join(out) + "\n```"


BENCH_OUT = os.path.join(TOP, "build", "release", "docs-bench")


def block_bench(quick=False):
    out = BENCH_OUT
    code, log = run([os.path.join(TOP, "scripts", "bench"), "--no-deps", "--out", out]
                    + (BENCH_CHECK_ARGS if quick else []), 1800)
    if code != 0:
        sys.exit("scripts/docs: scripts/bench failed:\n" + log[-2000:])
    rows = {}
    for line in open(os.path.join(out, "bench.raw")):
        kv = dict(f.split("=", 1) for f in line.split()[1:])
        rows.setdefault(kv["run"], []).append(kv)
    t = ["| harts | tot perhart | tot shared | `#acquire()` (both) | pairs/s/hart perhart "
         "| pairs/s/hart shared | ratio (noisy) |",
         "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    cont = rows["contention"]
    for h in sorted({int(r["harts"]) for r in cont}):
        p = next(r for r in cont if int(r["harts"]) == h and r["policy"] == "perhart")
        s = next(r for r in cont if int(r["harts"]) == h and r["policy"] == "shared")
        rate = lambda r: int(r["pairs_per_sec_per_hart"])
        t.append("| %d | %s | %s | %s | %d | %d | %.2fx |" % (
            h, p["tot"], s["tot"], p["acquires"], rate(p), rate(s), rate(p) / rate(s)))
    fast = {(r["policy"], r["double_free_check"]): r["per_pair"] for r in rows["fastpath"]}
    shared_lines = {(r["policy"], r["double_free_check"]): r["shared_lines"]
                    for r in rows["sharing"]}
    share = lambda r: 100.0 * int(r["tot"]) / max(int(r["acquires"]), 1)
    t4 = sorted(share(r) for r in rows["test4"] if r["policy"] == "perhart")
    t4_shared = [share(r) for r in rows["test4"] if r["policy"] == "shared"][0]
    host = {(r["policy"], r["double_free_check"], int(r["threads"])): int(r["pairs_per_sec"])
            for r in rows["host"]}
    mpairs = lambda p, c, n: "%d Mpairs/s" % round(host[(p, c, n)] / 1e6)
    scaling = lambda p, c: "%s at 1 thread, %s at 2 (%.2fx)" % (
        mpairs(p, c, 1), mpairs(p, c, 2), host[(p, c, 2)] / host[(p, c, 1)])
    batch, single = rows["steal_batch"][0], rows["steal_single"][0]
    boots = {r["mem"]: r["instret"] for r in rows["boot"]}
    t += ["", "| measurement | figure |", "| --- | --- |",
          "| fast path, perhart, instructions per kalloc+kfree pair (target: 96, 128 with the "
          "double-free check) | %s (%s with the double-free check) |" % (
              fast[("perhart", "0")], fast[("perhart", "1")]),
          "| fast path, shared | %s |" % fast[("shared", "1")],
          "| cache lines of kernel data both of two harts write on their fast paths "
          "(target: 0) | perhart %s, shared %s |" % (shared_lines[("perhart", "0")],
                                                      shared_lines[("shared", "1")]),
          "| test4 at -smp 8: kmem tot per kmem acquire (target: 1%%) | perhart %s "
          "(median %.2f%%), shared %.0f%% |" % (", ".join("%.2f%%" % x for x in t4),
                                                t4[len(t4) // 2], t4_shared),
          "| host build on real cores, perhart (target: 2 threads 1.8x 1) | %s |"
          % scaling("perhart", "0"),
          "| the same with the double-free check; shared | %s; %s |" % (
              scaling("perhart", "1"), scaling("shared", "1")),
          "| one hart drains %s pages from 8, batch stealing (at most 64 pages a steal) | "
          "%s steals, %s remote lock acquisitions |" % (batch["pages"], batch["steals"],
                                                        batch["remote_acquires"]),
          "| the same, one page a steal (`steal_max=1`) | %s steals, %s remote lock "
          "acquisitions |" % (single["steals"], single["remote_acquires"]),
          "| boot, from the first instruction to the harness, -m 128M / 1G / 8G | "
          "%s / %s / %s instructions |" % (boots["128M"], boots["1G"], boots["8G"])]
    return "\n".join(t)


def explore(args, status):
    code, out = run([os.path.join(TOP, "scripts", "explore")] + args, 900)
    if code != status:
        sys.exit("scripts/docs: scripts/explore %s exited %d, expected %d:\n%s"
                 % (" ".join(args), code, status, out[-2000:]))
    return out.splitlines()


def block_explore():
    return "\n".join(l for l in explore(["--bound", "2", "--quiet"], 0) if l.startswith("| "))


def block_explore_mutants():
    return "\n".join(l for l in explore(["--table"], 0) if l.startswith("| "))


STORY_ARGS = ["--mutant", "no_own_look", "--scenario", "handback", "--bound", "1"]


def block_explore_story():
    lines = explore(STORY_ARGS, 1)
    story = section(lines, r"^explore: found ", r"^found: ")
    return "```\n$ scripts/explore %s\n...\n%s\n```" % (" ".join(STORY_ARGS), "\n".join(story))


def block_explore_lab():
    return "\n".join(l for l in explore(["--lab-table"], 0) if l.startswith("| "))


LAB_STORY_FILE = "tests/labmode/inputs/holdsteal.c"


def block_explore_lab_story():
    lines = explore(["--xv6-kalloc", os.path.join(TOP, LAB_STORY_FILE)], 1)
    story = section(lines, r"^explore: found ", r"^found: ")
    table = section(lines, r"^explorer verdicts ", r"^explorer: ")
    return "```\n$ scripts/explore --xv6-kalloc %s\n...\n%s\n\n%s\n```" % (
        LAB_STORY_FILE, "\n".join(story), "\n".join(table))


BLOCKS = {"quickstart": block_quickstart, "shared": block_shared, "gdb": block_gdb,
          "lab": block_lab, "labyears": block_labyears, "bench": block_bench,
          "explore": block_explore, "explore_mutants": block_explore_mutants,
          "explore_story": block_explore_story, "explore_lab": block_explore_lab,
          "explore_lab_story": block_explore_lab_story}
MARK = re.compile(r"(?ms)^<!-- docs:(\w+) -->\n(.*?)\n<!-- /docs -->$")


def normalise(name, text):
    for block, pattern, repl in NOISY:
        if block in (None, name):
            text = re.sub(pattern, repl, text)
    return text


def main(argv):
    usage = "usage: scripts/docs --check|--write [BLOCK...]   (blocks: %s)" % " ".join(BLOCKS)
    if not argv or argv[0] not in ("--check", "--write"):
        print(usage, file=sys.stderr)
        return 2
    mode, wanted = argv[0], argv[1:] or list(BLOCKS)
    for w in wanted:
        if w not in BLOCKS:
            print("scripts/docs: no block '%s'\n%s" % (w, usage), file=sys.stderr)
            return 2
    readme = open(README).read()
    found = {m.group(1): m for m in MARK.finditer(readme)}
    missing = [b for b in BLOCKS if b not in found]
    if missing:
        print("scripts/docs: README.md lacks the block(s): %s" % " ".join(missing))
        return 1
    drifted = 0
    # The mutation check's table names every mutant of mm/kmem_mutants.def, and no other.
    defined = re.findall(r"(?m)^MUTANT\((\w+),",
                         open(os.path.join(TOP, "mm", "kmem_mutants.def")).read())
    part = readme.split("### The mutation check", 1)[-1].split("\n### ", 1)[0]
    listed = re.findall(r"(?m)^\| `(\w+)` \| ", part)
    if sorted(defined) != sorted(listed):
        drifted += 1
        print("scripts/docs: README's mutation table lists %s; mm/kmem_mutants.def defines %s"
              % (" ".join(listed), " ".join(defined)))
    # The suite table names every suite the kernel has, and no other.
    known = boot(os.path.join(BUILD, "kmem-perhart.elf"), 1, "test=nosuch", status=2)
    suites = sorted(re.findall(r"^  [* ] (\w+) ", "\n".join(known), re.M))
    part = readme.split("### Test suites", 1)[-1].split("\n### ", 1)[0]
    tabled = sorted(n.strip() for row in re.findall(r"(?m)^\| ([\w, ]+) \| ", part)
                    for n in row.split(",") if n.strip() != "suite")
    if suites != tabled:
        drifted += 1
        print("scripts/docs: README's suite table lists %s; the kernel has %s"
              % (" ".join(tabled), " ".join(suites)))
    for name in wanted:
        print("scripts/docs: %s ..." % name, flush=True)
        fresh = block_bench(quick=True) if name == "bench" and mode == "--check" else BLOCKS[name]()
        old = found[name].group(2)
        if mode == "--write":
            readme = readme.replace(found[name].group(0),
                                    "<!-- docs:%s -->\n%s\n<!-- /docs -->" % (name, fresh))
            if name == "bench":  # the plot shown beside the table, from the same run
                shutil.copy(os.path.join(BENCH_OUT, "bench.png"), os.path.join(TOP, "docs", "bench.png"))
            continue
        a, b = normalise(name, old), normalise(name, fresh)
        if a != b:
            drifted += 1
            print("scripts/docs: README's '%s' block differs from what the commands print "
                  "now (- README, + now):" % name)
            sys.stdout.writelines(difflib.unified_diff(
                a.splitlines(True), b.splitlines(True), "README.md", "now", n=1))
    if mode == "--write":
        open(README, "w").write(readme)
        print("scripts/docs: wrote %d block(s) into README.md" % len(wanted))
        return 0
    if drifted:
        print("scripts/docs: FAIL: %d block(s) drifted; scripts/docs --write updates them"
              % drifted)
        return 1
    print("scripts/docs: PASS: %d block(s) agree with what the commands print" % len(wanted))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
