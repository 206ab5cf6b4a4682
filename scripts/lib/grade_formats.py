"""scripts/grade's report in the forms course tools read: Gradescope's autograder
results.json (--gradescope DIR) and JUnit XML (--junit FILE), from the report's rows
(results.json), with the points of a small rules file (grade_points.txt by default).
A test passes only on a verdict that says so (a lab test OK, a class ok): FAIL, FOUND,
not run and not judged never do."""

import json
import os
import re
import xml.etree.ElementTree as ET

from grade_judge import CLASSES, USERTESTS, YEAR_TESTS

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_POINTS = os.path.join(HERE, "grade_points.txt")
PASSED = ("OK", "ok")


class PointsError(Exception):
    pass


def load_points(path=None):
    """{("lab"|"class", NAME or "*"): points} of a rules file; PointsError says what is
    wrong with a bad one."""
    rules = {}
    path = path or DEFAULT_POINTS
    try:
        lines = open(path).read().splitlines()
    except OSError as e:
        raise PointsError("cannot read %s: %s" % (path, e.strerror))
    for n, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^(lab|class) +(.+?) +([0-9]+(?:\.[0-9]+)?)$", line)
        if not m:
            raise PointsError("%s:%d: not 'lab|class NAME POINTS': %s" % (path, n, line))
        rules[(m.group(1), m.group(2))] = float(m.group(3))
    return rules


def points_of(rules, kind, name):
    return rules.get((kind, name), rules.get((kind, "*"), 0.0))


def tests_of(row):
    """[(kind, name, verdict, detail)] of a row: its lab tests in the lab's order, then its
    classes in lab_classes.def's."""
    lab, classes = row.get("lab", {}), row.get("classes", {})
    order = YEAR_TESTS.get(row.get("year"), []) + ["usertests " + t for t in USERTESTS]
    out = [("lab", n, lab[n]["verdict"], lab[n]["detail"])
           for n in sorted(lab, key=lambda n: order.index(n) if n in order else len(order))]
    ids = [c for c, _, _ in CLASSES]
    out += [("class", n, classes[n]["verdict"], classes[n]["detail"])
            for n in sorted(classes, key=lambda n: ids.index(n) if n in ids else len(ids))]
    return out


def gradescope_results(row, rules, feedback):
    """The results.json of one submission (Gradescope's autograder output format)."""
    tests = []
    for kind, name, verdict, detail in tests_of(row):
        worth = points_of(rules, kind, name)
        passed = verdict in PASSED
        what = "lab test" if kind == "lab" else "bug class"
        tests.append({"name": "%s %s" % (what, name), "score": worth if passed else 0.0,
                      "max_score": worth, "status": "passed" if passed else "failed",
                      "output": "%s%s" % (verdict, ": " + detail if detail else ""),
                      "visibility": "visible"})
    if row["built"] != "yes":  # nothing was judged: every test says why
        for t in tests:
            t["output"] = "not graded: " + (row.get("problem") or row.get("build_error") or
                                           "the file did not build")
    return {"score": sum(t["score"] for t in tests),
            "output": feedback, "visibility": "visible", "stdout_visibility": "hidden",
            "tests": tests,
            "extra_data": {"kmem_result": row["result"], "built": row["built"]}}


def write_gradescope(folder, out, rows, rules):
    """results.json per submission: folder/results.json when there is one (Gradescope
    grades one submission at a time), else folder/NAME/results.json each."""
    os.makedirs(folder, exist_ok=True)
    for row in rows:
        link = row.get("links", {}).get("feedback")
        feedback = open(os.path.join(out, link)).read() if link and \
            os.path.isfile(os.path.join(out, link)) else ""
        where = folder if len(rows) == 1 else os.path.join(folder, safe_name(row["name"]))
        os.makedirs(where, exist_ok=True)
        with open(os.path.join(where, "results.json"), "w") as f:
            json.dump(gradescope_results(row, rules, feedback), f, indent=1)


def safe_name(name):
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def junit_tree(settings, rows):
    """<testsuites>: a <testsuite> per submission, a <testcase> per lab test and class;
    <failure> for FAIL and FOUND, <skipped> for not run and not judged, <error> for a
    file that was not graded at all."""
    top = ET.Element("testsuites", name="kmem grading: lab %s" % settings["year"])
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for row in rows:
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        suite = ET.SubElement(top, "testsuite", name=row["name"])
        for kind, name, verdict, detail in tests_of(row):
            case = ET.SubElement(suite, "testcase", name="%s %s" % (kind, name),
                                 classname="kmem.%s" % safe_name(row["name"]))
            counts["tests"] += 1
            message = "%s%s" % (verdict, ": " + detail if detail else "")
            if row["built"] != "yes":
                ET.SubElement(case, "error", message="not graded: " + (
                    row.get("problem") or "the file did not build"), type="not graded")
                counts["errors"] += 1
            elif verdict in ("FAIL", "FOUND"):
                ET.SubElement(case, "failure", message=message, type=verdict).text = detail
                counts["failures"] += 1
            elif verdict not in PASSED:
                ET.SubElement(case, "skipped", message=message)
                counts["skipped"] += 1
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
        suite.set("time", "%.1f" % sum(v or 0 for k, v in row.get("seconds", {}).items()
                                       if k in ("explore", "boot")))
    for k, v in totals.items():
        top.set(k, str(v))
    return ET.ElementTree(top)


def write_junit(path, settings, rows):
    tree = junit_tree(settings, rows)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def write(out, gradescope=None, junit=None, points=None):
    """Both forms, from the report in out/ (results.json)."""
    report = json.load(open(os.path.join(out, "results.json")))
    rows = sorted(report["rows"], key=lambda r: r["name"])
    if gradescope:
        write_gradescope(gradescope, out, rows, load_points(points))
    if junit:
        write_junit(junit, report["settings"], rows)
