"""scripts/grade: one submission's row of the report, and its folder (log,
counterexample, feedback), from what lab mode saved of the file's two runs (its build's
outcome, explored.json and booted.json in scripts/run's folder for the file: data, never
the runs' text); and where that folder is."""

import hashlib
import json
import os
import re

import grade_judge
import grade_report
from labmode import sandbox

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def work_of(path):
    """scripts/run's folder for the file (build/xv6/NAME-HASH, as scripts/run names it)."""
    tag = "%s-%s" % (os.path.basename(path)[:-2] if path.endswith(".c") else
                     os.path.basename(path), hashlib.sha1(path.encode()).hexdigest()[:8])
    return os.path.join(TOP, "build", "xv6", tag)


def load(path):
    """A JSON file scripts/labmode wrote, None if there is none."""
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def build_cpu(path, what="build"):
    """CPU seconds of the file's builds in the sandbox (both compiles, both links, the
    checks), or with what="steps" of all its explorer runs and boots so far, as
    scripts/labmode wrote them into scripts/run's folder for the file."""
    try:
        return float(open(os.path.join(work_of(path), what + "-cpu.txt")).read())
    except (OSError, ValueError):
        return None


def paths_of(s):
    """The ways a run's text names the file: absolute, and relative to kmem's top."""
    real = os.path.realpath(s.path)
    names = [real]
    if real.startswith(TOP + os.sep):
        names.append(os.path.relpath(real, TOP))
    return names


def finish(opts, s, first, o, work, out):
    """The submission's row, and its folder: log, counterexample, feedback."""
    explored = boot = ""
    d = os.path.join(work, first.key if first else "none")
    if os.path.isfile(os.path.join(d, "explore.log")):
        explored = open(os.path.join(d, "explore.log"), errors="replace").read()
    if os.path.isfile(os.path.join(d, "boot.log")):
        boot = open(os.path.join(d, "boot.log"), errors="replace").read()
    def own(text):
        """The text with the file's copy named as the submission names it (copies: their own
        path), and the files beside it by the submission's folder."""
        for name in (paths_of(first) if first else []):
            text = text.replace(name, s.shown)
        folder = os.path.dirname(s.shown)
        for name in (paths_of(first) if first else []):
            text = text.replace(os.path.dirname(name) + os.sep, folder + os.sep if folder else "")
        return text

    explored, boot, error = own(explored), own(boot), own(o.get("build_error", ""))
    row = {"name": s.name, "shown": s.shown, "key": s.key, "same_as": s.same_as,
           "notes": s.notes, "problem": s.problem, "year": opts["year"],
           "harts": opts["harts"],
           "built": "no kalloc.c found" if s.problem.startswith("no kalloc.c") else
           o.get("built", "no"),
           "build_error": s.problem or error,
           "cut_short": o.get("cut_short", []), "unjudged": o.get("unjudged", ""),
           "seconds": {"explore": o.get("explore_seconds"), "boot": o.get("boot_seconds"),
                       "build_cpu": o.get("build_cpu")}}
    explored_data = booted_data = None
    if first and row["built"] == "yes":
        explored_data = load(os.path.join(work_of(first.path), "explored.json"))
        booted_data = load(os.path.join(work_of(first.path), "booted.json"))
    row.update(grade_judge.judge(opts["year"], opts["harts"], explored_data, booted_data,
                                 row["built"]))
    # The boot's addresses in the file's lines (a fault, a livelock, cpuid()'s callers).
    row["boot_lines"] = []
    for b in (booted_data or {}).get("boots", []):
        for _, what, where in b.get("lookups", []):
            where = own(where)
            if "%s: %s" % (what, where) not in row["boot_lines"]:
                row["boot_lines"].append("%s: %s" % (what, where))
    if row["built"] == "yes":
        steps = [("the explorer", explored_data)] + \
            [("the boot", b) for b in (booted_data or {}).get("boots", [])]
        for what, step in steps:  # the sandbox's cap on a step's log
            if step and step.get("log_cut"):
                row["notes"].append("%s printed %d bytes: its output was cut to its first and "
                                    "last %d KiB" % (what, step["log_cut"],
                                                     sandbox.LOG_CAP // 2048))
        for note in ("explorer_note", "boot_note"):
            if o.get(note):
                row["notes"].append(o[note])
        row["other_cores"] = o.get("other_cores", 0)
        row["contention_note"] = "contention measured alone; other processes used " \
            "%.2f cores during the boot" % row["other_cores"]
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", s.name)
    sub = os.path.join(out, "subs", safe)
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, "log.txt"), "w") as f:
        f.write("== %s: build and schedule explorer (scripts/run --no-boot) ==\n" % s.shown)
        f.write(explored or "(did not run)\n")
        f.write("\n== %s: boot of the lab's tests (scripts/run --no-explore --lab %s) ==\n" %
                (s.shown, opts["year"]))
        f.write(boot or "(did not run)\n")
    grade_report.summarise(row)
    story = own(grade_judge.first_counterexample(explored, booted_data))
    row["links"] = {"log": "subs/%s/log.txt" % safe, "feedback": "subs/%s/feedback.txt" % safe}
    if story:
        with open(os.path.join(sub, "counterexample.txt"), "w") as f:
            f.write(story)
        row["links"]["counterexample"] = "subs/%s/counterexample.txt" % safe
    # The explorer's stories as swimlanes (lab mode drew them: labmode/check.py), with the
    # file named as the submission names it; a FOUND cell links to its class's.
    drawn = os.path.join(work_of(first.path), "counterexample.html") if first else ""
    if row["built"] == "yes" and os.path.isfile(drawn):
        with open(os.path.join(sub, "counterexample.html"), "w") as f:
            f.write(own(open(drawn, errors="replace").read()))
        row["links"]["picture"] = "subs/%s/counterexample.html" % safe
        block = (explored_data or {}).get("block") or {}
        row["pictured"] = [f[0] for f in block.get("other", {}).get("steps", [])]
    # Only the copy intake made: a refused file is never opened (a FIFO, a link).
    source = open(s.path, errors="replace").read() if s.path and not s.problem else ""
    replay = own(grade_judge.replay_of(explored_data))
    with open(os.path.join(sub, "feedback.txt"), "w") as f:
        f.write(grade_judge.feedback(row, source, story, replay))
    return row
