"""One submission built for lab mode, in the sandbox: compiled for the kernel and for the
schedule explorer, each object checked, each linked with the kit's prebuilt objects.

The checks, each a reason to refuse the file (what a kernel file has no business doing):
- it calls a function the kernel does not provide (system, fopen, malloc, fork: the host's
  C library would answer in the explorer, where the file runs natively);
- it defines a function of kmem's harness (to change what the harness does);
- it makes system calls of its own (a syscall instruction on the host, ecall in the kernel);
- it tries to read a file outside its folder (#include or .incbin of another path: the
  sandbox shows none, so the compiler says "not found", and we say what was tried)."""

import os
import re
import shlex
import subprocess

from labmode import sandbox

SUB = sandbox.INSIDE + "/sub"  # the headers beside the submission, inside the sandbox
SRC = sandbox.INSIDE + "/src/kalloc.c"  # the submission's copy
COMPILE = sandbox.Limits(cpu=60, memory=2 << 30, procs=16, file_size=64 << 20, wall=120)
TOOLS = {"kernel": ("riscv64-unknown-elf-", "kmem-xv6.elf"),
         "explore": ("", "explore_lab_user")}
# Calls the compiler itself makes (a struct copy, a large zeroing) in either build.
COMPILER_CALLS = {"memcpy", "memset", "memmove", "memcmp"}
# Host-only names the compat headers and the explorer's prelude call (the kernel has its
# own versions of what they stand for).
HOST_PREFIXES = ("explore_", "host_", "xv6_", "__tsan_")
SYSCALLS = {"kernel": re.compile(r"\secall\b"),
            "explore": re.compile(r"\s(syscall|sysenter|int\s+\$0x80)\b")}


class Built:
    """What a build did: per tool, whether it built, and the text to show."""

    def __init__(self):
        self.ok = {}  # tool: True/False
        self.log = []  # text of the compiler and the checks, for the user
        self.refused = []  # reasons the file was refused (checks)
        self.outside = []  # files outside its folder the file tried to read
        self.cut_short = ""
        self.cpu = 0.0  # seconds of CPU of every sandboxed step


def provides(kit):
    """{tool: set of symbols the kit's other objects define} (computed once, kept in the
    kit folder)."""
    cache = os.path.join(os.path.dirname(kit["root"]), "provides.txt")
    if os.path.isfile(cache):
        out = {}
        for line in open(cache):
            tool, name = line.split()
            out.setdefault(tool, set()).add(name)
        return out
    out = {}
    for tool, r in kit["recipes"].items():
        prefix = TOOLS[tool][0]
        objs = [os.path.join(r["cwd"], a) for a in r["link"]
                if a.endswith((".o", ".obj", ".a")) and not a.startswith("@")]
        # The objects' symbols and the linked template's (the linker script's `end`, the
        # libgcc helpers it pulled in), less those the template's own lab file defines.
        out[tool] = _defined(prefix, objs + [r["template_out"]]) - \
            _defined(prefix, [r["template_obj"]])
        if tool == "kernel":  # every libgcc helper, which the link adds as needed
            libgcc = subprocess.run([prefix + "gcc", "-march=rv64imac", "-mabi=lp64",
                                     "-print-libgcc-file-name"], capture_output=True,
                                    text=True).stdout.strip()
            out[tool] |= _defined(prefix, [libgcc])
    with open(cache + ".tmp", "w") as f:
        for tool, names in out.items():
            f.writelines("%s %s\n" % (tool, n) for n in sorted(names))
    os.replace(cache + ".tmp", cache)
    return out


def _defined(prefix, files):
    text = subprocess.run([prefix + "nm", "-g", "--defined-only"] + files,
                          capture_output=True, text=True).stdout
    return {l.split()[2] for l in text.splitlines() if len(l.split()) == 3}


def _step(argv, kit, work, what, cwd=None, sandboxed=True, limits=COMPILE):
    return sandbox.run(argv, limits, ro=[(kit["root"], kit["top"])], folder=work,
                       writable=True, cwd=cwd, what=what, sandboxed=sandboxed)


def _fill(args, values):
    out = []
    for a in args:
        for k, v in values.items():
            a = a.replace(k, v)
        out.append(a)
    return out


