# GDB commands that make a halted kmem kernel explain itself: kmem, kmem-locks, harts.
# Loaded by scripts/gdb (gdb-multiarch -x scripts/gdb-helpers/kmem.py). They only read
# memory, and every walk of a free list is bounded, so a corrupted list is reported, never
# followed forever.

import gdb

PGSIZE = 4096


def value(expr):
    return gdb.parse_and_eval(expr)


def exists(expr):
    try:
        value(expr)
        return True
    except gdb.error:
        return False


def read_pointer(address):
    data = gdb.selected_inferior().read_memory(address, 8)
    return int.from_bytes(bytes(data), "little")


def c_string(pointer, most=64):
    """A NUL-terminated name, read as raw memory so that a corrupted one cannot stop us."""
    address = int(pointer)
    if address == 0:
        return "?"
    try:
        data = bytes(gdb.selected_inferior().read_memory(address, most))
    except gdb.MemoryError:
        return "<name at %#x unreadable>" % address
    return data.split(b"\0", 1)[0].decode("ascii", "replace")


def managed_ranges():
    """The page ranges kmem hands out (mm/pagemap.c's table)."""
    n = int(value("'pagemap.c'::nmanaged"))
    table = value("'pagemap.c'::managed")
    return [(int(table[i]["start"]), int(table[i]["end"])) for i in range(n)]


def holder_text(lock):
    if int(lock["locked"]) == 0:
        return "free"
    holder = lock["holder"]
    if int(holder) == 0:
        return "held (holder not yet recorded)"
    return "held by hart id %d (index %d)" % (int(holder["id"]), int(holder["index"]))


def managed(page, ranges):
    return page % PGSIZE == 0 and any(start <= page < end for start, end in ranges)


def walk(head, ranges, cap):
    """Counts the pages of a list from head. Returns (count, problem or None)."""
    seen = set()
    page = head
    while page:
        if not managed(page, ranges):
            return len(seen), "link to %#x, which is not a page kmem manages" % page
        if page in seen:
            return len(seen), "cycle: page %#x is reached twice" % page
        if len(seen) >= cap:
            return len(seen), "more than %d pages (the most there can be); stopped" % cap
        seen.add(page)
        try:
            page = read_pointer(page)
        except gdb.MemoryError:
            return len(seen), "page %#x cannot be read" % page
    return len(seen), None


def fresh_pages(fl):
    """Never-used pages the list holds as address ranges (mm/freelist.h)."""
    n = int(fl["nfresh"])
    return sum((int(fl["fresh"][i]["end"]) - int(fl["fresh"][i]["start"])) // PGSIZE
               for i in range(n))


def length(fl):
    """Pages on a list: its two counts' difference (mm/freelist.h)."""
    return int(fl["adds"]) - int(fl["removes"])


def allocs_frees(fl):
    """kmem_stats' derived counters (mm/kmem_perhart.c); the shared list keeps them per hart
    elsewhere, so there they are the list's removes and adds less the boot seeding."""
    steals, stolen, returned = int(fl["steals"]), int(fl["stolen"]), int(fl["returned"])
    allocs = int(fl["removes"]) - int(fl["robbed_pages"]) - returned + steals
    frees = int(fl["adds"]) - int(fl["seeded"]) - (stolen - steals) - returned
    return allocs, frees


def cache_of(index):
    """The cached policy's page cache of hart `index` (mm/kmem_cached.c): (its pages, its
    kfree count), or None under the other policies."""
    if not exists("'kmem_cached.c'::caches"):
        return None
    pc = value("'kmem_cached.c'::caches[%d]" % index)
    count = (int(pc["top"]) - int(pc["pages"].address)) // 8
    if not 0 <= count <= int(pc["pages"].type.range()[1]) + 1:
        return [], int(pc["frees"]), "top is %d slots from the array's start" % count
    return [int(pc["pages"][i]) for i in range(count)], int(pc["frees"]), None


def lists():
    """The policy's name, (label, struct freelist) for each list, and kmem's free count:
    the lists' lengths, the pages a thief has in flight and (cached) the caches' pages."""
    if exists("kmem_lists"):
        n = int(value("kmem_nlists"))
        fls = [("hart %d" % i, value("kmem_lists[%d]" % i)) for i in range(n)]
        flights = value("'kmem_steal.c'::flights")
        in_flight = int(flights["cut"]) - int(flights["landed"])
        counted = sum(length(fl) for _, fl in fls) + in_flight
        if cache_of(0) is None:
            return "perhart", fls, counted
        return "cached", fls, counted + sum(len(cache_of(i)[0]) for i in range(n))
    shared = value("'kmem_shared.c'::kmem")
    return "shared", [("all harts", shared)], length(shared)


