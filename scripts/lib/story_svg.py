"""A counterexample as a swimlane (SVG), and a self-contained page of them: a column per
hart, a row per line of the story, time going down. Calls are boxes ending in their
result, each lock a hart holds a coloured bar in its column, a wait a dashed bar with an
arrow to the lock's holder, a preemption a red mark; the page counts stand in the right
margin, the finding at the bottom, and each line's code on hover (file:line beside it)."""
import html
import textwrap

import story_steps

ROW, TOP, LEFT, COL, MARGIN, CHAR = 22, 64, 64, 420, 230, 7.3
PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#17becf"]
KIND_COLOUR = {"preempted": "#c0392b", "waits": "#8e44ad", "pauses": "#7f8c8d",
               "race": "#c0392b", "fault": "#c0392b", "setup": "#555", "runs": "#555"}


def _x(hart):
    return LEFT + hart * COL


def _y(row):
    return TOP + row * ROW


def _fit(text, chars):
    return text if len(text) <= chars else text[:max(chars - 1, 1)] + "\u2026"


def _esc(text):
    return html.escape(str(text), quote=True)


def svg(story):
    """The story as one <svg> element (a string)."""
    rows, n = story.rows, story.nharts
    locks = sorted({lk for r in rows for held in r["locks"] for lk in held})
    colour = {lk: PALETTE[i % len(PALETTE)] for i, lk in enumerate(locks)}
    width = LEFT + n * COL + MARGIN
    finding = textwrap.wrap(f"found: {story.finding}: {story.message}", int((width - 24) / CHAR))
    height = _y(len(rows)) + 24 + 18 * len(finding)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="swimlane" data-tag="{_esc(story.tag)}"'
           f' data-harts="{n}" data-steps="{len(rows)}" width="{width}" height="{height}"'
           f' viewBox="0 0 {width} {height}" font-family="monospace" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="8" y="{TOP - 10}" fill="#555">step</text>',
           f'<text x="{LEFT + n * COL + 8}" y="{TOP - 10}" fill="#555">pages: free, held'
           f'{", in flight" if any(r["in_flight"] is not None for r in rows) else ""}</text>']
    for h in range(n):
        out.append(f'<g class="hart" data-hart="{h}"><rect x="{_x(h)}" y="{TOP - 30}" '
                   f'width="{COL - 4}" height="{_y(len(rows)) - TOP + 34}" '
                   f'fill="{"#f6f8fa" if h % 2 == 0 else "#eef2f6"}"/>'
                   f'<text x="{_x(h) + 8}" y="{TOP - 10}" font-weight="bold">hart {h}</text></g>')
    for i, lk in enumerate(locks):  # the legend: each lock's colour
        out.append(f'<rect x="{LEFT + i * 120}" y="6" width="10" height="10" '
                   f'fill="{colour[lk]}"/><text x="{LEFT + i * 120 + 14}" y="15">'
                   f'{_esc(_fit(lk, 14))}</text>')
    for i, close, returned in story_steps.calls(rows):
        h = rows[i]["hart"]  # the box ends in its return, or before the hart's next call
        end = close if returned else max((len(rows) - 1 if close is None else close) - 1, i)
        out.append(f'<rect class="call" x="{_x(h) + 40}" y="{_y(i) + 2}" width="{COL - 50}" '
                   f'height="{_y(end + 1) - _y(i) - 4}" rx="5" fill="#e3effa" stroke="#7aa6d8"/>')
    for h in range(n):
        slots = {}
        for lk, first, last in story_steps.lock_runs(rows, h):
            slot = slots.setdefault(lk, len(slots) % 5)
            out.append(f'<rect class="hold" x="{_x(h) + 6 + slot * 7}" y="{_y(first) + 1}" '
                       f'width="5" height="{_y(last + 1) - _y(first) - 2}" '
                       f'fill="{colour[lk]}"><title>hart {h} holds {_esc(lk)}</title></rect>')
    for i, r in enumerate(rows):
        h = r["hart"]
        if r["kind"] != "waits" or h < 0:
            continue
        later = next((k for k in range(i + 1, len(rows)) if rows[k]["hart"] == h), len(rows))
        out.append(f'<line class="wait" x1="{_x(h) + 34}" y1="{_y(i) + ROW / 2}" '
                   f'x2="{_x(h) + 34}" y2="{_y(later)}" stroke="#8e44ad" stroke-width="3" '
                   f'stroke-dasharray="4 3"/>')
        holder = next((k for k in range(n) if k != h and r["waits"] in r["locks"][k]), None)
        if holder is not None:  # from its spinning bar to the holder's lock bars
            y = _y(i) + ROW - 4
            out.append(f'<line class="wait-for" x1="{_x(h) + 34}" y1="{y}" x2="{_x(holder) + 14}"'
                       f' y2="{y}" stroke="#8e44ad" stroke-dasharray="6 4" '
                       f'marker-end="url(#arrow)"><title>waits for {_esc(r["waits"])}, held by '
                       f'hart {holder}</title></line>')
    out.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
               'markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
               'fill="#8e44ad"/></marker></defs>')
    previous = None
    for i, r in enumerate(rows):
        if r["kind"] == "found":
            continue
        y, h = _y(i) + 15, r["hart"]
        tip = r["text"] + (f"\n{r['where']}" if r["where"] else "")
        line = r["line"]
        room = int((COL - 52 - (len(line) + 1) * CHAR) / CHAR)
        step = f'<text x="8" y="{y}" fill="#555">{r["step"]}</text>' if r["step"] != previous \
            else ""
        previous = r["step"]
        mark = (f'<path d="M{_x(h) + 42},{y - 10} l8,5 l-8,5 z" fill="#c0392b"/>'
                if r["kind"] == "preempted" else "")
        pages = f'{r["free"]} free, {r["held"]} held' + (
            f', {r["in_flight"]} in flight' if r["in_flight"] is not None else "")
        out.append(f'<g class="step" data-row="{i}" data-step="{r["step"]}" data-hart="{h}" '
                   f'data-kind="{_esc(r["kind"])}"><title>{_esc(tip)}</title>{step}{mark}'
                   f'<text x="{_x(h) + 54}" y="{y}" fill="{KIND_COLOUR.get(r["kind"], "#111")}">'
                   f'{_esc(_fit(r["text"], room))}</text>'
                   f'<text x="{_x(h) + COL - 10}" y="{y}" text-anchor="end" fill="#777">'
                   f'{_esc(line)}</text>'
                   f'<text x="{LEFT + n * COL + 8}" y="{y}" fill="#555">{pages}</text></g>')
    y = _y(len(rows)) + 8
    out.append(f'<g class="finding"><rect x="4" y="{y}" width="{width - 8}" '
               f'height="{18 * len(finding) + 10}" fill="#fdecea" stroke="#c0392b"/>')
    out += [f'<text x="12" y="{y + 18 + 18 * k}" fill="#8b1a10">{_esc(t)}</text>'
            for k, t in enumerate(finding)]
    out.append("</g></svg>")
    return "\n".join(out)


