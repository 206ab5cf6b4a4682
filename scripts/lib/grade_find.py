"""scripts/grade: which submissions a folder holds, which of them are the same file, and
which belong to one shard.

A submission is a student's kalloc.c: a folder holding kernel/kalloc.c (an xv6 tree, at
most three folders down, as a clone of the lab's repository has it: alice/xv6-labs-2025/
kernel/kalloc.c) or kalloc.c, or a loose .c file. Each is copied in first (lab mode's
intake: no link followed, no device, nothing over 1 MiB), and only the copy is read after.
Two submissions are the same when their files are byte for byte the same and so are the
declarations lab mode takes from their trees' defs.h (scripts/labmode/xv6_tree.py): one
build and one run serve both.
"""

import hashlib
import os
import re
from dataclasses import dataclass, field

from labmode import intake, xv6_tree


@dataclass
class Submission:
    name: str  # unique in the report: a folder's or loose file's name
    path: str  # the kalloc.c, absolute; "" when the folder holds none; after dedupe, its copy
    shown: str  # the path as the report shows it: relative to the argument it came from
    root: str = ""  # the student's folder (or the loose file's): no link below it is followed
    key: str = ""  # content hash of the file and its tree's declarations
    same_as: str = ""  # the first submission (by name) with the same key
    problem: str = ""  # why it cannot be graded (no kalloc.c, two of them, ...)
    notes: list = field(default_factory=list)


def _kalloc_in(folder):
    """The kalloc.c of a student's folder: kernel/kalloc.c or kalloc.c, shallowest first,
    at most three folders down. Returns (path or "", every candidate found)."""
    found, links = [], []
    for root, dirs, files in os.walk(folder):  # a linked folder is listed, never entered
        depth = os.path.relpath(root, folder).count(os.sep) + (root != folder)
        links += [os.path.join(root, d) for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if depth < 4 else []
        if "kalloc.c" in files:
            found.append(os.path.join(root, "kalloc.c"))
    found.sort(key=lambda p: (p.count(os.sep), "/kernel/" not in p, p))
    return (found[0] if found else ""), found, links


def _one_folder(folder, name, base):
    path, found, links = _kalloc_in(folder)
    s = Submission(name, os.path.abspath(path) if path else "",
                   os.path.relpath(path or folder, base), os.path.abspath(folder))
    if not path and links:
        s.problem = "refused: %s is a symbolic link to a folder (lab mode follows no link)" % \
            os.path.relpath(links[0], base)
    elif not path:
        s.problem = "no kalloc.c found in the folder (kmem looks for kernel/kalloc.c, then kalloc.c)"
    elif len(found) > 1:
        s.notes.append("graded %s; the folder also holds %s" % (
            os.path.relpath(path, folder),
            ", ".join(os.path.relpath(p, folder) for p in found[1:])))
    return s


def find(arguments):
    """Submissions named by the command line's files and folders, sorted by name. A folder
    that holds a kalloc.c itself is one student's; any other folder is a course's: each
    folder in it is a student's, each .c file a loose submission."""
    subs = []
    for arg in arguments:
        arg = os.path.normpath(arg)
        base = os.path.dirname(os.path.abspath(arg))
        if os.path.isfile(arg) or os.path.islink(arg):
            subs.append(Submission(_name(arg), os.path.abspath(arg), arg,
                                   os.path.dirname(os.path.abspath(arg))))
            continue
        own = [p for p in ("kernel/kalloc.c", "kalloc.c") if os.path.isfile(os.path.join(arg, p))]
        if own:
            subs.append(_one_folder(arg, _name(arg), base))
            continue
        for entry in sorted(os.listdir(arg)):
            full = os.path.join(arg, entry)
            if entry.startswith("."):
                continue
            if os.path.isdir(full) and not os.path.islink(full):
                subs.append(_one_folder(full, entry, os.path.abspath(arg)))
            elif os.path.islink(full) and os.path.isdir(full):
                s = Submission(entry, "", entry, os.path.abspath(arg))
                s.problem = "refused: %s is a symbolic link to a folder (lab mode follows no " \
                    "link)" % entry
                subs.append(s)
            elif entry.endswith(".c"):
                subs.append(Submission(_name(full), os.path.abspath(full), entry,
                                       os.path.abspath(arg)))
    _unique_names(subs)
    subs.sort(key=lambda s: s.name)
    return subs


def _name(path):
    base = os.path.basename(os.path.normpath(path))
    return re.sub(r"\.c$", "", base)


def _unique_names(subs):
    """Two students called alice (from two folders given): the second is alice-2."""
    seen = {}
    for s in subs:
        n = seen.get(s.name, 0) + 1
        seen[s.name] = n
        if n > 1:
            s.name = "%s-%d" % (s.name, n)


def dedupe(subs, scratch):
    """Copies each submission in (scratch/intake/N: its path becomes the copy's), sets its
    key (writing its tree's declarations under scratch) and same_as: the first one, by name,
    with the same key. A submission intake refuses gets the reason as its problem. Returns
    {key: declarations file}."""
    decls = {}
    first = {}
    os.makedirs(scratch, exist_ok=True)
    for n, s in enumerate(subs):
        if s.problem:
            continue
        copy = os.path.join(scratch, "intake", str(n))
        try:
            _, notes = intake.take(s.path, copy, s.root, apart=False)
        except intake.Refused as e:
            s.problem = "refused: %s (lab mode copies a submission in and follows no link)" % \
                str(e).replace(os.path.dirname(s.root) + os.sep, "")
            s.path = ""  # never opened again: it may be a FIFO, or a link to a secret
            continue
        s.notes += notes
        s.path = os.path.abspath(os.path.join(copy, "kalloc.c"))
        tmp = os.path.join(scratch, "decls-%d.h" % len(decls))
        took = xv6_tree.declarations(s.path, tmp)
        h = hashlib.sha256(open(s.path, "rb").read())
        # The declarations file names its defs.h's path: hash only what it declares.
        h.update("".join(open(tmp).readlines()[1:]).encode())
        s.key = h.hexdigest()[:16]
        if took:
            s.notes.append("took from its tree's defs.h: " + ", ".join(took))
        if s.key in first:
            s.same_as = first[s.key]
            os.remove(tmp)
        else:
            first[s.key] = s.name
            decls[s.key] = tmp
    return decls


def name_key(name):
    """The key of a submission with no file to hash (a folder without kalloc.c)."""
    return hashlib.sha256(name.encode()).hexdigest()[:16]


def in_shard(key, shard, shards):
    """Whether a file belongs to shard I of N: by its content, so that every copy of a file
    lands in the same shard, and each shard's share is fixed whatever else is graded."""
    return int(key, 16) % shards == shard - 1
