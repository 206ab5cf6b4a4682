"""scripts/grade: one submission's row of the report, from the data of the two runs of its
file (scripts/labmode/check.py's explored.json and booted.json: the build and schedule
explorer, scripts/run --no-boot; the boot of the lab's tests, scripts/run --no-explore
--lab YEAR), plus its first counterexample and the text for its student."""

import re

from labmode import records, verdicts

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

# The bug classes, as columns (tests/labmode/lab_classes.def): (column, title, meaning).
CLASSES = [(c["id"], c["title"], c["meaning"]) for c in records.classes()]
FIXES = {c["id"]: c["fix"] for c in records.classes()}
STORY_LINES = 80  # of a story in the feedback (a livelock's runs to thousands of steps)


def boots_of(booted):
    """[(kernel Block or None, status)] of booted.json's boots ([] for no boot)."""
    return [(records.Block.from_json(b["block"]), b["status"])
            for b in (booted or {}).get("boots", [])]


def why_not_run(booted, built):
    """Why a lab test has no verdict: the boot that should have run it stopped, hit its
    bound, or never happened."""
    if built != "yes":
        return "the file did not build"
    boots = (booted or {}).get("boots", [])
    if not boots:
        return "the boot did not run"
    last = boots[-1]
    block = records.Block.from_json(last["block"])
    if last["cut_short"]:
        return last["cut_short"]
    if block is not None and block.stopped and block.stopped[0] != "-":
        return "the boot stopped in %s: %s" % (block.stopped[0],
                                               verdicts.STATUS.get(block.stopped[1], "status %s"
                                                                   % block.stopped[1]))
    if block is None:
        return "the boot ended with no results (%s)" % verdicts.STATUS.get(
            last["status"], "status %s" % last["status"])
    return "the boot did not run it"


def lab_results(booted):
    """{(version, test): (kind, threshold, measured, verdict)} from the boots' result
    records (usertests' under "usertests", kalloctest's under "kalloctest")."""
    rows = {}
    for b, _ in boots_of(booted):
        for r in (b.results if b else []):
            version = "usertests" if r["version"] == "usertests" else "kalloctest"
            rows[(version, r["test"])] = (r["kind"], r["threshold"], r["measured"], r["verdict"])
    return rows


def judge(year, harts, explored, booted, built):
    """The row's verdicts: {"lab": {column: cell}, "classes": {column: cell}}, a cell being
    {"verdict": ..., "detail": ...}. explored/booted: check.py's data (None for a run that
    did not happen)."""
    found = lab_results(booted)
    reason = why_not_run(booted, built)
    lab = {}
    for test in YEAR_TESTS[year]:
        kind, threshold, measured, verdict = found.get(("kalloctest", test), ("",) * 4)
        lab[test] = {"verdict": verdict or "not run",
                     "detail": "; ".join(x for x in (kind, threshold, measured) if x) or
                     ("" if verdict else reason)}
    for test in USERTESTS:
        kind, threshold, measured, verdict = found.get(("usertests", test), ("",) * 4)
        lab["usertests " + test] = {"verdict": verdict or "not run",
                                    "detail": "; ".join(x for x in (threshold, measured) if x)
                                    or ("" if verdict else reason)}
    explorer = records.Block.from_json(explored["block"]) if explored else None
    table = {r["id"]: r for r in verdicts.table(explorer, explored is not None,
                                                boots_of(booted), str(harts))}
    classes = {}
    for column, _, _ in CLASSES:
        r = table[column]
        classes[column] = {"verdict": verdicts.word(r["found"]),
                           "detail": r["evidence"].replace("(story above)", "(story in the log)")}
    return {"lab": lab, "classes": classes}


def replay_of(explored):
    """The replay command of the explorer's first story, "" if it told none."""
    stories = ((explored or {}).get("block") or {}).get("other", {}).get("story", [])
    return next((s[4] for s in stories if s[4]), "")


def first_counterexample(explored, booted):
    """The explorer's first story (finding, schedule, replay command, the steps), or the
    rules it found broken; else what the boot says of its first failure: the suites that
    failed and why, where it stopped, and its addresses in the file's lines. "" if none.
    explored: the explorer's text; booted: check.py's data of the boot."""
    stories = records.told(explored)
    for what, text in stories:
        if what != "rules" and text.strip():
            return text
    for what, text in stories:
        if what == "rules" and text.strip():
            return text
    out = []
    for b in (booted or {}).get("boots", []):
        block = records.Block.from_json(b["block"])
        if block is None:
            continue
        out += ["the boot: %s FAIL: %s" % (n, block.reasons.get(n, ""))
                for n, o in block.suites if o == "FAIL"]
        if block.stopped and block.stopped[0] != "-":
            out.append("the boot stopped in %s: %s" % (
                block.stopped[0], verdicts.STATUS.get(block.stopped[1], block.stopped[1])))
        out += ["  %s (%s): %s" % tuple(l) for l in b.get("lookups", [])]
    return "\n".join(out) + "\n" if out else ""


def own_lines(text, path, source):
    """[(line number, text)] of the file named by path:NN in text, in order, once each."""
    lines = source.splitlines()
    seen = []
    for m in re.finditer(re.escape(path) + r":([0-9]+)\b", text):
        n = int(m.group(1))
        if n not in seen and 0 < n <= len(lines):
            seen.append(n)
    return [(n, lines[n - 1]) for n in seen]


def feedback(row, source, story, replay=""):
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
        out.append("    What a correct design does instead: " + FIXES[column] + ".")
    if found:
        out.append("  (docs/lab-mode.md, \"The bug classes\", says more of each, with "
                   "sketches.)")
    if row.get("boot_lines"):
        out += ["", "Where the boot stopped or saw it, in your file:"]
        out += ["  " + l for l in row["boot_lines"]]
        out += ["  %s:%d: %s" % (row["shown"], n, text.strip())
                for n, text in own_lines("\n".join(row["boot_lines"]), row["shown"], source)]
    lines = own_lines(story, row["shown"], source)
    if lines:
        out += ["", "Your lines in the first counterexample:"]
        out += ["  %s:%d: %s" % (row["shown"], n, text.strip()) for n, text in lines]
    if story:
        told = story.rstrip("\n").splitlines()
        out += ["", "The first counterexample, as kmem told it:", ""]
        out += ["  " + l for l in told[:STORY_LINES]]
        if len(told) > STORY_LINES:
            out.append("  ... (%d lines more in counterexample.txt)" % (len(told) - STORY_LINES))
    if row.get("links", {}).get("picture"):
        out += ["", "Each counterexample the explorer found is drawn in counterexample.html, "
                "beside this file: open it in a browser (a column per hart, a row per step, "
                "the locks each holds as bars; hover over a row for its code)."]
    if replay:
        out += ["", "To watch it again step by step in your own lines, with kmem: in a copy "
                "of kmem (the course's, or its public repository), run scripts/deps once "
                "(it installs the tools), then, with your file at " + row["shown"] + ":",
                "  " + replay]
    if row["notes"]:
        out += ["", "Notes:"] + ["  " + n for n in row["notes"]]
    fine = [c for c, _, _ in CLASSES if row["classes"][c]["verdict"] == "ok"]
    unjudged = [c for c, _, _ in CLASSES if row["classes"][c]["verdict"] == "n/a"]
    out += ["", "Checked and ok: " + (", ".join(fine) or "none") + "."]
    if unjudged:
        out.append("Not judged: " + ", ".join(unjudged) + ".")
    return "\n".join(out) + "\n"
