"""scripts/run --xv6-kalloc: what a lab kalloc.c needs from its own xv6 tree.

A lab file may call a helper that only its tree's defs.h declares (a `steal` the student
added there). Compiled against kmem's compat headers alone, the call is an implicit
declaration and the definition then conflicts. This finds the tree's defs.h (beside the
file, or in ../kernel/), and writes a header with the declarations of the functions the
file names that the compat headers do not declare, and forward declarations of the
structs they mention. Usage: xv6_tree.py KALLOC_C OUT_H; prints the names it took.
"""

import os
import re
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# What lab mode already declares: the compat headers and the kmem headers they include.
PROVIDED = [os.path.join(TOP, "tests", "labmode", "compat", f)
            for f in os.listdir(os.path.join(TOP, "tests", "labmode", "compat"))] + \
    [os.path.join(TOP, "lib", f) for f in ("spinlock.h", "push_off.h", "panic.h", "printf.h",
                                           "string.h")] + \
    [os.path.join(TOP, "arch", "riscv", "include", "intr.h")]
CALLS = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
DECL = re.compile(r"^\s*([A-Za-z_][\w\s\*]*?[\s\*])([A-Za-z_]\w*)\s*\(([^;{}]*)\)\s*;")
# Entry points lab mode renames and declares itself.
OWN = {"kalloc", "kfree", "kinit", "acquire", "initlock", "memset"}


def defs_of(path):
    """The tree's defs.h: beside the file, or in ../kernel/ (a link too: intake refuses it)."""
    here = os.path.dirname(os.path.abspath(path))
    for candidate in (os.path.join(here, "defs.h"), os.path.join(here, "..", "kernel", "defs.h")):
        if os.path.lexists(candidate):
            return os.path.normpath(candidate)
    return None


def declarations(source, out, defs=None):
    """Writes OUT for SOURCE; returns the names of the functions taken from its defs.h (defs,
    or the one beside it or in ../kernel/)."""
    defs = defs or defs_of(source)
    text = open(source, errors="replace").read()
    named = set(CALLS.findall(text))
    provided = set()
    for header in PROVIDED:
        if os.path.isfile(header):
            provided |= set(CALLS.findall(open(header, errors="replace").read()))
    lines, structs, took = [], set(), []
    if defs:
        for line in open(defs, errors="replace"):
            line = line.split("//")[0]
            m = DECL.match(line)
            if not m or m.group(2) in OWN or m.group(2) in provided or m.group(2) not in named:
                continue
            lines.append(line.strip())
            structs |= set(re.findall(r"\bstruct\s+(\w+)", line))
            took.append(m.group(2))
    with open(out, "w") as f:
        f.write("/* Declarations from %s that the lab file needs (scripts/labmode/xv6_tree.py). */\n"
                % (defs or "no defs.h"))
        for s in sorted(structs):
            f.write("struct %s;\n" % s)
        for line in lines:
            f.write(line + "\n")
    return took


def main(argv):
    source, out = argv
    took = declarations(source, out)
    if took:
        print("scripts/run: from your tree's %s: %s" % (os.path.relpath(defs_of(source)),
                                                        ", ".join(took)))


if __name__ == "__main__":
    main(sys.argv[1:])
