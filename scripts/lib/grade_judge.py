"""scripts/grade: one submission's row of the report, from the two runs of its file: the
build and schedule explorer (scripts/run --no-boot) and the boot of the lab's tests
(scripts/run --no-explore --lab YEAR), plus its first counterexample and the text for its
student."""

import re

import lab_merge

# The lab's tests of each year, as kmem's kalloctest prints them (docs/kalloctest.md), and
# usertests' three: the report's columns, whether or not a boot got to print them.
YEAR_TESTS = {
    "2019": ["test0", "test1"],
    "2020": ["test1", "test2"], "2021": ["test1", "test2"],
    "2022": ["test1", "test2", "test3"], "2023": ["test1", "test2", "test3"],
    "2024": ["test1", "test2", "test3"],
    "2025": ["test1", "test2", "test3", "test4"],
}
USERTESTS = ["sbrkmuch", "sbrkfail", "free"]

# The bug classes, as columns: (column, lab_merge's row, what it means to a student).
CLASSES = [
    ("deadlock", "deadlock",
     "two CPUs each hold a lock the other waits for, so neither ever returns"),
    ("crash", "crash or panic in the allocator",
     "the allocator followed a bad pointer or panicked"),
    ("stealing", "stealing: a CPU gets memory idle on another's list",
     "a CPU whose list is empty got no page while another CPU's list had free pages"),
    ("false_oom", "false out-of-memory under a race",
     "kalloc returned 0 while free pages existed, because of how CPUs interleaved"),
    ("pages_lost", "pages lost",
     "pages freed to the allocator were never handed out again"),
    ("double_alloc", "page handed out twice",
     "one page was handed to two callers at once"),
    ("livelock", "livelock: a call that never returns",
     "a kalloc or kfree went on for ever without a lock cycle"),
    ("lock_names", "lock names and set-up",
     "a kmem lock is not named kmem..., its name lives on a stack, or it never went "
     "through initlock"),
    ("cpuid_intr", "cpuid() with interrupts on",
     "cpuid() was called with interrupts on: the CPU can change before its result is used"),
    ("per_cpu", "per-CPU lists",
     "one lock serves every CPU: this is still the starter's single shared list"),
    ("data_race", "data race: a plain access no lock orders",
     "two CPUs touched the same memory, one of them writing, with no lock between them"),
]


def lab_results(boot):
    """{(version, test): (kind, threshold, measured, verdict)} from the boot's last "lab
    results" table; from the lab's own OK/FAIL lines for tests a stopped boot never put
    in a table."""
    rows = {}
    for m in re.finditer(r"^test([0-9]) (OK|FAIL)", boot, re.M):
        rows[("kalloctest", "test" + m.group(1))] = ("", "", "", m.group(2))
    for m in re.finditer(r"^test (sbrkmuch|sbrkfail): (OK|FAILED)$", boot, re.M):
        rows[("usertests", m.group(1))] = ("memory", "", "", m.group(2)[:4])
    tables = re.findall(r"^  version +test .*\n((?:  \S.*\n)*)", boot, re.M)
    if tables:
        for line in tables[-1].splitlines():
            # "  %-10s %-9s %-10s %-36s %-34s %s" (tests/kalloctest/labresult.c): a measured
            # text longer than its 34 columns pushes the verdict right, so the verdict is
            # the last word (OK or FAIL) and the measured text all before it.
            version, test, kind = line[2:12].strip(), line[13:22].strip(), line[23:33].strip()
            threshold = line[34:70].strip()
            measured, verdict = line[71:].rsplit(None, 1) if line[71:].strip() else ("", "")
            measured = measured.strip()
            rows[("usertests" if version == "usertests" else "kalloctest", test)] = \
                (kind, threshold, measured, verdict)
    return rows


def judge(year, harts, explored, boot, boot_status):
    """The row's verdicts: {"lab": {column: cell}, "classes": {column: cell}}, a cell being
    {"verdict": ..., "detail": ...}. explored/boot are the runs' text ("" for a run that did
    not happen); boot_status is the kernel's exit status (None: no boot)."""
    found = lab_results(boot)
    lab = {}
    for test in YEAR_TESTS[year]:
        kind, threshold, measured, verdict = found.get(("kalloctest", test), ("",) * 4)
        lab[test] = {"verdict": verdict or "not run",
                     "detail": "; ".join(x for x in (kind, threshold, measured) if x)}
    for test in USERTESTS:
        kind, threshold, measured, verdict = found.get(("usertests", test), ("",) * 4)
        lab["usertests " + test] = {"verdict": verdict or "not run",
                                    "detail": "; ".join(x for x in (threshold, measured) if x)}
    table = dict(lab_merge.verdict_table(explored, boot, boot_status if boot_status is not None
                                         else -1, str(harts)))
    classes = {}
    for column, row, _ in CLASSES:
        verdict, evidence = table[row]
        classes[column] = {"verdict": "FOUND" if verdict else "ok" if verdict is False else "n/a",
                           "detail": evidence.replace("(story above)", "(story in the log)")}
    return {"lab": lab, "classes": classes}


