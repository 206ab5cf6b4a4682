"""Lab mode's run of a built file, in one place for scripts/run and scripts/grade: the
schedule explorer, then the boot (a stopped boot's remaining suites in fresh boots, each
boot's addresses looked up in the file's lines as soon as it ends), then one verdict table.
Every step in the sandbox, within its time bound; the outcome is data (WORK/explored.json,
WORK/booted.json) as well as text.

  python3 -m labmode check WORK --file FILE [--bound N | --no-explore] [--no-boot]
      [--time S] [--no-sandbox] [--share-net] [--smp N] [--mem SIZE] [--append ARGS]
      [--standard] [--gdb PORT] [-- QEMU ARGS]

--standard: the kernel runs its standard set (no test= in ARGS), so a boot that stops on
a deadlock, a livelock or a trap is followed by one of the suites after it."""

import json
import os
import subprocess
import sys

from labmode import records, sandbox, verdicts

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "lib"))
import story_steps  # noqa: E402  (scripts/lib: the counterexamples' pictures)
import story_svg  # noqa: E402
import story_trace  # noqa: E402

TOP = records.TOP
CUT_SHORT = 5
MAX_BOOTS = 4
# The explorer runs the file natively: 2 GiB of address space, its threads, no file it
# may write. A boot: QEMU's harts are threads, and its code buffer wants address space.
EXPLORE = dict(memory=2 << 30, procs=64, file_size=1 << 20)
BOOT = dict(memory=4 << 30, procs=64, file_size=1 << 20)


def add_cpu(work, seconds):
    """Adds a step's CPU seconds to WORK/steps-cpu.txt, the total of every explorer run and
    boot of this build. scripts/grade reads it around a boot: what a sandboxed step uses
    never reaches its own children's count (bwrap's processes are reaped in their PID
    namespace), and would otherwise be counted as other processes' load."""
    path = os.path.join(work, "steps-cpu.txt")
    try:
        total = float(open(path).read())
    except (OSError, ValueError):
        total = 0.0
    with open(path + ".new", "w") as f:
        f.write("%.3f\n" % (total + seconds))
    os.replace(path + ".new", path)


