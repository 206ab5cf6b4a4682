"""scripts/grade's two phases. Phase 1, N at a time: each distinct file is
built and run on the schedule explorer (scripts/run --no-boot), whose verdicts do not
depend on the machine. Phase 2, one at a time: each file that built boots the lab's tests
(scripts/run --no-explore --lab YEAR), so that kalloctest's contention counters see no
other run of the grader; the CPU that other processes used during each boot is measured
and reported beside them. Every step that touches a submission runs in lab mode's sandbox
(scripts/labmode/), against a kit of kmem's objects built once for the whole run."""

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import grade_find
import grade_report
import grade_row
from grade_row import build_cpu, load, work_of
from labmode import build as lab_build
from labmode import kit as lab_kit
from labmode import sandbox

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUN = os.path.join(TOP, "scripts", "run")
# Other processes' CPU during a boot above which its contention tests, if they failed,
# are run again (a quarter of a core: QEMU's harts then lose whole time slices).
BUSY_CORES = 0.25


def prepare_out(out):
    """Makes out/ ready: new, empty, or an earlier report (whose files are replaced)."""
    if os.path.isdir(out) and os.listdir(out) and \
            not os.path.isfile(os.path.join(out, "results.json")):
        raise ValueError("%s holds files that are not a grading report: give another -o" % out)
    for old in ("subs", "runs"):
        shutil.rmtree(os.path.join(out, old), ignore_errors=True)
    os.makedirs(out, exist_ok=True)


def run(cmd, log, timeout, env=None):
    """Runs cmd with its output in log, in a process group of its own, killed whole at the
    time bound. Returns (exit status or None when timed out, seconds)."""
    start = time.monotonic()
    with open(log, "w") as f:
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True, env=env)
        try:
            status = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, None)):
                try:
                    os.killpg(p.pid, sig)
                    p.wait(timeout=grace)
                    break
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    continue
            status = None
    return status, time.monotonic() - start


def cpu_busy():
    """(seconds of CPU busy on the whole machine, seconds used by this process's waited-for
    descendants) so far."""
    with open("/proc/stat") as f:
        user, nice, system, _, _, irq, softirq = map(int, f.readline().split()[1:8])
    ticks = os.sysconf("SC_CLK_TCK")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (user + nice + system + irq + softirq) / ticks, children.ru_utime + children.ru_stime


class Progress:
    """The progress line: on a terminal one line rewritten, otherwise a line per change."""

    def __init__(self, total, files, jobs):
        self.total, self.files, self.jobs = total, files, jobs
        self.explored = self.booted = self.graded = self.unbuilt = self.unbuilt_files = 0
        self.times = {"explore": [], "boot": []}
        self.lock = threading.Lock()
        self.tty = sys.stderr.isatty()

    def eta(self):
        ex, bo = self.times["explore"], self.times["boot"]
        mean_ex = sum(ex) / len(ex) if ex else None
        mean_bo = sum(bo) / len(bo) if bo else mean_ex
        if mean_ex is None:
            return "ETA unknown"
        left = (self.files - self.explored) * mean_ex / self.jobs + \
            (self.files - self.unbuilt_files - self.booted) * mean_bo
        return "ETA %d min" % round(left / 60) if left >= 90 else "ETA %d s" % left

    def show(self, phase):
        with self.lock:
            line = "grade: %s, %d/%d graded, %d did not build, %s" % (
                phase, self.graded, self.total, self.unbuilt, self.eta())
            if self.tty:
                sys.stderr.write("\r\033[K" + line)
            else:
                sys.stderr.write(line + "\n")
            sys.stderr.flush()

    def done(self):
        if self.tty:
            sys.stderr.write("\n")


