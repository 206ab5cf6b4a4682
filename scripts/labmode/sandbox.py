"""Runs one step that touches a submission (a compile, a link, the explorer, a boot) in a
bubblewrap sandbox: new user, PID, IPC, UTS, network and cgroup namespaces; a read-only
view of /usr (the toolchain, QEMU, the firmware) and of what the caller names (kmem's
headers and prebuilt objects, the submission's copy); one writable folder at most; no
/etc, no home, no report folder. Started as root, the sandbox drops to an unprivileged uid
first (setpriv), so even an escape from the namespaces lands as nobody. Inside, prlimit
sets the limits (CPU seconds, address space, processes, file size) before the step runs,
in the sandbox's own user namespace, so that its process count is its own.

The step's output (stdout and stderr together) is capped: the first and the last half of
the cap are kept, and the cut is said in the text. A step that ends by a signal, hits the
time bound, or runs out of its memory or CPU time is "cut short": never judged as if it
had finished."""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

BWRAP = os.environ.get("KMEM_BWRAP", "bwrap")  # tests point it at a stand-in
NOBODY = 65534
INSIDE = "/lab"  # where the step's folder appears inside the sandbox
HOSTNAME = "kmem-sandbox"  # not the grader's
LOG_CAP = 1 << 20


@dataclass
class Limits:
    cpu: int = 60  # seconds of CPU per process
    memory: int = 1 << 30  # bytes of address space per process
    procs: int = 32  # processes (threads count) of the sandbox's uid
    file_size: int = 64 << 20  # bytes, the largest file the step may write
    wall: float = 120  # seconds, the whole step


@dataclass
class Outcome:
    status: int = 0  # the step's exit status; -N when a signal N ended it
    seconds: float = 0.0
    cpu: float = 0.0  # CPU seconds of the whole sandbox (bwrap included)
    cut_short: str = ""  # why the step did not finish on its own ("" when it did)
    log_cut: int = 0  # bytes of output dropped by the cap
    log_bytes: int = 0  # bytes of output the step printed in all
    text: str = ""  # the output as kept


class Unavailable(Exception):
    """No sandbox on this machine (no bwrap, or no user namespaces)."""


_probed = None


def probe():
    """Raises Unavailable with the reason if bwrap cannot make a sandbox here."""
    global _probed
    if _probed is None:
        try:
            p = subprocess.run(_prefix() + [BWRAP, "--unshare-all", "--ro-bind", "/usr", "/usr",
                                             "--symlink", "usr/bin", "/bin", "--symlink",
                                             "usr/lib", "/lib", "--symlink", "usr/lib64",
                                             "/lib64", "/usr/bin/true"],
                               capture_output=True, text=True, timeout=30)
            _probed = "" if p.returncode == 0 else (p.stderr.strip() or
                                                    "bwrap exited %d" % p.returncode)
        except (OSError, subprocess.TimeoutExpired) as e:
            _probed = str(e)
    if _probed:
        raise Unavailable(_probed)


def _prefix():
    """As root: become nobody before bwrap (it then needs unprivileged user namespaces)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups",
            "--inh-caps=-all", "--"]


def living():
    """PIDs of the sandbox uid's processes now alive (a zombie, which bwrap leaves for init
    to reap when its parent ends first, is not)."""
    p = subprocess.run(["ps", "-o", "pid=,stat=", "-u", str(NOBODY)], capture_output=True,
                       text=True)
    return {l.split()[0] for l in p.stdout.splitlines() if not l.split()[1].startswith("Z")}


def prepare_folder(path):
    """Makes path a folder the sandbox's uid can write (as root: owned by nobody)."""
    os.makedirs(path, exist_ok=True)
    if os.geteuid() == 0:
        for root, dirs, files in os.walk(path):
            for name in [root] + [os.path.join(root, n) for n in dirs + files]:
                os.lchown(name, NOBODY, NOBODY)


def command(argv, limits, times_fd, ro=(), folder=None, writable=False, cwd=None, env=None,
            share_net=False):
    """The bwrap command line for argv. ro: (outside, inside) pairs mounted read-only;
    folder: the step's folder, at /lab inside (writable if asked)."""
    cmd = _prefix() + [BWRAP, "--unshare-all", "--unshare-user", "--disable-userns",
                       "--die-with-parent", "--new-session", "--clearenv",
                       "--hostname", HOSTNAME, "--uid", str(NOBODY), "--gid", str(NOBODY),
                       "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin",
                       "--symlink", "usr/sbin", "/sbin", "--symlink", "usr/lib", "/lib",
                       "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev",
                       "--size", str(16 << 20), "--tmpfs", "/tmp"] + \
        (["--share-net"] if share_net else [])
    for outside, inside in ro:
        cmd += ["--ro-bind", outside, inside]
    if folder:
        cmd += ["--bind" if writable else "--ro-bind", folder, INSIDE]
    for k, v in dict({"PATH": "/usr/bin", "LANG": "C", "HOME": "/tmp", "TMPDIR": "/tmp"},
                     **(env or {})).items():
        cmd += ["--setenv", k, v]
    cmd += ["--chdir", cwd or (INSIDE if folder else "/")]
    return cmd + _limited(argv, limits, times_fd)


# The step's CPU time, as the shell that started it counts its children: `times` on a pipe
# of ours (bwrap reaps the step inside its PID namespace: its CPU never reaches our wait4).
_TIMED = '"$@"; s=$?; times >&%d; exit $s'


