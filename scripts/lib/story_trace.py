"""A counterexample as a Chrome trace (what Perfetto's UI and chrome://tracing open): each
story a process, each hart a thread. Time is the story's lines, one microsecond each
(args carry the explorer's step); calls are spans with their result, each lock a hart
holds a span on the hart's lock track, stops (preempted, waits, pauses) instants with
where the hart stands, and the page counts counters."""


def _lock_spans(story, pid, hart, tid):
    """Spans of each lock the hart holds, from the rows' lock lists (X events: a hart may
    release its locks in any order)."""
    out, since = [], {}
    for i, row in enumerate(story.rows + [None]):
        now = set(row["locks"][hart]) if row else set()
        for lock in list(since):
            if lock not in now:
                out.append({"ph": "X", "name": lock, "cat": "lock", "ts": since[lock],
                            "dur": i - since.pop(lock), "pid": pid, "tid": tid})
        for lock in now - set(since):
            since[lock] = i
    return out


def _events(story, pid):
    out = [{"ph": "M", "name": "process_name", "pid": pid, "tid": 0,
            "args": {"name": f"{story.tag}: {story.scenario} ({story.what})"}}]
    for h in range(story.nharts):
        out += [{"ph": "M", "name": "thread_name", "pid": pid, "tid": 2 * h,
                 "args": {"name": f"hart {h}"}},
                {"ph": "M", "name": "thread_name", "pid": pid, "tid": 2 * h + 1,
                 "args": {"name": f"hart {h} locks"}}]
    open_call = {}
    for i, row in enumerate(story.rows):
        h, args = row["hart"], {"step": row["step"]}
        if row["where"]:
            args["where"] = row["where"]
        if row["line"]:
            args["line"] = row["line"]
        pages = {"free": row["free"], "held": row["held"]}
        if row["in_flight"] is not None:
            pages["in flight"] = row["in_flight"]
        out.append({"ph": "C", "name": "pages", "ts": i, "pid": pid, "tid": 0, "args": pages})
        if row["kind"] == "found":
            out.append({"ph": "i", "s": "p", "name": f"found: {story.finding}", "ts": i,
                        "pid": pid, "tid": 0, "args": {"finding": row["text"]}})
            continue
        tid = 2 * h
        if row["kind"] in ("call", "return", "event") and h in open_call:
            name = open_call.pop(h)  # a call ends at its return, or at the hart's next event
            out.append({"ph": "E", "name": name, "ts": i, "pid": pid, "tid": tid,
                        "args": {"result": row["text"]} if row["kind"] == "return" else {}})
        if row["kind"] == "call":
            open_call[h] = row["text"]
            out.append({"ph": "B", "name": row["text"], "cat": "call", "ts": i, "pid": pid,
                        "tid": tid, "args": args})
        elif row["kind"] != "return":
            if row["waits"]:
                args["waits for"] = row["waits"]
            out.append({"ph": "i", "s": "t", "name": f"{row['kind']}: {row['text']}",
                        "cat": row["kind"], "ts": i, "pid": pid, "tid": tid, "args": args})
    end = len(story.rows)
    for h, name in open_call.items():  # a call the story ends inside (a deadlock's)
        out.append({"ph": "E", "name": name, "ts": end, "pid": pid, "tid": 2 * h,
                    "args": {"result": "none: the story ends inside it"}})
    for h in range(story.nharts):
        out += sorted(_lock_spans(story, pid, h, 2 * h + 1), key=lambda e: e["ts"])
    return out


def chrome(stories):
    """The Chrome trace (a dict) of a list of story_steps.Story."""
    events = []
    for pid, story in enumerate(stories, 1):
        events += _events(story, pid)
    return {"traceEvents": events, "displayTimeUnit": "ms",
            "otherData": {"producer": "kmem schedule explorer (tests/explore/story_rows.c)",
                          "time": "one microsecond per line of the story; args.step is the "
                                  "explorer's step"}}