def step(kit, work, which, args, wall, sandboxed, share_net=False):
    """One explorer run or boot of the file's build, its output streamed to stdout; then,
    each on a line of its own, whether its output was cut and whether it was cut short.
    Returns its sandbox Outcome."""
    limits = sandbox.Limits(cpu=int(wall * 2) + 5, wall=wall,
                            **(EXPLORE if which == "explore" else BOOT))
    inside = sandbox.INSIDE if sandboxed else work
    if which == "explore":
        cmd = [inside + "/explore_lab_user"] + args
        what = "the explorer"
    else:
        cmd = [os.path.join(TOP, "scripts", "qemu"), "--kernel", inside + "/kmem-xv6.elf"] + args
        what = "the boot"
    env = {k: v for k, v in os.environ.items() if k in ("KMEM_QEMU", "KMEM_OPENSBI")}
    o = sandbox.run(cmd, limits, ro=[(kit["root"], kit["top"])], folder=work, writable=False,
                    stream=sys.stdout.buffer, sandboxed=sandboxed, what=what, env=env,
                    share_net=share_net)
    add_cpu(work, o.cpu)
    # After the step's own output, on stdout, in order (scripts/run tees stdout into its
    # log: on stderr they could overtake the output's last lines).
    if o.text and not o.text.endswith("\n"):
        sys.stdout.write("\n")
    if o.log_cut:
        print("scripts/run: %s printed %d bytes: its output was cut to its first and last "
              "%d KiB" % (what, o.log_bytes, sandbox.LOG_CAP // 2048))
    if o.cut_short:
        print("scripts/run: incomplete: %s" % o.cut_short)
    sys.stdout.flush()
    return o


def status_of(o):
    return CUT_SHORT if o.cut_short else o.status


def lookup(elf, where, shown):
    """[(address, what, "function (file:line), inlined into ...")] of the kernel's where
    records: a faulting pc as it is, a return address 2 bytes back (inside the call
    instruction), so that the line named is the call's."""
    out, seen = [], set()
    tool = os.environ.get("CROSS", "riscv64-unknown-elf-") + "addr2line"
    for address, kind, what in where:
        if (address, kind) in seen:
            continue
        seen.add((address, kind))
        try:
            at = int(address, 16) - (2 if kind == "return" else 0)
            lines = subprocess.run([tool, "-i", "-f", "-e", elf, "0x%x" % at],
                                   capture_output=True, text=True, timeout=30).stdout
        except (ValueError, OSError, subprocess.TimeoutExpired):
            continue
        lines = [l.replace(TOP + "/", "") for l in lines.splitlines()]
        frames = []
        for fn, place in zip(lines[0::2], lines[1::2]):
            for renamed in ("kalloc", "kfree", "kinit", "acquire", "initlock"):
                if fn == "xv6_" + renamed:
                    fn = renamed
            frames.append("%s (%s)" % (fn, place))
        out.append((address, what, ", inlined into ".join(frames)))
    return out


def tell_lookups(found, shown, elf):
    if found:
        print("scripts/run: those addresses in %s (addr2line -i on %s):" % (shown, elf))
        for address, what, where in found:
            print("  %s (%s): %s" % (address, what, where))
        sys.stdout.flush()


def the_rest(kernel):
    """The suites a stopped boot did not reach, in order, after the one it stopped in."""
    if kernel is None or kernel.stopped is None:
        return []
    names = [n for n, _ in kernel.suites]
    stopped = kernel.stopped[0]
    if stopped not in names:
        return []
    return [n for n, o in kernel.suites[names.index(stopped) + 1:] if o == "not run"]


PICTURES = ("counterexample.html", "counterexample.json")


def draw(work, block):
    """The explorer's stories as pictures in WORK: a swimlane each in counterexample.html
    (self-contained), and all of them as a Chrome trace in counterexample.json."""
    for name in PICTURES:
        if os.path.exists(os.path.join(work, name)):
            os.remove(os.path.join(work, name))  # an earlier run's
    stories = story_steps.from_block(block) if block else []
    if not stories:
        return
    with open(os.path.join(work, PICTURES[0]), "w") as f:
        f.write(story_svg.page(stories, "kmem lab mode: the explorer's counterexamples",
                               story_steps.replays(block)))
    with open(os.path.join(work, PICTURES[1]), "w") as f:
        json.dump(story_trace.chrome(stories), f)
    print("scripts/run: the counterexample%s drawn: %s (open it in a browser), and as a "
          "Chrome trace: %s" % ("" if len(stories) == 1 else "s",
                                os.path.join(work, PICTURES[0]), os.path.join(work, PICTURES[1])))


def explore(kit, work, bound, wall, sandboxed):
    print("scripts/run: the schedule explorer, every schedule with up to %d preemptions:" % bound)
    sys.stdout.flush()
    o = step(kit, work, "explore", ["--verdicts", "--bound", str(bound)], wall, sandboxed)
    block = records.read(o.text).get("explorer")
    draw(work, block)
    return {"status": status_of(o), "cut_short": o.cut_short, "seconds": round(o.seconds, 1),
            "block": block, "log_cut": o.log_bytes if o.log_cut else 0}


def boot(kit, work, opts, sandboxed):
    """The boots: [{status, cut_short, block, lookups}], the first with opts' suites, each
    next with the suites a stopped one did not reach (with --standard)."""
    elf = os.path.join(work, "kmem-xv6.elf")
    base = ["--smp", str(opts["smp"]), "--mem", opts["mem"]] + \
        (["--gdb", opts["gdb"]] if opts.get("gdb") else [])
    append = opts["append"]
    out = []
    while True:
        o = step(kit, work, "boot", base + ["--append", append, "--"] + opts["extra"],
                 opts["time"], sandboxed, opts["share_net"])
        block = records.read(o.text).get("kernel")
        found = lookup(elf, block.where, opts["shown"]) if block else []
        tell_lookups(found, opts["shown"], elf)
        b = {"status": status_of(o), "cut_short": o.cut_short, "block": block,
             "lookups": found, "log_cut": o.log_bytes if o.log_cut else 0,
             "seconds": round(o.seconds, 1)}
        out.append(b)
        rest = the_rest(block)
        if not opts["standard"] or b["status"] not in (3, 4) or not rest or \
                len(out) == MAX_BOOTS:
            return out
        print("scripts/run: the run stopped in %s (status %d: %s); the suites after it run in "
              "a fresh boot, so that their verdicts come too (those below judge only what "
              "runs there)" % (block.stopped[0], b["status"], verdicts.STATUS[b["status"]]))
        append = " ".join([a for a in opts["append"].split() if not a.startswith("test=")] +
                          ["test=" + ",".join(rest)])


def block_json(b):
    return None if b is None else {"verdicts": b.verdicts, "suites": b.suites,
                                   "results": b.results, "where": b.where,
                                   "stopped": b.stopped, "reasons": b.reasons,
                                   "other": b.other}


def save(work, name, data):
    with open(os.path.join(work, name + ".new"), "w") as f:
        json.dump(data, f, indent=1)
    os.replace(os.path.join(work, name + ".new"), os.path.join(work, name))


def header_of(explored):
    if explored is None:
        return "did not run"
    b = explored["block"]
    if b is None:
        return "no verdicts: " + (explored["cut_short"] or "it stopped with status %s" %
                                  explored["status"])
    s = b.other.get("search", [[]])[-1]
    if len(s) == 4:
        return "%s scenarios, every schedule with up to %s preemption%s: %s schedules, %s s" % (
            s[0], s[1], "" if s[1] == "1" else "s", s[2], s[3])
    return "ran"


def check(kit, work, opts, sandboxed):
    """Runs the steps opts asks for; prints the table; returns the exit status."""
    explored = booted = None
    for name, ran in (("explored.json", opts["explore"]), ("booted.json", opts["boot"])):
        if ran and os.path.exists(os.path.join(work, name)):
            os.remove(os.path.join(work, name))  # an earlier run's: never read as this one's
    if opts["explore"]:
        explored = explore(kit, work, opts["bound"], opts["time"], sandboxed)
        save(work, "explored.json", dict(explored, block=block_json(explored["block"])))
        if explored["status"] not in (0, 1, CUT_SHORT):
            print("scripts/run: the explorer failed (status %s)" % explored["status"],
                  file=sys.stderr)
            return explored["status"]
        if not opts["boot"]:
            return explored["status"]
        print("scripts/run: now the boot, on %s harts:" % opts["smp"])
        sys.stdout.flush()
    booted = boot(kit, work, opts, sandboxed)
    rows = verdicts.table(explored["block"] if explored else None, explored is not None,
                          [(b["block"], b["status"]) for b in booted], str(opts["smp"]))
    save(work, "booted.json", {"boots": [dict(b, block=block_json(b["block"])) for b in booted],
                               "rows": rows})
    verdicts.print_table(rows, header_of(explored))
    status = max(b["status"] for b in booted)
    estatus = explored["status"] if explored else 0
    # A finding of the explorer fails the run as a failed suite does (status 1); an explorer
    # cut short leaves the run incomplete (5) unless the boot failed it.
    if status == 0 and estatus in (1, CUT_SHORT):
        status = estatus
    return status
