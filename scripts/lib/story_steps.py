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


def lock_runs(rows, hart):
    """[(lock, first row, last row)] of each stretch in which the hart holds a lock, from
    the rows' lock lists (a hart may release its locks in any order)."""
    runs, since = [], {}
    for i, r in enumerate(rows + [None]):
        now = set(r["locks"][hart]) if r else set()
        for lock in [lk for lk in since if lk not in now]:
            runs.append((lock, since.pop(lock), i - 1))
        for lock in now - set(since):
            since[lock] = i
    return runs


def calls(rows):
    """[(row of a call, the row that closes it or None, 1 if that row is its return)]: a
    call closes at its return, or at its hart's next call or event (kfree tells none);
    None: the story ends inside it (a deadlock's)."""
    out = []
    for i, r in enumerate(rows):
        if r["kind"] == "call":
            close = next((k for k in range(i + 1, len(rows)) if rows[k]["hart"] == r["hart"]
                          and rows[k]["kind"] in ("call", "return", "event")), None)
            out.append((i, close, close is not None and rows[close]["kind"] == "return"))
    return out


def replays(block):
    """{story tag: its replay command} of the explorer's story records (lab mode)."""
    return {f[0]: f[4] for f in block.other.get("story", []) if len(f) >= 5} if block else {}


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