def _limited(argv, limits, times_fd, procs=True):
    """argv under prlimit's limits (a soft CPU limit 2 s under the hard one: SIGXCPU first),
    started by a shell that reports its CPU time."""
    return ["prlimit", "--cpu=%d:%d" % (limits.cpu, limits.cpu + 2), "--as=%d" % limits.memory,
            "--fsize=%d" % limits.file_size, "--core=0"] + \
        (["--nproc=%d" % limits.procs] if procs else []) + ["--", "sh", "-c", _TIMED % times_fd, "sh"] + \
        list(argv)


class _Capped:
    """Keeps the first and last half of cap bytes; passes the kept head on to stream."""

    def __init__(self, cap, stream):
        self.cap, self.stream = cap, stream
        self.head, self.tail, self.dropped, self.total = bytearray(), bytearray(), 0, 0

    def add(self, data):
        self.total += len(data)
        room = self.cap // 2 - len(self.head)
        if room > 0:
            self.head += data[:room]
            if self.stream:
                self.stream.write(data[:room])
                self.stream.flush()
            data = data[room:]
        if data:
            self.tail += data
            if len(self.tail) > self.cap // 2:
                over = len(self.tail) - self.cap // 2
                self.dropped += over
                del self.tail[:over]

    def finish(self):
        """The kept text; the tail (and the note of the cut) go to the stream now."""
        note = b""
        if self.dropped:
            note = (b"\n[kmem: %d bytes of output cut here: the log keeps its first and last "
                    b"%d KiB]\n" % (self.dropped, self.cap // 2 // 1024))
        if self.stream and (note or self.tail):
            self.stream.write(note + bytes(self.tail))
            self.stream.flush()
        return (bytes(self.head) + note + bytes(self.tail)).decode("utf-8", "replace")


def run(argv, limits, ro=(), folder=None, writable=False, cwd=None, env=None, stream=None,
        cap=LOG_CAP, sandboxed=True, what="the step", share_net=False):
    """Runs argv (in the sandbox unless sandboxed is False: the user's explicit choice) and
    returns its Outcome. stream: a binary stream that sees the output as it comes (capped)."""
    times_r, times_w = os.pipe()
    if sandboxed:
        cmd = command(argv, limits, times_w, ro, folder, writable, cwd, env, share_net)
        run_cwd, run_env = None, None
    else:
        cmd = _limited(argv, limits, times_w, procs=False)  # nproc would count all of our uid's
        run_cwd, run_env = cwd or folder, dict(os.environ, **(env or {}))
    out = _Capped(cap, stream)
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True, cwd=run_cwd,
                         env=run_env, pass_fds=(times_w,))
    os.close(times_w)
    reader = threading.Thread(target=_read_all, args=(p.stdout, out), daemon=True)
    reader.start()
    timed_out = False
    while True:  # wait4, not wait: the sandbox's CPU time comes with its status
        pid, wstatus, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if not timed_out and time.monotonic() - start > limits.wall:
            timed_out = True
            try:
                os.killpg(p.pid, signal.SIGKILL)  # bwrap is the namespace's init: all go
            except ProcessLookupError:
                pass
        time.sleep(0.02)
    p.returncode = os.waitstatus_to_exitcode(wstatus)
    reader.join(10)
    o = Outcome(status=p.returncode, seconds=time.monotonic() - start,
                cpu=usage.ru_utime + usage.ru_stime + _step_cpu(times_r))
    o.text = out.finish()
    o.log_cut, o.log_bytes = out.dropped, out.total
    o.cut_short = _why_cut(o, limits, timed_out, what)
    return o


def _step_cpu(fd):
    """Seconds of CPU the step's shell counted for its children ("0m1.5s 0m0.2s")."""
    with os.fdopen(fd, errors="replace") as f:
        lines = f.read().splitlines()
    if len(lines) < 2:
        return 0.0
    total = 0.0
    for m in re.finditer(r"([0-9]+)m([0-9.]+)s", lines[1]):
        total += int(m.group(1)) * 60 + float(m.group(2))
    return total


def _read_all(pipe, out):
    while True:
        data = pipe.read1(65536)
        if not data:
            return
        out.add(data)


# How the kernel (prlimit inside the sandbox) ends a step that hits a limit.
_CPU_SIGNALS = (signal.SIGXCPU, signal.SIGKILL)


# What a step prints when an allocation fails: the C library's, C++'s, and our explorer's.
_NO_MEMORY = re.compile(r"Cannot allocate memory|[Oo]ut of memory|std::bad_alloc|"
                        r"^explore: no memory for", re.M)


def _why_cut(o, limits, timed_out, what):
    if timed_out:
        return "%s hit its time bound of %d s" % (what, limits.wall)
    if _NO_MEMORY.search(o.text):
        return "%s ran out of its memory limit (%d MiB of address space)" % (
            what, limits.memory >> 20)
    if o.status in (-signal.SIGXCPU, 128 + signal.SIGXCPU) or \
            (o.cpu >= limits.cpu and o.status in (-signal.SIGKILL, 128 + signal.SIGKILL)):
        return "%s ran out of its CPU time (%d s)" % (what, limits.cpu)
    if o.status in (-signal.SIGXFSZ, 128 + signal.SIGXFSZ):
        return "%s wrote a file over its size limit (%d MiB)" % (what, limits.file_size >> 20)
    if o.status < 0 or o.status >= 128:
        sig = -o.status if o.status < 0 else o.status - 128
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = "signal %d" % sig
        return "%s was killed by %s" % (what, name)
    return ""


if __name__ == "__main__":  # python3 -m labmode.sandbox: is there a sandbox here?
    try:
        probe()
        print("sandbox: bubblewrap works here")
    except Unavailable as e:
        print("sandbox: none here: " + str(e))
        sys.exit(1)
