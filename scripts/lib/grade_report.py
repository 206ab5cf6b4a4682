"""scripts/grade: the report of a set of graded submissions, in four forms from one list of
rows: results.json (what --merge reads back), report.csv (one line per submission, for a
gradebook), report.md and report.html (one page, sortable, nothing fetched)."""

import csv
import html
import json
import os

from grade_judge import CLASSES, USERTESTS, YEAR_TESTS

HERE = os.path.dirname(os.path.abspath(__file__))
LINKS = ["log", "counterexample", "picture", "feedback"]


def columns(year):
    """(key, heading) of every column after the submission's name and file."""
    cols = [("same_as", "same file as"), ("built", "builds"), ("result", "result"),
            ("lab_ok", "lab tests OK"), ("bugs", "bugs found")]
    cols += [("lab:" + t, year + " " + t) for t in YEAR_TESTS[year]]
    cols += [("lab:usertests " + t, "usertests " + t) for t in USERTESTS]
    cols += [("class:" + c, c) for c, _, _ in CLASSES]
    return cols


def picture_of(row, key):
    """The swimlane a FOUND cell links to: its class's story in the submission's
    counterexample.html, or None (the boot found it, or nothing was drawn)."""
    if not key.startswith("class:") or "picture" not in row.get("links", {}):
        return None
    name = key.split(":", 1)[1]
    return row["links"]["picture"] + "#" + name if name in row.get("pictured", []) else None


def cell(row, key):
    """(text, detail) of one cell."""
    if key.startswith("lab:") or key.startswith("class:"):
        part, name = key.split(":", 1)
        c = row.get("lab" if part == "lab" else "classes", {}).get(name)
        if c is None:
            return "not run" if part == "lab" else "n/a", ""
        return c["verdict"], c["detail"]
    if key == "built":
        return row["built"], row.get("build_error", "")
    if key == "result":
        return row["result"], "; ".join(row.get("incomplete", []))
    return str(row.get(key, "")), ""


def summarise(row):
    """Fills the row's totals: lab tests OK (of all), bugs found, and the result: fail (it
    did not build, was refused, a lab test failed or a bug was found), else incomplete (a
    step was cut short, or a class or a lab test was never judged: never a pass), else
    pass. row["incomplete"] says why."""
    lab = row.get("lab", {})
    ok = sum(c["verdict"] == "OK" for c in lab.values())
    row["lab_ok"] = "%d/%d" % (ok, len(lab))
    classes = row.get("classes", {})
    row["bugs"] = sum(c["verdict"] == "FOUND" for c in classes.values())
    failed = any(c["verdict"] == "FAIL" for c in lab.values())
    why = list(row.get("cut_short", []))
    if row.get("unjudged"):
        why.append(row["unjudged"])
    unjudged = [c for c, v in classes.items() if v["verdict"] == "n/a"]
    if unjudged and not row.get("unjudged"):
        why.append("not judged: " + ", ".join(unjudged))
    notrun = [t for t, v in lab.items() if v["verdict"] == "not run"]
    if notrun:
        why.append("lab tests not run: " + ", ".join(notrun))
    row["incomplete"] = why
    if row["built"] != "yes" or failed or row["bugs"]:
        row["result"] = "fail"
    else:
        row["result"] = "incomplete" if why else "pass"


