"""Lab mode's steps on a submission, each in the sandbox (scripts/labmode/sandbox.py), for
scripts/run, scripts/explore and scripts/grade:

  python3 -m labmode kit [DIR]          build the kit (default build/labkit); print its folder
  python3 -m labmode build FILE WORK [--cflags F] [--tools kernel,explore] [--root DIR]
                                        take the file in (WORK/sub) and build it
  python3 -m labmode explore WORK [--time S] -- ARGS...   the explorer on it
  python3 -m labmode boot WORK [--time S] [--share-net] -- SCRIPTS/QEMU ARGS...
                                        a boot of its kernel (--share-net: for --gdb's port)
  python3 -m labmode check WORK --file FILE [--bound N | --no-explore] [--no-boot] [--time S]
      [--smp N] [--mem SIZE] [--append ARGS] [--standard] [--share-net] [--gdb PORT]
      [-- QEMU ARGS]
                                        the explorer, the boots and one verdict table
                                        (labmode/check.py)

Every step takes --no-sandbox (the user's explicit choice, where no sandbox can be made).
KMEM_LAB_KIT names a kit already built (scripts/grade builds one per run). Exit status: the
step's own (build: 0 built, 1 did not build or refused); 5 when a step was cut short (time
bound, memory or CPU limit, killed), with a line that says which and why."""

import json
import os
import shutil
import sys

from labmode import build, check, intake, kit, sandbox, xv6_tree

TOP = kit.TOP
CUT_SHORT = 5
USAGE = __doc__.split("\n\n")[1]


def usage_error(message):
    print("scripts/labmode: " + message, file=sys.stderr)
    print("usage:\n" + USAGE, file=sys.stderr)
    sys.exit(2)


def options(argv, takes):
    """(positional arguments, {option: value}, arguments after --)."""
    pos, opts, rest = [], {}, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            rest = argv[i + 1:]
            break
        if a in ("--no-sandbox", "--share-net", "--no-explore", "--no-boot", "--standard"):
            opts[a] = True
        elif a in takes:
            if i + 1 >= len(argv):
                usage_error(a + " needs a value")
            opts[a] = argv[i + 1]
            i += 1
        elif a.startswith("--"):
            usage_error("unknown option '%s'" % a)
        else:
            pos.append(a)
        i += 1
    return pos, opts, rest


def the_kit():
    where = os.environ.get("KMEM_LAB_KIT")
    try:
        return kit.load(where) if where else kit.ensure(os.path.join(TOP, "build", "labkit"))
    except kit.KitError as e:
        print("scripts/run: " + str(e), file=sys.stderr)
        sys.exit(1)


def sandboxed(opts):
    """Whether to sandbox; exits with the reason when there is no sandbox and the user did
    not say to go on without one."""
    if opts.get("--no-sandbox"):
        print("scripts/run: no sandbox (--no-sandbox): the file's code runs with your "
              "privileges", file=sys.stderr)
        return False
    try:
        sandbox.probe()
    except sandbox.Unavailable as e:
        print("scripts/run: lab mode runs a submission's code in a sandbox (bubblewrap, with "
              "user namespaces), and none can be made here: %s\nscripts/run: install "
              "bubblewrap (scripts/deps does) and allow unprivileged user namespaces, or, for a "
              "file you trust, pass --no-sandbox" % e, file=sys.stderr)
        sys.exit(CUT_SHORT)
    return True


def cmd_kit(argv):
    pos, _, _ = options(argv, ())
    dest = pos[0] if pos else os.path.join(TOP, "build", "labkit")
    try:
        k = kit.ensure(dest)
    except kit.KitError as e:
        print("scripts/labmode: " + str(e), file=sys.stderr)
        return 1
    build.provides(k)
    print(dest)
    return 0


def save_build(work, **outcome):
    """What the build came to, as data for scripts/grade: WORK.build.json, beside the
    folder (which a refused file never gets)."""
    with open(work + ".build.json", "w") as f:
        json.dump(outcome, f)


