"""A submission taken in: its kalloc.c, the headers beside it, and any other file beside it
that it includes by name (a lab input that is correct.c with one #define), copied into a
folder of ours, never read through a link. Refused, with the reason: a file that is a symlink, has
another hard link, is a device, a FIFO or a socket, or is over 1 MiB. A header beside it
that is one of those is left out (with a note): if the file includes it, the compile says
it is not found."""

import hashlib
import os
import re
import stat

from labmode import xv6_tree

MAX_FILE = 1 << 20
MAX_HEADERS = 200


class Refused(Exception):
    """The submission cannot be taken in: the message says why."""


def _what(st):
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    if st.st_nlink > 1:
        return "a hard link (%d names for one file)" % st.st_nlink
    if st.st_size > MAX_FILE:
        return "%d bytes, over the %d MiB lab mode takes" % (st.st_size, MAX_FILE >> 20)
    return ""


def _copy(src, dst):
    """Copies src to dst through a descriptor opened without following links, checking the
    file it opened (not just the name) is a plain, single-linked, small file."""
    problem = _what(os.lstat(src))
    if problem:
        raise Refused("%s is %s" % (src, problem))
    fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        problem = _what(os.fstat(fd))
        if problem:
            raise Refused("%s is %s" % (src, problem))
        data = os.read(fd, MAX_FILE + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_FILE:
        raise Refused("%s is over the %d MiB lab mode takes" % (src, MAX_FILE >> 20))
    with open(dst, "wb") as f:
        f.write(data)
    return data


def _folders_are_real(path, root):
    """Refuses a file reached through a symlinked folder below root (a loop, or a way out of
    the student's folder). Above root the path is the grader's own."""
    if not root:
        return
    here = os.path.dirname(os.path.abspath(path))
    at = os.path.abspath(root)
    for part in os.path.relpath(here, at).split(os.sep):
        if part in ("", "."):
            continue
        at = os.path.join(at, part)
        if os.path.islink(at):
            raise Refused("%s is a symbolic link to a folder" % at)


# A quoted include of a plain name: a file of the submission's own folder.
QUOTED = re.compile(rb'^\s*#\s*include\s*"([A-Za-z0-9_.-]+)"', re.M)


def _included(text, here, dest, taken, notes):
    """Copies the files text includes by a plain name from here, and theirs in turn."""
    for m in QUOTED.finditer(text):
        name = m.group(1).decode()
        if name in taken or len(taken) >= MAX_HEADERS:
            continue
        taken.add(name)
        if not os.path.lexists(os.path.join(here, name)):
            continue  # one of kmem's compat headers, or missing: the compiler says
        try:
            _included(_copy(os.path.join(here, name), os.path.join(dest, name)), here, dest,
                      taken, notes)
        except Refused as e:
            notes.append("left out %s: %s" % (name, str(e).split(" is ", 1)[-1]))


def take(path, dest, root=None, apart=True):
    """Copies the file as dest/src/kalloc.c, and the headers beside it and its tree's defs.h
    into dest/sub/ (apart: a quoted #include looks first beside the file, and kmem's compat
    headers must come before the tree's own); with apart False, all of them into dest/, as
    a tree of its own (scripts/grade's copy, which scripts/run takes in again). Returns
    (sha1 of the file, notes).
    root: the folder the submission was found in, below which no folder may be a link.
    Raises Refused."""
    _folders_are_real(path, root)
    src = os.path.join(dest, "src") if apart else dest
    os.makedirs(src, exist_ok=True)
    data = _copy(path, os.path.join(src, "kalloc.c"))
    dest = os.path.join(dest, "sub") if apart else dest
    os.makedirs(dest, exist_ok=True)
    notes = []
    here = os.path.dirname(os.path.abspath(path))
    headers = sorted(n for n in os.listdir(here) if n.endswith(".h"))
    taken = set()
    for name in headers[:MAX_HEADERS]:
        try:
            taken.add(name)
            _included(_copy(os.path.join(here, name), os.path.join(dest, name)), here, dest,
                      taken, notes)
        except Refused as e:
            notes.append("left out %s: %s" % (name, str(e).split(" is ", 1)[-1]))
    _included(data, here, dest, taken, notes)
    if len(headers) > MAX_HEADERS:
        notes.append("left out %d headers over the first %d" % (len(headers) - MAX_HEADERS,
                                                              MAX_HEADERS))
    defs = xv6_tree.defs_of(path)
    if defs and os.path.dirname(defs) != here:
        try:
            _copy(defs, os.path.join(dest, "defs.h"))
        except Refused as e:
            notes.append("left out the tree's defs.h: %s" % str(e).split(" is ", 1)[-1])
    return hashlib.sha1(data).hexdigest(), notes