class Kmem(gdb.Command):
    """kmem: each free list walked page by page (bounded; a cycle or a link outside the
managed pages is reported) plus its never-used ("fresh") pages, its hart's page cache
(cached policy), its lock's holder and its counters; then the total against the
allocator's own free count. A list whose lock is held may be halfway through an update
(the program stopped inside a critical section): a mismatch there is noted, not called
corruption, and a total that differs then is not judged."""

    def __init__(self):
        super().__init__("kmem", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        policy, all_lists, counted = lists()
        ranges = managed_ranges()
        cap = sum(end - start for start, end in ranges) // PGSIZE
        print("kmem (%s): managed pages %s" % (
            policy, ", ".join("%#x-%#x" % r for r in ranges)))
        cached = policy == "cached"  # a column for each hart's cache, beside its list
        print("%-10s %8s %8s %8s%s  %-34s %9s %9s %7s %7s %7s" % (
            "list", "walked", "fresh", "length", " %6s" % "cache" if cached else "", "lock",
            "allocs", "frees", "steals", "stolen", "robbed"))
        total = 0
        problems = 0
        busy = []  # lists whose lock is held: their holder may be halfway through an update
        for index, (label, fl) in enumerate(all_lists):
            walked, problem = walk(int(fl["head"]), ranges, cap)
            fresh = fresh_pages(fl)
            total += walked + fresh
            allocs, frees = allocs_frees(fl)
            column = ""
            if cached:
                pages, cache_frees, cache_problem = cache_of(index)
                bad = [p for p in pages if not managed(p, ranges)]
                if bad and not cache_problem:
                    cache_problem = "holds %#x, which is not a page kmem manages" % bad[0]
                if len(set(pages)) != len(pages) and not cache_problem:
                    cache_problem = "holds a page twice"
                total += len(pages)
                # kmem_stats' arithmetic: the list's allocs and frees are the cache's refills
                # and drains; the cache's kallocs are derived, its kfrees counted.
                allocs, frees = allocs + cache_frees - frees - len(pages), cache_frees
                column = " %6d" % len(pages)
                if cache_problem:
                    problems += 1
                    print("  warning: %s's cache: %s" % (label, cache_problem))
            print("%-10s %8d %8d %8d%s  %-34s %9d %9d %7d %7d %7d" % (
                label, walked, fresh, length(fl), column, holder_text(fl["lock"]),
                allocs, frees, int(fl["steals"]), int(fl["stolen"]), int(fl["robbed"])))
            held = int(fl["lock"]["locked"]) != 0
            if held:
                busy.append(label)
            if problem:
                problems += 1
                print("  warning: %s: %s" % (label, problem))
            elif walked + fresh != length(fl) and held:
                print("  note: %s: walked %d pages and %d fresh, length says %d; its lock is "
                      "held, so its holder may be halfway through an update" % (
                          label, walked, fresh, length(fl)))
            elif walked + fresh != length(fl):
                problems += 1
                print("  warning: %s: walked %d pages and %d fresh, length says %d" % (
                    label, walked, fresh, length(fl)))
        if total == counted:
            verdict = "agrees"
        elif busy:  # stopped inside a critical section: the counts may be mid-update
            verdict = "not judged: %s held" % ", ".join(busy)
        else:
            verdict = "DIFFERS"
        print("total: %d pages on the lists%s; kmem's free count %d (%s)" % (
            total, " and in the caches" if cached else "", counted, verdict))
        if problems:
            print("kmem: %d list(s) look corrupted" % problems)


def registered_locks():
    count = int(value("'lockstat.c'::nregistered"))
    table = value("'lockstat.c'::table")
    return [table[i] for i in range(count) if int(table[i]) != 0]


class KmemLocks(gdb.Command):
    """kmem-locks: every registered spinlock with the lab's counters, most contended first,
and who holds it."""

    def __init__(self):
        super().__init__("kmem-locks", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        locks = [lk.dereference() for lk in registered_locks()]
        locks.sort(key=lambda lk: -int(lk["nts"]))
        tot = 0
        for lk in locks:
            name = c_string(lk["name"])
            if name.startswith("kmem") or name.startswith("bcache"):
                tot += int(lk["nts"])
            print("lock: %s: #test-and-set %d #acquire() %d  [%s]" % (
                name, int(lk["nts"]), int(lk["n"]), holder_text(lk)))
        print("tot= %d" % tot)


class Harts(gdb.Command):
    """harts: each hart's id, index, push_off depth, saved interrupt state, whether it is
online, and the function its GDB thread is in."""

    def __init__(self):
        super().__init__("harts", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        n = int(value("'hart.c'::nharts"))
        where = {}
        selected = gdb.selected_thread()
        for thread in gdb.selected_inferior().threads():
            # QEMU shows one GDB thread per vCPU: thread N is CPU N-1, and on the virt
            # machine CPU k is hart id k.
            thread.switch()
            frame = gdb.newest_frame()
            where[thread.num - 1] = frame.name() or ("%#x" % frame.pc())
        if selected is not None:
            selected.switch()
        print("%5s %5s %5s %7s %8s  %s" % ("index", "id", "noff", "intena", "state", "at"))
        for i in range(n):
            h = value("harts[%d]" % i)
            hart_id = int(h["id"])
            state = "online" if int(h["online"]) else "stopped"
            print("%5d %5d %5d %7d %8s  %s" % (
                i, hart_id, int(h["noff"]), int(h["intena"]), state,
                where.get(hart_id, "?")))


Kmem()
KmemLocks()
Harts()
