"""scripts/docs: the transcripts and figures of README.md and docs/, from real runs.

A page marks each generated block with a line `<!-- docs:NAME -->` before it and
`<!-- /docs -->` after it. Each block is made from what some ctest cases printed: the case
that runs the block's command keeps its output (tests/judges/keep_log), and ctest's
docs.drift.NAME checks the block against that log in the same ctest run, so no command
runs twice. --write runs those cases (or, for the benchmark, a full scripts/bench) and
puts the blocks into the pages. Counts, addresses and instruction counts must match
exactly; figures that vary from run to run (the boot hart's id, shared's tot, throughput)
are compared by shape only: NOISY lists them.
"""

import difflib
import os
import re
import shutil
import subprocess
import sys

from docs_blocks import (LAB_STORY_INPUT, PAGES, STORY_MUTANT, TOP, Logs, bench_table,
                         block_bench, block_designs, block_explore, block_explore_lab,
                         block_explore_lab_story, block_explore_litmus, block_explore_mutants,
                         block_explore_story, block_gdb, block_lab, block_labyears,
                         block_labyears_cached, block_quickstart, block_shared, tables)

# (block name or None for all, pattern, replacement): what is allowed to differ.
NOISY = [
    (None, r"boot hart id \d+", "boot hart id N"),
    ("shared", r"tot= \d+", "tot= N"),
    ("gdb", r"Thread \d+ hit", "Thread N hit"),
    ("gdb", r"(?m)^( +\d+) +\d+ ", r"\1 ID "),  # the harts table's id column
    ("gdb", r"hart id \d+ \(index", "hart id N (index"),
    ("gdb", r"stopped  0x[0-9a-f]+", "stopped  ADDR"),  # where in OpenSBI a stopped hart waits
    ("bench", r"(?m)^(\| \d+ \| \d+ \| \d+ \| )\d+( \| \d+ \| \d+ \| )\d+ \| \d+ \| \d+ \|$",
     r"\1N\2N | N | N |"),  # shared's tot, and pairs/s
    ("bench", r"[\d.]+%(, [\d.]+%)*", "N%"),  # test4's tot shares, one run's or several
    ("bench", r"(?m)^(\| test4 at -smp 8: kmem tot \(.*\) \|).*\|$", r"\1 N |"),
    ("bench", r"\d+ M?pairs/s", "N pairs/s"),  # host throughput
    ("bench", r"\([\d.]+x; the control [\d.]+x, so [\d.]+ of it\)", "(Nx; the control Nx, so N of it)"),
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


# Each block: the build preset whose ctest cases keep the logs it is made from, and those
# cases; "tables" is no block but a check of two tables against what the code defines.
BLOCKS = {
    "quickstart": ("default", ["standard.perhart.smp8"], block_quickstart),
    "shared": ("default", ["standard.shared.smp8"], block_shared),
    "gdb": ("default", ["gdb.kmem_steal"], block_gdb),
    "lab": ("default", ["lab.correct"], block_lab),
    "labyears": ("default", ["lab.kalloctest.perhart.smp8", "lab.kalloctest.shared.smp8"],
                 block_labyears),
    "labyears_cached": ("default", ["lab.kalloctest.cached.smp8"], block_labyears_cached),
    "bench": ("default", ["bench.smoke"], block_bench),
    "designs": ("default", ["bench.smoke"], block_designs),
    "tables": ("default", ["cmdline.unknown_test"], tables),
    "explore": ("host-tsan", ["explore.real", "explore.cached"], block_explore),
    "explore_mutants": ("host-tsan", ["explore.mutant.*"], block_explore_mutants),
    "explore_litmus": ("host-tsan", ["explore.litmus"], block_explore_litmus),
    "explore_story": ("host-tsan", ["explore.mutant." + STORY_MUTANT], block_explore_story),
    "explore_lab": ("host-tsan", ["explore.lab.*"], block_explore_lab),
    "explore_lab_story": ("host-tsan", ["explore.lab." + LAB_STORY_INPUT],
                          block_explore_lab_story),
}
MARK = re.compile(r"(?ms)^<!-- docs:(\w+) -->\n(.*?)\n<!-- /docs -->$")
USAGE = """usage: scripts/docs --check|--write [--logs DIR] [BLOCK...]
  --check     fail with a diff where a block no longer says what its ctest cases printed
              (noisy figures, marked in scripts/lib/docs.py, by shape only)
  --write     put what they print into README.md and docs/ (the benchmark block and plot
              from a full scripts/bench run)
  --logs DIR  read the cases' kept logs from DIR (ctest's docs.drift.* cases do); without
              it, the cases run first (ctest --preset P -R CASES)
  BLOCK       %s (default: all)""" % ", ".join(BLOCKS)


# Blocks that vary as another does (one more policy's run of the same command).
NOISE_OF = {"labyears_cached": "labyears"}


def normalise(name, text):
    for block, pattern, repl in NOISY:
        if block in (None, name, NOISE_OF.get(name)):
            text = re.sub(pattern, repl, text)
    return text


def run_cases(preset, cases):
    """Runs ctest's cases that keep the logs; returns where the logs are."""
    pattern = "^(%s)$" % "|".join(c.replace(".", "\\.").replace("*", ".*") for c in cases)
    print("scripts/docs: ctest --preset %s -R '%s' ..." % (preset, pattern), flush=True)
    build = subprocess.run([os.path.join(TOP, "scripts", "build"), preset],
                           stdout=subprocess.DEVNULL, cwd=TOP)
    if build.returncode != 0:
        sys.exit("scripts/docs: the %s build failed (scripts/build %s)" % (preset, preset))
    test = subprocess.run(["ctest", "--preset", preset, "-j", "2", "-R", pattern],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, cwd=TOP)
    if test.returncode != 0:
        sys.exit("scripts/docs: a case failed:\n" + test.stdout.decode(errors="replace")[-3000:])
    return os.path.join(TOP, "build", preset, "case-logs")


def full_bench():
    """--write bench: a full scripts/bench run (README's figures), and its plot."""
    out = os.path.join(TOP, "build", "release", "docs-bench")
    code = subprocess.run([os.path.join(TOP, "scripts", "bench"), "--no-deps", "--out", out],
                          stdin=subprocess.DEVNULL, cwd=TOP).returncode
    if code != 0:
        sys.exit("scripts/docs: scripts/bench failed")
    shutil.copy(os.path.join(out, "bench.png"), os.path.join(TOP, "docs", "bench.png"))
    return bench_table(out)


def main(argv):
    mode, logs_dir, wanted = None, None, []
    while argv:
        arg = argv.pop(0)
        if arg in ("--check", "--write") and mode is None:
            mode = arg
        elif arg == "--logs" and argv:
            logs_dir = argv.pop(0)
        elif arg in BLOCKS:
            wanted.append(arg)
        else:
            print("scripts/docs: unknown argument '%s'\n%s" % (arg, USAGE), file=sys.stderr)
            return 2
    if mode is None:
        print(USAGE, file=sys.stderr)
        return 2
    wanted = wanted or [b for b in BLOCKS if not (mode == "--write" and b == "tables")]
    pages = {p: open(p).read() for p in PAGES}
    found = {m.group(1): (p, m) for p, text in pages.items() for m in MARK.finditer(text)}
    missing = [b for b in wanted if b not in found and b != "tables"]
    if missing:
        print("scripts/docs: no page has the block(s): %s" % " ".join(missing))
        return 1
    folders = {}  # preset -> its logs
    drifted, writes = 0, []  # writes: (page, block, its new text)
    for name in wanted:
        preset, cases, make = BLOCKS[name]
        if name == "bench" and mode == "--write":
            fresh = full_bench()
        else:
            if preset not in folders:
                # (--write bench is a full scripts/bench run, not bench.smoke's short one.)
                folders[preset] = logs_dir or run_cases(
                    preset, [c for b in wanted if BLOCKS[b][0] == preset
                             and not (b == "bench" and mode == "--write") for c in BLOCKS[b][1]])
            fresh = make(Logs(folders[preset]))
        if name == "tables":
            for d in fresh:
                print("scripts/docs: " + d)
            drifted += len(fresh) > 0
            continue
        page, m = found[name]
        where = os.path.relpath(page, TOP)
        if mode == "--write":
            writes.append((page, name, fresh))
            continue
        a, b = normalise(name, m.group(2)), normalise(name, fresh)
        if a != b:
            drifted += 1
            print("scripts/docs: %s's '%s' block differs from what its ctest cases print now "
                  "(- %s, + now):" % (where, name, where))
            sys.stdout.writelines(difflib.unified_diff(
                a.splitlines(True), b.splitlines(True), where, "now", n=1))
    if mode == "--write":
        # Each page read again as it is now, not as it was when the cases began (a full
        # scripts/bench takes minutes: an edit made meanwhile is kept), with its blocks replaced.
        for page in sorted({p for p, _, _ in writes}):
            old = text = open(page).read()
            for p, name, fresh in writes:
                for m in MARK.finditer(text) if p == page else []:
                    if m.group(1) == name:
                        text = text.replace(m.group(0), "<!-- docs:%s -->\n%s\n<!-- /docs -->"
                                            % (name, fresh))
            if text != old:
                open(page, "w").write(text)
                print("scripts/docs: wrote %s" % os.path.relpath(page, TOP))
        return 0
    if drifted:
        print("scripts/docs: FAIL: %d block(s) drifted; scripts/docs --write updates them"
              % drifted)
        return 1
    print("scripts/docs: PASS: %s agree with what the ctest cases printed" % ", ".join(wanted))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