def explore_phase(opts, firsts, waiting, work, progress, env):
    """Phase 1: {key: outcome} for each distinct file, N at a time."""
    outcomes = {}

    def one(s):
        d = os.path.join(work, s.key)
        os.makedirs(d, exist_ok=True)
        log = os.path.join(d, "explore.log")
        # An earlier run's build outcome (labmode check removes its own JSON as it starts).
        if os.path.exists(work_of(s.path) + ".build.json"):
            os.remove(work_of(s.path) + ".build.json")
        status, secs = run([RUN, "--xv6-kalloc", s.path, "--smp", str(opts["harts"]),
                            "--no-boot", "--explore-bound", str(opts["bound"])] +
                           steps(opts), log, backstop(opts), env)
        built = load(work_of(s.path) + ".build.json")
        explored = load(os.path.join(work_of(s.path), "explored.json"))
        o = {"explore_status": status, "explore_seconds": round(secs, 1),
             "build_cpu": build_cpu(s.path)}
        if built is None and status is None:
            o["built"] = "no"
            o["build_error"] = "the build did not end within %d s" % backstop(opts)
            o["cut_short"] = [o["build_error"]]
        elif built is None or not built["built"]:
            o["built"] = "no"
            built = built or {"refused": [], "errors": ["the build left no outcome (status %s)"
                                                        % status], "cut_short": ""}
            o["build_error"] = "\n".join(["refused: " + r for r in built["refused"]] +
                                         built["errors"])
            if built["cut_short"]:
                o["cut_short"] = ["the build: " + built["cut_short"]]
        else:
            o["built"] = "yes"
            if status is None:
                o["cut_short"] = ["the explorer did not end within %d s" % backstop(opts)]
            elif not built.get("explorer", True):
                o["explorer_note"] = "the file does not build for the explorer (host clang)"
                o["unjudged"] = "the explorer could not build the file: its classes were " \
                    "not judged"
            elif explored is None:
                o["cut_short"] = ["the explorer did not run (status %s)" % status]
            elif explored["cut_short"]:
                o["cut_short"] = [explored["cut_short"]]
            elif explored["block"] is None:
                o["cut_short"] = ["the explorer stopped without verdicts (status %s)" % status]
        with progress.lock:
            outcomes[s.key] = o
            progress.explored += 1
            progress.times["explore"].append(secs)
            if o["built"] == "no":
                progress.unbuilt_files += 1
                progress.unbuilt += len(waiting[s.key])
                progress.graded += len(waiting[s.key])
        progress.show("built and explored %d/%d" % (progress.explored, progress.files))

    with ThreadPoolExecutor(max_workers=opts["jobs"]) as pool:
        for f in [pool.submit(one, s) for s in firsts]:
            f.result()
    return outcomes


def steps(opts):
    """scripts/run's options for each step: its time bound, and the sandbox (or not)."""
    return ["--time-bound", str(opts["timeout"])] + \
        (["--no-sandbox"] if opts.get("no_sandbox") else [])


def backstop(opts):
    """The bound on a whole scripts/run: its steps end themselves within --timeout each (a
    first boot and up to three more after a stop); this catches what does not."""
    return opts["timeout"] * 5 + 60


def boot_phase(opts, firsts, outcomes, work, progress, count_graded, env):
    """Phase 2: each built file's boot of the lab's tests, one at a time."""
    booted = [s for s in firsts if outcomes[s.key]["built"] == "yes"]
    for n, s in enumerate(booted, 1):
        o = outcomes[s.key]
        log = os.path.join(work, s.key, "boot.log")
        cmd = [RUN, "--xv6-kalloc", s.path, "--smp", str(opts["harts"]), "--no-explore",
               "--lab", opts["year"]] + steps(opts)
        for attempt in (1, 2):
            busy0, ours0 = cpu_busy()
            steps0 = build_cpu(s.path, "steps") or 0.0
            status, secs = run(cmd, log, backstop(opts), env)
            busy1, ours1 = cpu_busy()
            ours1 += (build_cpu(s.path, "steps") or 0.0) - steps0  # the sandboxed boots
            other = max(0.0, (busy1 - busy0) - (ours1 - ours0)) / max(secs, 0.001)
            data = load(os.path.join(work_of(s.path), "booted.json")) or {}
            contention_failed = any(r["verdict"] == "FAIL" and r["kind"] == "contention"
                                    for b in data.get("boots", []) if b["block"]
                                    for r in b["block"]["results"])
            if attempt == 2 or other <= BUSY_CORES or not contention_failed:
                break
            o["boot_note"] = ("the first boot's contention test failed while other processes "
                              "used %.2f cores; judged on a second boot" % other)
        o.update(boot_status=status, boot_seconds=round(secs, 1), other_cores=round(other, 2))
        if status is None or status == 5:
            cut = [b["cut_short"] for b in data.get("boots", []) if b["cut_short"]]
            o.setdefault("cut_short", []).append(
                cut[0] if cut else "the boot did not end within %d s" % backstop(opts))
        progress.times["boot"].append(secs)
        progress.booted = n
        count_graded(s.key)
        progress.show("booted %d/%d, one at a time" % (n, len(booted)))