def first_counterexample(explored, boot):
    """The explorer's first finding (schedule, replay command, story), or its first broken
    rule; else what the boot printed about its first failure. "" if there is none."""
    m = re.search(r"^explore: found .*?^found: .*?$", explored, re.M | re.S)
    if m:
        return m.group(0) + "\n"
    m = re.search(r"^rule broken: .*?(?=\n\S|\Z)", explored, re.M | re.S)
    if m:
        return m.group(0) + "\n"
    m = re.search(r"^(panic: |watchdog: |labcheck: |test[0-9]+ FAIL|test [a-z]+: FAILED).*",
                  boot, re.M)
    if m:
        start = boot.rfind("\n", 0, max(0, m.start() - 1))
        return boot[start + 1:m.end() + 1 + 2000].split("\nlab results")[0] + "\n"
    return ""


def own_lines(text, path, source):
    """[(line number, text)] of the file named by path:NN in text, in order, once each."""
    lines = source.splitlines()
    seen = []
    for m in re.finditer(re.escape(path) + r":([0-9]+)\b", text):
        n = int(m.group(1))
        if n not in seen and 0 < n <= len(lines):
            seen.append(n)
    return [(n, lines[n - 1]) for n in seen]


def feedback(row, source, story):
    """The text a teacher can hand back: what failed, each bug found with what it means, how
    it was found and the student's own lines in its story, and how to see it again."""
    out = ["kmem's grading of %s (%s)" % (row["name"], row["shown"]),
           "lab %s, %s harts" % (row["year"], row["harts"]), ""]
    refused = [l[len("refused: "):] for l in row.get("build_error", "").splitlines()
               if l.startswith("refused: ")]
    if row["built"] != "yes" and refused and not row["problem"]:
        out += ["Your file was refused: " + "; ".join(refused) + "."]
        return "\n".join(out) + "\n"
    if row["built"] != "yes":
        out += ["Your file was not graded: " + (row["problem"] or "it did not build") + "."]
        if not row["problem"]:
            out += ["The compiler's words (the full build is in the log):", ""]
            out += ["  " + l for l in row.get("build_error", "").splitlines()]
        return "\n".join(out) + "\n"
    if row.get("result") == "incomplete":
        out += ["Your grade is incomplete, not a pass: " + "; ".join(row["incomplete"]) + ".",
                ""]
    lab = row["lab"]
    ok = [c for c, v in lab.items() if v["verdict"] == "OK"]
    out.append("The lab's tests (kalloctest %s and usertests): %d of %d OK." %
               (row["year"], len(ok), len(lab)))
    for column, cell in lab.items():
        if cell["verdict"] != "OK":
            out.append("  %s %s%s" % (column, cell["verdict"],
                                      ": " + cell["detail"] if cell["detail"] else ""))
    if row.get("contention_note"):
        out.append("  (" + row["contention_note"] + ")")
    found = [(c, m) for c, _, m in CLASSES if row["classes"][c]["verdict"] == "FOUND"]
    out += ["", "Bugs found: %d." % len(found)]
    for column, meaning in found:
        out.append("  %s: %s." % (column.replace("_", " "), meaning))
        out.append("    How it was found: " + row["classes"][column]["detail"])
    lines = own_lines(story, row["shown"], source)
    if lines:
        out += ["", "Your lines in the first counterexample (counterexample.txt):"]
        out += ["  %s:%d: %s" % (row["shown"], n, text.strip()) for n, text in lines]
    replay = re.search(r"^replay: +(.*)$", story, re.M)
    if replay:
        out += ["", "To watch it step by step in your own lines:", "  " + replay.group(1)]
    if row["notes"]:
        out += ["", "Notes:"] + ["  " + n for n in row["notes"]]
    fine = [c for c, _, _ in CLASSES if row["classes"][c]["verdict"] == "ok"]
    unjudged = [c for c, _, _ in CLASSES if row["classes"][c]["verdict"] == "n/a"]
    out += ["", "Checked and ok: " + (", ".join(fine) or "none") + "."]
    if unjudged:
        out.append("Not judged: " + ", ".join(unjudged) + ".")
    return "\n".join(out) + "\n"