def _c_string(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


# What a compiler says when a file names another it cannot open.
MISSING = re.compile(r"(?:fatal error: |Error: file not found: |can't open )([^:\s][^:\n]*?)"
                     r"(?:: No such file or directory| for reading)?$", re.M)


def _outside(text):
    """Paths outside the submission's folder the compile could not open (the sandbox shows
    none of them): absolute paths other than ours, and paths that climb out with "..". """
    found = []
    for m in MISSING.finditer(text):
        path = m.group(1).strip().strip("'\"")
        if (path.startswith("/") and not path.startswith(sandbox.INSIDE + "/")) or \
                path.startswith("..") or "/../" in path:
            if path not in found:
                found.append(path)
    return found


def compile_and_link(kit, work, original, sha, cflags, tools, sandboxed=True):
    """Builds the submission copied in work/sub for each tool; returns a Built. original:
    the file's name as the user gave it (in messages and debug information)."""
    b = Built()
    have = provides(kit)
    extra = ["-include", sandbox.INSIDE + "/tree_defs.h"] + shlex.split(cflags or "")
    inside = sandbox.INSIDE if sandboxed else work
    for tool in tools:
        r = kit["recipes"][tool]
        prefix, program = TOOLS[tool]
        obj = "%s/%s-kalloc.o" % (inside, tool)
        values = {"@SRC@": SRC if sandboxed else work + "/src/kalloc.c",
                  "@DIR@": SUB if sandboxed else work + "/sub", "@OBJ@": obj,
                  "@OUT@": "%s/%s" % (inside, program), "@MAP@": inside + "/kmem-xv6.map"}
        # The file, and what it includes from its own folder, named where they came from.
        own = ["-fdebug-prefix-map=%s=%s" % (values["@DIR@"], os.path.dirname(original)),
               "-fdebug-prefix-map=%s=%s" % (values["@SRC@"], original)]
        if tool == "explore":
            own += ["-DLAB_FILE=" + _c_string(original), "-DLAB_HASH=" + _c_string(sha[:8])]
        argv = _fill(r["compile"], values) + own + _fill(extra, {sandbox.INSIDE: inside})
        o = _step(argv, kit, work, "the compile", cwd=r["cwd"], sandboxed=sandboxed)
        b.cpu += o.cpu
        text = o.text.replace(values["@SRC@"], original)
        b.log.append(text)
        b.outside += [p for p in _outside(o.text) if p not in b.outside]
        if o.cut_short:
            b.cut_short = o.cut_short
        if o.status != 0:
            b.ok[tool] = False
            continue
        reasons = _check(kit, work, tool, obj, have, sandboxed)
        b.cpu += reasons.pop()
        if reasons:
            b.refused += [x for x in reasons if x not in b.refused]
            b.ok[tool] = False
            continue
        o = _step(_fill(r["link"], values), kit, work, "the link", cwd=r["cwd"],
                  sandboxed=sandboxed)
        b.cpu += o.cpu
        b.log.append(o.text.replace(values["@SRC@"], original))
        b.ok[tool] = o.status == 0
        if o.cut_short:
            b.cut_short = o.cut_short
    return b


# A line of objdump -t: value, 7 flag characters, section, size, name.
SYMBOL = re.compile(r"^[0-9a-f]+ (.{7}) (\S+)\t[0-9a-f]+ +(\S+)$", re.M)


def _symbols(text):
    """(undefined names, defined global names) of objdump -t's table. (objdump, not nm:
    nm loads the linker plugins, LLVM's among them, a tenth of a second of CPU each time.)"""
    undefined, defined = [], []
    for flags, section, name in SYMBOL.findall(text):
        if section == "*UND*":
            undefined.append(name)
        elif section == "*COM*" or (section != "*ABS*" and (flags[0] in "gu!" or
                                                             flags[1] == "w")):
            defined.append(name)
    return undefined, defined


def _check(kit, work, tool, obj, have, sandboxed):
    """Reasons to refuse the object (see above), and last the CPU seconds the checks took."""
    prefix = TOOLS[tool][0]
    o = _step([prefix + "objdump", "-t", "-d", "--no-show-raw-insn", obj], kit, work,
              "objdump", sandboxed=sandboxed)
    table, _, code = o.text.partition("\nDisassembly of section")
    undefined, defined = _symbols(table)
    reasons = []
    kernel = have["kernel"]
    foreign = []
    for name in undefined:
        if tool == "kernel":
            fine = name in kernel or name in COMPILER_CALLS
        else:
            fine = name in kernel or name in COMPILER_CALLS or \
                (name.startswith(HOST_PREFIXES) and name in have["explore"])
        if not fine and name not in foreign:
            foreign.append(name)
    if foreign:
        reasons.append("it calls %s, which a kernel does not have (lab mode gives a kalloc.c "
                       "only what xv6's kernel gives it)" % ", ".join(sorted(foreign)))
    clash = sorted(set(defined) & (have["kernel"] | have["explore"]))
    if clash:
        reasons.append("it defines %s, which kmem's harness defines" % ", ".join(clash))
    if SYSCALLS[tool].search(code):
        reasons.append("it makes system calls of its own (%s)" %
                       ("an ecall instruction" if tool == "kernel" else "a syscall instruction"))
    if o.status or "SYMBOL TABLE:" not in table:
        reasons.append("its object could not be read (%s)" % o.text.strip()[:200])
    return reasons + [o.cpu]
