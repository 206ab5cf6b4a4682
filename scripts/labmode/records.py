"""Lab mode's records: the one reader of what the explorer and the kernel print for
programs (tests/labmode/lab_record.h), and of the bug classes they judge
(tests/labmode/lab_classes.def). Nothing else in scripts/ reads their verdict text."""

import os
import re

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEF = os.path.join(TOP, "tests", "labmode", "lab_classes.def")
MARK = "@kmem\t"


def classes():
    """[{"id", "by" (a set of program names), "title", "meaning", "fix"}] in the .def's
    order: one LAB_CLASS(...) line each."""
    out = []
    for line in open(DEF):
        m = re.match(r'^LAB_CLASS\((\w+), "([^"]*)", "([^"]*)", "([^"]*)", "([^"]*)"\)$',
                     line.strip())
        if m:
            out.append({"id": m.group(1), "by": set(m.group(2).split()), "title": m.group(3),
                        "meaning": m.group(4), "fix": m.group(5)})
    return out


class Block:
    """One producer's records: verdicts {class: (word, evidence)}, suites [(name,
    outcome)], results [dict], where [(address, kind, what)], stopped (suite, status) or
    None, and whatever else it said, by record name, as lists of fields."""

    def __init__(self):
        self.verdicts, self.suites, self.results, self.where = {}, [], [], []
        self.stopped = None
        self.reasons = {}  # suite: why it failed or skipped
        self.other = {}

    def add(self, fields):
        name, rest = fields[0], fields[1:]
        if name == "verdict" and len(rest) >= 2:
            self.verdicts[rest[0]] = (rest[1], rest[2] if len(rest) > 2 else "")
        elif name == "suite" and len(rest) in (2, 3):
            self.suites.append((rest[0], rest[1]))
            if len(rest) == 3 and rest[2]:
                self.reasons[rest[0]] = rest[2]
        elif name == "result" and len(rest) == 6:
            self.results.append(dict(zip(("version", "test", "kind", "verdict", "threshold",
                                          "measured"), rest)))
        elif name == "where" and len(rest) == 3:
            self.where.append(tuple(rest))
        elif name == "stopped" and len(rest) == 2:
            self.stopped = (rest[0], int(rest[1]) if rest[1].lstrip("-").isdigit() else None)
        else:
            self.other.setdefault(name, []).append(rest)

    @classmethod
    def from_json(cls, d):
        """The Block that check.py saved (None stays None)."""
        if d is None:
            return None
        b = cls()
        b.verdicts = {k: tuple(v) for k, v in d["verdicts"].items()}
        b.suites = [tuple(x) for x in d["suites"]]
        b.results, b.where = d["results"], [tuple(x) for x in d["where"]]
        b.stopped = tuple(d["stopped"]) if d["stopped"] else None
        b.reasons = d.get("reasons", {})
        b.other = d["other"]
        return b

    def suite(self, name):
        """The suite's outcome (OK, FAIL, SKIP, running, not run), None if not selected."""
        for n, outcome in self.suites:
            if n == name:
                return outcome
        return None


def read(text):
    """{producer: Block} of each producer's last complete block in text (begin ... end):
    one the file under test printed before the real one is overwritten by it."""
    blocks, current, producer = {}, None, None
    for line in text.splitlines():
        if not line.startswith(MARK):
            continue
        fields = line[len(MARK):].split("\t")
        if fields[0] == "begin" and len(fields) == 2:
            current, producer = Block(), fields[1]
        elif fields[0] == "end" and current is not None and fields[1:] == [producer]:
            blocks[producer] = current
            current = None
        elif current is not None:
            current.add(fields)
    return blocks


def told(text):
    """[(class or "rules", its text)] of the stories the explorer marked (told ... told
    end), in order."""
    out, current, lines = [], None, []
    for line in text.splitlines():
        if line.startswith(MARK + "told\t"):
            what = line[len(MARK + "told\t"):]
            if what == "end" and current is not None:
                out.append((current, "\n".join(lines).strip("\n") + "\n"))
                current = None
            elif what != "end":
                current, lines = what, []
        elif current is not None and not line.startswith(MARK):
            lines.append(line)
    return out