def cmd_build(argv):
    pos, opts, _ = options(argv, ("--cflags", "--tools", "--root"))
    if len(pos) != 2:
        usage_error("build takes FILE WORK")
    original, work = pos
    tools = (opts.get("--tools") or "kernel,explore").split(",")
    on = sandboxed(opts)
    k = the_kit()
    incoming = work + ".in"
    shutil.rmtree(incoming, ignore_errors=True)
    try:
        sha, notes = intake.take(original, incoming, opts.get("--root"))
    except intake.Refused as e:
        shutil.rmtree(incoming, ignore_errors=True)
        print("scripts/run: refused: %s (lab mode copies a submission in and reads no link)"
              % e, file=sys.stderr)
        print("scripts/run: building your kalloc.c failed: the file was refused",
              file=sys.stderr)
        save_build(work, built=False, refused=[str(e)], errors=[], cut_short="")
        return 1
    # The same file, flags and kit as the last build in work (scripts/grade's boot after its
    # explorer run): that build stands.
    same = {"sha": sha, "cflags": opts.get("--cflags") or "", "kit": k["stamp"],
            "original": original, "sandboxed": on}
    try:
        last = json.load(open(os.path.join(work, "built.json")))
    except (OSError, ValueError):
        last = {}
    if all(last.get(x) == v for x, v in same.items()) and set(tools) <= set(last["tools"]):
        shutil.rmtree(incoming, ignore_errors=True)
        if last.get("took"):  # said again: a run on the same build says what a new one does
            print("scripts/run: from your tree's defs.h: %s" % ", ".join(last["took"]))
        save_build(work, built=True, refused=[], errors=[], cut_short="",
                   explorer=last.get("explorer", True))
        return 0
    shutil.rmtree(work, ignore_errors=True)
    os.rename(incoming, work)
    for n in notes:
        print("scripts/run: " + n, file=sys.stderr)
    took = xv6_tree.declarations(os.path.join(work, "src", "kalloc.c"),
                                 os.path.join(work, "tree_defs.h"),
                                 xv6_tree.defs_of(os.path.join(work, "sub", "kalloc.c")))
    if took:
        print("scripts/run: from your tree's defs.h: %s" % ", ".join(took))
    if on:
        sandbox.prepare_folder(work)
    b = build.compile_and_link(k, work, original, sha, opts.get("--cflags"), tools, on)
    with open(os.path.join(work, "build.log"), "w") as f:
        f.write("\n".join(b.log))
    with open(os.path.join(work, "build-cpu.txt"), "w") as f:
        f.write("%.3f\n" % b.cpu)
    status = report(b, tools, original, work)
    explorer = "explore" not in tools or bool(b.ok.get("explore"))
    if status == 0:
        with open(os.path.join(work, "built.json"), "w") as f:
            json.dump(dict(same, tools=tools, explorer=explorer, took=took), f)
    save_build(work, built=b.ok.get("kernel", True) and not b.refused and not b.outside and
               not b.cut_short,
               refused=[str(r) for r in b.refused] +
               ["your file tried to read %s, outside its folder" % p for p in b.outside],
               errors=[l for l in b.log if "error:" in l][:12] + hints("\n".join(b.log)),
               cut_short=b.cut_short or "",
               explorer=explorer)
    return status


