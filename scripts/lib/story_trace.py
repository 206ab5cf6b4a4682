"""A counterexample as a Chrome trace (what Perfetto's UI and chrome://tracing open): each
story a process, each hart a thread. Time is the story's lines, one microsecond each
(args carry the explorer's step); calls are spans with their result, each lock a hart
holds a span on the hart's lock track, stops (preempted, waits, pauses) instants with
where the hart stands, and the page counts counters."""
import story_steps



def _events(story, pid):
    out = [{"ph": "M", "name": "process_name", "pid": pid, "tid": 0,
            "args": {"name": f"{story.tag}: {story.scenario} ({story.what})"}}]
    for h in range(story.nharts):
        out += [{"ph": "M", "name": "thread_name", "pid": pid, "tid": 2 * h,
                 "args": {"name": f"hart {h}"}},
                {"ph": "M", "name": "thread_name", "pid": pid, "tid": 2 * h + 1,
                 "args": {"name": f"hart {h} locks"}}]
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
        elif row["kind"] not in ("call", "return"):
            if row["waits"]:
                args["waits for"] = row["waits"]
            out.append({"ph": "i", "s": "t", "name": f"{row['kind']}: {row['text']}",
                        "cat": row["kind"], "ts": i, "pid": pid, "tid": 2 * h, "args": args})
    end = len(story.rows)
    for i, close, returned in story_steps.calls(story.rows):
        r, tid = story.rows[i], 2 * story.rows[i]["hart"]
        result = story.rows[close]["text"] if returned else \
            "none: the story ends inside it" if close is None else None
        args = {"step": r["step"], **({"where": r["where"]} if r["where"] else {}),
                **({"line": r["line"]} if r["line"] else {})}
        out += [{"ph": "B", "name": r["text"], "cat": "call", "ts": i, "pid": pid, "tid": tid,
                 "args": args},
                {"ph": "E", "name": r["text"], "ts": end if close is None else close,
                 "pid": pid, "tid": tid, "args": {"result": result} if result else {}}]
    for h in range(story.nharts):
        out += [{"ph": "X", "name": lock, "cat": "lock", "ts": first, "dur": last + 1 - first,
                 "pid": pid, "tid": 2 * h + 1}
                for lock, first, last in sorted(story_steps.lock_runs(story.rows, h),
                                                key=lambda run: run[1])]
    return sorted(out, key=lambda e: (e["ph"] != "M", e.get("ts", 0)))


def chrome(stories):
    """The Chrome trace (a dict) of a list of story_steps.Story."""
    events = []
    for pid, story in enumerate(stories, 1):
        events += _events(story, pid)
    return {"traceEvents": events, "displayTimeUnit": "ms",
            "otherData": {"producer": "kmem schedule explorer (tests/explore/story_rows.c)",
                          "time": "one microsecond per line of the story; args.step is the "
                                  "explorer's step"}}
