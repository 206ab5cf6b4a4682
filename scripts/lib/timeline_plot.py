"""A QEMU run's Chrome trace (scripts/run --trace) drawn as a per-hart timeline with
matplotlib, for the docs: Perfetto's UI shows the same file interactively, but cannot run
offline here. One lane per hart: the locks it holds, its steals, refills, drains and
waits as bars; below, each list's length over time.

usage: timeline_plot.py TRACE.json SUITE OUT.png"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.transforms as transforms  # noqa: E402

# What each span is drawn as: its row within the hart's lane (0 top) and colour.
STYLE = {"lock": (0, "#1f77b4", "lock held"), "wait": (0, "#d62728", "waiting for a lock"),
         "steal": (1, "#ff7f0e", "steal"), "cache": (2, "#2ca02c", "refill / drain")}


def spans(events, pid):
    """{(tid, cat): [(start, length)]} of the process's B/E pairs, in ms."""
    out, open_at = {}, {}
    for e in events:
        if e.get("pid") != pid or e["ph"] not in "BE":
            continue
        key = (e["tid"], e["name"])
        if e["ph"] == "B":
            open_at.setdefault(key, []).append((e["ts"], e.get("cat", "")))
        elif open_at.get(key):
            start, cat = open_at[key].pop()
            if cat != "suite":
                out.setdefault((e["tid"], cat), []).append((start / 1e3, (e["ts"] - start) / 1e3))
    return out


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(argv[0]) as f:
        events = json.load(f)["traceEvents"]
    names = {e["pid"]: e["args"]["name"] for e in events if e.get("name") == "process_name"}
    pid = next((p for p, n in names.items() if n.split(" ")[0] == argv[1]), None)
    if pid is None:
        print(f"timeline_plot: no suite {argv[1]} in {argv[0]} ({sorted(names.values())})",
              file=sys.stderr)
        return 1
    harts = sorted({e["tid"] for e in events if e.get("pid") == pid and e["ph"] != "M"})
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(13, 7.5), sharex=True,
                                      gridspec_kw={"height_ratios": [3, 1.4]})
    drawn, found = set(), spans(events, pid)
    end = max((s + d for bars in found.values() for s, d in bars), default=1.0)
    for (tid, cat), bars in sorted(found.items()):
        if cat not in STYLE:
            continue
        row, colour, label = STYLE[cat]
        y = (len(harts) - 1 - harts.index(tid)) * 4 + (2 - row) + 0.1
        # Every span at least 1/600 of the run wide: a single refill still shows.
        top.broken_barh([(s, max(d, end / 600)) for s, d in bars], (y, 0.8), facecolors=colour,
                        label=None if label in drawn else label)
        drawn.add(label)
    for i, h in enumerate(harts):  # each lane's counts, at its left
        count = lambda cat: len(found.get((h, cat), []))
        top.text(0.005, (len(harts) - 1 - i) * 4 + 3.4,
                 f"{count('lock')} lock holds, {count('steal')} steals, {count('cache')} "
                 "refills and drains", fontsize=7, color="#555",
                 transform=transforms.blended_transform_factory(top.transAxes, top.transData))
    top.set_yticks([(len(harts) - 1 - i) * 4 + 1.5 for i in range(len(harts))])
    top.set_yticklabels([f"hart {h}" for h in harts])
    top.legend(loc="upper right", fontsize=8, ncol=4)
    top.set_title(f"{names[pid]}: what each hart did (scripts/run --trace; lib/trace.h)")
    lengths = {}
    for e in events:
        if e.get("pid") == pid and e["ph"] == "C":
            lengths.setdefault(e["name"].replace(" length", ""), []).append(
                (e["ts"] / 1e3, e["args"]["pages"]))
    for name, points in sorted(lengths.items()):
        if name.startswith("kmem"):
            bottom.step([t for t, _ in points], [n for _, n in points], where="post",
                        label=name, linewidth=0.8)
    bottom.set_ylabel("pages on the list")
    bottom.set_xlabel("ms since the suite began (rdtime)")
    bottom.legend(loc="upper right", fontsize=7, ncol=4)
    fig.tight_layout()
    fig.savefig(argv[2], dpi=90)
    print(f"timeline_plot: {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
