"""The Chrome trace event format as the judges check it (trace_check, story_check), with
nothing but Python's json: problems(trace) lists what is wrong, [] if nothing.
  - traceEvents is a list; every event but metadata has ph, ts, pid and tid, and ph is one
    the format defines (B, E, X, i, C, M here);
  - on each track (pid, tid) the B and E events balance, each E closing the latest open B
    of the same name, and the timestamps never go back;
  - an X has a duration >= 0, a C numeric args."""

PHASES = {"B", "E", "X", "i", "C", "M"}


def problems(trace):
    out = []
    events = trace.get("traceEvents") if isinstance(trace, dict) else None
    if not isinstance(events, list):
        return ["no traceEvents list"]
    open_spans, last_ts = {}, {}
    for n, e in enumerate(events):
        missing = [k for k in ("ph", "ts", "pid", "tid") if k not in e and e.get("ph") != "M"]
        if missing or e.get("ph") not in PHASES:
            out.append(f"event {n} lacks {missing} or has ph {e.get('ph')!r}: {e}")
            continue
        if e["ph"] == "M":
            continue
        track = (e["pid"], e["tid"])
        if e["ts"] < last_ts.get(track, float("-inf")):
            out.append(f"event {n}: ts {e['ts']} goes back on track {track}")
        last_ts[track] = e["ts"]
        stack = open_spans.setdefault(track, [])
        if e["ph"] == "B":
            stack.append(e["name"])
        elif e["ph"] == "E":
            if not stack or stack[-1] != e.get("name"):
                out.append(f"event {n}: E {e.get('name')!r} on {track} closes {stack[-1:]}")
            else:
                stack.pop()
        elif e["ph"] == "X" and not e.get("dur", -1) >= 0:
            out.append(f"event {n}: an X without a duration >= 0: {e}")
        elif e["ph"] == "C" and not all(isinstance(v, (int, float))
                                        for v in e.get("args", {}).values()):
            out.append(f"event {n}: a counter with non-numeric args: {e}")
    out += [f"track {t} leaves {s} open" for t, s in open_spans.items() if s]
    return out


def tracks(trace):
    """The (pid, tid) pairs that carry events."""
    return {(e["pid"], e["tid"]) for e in trace["traceEvents"] if e.get("ph") != "M"}