def report(b, tools, original, work):
    """What the build says to the user, in scripts/run's words (scripts/grade reads them)."""
    text = "\n".join(b.log)
    for path in b.outside:
        print("scripts/run: refused: your file tried to read %s, outside its folder (lab mode "
              "shows a file only kmem's headers and its own folder)" % path, file=sys.stderr)
    for reason in b.refused:
        print("scripts/run: refused: %s" % reason, file=sys.stderr)
    if b.cut_short:
        print("scripts/run: incomplete: %s" % b.cut_short, file=sys.stderr)
    if not b.ok.get("kernel", True) or b.refused or b.outside:
        print("scripts/run: building your kalloc.c failed; the compiler's words:",
              file=sys.stderr)
        print("\n".join(text.strip().splitlines()[-40:]), file=sys.stderr)
        for hint in hints(text):
            print("scripts/run: " + hint, file=sys.stderr)
        return CUT_SHORT if b.cut_short else 1
    warnings = [l for l in text.splitlines() if ": warning:" in l]
    for line in warnings[:20]:  # the compiler's words about your file are worth reading
        print(line, file=sys.stderr)
    if "explore" in tools and not b.ok.get("explore"):
        print("scripts/run: building your kalloc.c for the schedule explorer failed; the "
              "compiler's words:", file=sys.stderr)
        print("\n".join(text.strip().splitlines()[-30:]), file=sys.stderr)
        return 1
    return 0


def hints(log):
    """One line per piece a failed build missed, and how to supply it."""
    import re
    out = []
    for name in sorted(set(re.findall(r"implicit declaration of function '(\w+)'", log))):
        out.append("'%s' is not declared: kmem's compat headers lack it. If your xv6 tree's "
                   "kernel/defs.h declares it, run on the file inside that tree; or pass "
                   "--cflags \"-include yourdecls.h\"" % name)
    for name in sorted(set(re.findall(r"'(\w+)' undeclared", log))):
        out.append("'%s' is not defined: if your Makefile or a header kmem lacks defines it, "
                   "pass --cflags \"-D%s=...\"" % (name, name))
    for name in sorted(set(re.findall(r"undefined reference to .(\w+)", log))):
        out.append("your file uses '%s', which your kernel defines outside kalloc.c and lab "
                   "mode does not have; pass a definition with --cflags \"-include "
                   "mydefs.h\"" % name)
    for name in sorted(set(re.findall(r"([\w./]+\.h): No such file", log))):
        if not name.startswith("/") and ".." not in name:
            out.append("kmem has no %s for lab files; if your file needs it, say what it uses "
                       "from it with --cflags (-D..., -include ...)" % name)
    return out


def run_step(argv, which):
    pos, opts, rest = options(argv, ("--time",))
    share_net = opts.pop("--share-net", False)
    if len(pos) != 1 or not rest:
        usage_error("%s takes WORK -- ARGS" % which)
    on = sandboxed(opts)
    o = check.step(the_kit(), pos[0], which, rest, float(opts.get("--time", 600)), on, share_net)
    return check.status_of(o)


def cmd_check(argv):
    pos, opts, rest = options(argv, ("--file", "--bound", "--time", "--smp", "--mem",
                                     "--append", "--gdb"))
    if len(pos) != 1 or "--file" not in opts:
        usage_error("check takes WORK --file FILE")
    explore = not opts.get("--no-explore")
    boot = not opts.get("--no-boot")
    if not explore and not boot:
        usage_error("--no-explore and --no-boot leave nothing to run")
    on = sandboxed(opts)
    settings = {"explore": explore, "boot": boot, "bound": int(opts.get("--bound", 2)),
                "time": float(opts.get("--time", 600)), "smp": int(opts.get("--smp", 8)),
                "mem": opts.get("--mem", "128M"), "append": opts.get("--append", ""),
                "standard": bool(opts.get("--standard")), "share_net": bool(opts.get("--share-net")), "gdb": opts.get("--gdb"),
                "extra": rest, "shown": os.path.basename(opts["--file"])}
    return check.check(the_kit(), pos[0], settings, on)


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print("usage:\n" + USAGE)
        return 0 if argv else 2
    which, rest = argv[0], argv[1:]
    if which == "kit":
        return cmd_kit(rest)
    if which == "build":
        return cmd_build(rest)
    if which in ("explore", "boot"):
        return run_step(rest, which)
    if which == "check":
        return cmd_check(rest)
    usage_error("no step '%s'" % which)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