def grade(opts):
    subs = grade_find.find(opts["inputs"])
    if not subs:  # (a shard of a course may be empty; a course may not)
        print("scripts/grade: no kalloc.c found in %s: a course's folder holds a folder per "
              "student (with kernel/kalloc.c or kalloc.c) or .c files" %
              ", ".join(opts["inputs"]), file=sys.stderr)
        return 1
    subprocess.run([os.path.join(TOP, "scripts", "deps")], check=True)
    out = opts["out"]
    work = os.path.join(out, "runs")
    if not opts.get("no_sandbox"):
        try:
            sandbox.probe()
        except sandbox.Unavailable as e:
            print("scripts/grade: the submissions' code runs in a sandbox (bubblewrap, with user "
                  "namespaces), and none can be made here: %s\nscripts/grade: install "
                  "bubblewrap (scripts/deps does) and allow unprivileged user namespaces; or, "
                  "for files you trust, pass --no-sandbox" % e, file=sys.stderr)
            return 1
    grade_find.dedupe(subs, work)
    for s in subs:
        if s.problem:  # a shard still needs a key for it
            s.key = grade_find.name_key(s.name)
    if opts["shard"]:
        subs = [s for s in subs if grade_find.in_shard(s.key, *opts["shard"])]
    firsts = [s for s in subs if not s.problem and not s.same_as]
    # kmem's objects, built once for the whole run: each file then costs two compiles and
    # two links (scripts/labmode/kit.py). A shard with nothing to build needs none.
    kit_dir = os.path.abspath(os.path.join(work, "kit"))
    if firsts:
        try:
            lab_build.provides(lab_kit.ensure(kit_dir))
        except lab_kit.KitError as e:
            print("scripts/grade: " + str(e), file=sys.stderr)
            return 1
    env = dict(os.environ, KMEM_LAB_KIT=kit_dir)
    by_key = {s.key: s for s in firsts}
    progress = Progress(len(subs), len(firsts), opts["jobs"])
    waiting = {}
    for s in subs:
        waiting.setdefault(s.key, []).append(s)

    def count_graded(key):
        progress.graded += len(waiting.get(key, []))

    progress.graded = sum(1 for s in subs if s.problem)
    progress.unbuilt = progress.graded
    print("scripts/grade: %d submissions, %d distinct files; phase 1: build and explore, %d at "
          "a time; phase 2: the lab's tests, one boot at a time" %
          (len(subs), len(firsts), opts["jobs"]), file=sys.stderr)
    start = time.monotonic()
    outcomes = explore_phase(opts, firsts, waiting, work, progress, env)
    phase1 = time.monotonic() - start
    boot_phase(opts, firsts, outcomes, work, progress, count_graded, env)
    progress.show("done")
    progress.done()
    others = [o["other_cores"] for o in outcomes.values() if "other_cores" in o]
    settings = {"year": opts["year"], "harts": opts["harts"], "bound": opts["bound"],
                "timeout": opts["timeout"],
                "contention": "Contention tests were measured alone: phase 2 boots one file at "
                              "a time with nothing else of the grader running (other processes "
                              "used at most %.2f cores during a boot; a failed contention test "
                              "with more than %.2f is judged on a second boot)." %
                              (max(others) if others else 0, BUSY_CORES)}
    if opts["shard"]:
        settings["shard"] = "%d/%d" % opts["shard"]
    rows = [grade_row.finish(opts, s, by_key.get(s.key), outcomes.get(s.key, {}), work, out)
            for s in subs]
    grade_report.write(out, settings, rows)
    stuck = [r["name"] for r in rows if any("did not end" in n for n in r["cut_short"])]
    print("scripts/grade: %d graded in %.0f s (build and explore %.0f s, boots %.0f s); "
          "report: %s" % (len(rows), time.monotonic() - start, phase1,
                          time.monotonic() - start - phase1, os.path.join(out, "report.html")),
          file=sys.stderr)
    if stuck:
        print("scripts/grade: runs that hit the time bound: " + ", ".join(stuck), file=sys.stderr)
    return 1 if stuck else 0
