#!/usr/bin/env python3
"""Turns the kernel's BENCH lines (collected by scripts/bench) into bench.csv, bench.png
and a table (bench.txt, also printed).

usage: bench_report.py RAW_FILE OUT_DIR
"""

import csv
import os
import sys

FAST_PATH_GOAL = 40  # instructions per kalloc+kfree pair on the local fast path


def parse(path):
    rows = []
    with open(path) as f:
        for line in f:
            if not line.startswith("BENCH "):
                continue
            row = {}
            for word in line.split()[1:]:
                key, _, value = word.partition("=")
                row[key] = int(value) if value.isdigit() else value
            rows.append(row)
    return rows


def write_csv(rows, path):
    columns = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def pick(rows, **want):
    return [r for r in rows if all(r.get(k) == v for k, v in want.items())]


def table(rows):
    lines = []
    contention = pick(rows, test="contention")
    harts = sorted({r["harts"] for r in contention})
    if contention:
        iters = contention[0]["iters"]
        lines.append("Contention and throughput: every hart runs %d kalloc/kfree rounds "
                     "(test1's loop), multi-threaded TCG" % iters)
        lines.append("%5s  %12s %12s  %12s %12s  %14s %14s  %7s" % (
            "harts", "tot perhart", "tot shared", "acq perhart", "acq shared",
            "pairs/s perhart", "pairs/s shared", "ratio"))
        for n in harts:
            p = pick(contention, harts=n, policy="perhart")
            s = pick(contention, harts=n, policy="shared")
            if not p or not s:
                continue
            p, s = p[0], s[0]
            ratio = p["pairs_per_sec_per_hart"] / max(s["pairs_per_sec_per_hart"], 1)
            lines.append("%5d  %12d %12d  %12d %12d  %14d %14d  %6.2fx" % (
                n, p["tot"], s["tot"], p["acquires"], s["acquires"],
                p["pairs_per_sec_per_hart"], s["pairs_per_sec_per_hart"], ratio))
        lines.append("")
    fast = pick(rows, test="fastpath")
    if fast:
        lines.append("Fast path: emulated instructions per kalloc+kfree pair, one hart, "
                     "-icount (goal: %d or fewer)" % FAST_PATH_GOAL)
        for r in fast:
            lines.append("  %-8s double-free check %-3s  %5d instructions/pair" % (
                r["policy"], "on" if r["double_free_check"] else "off", r["per_pair"]))
        lines.append("")
    steal = pick(rows, test="steal")
    if steal:
        lines.append("Steal cost: one hart takes every page, the others idle (-smp %d)" %
                     steal[0]["harts"])
        for r in steal:
            how = "one page a steal" if r["run"] == "steal_single" else "batch stealing"
            lines.append("  %-17s %7d pages  %6d steals  %6d remote lock acquisitions" % (
                how, r["pages"], r["steals"], r["remote_acquires"]))
        lines.append("")
    boot = pick(rows, test="boot")
    if boot:
        lines.append("Boot cost: emulated instructions from kernel entry to the harness "
                     "(-icount, -smp 1)")
        for r in boot:
            lines.append("  -m %-5s %9d pages of RAM  %9d instructions" % (
                r["mem"], r["ram_pages"], r["instret"]))
    return "\n".join(lines) + "\n"


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    contention = pick(rows, test="contention")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for policy, style in (("perhart", "o-"), ("shared", "s--")):
        runs = sorted(pick(contention, policy=policy), key=lambda r: r["harts"])
        harts = [r["harts"] for r in runs]
        ax1.plot(harts, [r["tot"] for r in runs], style, label=policy)
        ax2.plot(harts, [r["pairs_per_sec_per_hart"] for r in runs], style, label=policy)
    harts = sorted({r["harts"] for r in contention})
    ax1.set_yscale("symlog", linthresh=10)
    ax1.set_ylim(bottom=0)
    ax1.axhline(10, color="grey", linewidth=0.8, linestyle=":", label="lab limit (10)")
    ax1.set_title("kmem lock contention: tot")
    ax1.set_ylabel("failed test-and-set swaps")
    ax2.set_yscale("log")
    ax2.set_title("throughput per hart (QEMU TCG, %d host cores)" % (os.cpu_count() or 1))
    ax2.set_ylabel("kalloc+kfree pairs per second")
    for ax in (ax1, ax2):
        ax.set_xscale("log", base=2)
        ax.set_xticks(harts)
        ax.set_xticklabels([str(n) for n in harts])
        ax.set_xlabel("harts")
        ax.legend()
        ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(2)
    raw, out = sys.argv[1], sys.argv[2]
    rows = parse(raw)
    if not rows:
        print("bench_report: no BENCH lines in %s" % raw, file=sys.stderr)
        sys.exit(1)
    write_csv(rows, os.path.join(out, "bench.csv"))
    text = table(rows)
    with open(os.path.join(out, "bench.txt"), "w") as f:
        f.write(text)
    plot(rows, os.path.join(out, "bench.png"))
    print(text, end="")
    print("wrote %s" % ", ".join(os.path.join(out, n)
                                 for n in ("bench.csv", "bench.png", "bench.txt")))


if __name__ == "__main__":
    main()
