"""A QEMU run's timeline as a Chrome trace: the kernel's @trace blocks (lib/trace.c, one
per suite) decoded into the trace event format Perfetto's UI and chrome://tracing open.

Each suite is a process, each hart a thread (a track); lock holds, waits, steals, refills
and drains are B/E spans, hand-backs and out-of-memory returns instants, and each list's
length a counter, sampled at every release of its lock.

usage: kernel_trace.py CONSOLE_LOG OUT.json
"""
import base64
import json
import sys

# lib/trace.h's enum trace_kind, in order from 1.
KINDS = ["hold", "unhold", "wait", "waited", "steal", "stole", "hand_back", "refill",
         "refilled", "drain", "drained", "oom", "suite", "suite_end", "counters"]
NOBODY = 0xffffffff
OUTCOMES = ["passed", "failed", "skipped"]


class Block:
    """One suite's rings: lock names by id, and per hart (written, kept, events)."""

    def __init__(self, suite, harts, timebase):
        self.suite, self.harts, self.timebase = suite, harts, timebase
        self.locks = {}
        self.rings = {}  # hart -> {"written": n, "kept": n, "data": [base64 lines]}


def blocks(text):
    """The complete @trace blocks of a console log, in order."""
    found, block, ring = [], None, None
    for line in text.splitlines():
        if not line.startswith("@trace "):
            continue
        words = line.split(" ")
        what = words[1]
        if what == "begin" and len(words) == 7:
            block = Block(words[2], int(words[4]), int(words[6]))
        elif block is None:
            continue
        elif what == "lock" and len(words) >= 4:
            block.locks[int(words[2])] = " ".join(words[3:])
        elif what == "hart" and len(words) == 7:
            ring = {"written": int(words[4]), "kept": int(words[6]), "data": []}
            block.rings[int(words[2])] = ring
        elif what == "data" and ring is not None:
            ring["data"].append(words[2])
        elif what == "end":
            found.append(block)
            block, ring = None, None
    return found


def _varint(data, at):
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7f) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def events(ring):
    """A ring's events as (ticks, kind, what, arg or None), oldest first."""
    text = "".join(ring["data"])
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    out, at, time = [], 0, 0
    while at < len(data):
        delta, at = _varint(data, at)
        kind = data[at]
        at += 1
        what, at = _varint(data, at)
        arg, at = _varint(data, at)
        time += delta
        out.append((time, KINDS[kind - 1] if 0 < kind <= len(KINDS) else f"kind{kind}",
                    what, arg - 1 if arg else None))
    if len(out) != ring["kept"]:
        raise ValueError(f"a ring says it kept {ring['kept']} events, its data holds {len(out)}")
    return out


def _list_name(index):
    return "nobody" if index == NOBODY else f"kmem.{index}"


def _track(block, pid, hart, ring, base):
    """One hart's events of one suite as trace events; spans its ring lost the start of
    are left out, spans it lost the end of are closed at its last event."""
    lock = lambda what: block.locks.get(what, f"lock+{what:#x}")
    us = lambda ticks: (ticks - base) * 1e6 / block.timebase
    out, open_spans, last = [], [], 0.0

    def begin(ts, name, cat, args=None):
        out.append({"ph": "B", "name": name, "cat": cat, "ts": ts, "pid": pid, "tid": hart,
                    **({"args": args} if args else {})})
        open_spans.append(name)

    def end(ts, name, args=None):
        if not open_spans or open_spans[-1] != name:
            return  # its B was overwritten in the ring
        open_spans.pop()
        out.append({"ph": "E", "name": name, "ts": ts, "pid": pid, "tid": hart,
                    **({"args": args} if args else {})})

    for ticks, kind, what, arg in events(ring):
        ts = last = us(ticks)
        if kind == "hold":
            begin(ts, lock(what), "lock")
        elif kind == "unhold":
            end(ts, lock(what))
            if arg is not None:
                out.append({"ph": "C", "name": f"{lock(what)} length", "ts": ts, "pid": pid,
                            "tid": hart, "args": {"pages": arg}})
        elif kind == "wait":
            begin(ts, f"wait {lock(what)}", "wait")
        elif kind == "waited":
            end(ts, f"wait {lock(what)}", {"failed swaps": arg})
        elif kind == "steal":
            begin(ts, "steal", "steal", {"thief": _list_name(what)})
        elif kind == "stole":
            end(ts, "steal", {"victim": _list_name(what), "pages": arg})
        elif kind == "hand_back":
            out.append({"ph": "i", "s": "t", "name": "hand back", "cat": "steal", "ts": ts,
                        "pid": pid, "tid": hart, "args": {"to": _list_name(what), "pages": arg}})
        elif kind in ("refill", "drain"):
            begin(ts, kind, "cache", {"list": _list_name(what)})
        elif kind in ("refilled", "drained"):
            end(ts, {"refilled": "refill", "drained": "drain"}[kind], {"pages": arg})
        elif kind == "oom":
            out.append({"ph": "i", "s": "t", "name": "kalloc returned 0", "cat": "oom",
                        "ts": ts, "pid": pid, "tid": hart})
        elif kind == "counters":
            out.append({"ph": "i", "s": "g", "name": "lock counters " + ("read" if what else "reset"),
                        "cat": "counters", "ts": ts, "pid": pid, "tid": hart})
        elif kind == "suite":
            begin(ts, f"suite {block.suite}", "suite")
        elif kind == "suite_end":
            end(ts, f"suite {block.suite}",
                {"outcome": OUTCOMES[arg] if arg is not None and arg < 3 else arg})
    while open_spans:
        end(last, open_spans[-1], {"cut": "the suite ended before this span did"})
    return out


def chrome(found):
    """The Chrome trace (a dict) of decoded blocks: one process per suite."""
    trace, rings = [], []
    for pid, block in enumerate(found, 1):
        trace.append({"ph": "M", "name": "process_name", "pid": pid, "tid": 0,
                      "args": {"name": f"{block.suite} ({block.harts} harts)"}})
        firsts = [events(r)[0][0] for r in block.rings.values() if r["kept"]]
        base = min(firsts) if firsts else 0
        for hart, ring in sorted(block.rings.items()):
            trace.append({"ph": "M", "name": "thread_name", "pid": pid, "tid": hart,
                          "args": {"name": f"hart {hart}"}})
            trace.extend(_track(block, pid, hart, ring, base))
            rings.append({"suite": block.suite, "hart": hart, "written": ring["written"],
                          "kept": ring["kept"]})
    return {"traceEvents": trace, "displayTimeUnit": "ns",
            "otherData": {"producer": "kmem lib/trace.c", "rings": rings}}


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(argv[1], errors="replace") as f:
        found = blocks(f.read())
    if not found:
        print(f"kernel_trace: no @trace block in {argv[1]} (was the boot option trace set?)",
              file=sys.stderr)
        return 1
    trace = chrome(found)
    with open(argv[2], "w") as f:
        json.dump(trace, f)
    lost = sum(r["written"] - r["kept"] for r in trace["otherData"]["rings"])
    print(f"trace: {argv[2]}: {len(found)} suite(s), {len(trace['traceEvents'])} events"
          + (f"; {lost} older events lost (the rings were full: raise trace=)" if lost else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
