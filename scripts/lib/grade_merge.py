"""scripts/grade --merge: shards' report folders (each from --shard I/N) joined into the
report one run over every submission would have written."""

import json
import os
import shutil
import sys

import grade_report
import grade_run

# Settings that differ between shards by design: which shard, and the load measured.
OWN = ("shard", "contention")


def merge(opts):
    """Joins shard reports: the same settings, every shard I of N exactly once."""
    loaded = []
    for d in opts["inputs"]:
        path = os.path.join(d, "results.json")
        if not os.path.isfile(path):
            print("scripts/grade: %s holds no results.json: not a report folder" % d,
                  file=sys.stderr)
            return 2
        loaded.append((d, json.load(open(path))))
    shards = [r["settings"].get("shard") for _, r in loaded]
    base = {k: v for k, v in loaded[0][1]["settings"].items() if k not in OWN}
    problems = []
    if None in shards:
        problems.append("a folder is not a shard (graded without --shard)")
    else:
        n = {s.split("/")[1] for s in shards}
        wanted = {"%d/%s" % (i, m) for m in n for i in range(1, int(m) + 1)}
        if len(n) != 1 or sorted(shards) != sorted(wanted):
            problems.append("the shards are %s, not each of 1/N to N/N once" % ", ".join(shards))
    for d, r in loaded:
        mine = {k: v for k, v in r["settings"].items() if k not in OWN}
        if mine != base:
            problems.append("%s was graded with other settings (%s)" % (d, mine))
    if problems:
        for p in problems:
            print("scripts/grade: --merge: " + p, file=sys.stderr)
        return 2
    grade_run.prepare_out(opts["out"])  # only now: a refused merge leaves nothing behind
    rows = []
    for d, r in loaded:
        rows += r["rows"]
        src = os.path.join(d, "subs")
        if os.path.isdir(src) and os.path.abspath(d) != os.path.abspath(opts["out"]):
            shutil.copytree(src, os.path.join(opts["out"], "subs"), dirs_exist_ok=True)
    settings = dict(base, shards=sorted(shards, key=lambda s: int(s.split("/")[0])),
                    contention=" ".join(sorted({r["settings"]["contention"] for _, r in loaded})))
    grade_report.write(opts["out"], settings, rows)
    print("scripts/grade: merged %d shards, %d submissions; report: %s" %
          (len(loaded), len(rows), os.path.join(opts["out"], "report.html")), file=sys.stderr)
    return 0