# The page checks itself once a browser has laid it out: every swimlane's columns, rows
# and drawn text, as attributes a test reads back (tests/judges/story_check).
CHECK = """<script>
for (const s of document.querySelectorAll("svg.swimlane")) {
  const texts = [...s.querySelectorAll("g.step text")];
  s.dataset.columns = s.querySelectorAll("g.hart").length;
  s.dataset.rows = s.querySelectorAll("g.step").length;
  s.dataset.drawn = texts.filter(t => t.getBBox().width > 0 || !t.textContent).length;
  s.dataset.texts = texts.length;
}
document.body.dataset.checked = "yes";
</script>"""


def page(stories, title, notes=None):
    """A self-contained HTML page (no file beside it, nothing fetched) of the stories'
    swimlanes; notes: {tag: a line to show above its swimlane (its replay command)}."""
    parts = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{_esc(title)}</title>",
             "<style>body{font-family:sans-serif;margin:16px;color:#222}"
             "h2{font-size:17px;margin:24px 0 4px}p{margin:2px 0 8px;font-size:13px}"
             "code{background:#f3f3f3;padding:1px 4px}.scroll{overflow-x:auto}</style>",
             "</head><body>", f"<h1>{_esc(title)}</h1>",
             "<p>Each column is a hart, time goes down, one row per line of the story. Boxes "
             "are calls and end in their result; a coloured bar is a lock its hart holds; a "
             "dashed bar is a hart spinning, with an arrow to the lock's holder; a red mark "
             "is a preemption. Hover over a row for its whole text and code; the file:line "
             "beside it is the allocator's own line.</p>"]
    for s in stories:
        parts.append(f'<h2 id="{_esc(s.tag)}">{_esc(s.tag)}: {_esc(s.finding)} in '
                     f'{_esc(s.scenario)}</h2><p>{_esc(s.what)}, {s.nharts} harts</p>')
        if notes and notes.get(s.tag):
            parts.append(f"<p><code>{_esc(notes[s.tag])}</code></p>")
        parts.append(f'<div class="scroll">{svg(s)}</div>')
    parts += [CHECK, "</body></html>"]
    return "\n".join(parts) + "\n"