def write(out, settings, rows):
    """Writes the four forms into out/."""
    rows = sorted(rows, key=lambda r: r["name"])
    for r in rows:
        summarise(r)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"settings": settings, "rows": rows}, f, indent=1, sort_keys=True)
    cols = columns(settings["year"])
    with open(os.path.join(out, "report.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["submission", "file"] + [h for _, h in cols] + LINKS)
        for r in rows:
            w.writerow([r["name"], r["shown"]] + [cell(r, k)[0] for k, _ in cols] +
                       [r["links"].get(l, "") for l in LINKS])
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write(markdown(settings, rows, cols))
    with open(os.path.join(out, "report.html"), "w") as f:
        f.write(page(settings, rows, cols))


def summary_lines(settings, rows):
    """The report's opening: what was graded, how, and what came out."""
    n = len(rows)
    passed = sum(r["result"] == "pass" for r in rows)
    incomplete = sum(r["result"] == "incomplete" for r in rows)
    missing = sum(r["built"] == "no kalloc.c found" for r in rows)
    unbuilt = sum(r["built"] != "yes" for r in rows) - missing
    distinct = len({r["key"] for r in rows if not r["problem"]})
    lines = ["%d submissions (%d distinct files): %d pass, %d fail, %d incomplete (a run cut "
             "short or a class not judged: not a pass), %d did not build or were refused, %d "
             "with no kalloc.c found." %
             (n, distinct, passed, n - passed - incomplete, incomplete, unbuilt, missing),
             "Lab %s's kalloctest and usertests at %s harts; the schedule explorer at "
             "preemption bound %s; at most %s s for each of a file's two runs." %
             (settings["year"], settings["harts"], settings["bound"], settings["timeout"]),
             settings["contention"]]
    if settings.get("shards"):
        lines.append("Merged from shards " + ", ".join(settings["shards"]) + ".")
    return lines


def markdown(settings, rows, cols):
    out = ["# kmem grading: lab %s" % settings["year"], ""]
    out += [l + "  " for l in summary_lines(settings, rows)]
    out += ["", "| submission | file | " + " | ".join(h for _, h in cols) + " | links |",
            "|" + " --- |" * (len(cols) + 3)]
    for r in rows:
        texts = [cell(r, k)[0] for k, _ in cols]
        texts = ["**%s**" % t if t in ("FAIL", "FOUND", "no", "fail") else
                 "*%s*" % t if t == "incomplete" else t for t in texts]
        texts = ["[%s](%s)" % (t, picture_of(r, k)) if picture_of(r, k) and
                 cell(r, k)[0] == "FOUND" else t for t, (k, _) in zip(texts, cols)]
        links = " ".join("[%s](%s)" % (l, r["links"][l]) for l in LINKS if r["links"].get(l))
        out.append("| %s | `%s` | %s | %s |" % (r["name"], r["shown"], " | ".join(texts), links))
    return "\n".join(out) + "\n"


def css_class(text):
    return "v-" + {"n/a": "na", "not run": "notrun"}.get(text, text.replace(" ", ""))


def page(settings, rows, cols):
    esc = html.escape
    heads = [("submission", "submission"), ("file", "file")] + cols + [("links", "links")]
    table = ['<table class="grades">', "<thead><tr>"]
    table += ['<th data-column="%s">%s</th>' % (esc(k), esc(h)) for k, h in heads]
    table += ["</tr></thead>", "<tbody>"]
    for r in rows:
        cells = ['<td class="name" title="%s">%s</td>' % (esc("; ".join(r["notes"])),
                                                          esc(r["name"])),
                 '<td class="file">%s</td>' % esc(r["shown"])]
        for k, _ in cols:
            text, detail = cell(r, k)
            cls = css_class(text) if k not in ("same_as", "bugs", "lab_ok") else ""
            link = picture_of(r, k) if text == "FOUND" else None
            shown = '<a href="%s">%s</a>' % (esc(link), esc(text)) if link else esc(text)
            cells.append('<td class="%s" title="%s">%s</td>' % (cls, esc(detail), shown))
        links = " ".join('<a href="%s">%s</a>' % (esc(r["links"][l]), l)
                         for l in LINKS if r["links"].get(l))
        cells.append("<td>%s</td>" % links)
        table.append("<tr>" + "".join(cells) + "</tr>")
    table += ["</tbody>", "</table>"]
    summary = "\n".join("<p>%s</p>" % esc(l) for l in summary_lines(settings, rows))
    text = open(os.path.join(HERE, "grade_page.html")).read()
    title = "kmem grading: lab %s, %d submissions" % (settings["year"], len(rows))
    return text.replace("{{TITLE}}", esc(title)).replace("{{SUMMARY}}", summary) \
        .replace("{{TABLE}}", "\n".join(table))
