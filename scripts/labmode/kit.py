"""The lab kit: everything a lab file is built with except the file, built once (per
grading run, or when kmem's sources change) so that a submission costs two compiles (one
for the kernel, one for the explorer) and two links.

The recipes are the build's own: ninja's commands for the template, lab mode's correct.c
(kmem-xv6-correct in the default preset, explore_lab_correct in host-tsan), with the
template's file, object and outputs replaced. What those commands read (the include
folders' headers, the prebuilt objects, the linker script) and what a boot runs
(scripts/qemu and its helpers) is copied into the kit's own tree, a mirror of kmem's, so
that a sandbox sees exactly that, read-only, at the paths the recipes name."""

import fcntl
import json
import os
import shlex
import shutil
import subprocess
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TEMPLATE = os.path.join(TOP, "tests", "labmode", "inputs", "correct.c")
# (preset, target, name of the template's copy of correct.c in that build)
TARGETS = {"kernel": ("default", "kmem-xv6-correct", "kmem-xv6-correct-kalloc.c"),
           "explore": ("host-tsan", "tests/explore/explore_lab_correct",
                       "explore_lab_correct-kalloc.c")}
# What a boot runs inside its sandbox, besides QEMU and the firmware under /usr.
BOOT_FILES = ["scripts/qemu", "scripts/lib/args.sh", "scripts/lib/lifeline.sh"]
HEADER_ENDINGS = (".h", ".def")


class KitError(Exception):
    """kmem's own build failed: not the submission's fault."""


def _build(preset, target):
    p = subprocess.run([os.path.join(TOP, "scripts", "build"), preset, "--target", target],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise KitError("kmem's %s build of %s failed:\n%s" % (preset, target, p.stderr))
    return p.stdout.strip().splitlines()[-1]


def _commands(build, target, copy):
    """(compile argv, link argv) of target: the command that compiles the template's copy,
    and the last one (the link)."""
    lines = subprocess.run(["ninja", "-C", build, "-t", "commands", target], check=True,
                           capture_output=True, text=True).stdout.splitlines()
    compile_line = [l for l in lines if l.endswith("-c " + os.path.join(build, *_sub(target),
                                                                        copy))]
    if len(compile_line) != 1:
        raise KitError("no single compile of %s in %s's commands" % (copy, target))
    link = lines[-1]
    if link.startswith(": && "):
        link = link[len(": && "):]
    if link.endswith(" && :"):
        link = link[:-len(" && :")]
    return shlex.split(compile_line[0]), shlex.split(link)


def _sub(target):
    """The folder of the build tree that holds a target's generated files."""
    return ["tests", "explore"] if target.startswith("tests/explore/") else ["tests"]


def _recipe(build, target, copy):
    """The compile and the link, with placeholders: @SRC@ (the file), @DIR@ (its folder),
    @OBJ@ (its object), @OUT@ (the linked program), @MAP@ (the kernel's link map)."""
    cc, link = _commands(build, target, copy)
    copy_path = os.path.join(build, *_sub(target), copy)
    template_dir = os.path.dirname(TEMPLATE)
    compile_args, skip, obj = [], 0, None
    for i, a in enumerate(cc):
        if skip:
            skip -= 1
            continue
        if a in ("-MD",):
            continue
        if a in ("-MT", "-MF"):
            skip = 1
            continue
        if a == "-o":
            obj = cc[i + 1]
            compile_args += ["-o", "@OBJ@"]
            skip = 1
            continue
        if a == copy_path:
            compile_args.append("@SRC@")
        elif a == "-I" + template_dir:
            compile_args.append("-I@DIR@")
        elif a.startswith("-fdebug-prefix-map=") or a.startswith("-DLAB_FILE=") or \
                a.startswith("-DLAB_HASH="):
            continue  # the file's own (build.py)
        else:
            compile_args.append(a)
    link_args, out_next, out = [], False, None
    for a in link:
        if out_next:
            link_args.append("@OUT@")
            out, out_next = a, False
        elif a == obj:
            link_args.append("@OBJ@")
        elif a == "-o":
            link_args.append(a)
            out_next = True
        elif a.startswith("-Wl,-Map="):
            link_args.append("-Wl,-Map=@MAP@")
        else:
            link_args.append(a)
    if "@SRC@" not in compile_args or "@OBJ@" not in link_args or "@OUT@" not in link_args:
        raise KitError("%s's commands are not the shape lab mode expects" % target)
    # The template's own object and program: what the harness defines (build.py's checks).
    return {"cwd": build, "compile": compile_args, "link": link_args,
            "template_obj": os.path.join(build, obj), "template_out": os.path.join(build, out)}


def _needed(recipe):
    """Files of kmem's tree a recipe reads: headers of its include folders, its forced
    includes, its link's inputs."""
    files = set()
    args = recipe["compile"]
    for i, a in enumerate(args):
        folder = None
        if a.startswith("-I") and a != "-I@DIR@":
            folder = a[2:] or args[i + 1]
        elif a in ("-iquote", "-isystem"):
            folder = args[i + 1]
        elif a == "-include" and args[i + 1].startswith(TOP):
            files.add(args[i + 1])
        if folder and folder.startswith(TOP) and os.path.isdir(folder):
            files |= {os.path.join(folder, f) for f in os.listdir(folder)
                      if f.endswith(HEADER_ENDINGS)}
    for a in recipe["link"]:
        if a.startswith("-T"):
            continue
        path = a if os.path.isabs(a) else os.path.join(recipe["cwd"], a)
        if not a.startswith("@") and not a.startswith("-") and os.path.isfile(path):
            files.add(os.path.normpath(path))
    i = recipe["link"].index("-T") if "-T" in recipe["link"] else -1
    if i >= 0:
        files.add(recipe["link"][i + 1])
    return files


def build(dest):
    """Builds the template targets and writes the kit into dest (replaced whole, atomically:
    a concurrent run sees the old kit or the new one). Returns dest."""
    recipes = {}
    for name, (preset, target, copy) in TARGETS.items():
        recipes[name] = _recipe(_build(preset, target), target, copy)
    files = set(os.path.join(TOP, f) for f in BOOT_FILES)
    for r in recipes.values():
        files |= _needed(r)
    parent = os.path.dirname(os.path.abspath(dest))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".kit-", dir=parent)
    for f in sorted(files):
        if not f.startswith(TOP + os.sep):
            continue  # the toolchain's own (under /usr): every sandbox sees /usr
        to = os.path.join(tmp, "top", os.path.relpath(f, TOP))
        os.makedirs(os.path.dirname(to), exist_ok=True)
        shutil.copy2(f, to)
    for d, _, names in os.walk(tmp):  # readable by the sandbox's unprivileged uid
        os.chmod(d, 0o755)
        for n in names:
            os.chmod(os.path.join(d, n), 0o755 if os.access(os.path.join(d, n), os.X_OK)
                     else 0o644)
    with open(os.path.join(tmp, "kit.json"), "w") as f:
        json.dump({"top": TOP, "recipes": recipes, "stamp": _stamp(recipes)}, f, indent=1)
    old = dest + ".old-%d" % os.getpid()
    if os.path.isdir(dest):
        os.rename(dest, old)
    os.rename(tmp, dest)
    shutil.rmtree(old, ignore_errors=True)
    return dest


