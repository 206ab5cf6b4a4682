"""The explorer's told stories as data: its `steps` and `step` records (printed by
tests/explore/story_rows.c inside its verdicts block, or in a `stories` block with
--steps), one Story per counterexample, one dict per line the story tells."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from labmode import records  # noqa: E402

# A frame of a row's code: "func (file:line)".
FRAME = re.compile(r"^(\S+) \((.+):(\d+)\)$")
# Code that is kmem's, not the allocator's under test: a row's own line is the first frame
# outside it.
OURS = ("lib/", "arch/", "tests/explore/", "tests/labmode/compat/")


class Story:
    def __init__(self, tag, nharts, scenario, what, finding, message):
        self.tag, self.nharts, self.scenario, self.what = tag, nharts, scenario, what
        self.finding, self.message = finding, message
        self.rows = []


def _row(fields, nharts):
    """A step record's fields (after its tag) as a dict, or None if malformed."""
    if len(fields) != 9 + nharts:
        return None
    step, hart, kind, free, in_flight, held, waits = fields[:7]
    locks = [[x for x in f.split(", ") if x] for f in fields[7:7 + nharts]]
    where, text = fields[7 + nharts], fields[8 + nharts]
    frames = [m.groups() for m in (FRAME.match(f) for f in where.split(" < ") if where) if m]
    line = next((f"{os.path.basename(path)}:{n}" for _, path, n in frames
                 if not any(path.startswith(o) or f"/{o}" in path for o in OURS)), "")
    return {"step": int(step), "hart": int(hart), "kind": kind, "free": int(free),
            "in_flight": None if in_flight == "-" else int(in_flight), "held": int(held),
            "waits": waits, "locks": locks, "where": where, "line": line, "text": text}


def from_block(block):
    """The Stories of one records Block (its steps and step records), in order."""
    stories, by_tag = [], {}
    for f in block.other.get("steps", []):
        if len(f) >= 6 and f[1].isdigit():
            s = Story(f[0], int(f[1]), f[2], f[3], f[4], f[5] if len(f) > 5 else "")
            stories.append(s)
            by_tag[s.tag] = s
    for f in block.other.get("step", []):
        s = by_tag.get(f[0]) if f else None
        row = _row(f[1:], s.nharts) if s else None
        if row:
            s.rows.append(row)
    return [s for s in stories if s.rows]


def from_text(text):
    """The Stories of an explorer's output: its verdicts block's (lab mode), else its
    stories block's (--steps)."""
    blocks = records.read(text)
    for producer in ("explorer", "stories"):
        if producer in blocks:
            found = from_block(blocks[producer])
            if found:
                return found
    return []