def _stamp(recipes):
    """The newest modification time of the template's programs and what they link: a kit
    older is rebuilt. (The programs count: a build whose recipe changed relinks them,
    while the objects an old recipe named may still lie in the tree, untouched.)"""
    newest = 0.0
    for r in recipes.values():
        for a in r["link"] + [r.get("template_out", "-")]:
            path = os.path.join(r["cwd"], a)
            if not a.startswith(("-", "@")) and os.path.isfile(path):
                newest = max(newest, os.path.getmtime(path))
    return newest


def load(dest):
    """The kit in dest: {"top", "recipes", "stamp"}, plus "root" (dest/top)."""
    with open(os.path.join(dest, "kit.json")) as f:
        kit = json.load(f)
    kit["root"] = os.path.join(dest, "top")
    return kit


def ensure(dest):
    """The kit in dest, rebuilt if kmem's build changed since (ninja decides: a no-op build
    when nothing did). One at a time on the machine: two lab-mode runs started together
    (ctest's cases in parallel, on a fresh clone) would otherwise run ninja in the same
    build folder at once, and one would link objects the other is still writing."""
    os.makedirs(os.path.join(TOP, "build"), exist_ok=True)
    with open(os.path.join(TOP, "build", ".labkit.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            kit = load(dest)
        except (OSError, ValueError):
            kit = None
        for preset, target, _ in TARGETS.values():
            _build(preset, target)
        if kit is None or _stamp(kit["recipes"]) > kit["stamp"]:
            build(dest)
            kit = load(dest)
        return kit
