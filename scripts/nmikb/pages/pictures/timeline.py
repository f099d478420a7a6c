"""The timeline strip (home and timeline pages): each event on a time axis, drawn by its
precision, or, past a number of events, a bar per year that counts them."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from nmikb.data.models import Event, PartialDate
from nmikb.pages.helpers import Helpers
from nmikb.pages.page import event_page

from .svg import (
    CHAR,
    PAD,
    SMALL,
    WIDTH,
    esc,
    figure,
    link_to,
    num,
    short_date,
    svg_text,
    wrap,
)

TIMELINE_EVENTS = 40  # the timeline page draws each event up to this many, then counts per year
HOME_EVENTS = 12  # the home page's strip likewise, so that it stays a glance


def _days(d: PartialDate) -> tuple[int, int]:
    """The days a date stands for, as ordinals [first, after last): a day, a month or a year."""
    if d.precision == "day":
        first = date(d.year, d.month, d.day).toordinal()
        return first, first + 1
    if d.precision == "month":
        after = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return date(d.year, d.month, 1).toordinal(), after.toordinal()
    return date(d.year, 1, 1).toordinal(), date(d.year + 1, 1, 1).toordinal()


def _year_step(years: int) -> int:
    """Every how many years the axis is labelled: at most 6 labels."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if years / step <= 6:
            return step
    return 1000


def timeline_strip(
    h: Helpers, events: list, ident: str, limit: int = TIMELINE_EVENTS
) -> Markup | None:
    """Each event on a time axis, drawn by its precision, or, beyond `limit` events, the count of
    each year. `events` oldest first (KnowledgeBase.timeline)."""
    if not events:
        return None
    if len(events) > limit:
        return _year_counts(h, events, ident)
    L = h.L
    # The axis spans every date drawn: the events' and the other dates sources give.
    rivals = {e.id: h.rival_dates(h.view(e)) for e in events}
    drawn = [h.when(e) for e in events] + [v.value.on for vs in rivals.values() for v in vs]
    first, last = min(d.year for d in drawn), max(d.year for d in drawn) + 1
    o0, o1 = date(first, 1, 1).toordinal(), date(last, 1, 1).toordinal()
    x0, x1 = PAD, WIDTH - PAD

    def x(ordinal: float) -> float:
        return x0 + (ordinal - o0) / (o1 - o0) * (x1 - x0)

    body, axis_y, y = [], 26, 40
    step = _year_step(last - first)
    ticks = [yr for yr in range(first, last + 1) if yr % step == 0] or [first]
    rows = []
    any_inferred = any_rival = False
    for e in events:
        view = h.view(e)
        a, b = _days(view.when)
        # A date no source states outright (inferred, from metadata, or the report's) is drawn
        # hollow and dashed, and says so in its visible label and its own title: shape and
        # words, not colour.
        stated = view.basis == "stated" and view.aspect != "reported"
        lines = wrap(f"{_shown(h, e)} — {h.t(e.title)}", x1 - x0)
        top = y
        mark = _mark(view.when, x(a), x(b), top + 6, stated)
        if not stated:
            any_inferred = True
            mark = f"<g><title>{esc(h.date_phrase(view))}</title>{mark}</g>"
        # Each other date a source gives: a faint mark above the track, joined to the event's.
        for v in rivals[e.id]:
            any_rival = True
            ra, rb = _days(v.value.on)
            mark += (
                f'<g class="kb-pic-other"><title>{esc(h.rival_phrase(v))}</title>'
                f'<line x1="{num(x((a + b) / 2))}" y1="{num(top + 6)}" '
                f'x2="{num(x((ra + rb) / 2))}" y2="{num(top - 4)}" stroke="currentColor" '
                'stroke-width="1" class="kb-pic-join"/>'
                + _mark(v.value.on, x(ra), x(rb), top - 4, v.value.basis == "stated", small=True)
                + "</g>"
            )
        full = f"{h.date(view.when)} — {h.t(e.title)} ({h.date_note(view)})"
        rows.append(
            f'<a href="{link_to(h, event_page(e.id))}" class="kb-pic-link">'
            f"<title>{esc(full)}</title>"
            f'<line x1="{x0}" y1="{num(top + 6)}" x2="{x1}" y2="{num(top + 6)}" '
            'stroke="currentColor" class="kb-pic-track"/>'
            + mark
            + svg_text(x0, top + 24, lines, "kb-pic-label")
            + "</a>"
        )
        # The label right under its mark, and a wider gap before the next: rows read as pairs.
        y = top + 24 + 16 * (len(lines) - 1) + 22
    # Year lines behind the rows, labels above the axis.
    for yr in ticks:
        tx = x(date(yr, 1, 1).toordinal())
        body.append(
            f'<line x1="{num(tx)}" y1="{axis_y}" x2="{num(tx)}" y2="{num(y - 6)}" '
            'stroke="currentColor" stroke-dasharray="1 3" class="kb-pic-grid"/>'
        )
        body.append(svg_text(tx, axis_y - 8, [str(yr)], "kb-pic-text", SMALL, "middle"))
    body.append(
        f'<line x1="{x0}" y1="{axis_y}" x2="{x1}" y2="{axis_y}" stroke="currentColor" '
        'stroke-width="1.5" class="kb-pic-axis"/>'
    )
    body += rows
    # The key: which shape is which precision, in words.
    present = [p for p in ("day", "month", "year") if any(h.when(e).precision == p for e in events)]
    y += 4
    kx: float = x0
    for p in present:
        if p == "day":
            body.append(f'<circle cx="{num(kx + 5)}" cy="{num(y)}" r="5" class="kb-pic-mark"/>')
        elif p == "month":
            body.append(
                f'<rect x="{num(kx)}" y="{num(y - 4)}" width="10" height="8" class="kb-pic-mark"/>'
            )
        else:
            body.append(
                f'<rect x="{num(kx)}" y="{num(y - 5)}" width="20" height="10" fill="none" '
                'stroke="currentColor" stroke-width="2" class="kb-pic-span"/>'
            )
        label = L[f"precision_{p}"]
        offset = 26 if p == "year" else 16
        body.append(svg_text(kx + offset, y + 4, [label], "kb-pic-text", SMALL))
        kx += offset + len(label) * SMALL * CHAR + 14
    # The other keys on lines of their own: a hollow dashed mark, a faint joined one.
    extra = [("inferred", any_inferred), ("rival", any_rival)]
    for key in (k for k, present in extra if present):
        y += 20
        body.append(
            f'<circle cx="{num(x0 + 5)}" cy="{num(y)}" r="5" fill="none" stroke="currentColor" '
            'stroke-width="1.5" stroke-dasharray="2 2" class="kb-pic-inferred"/>'
            if key == "inferred"
            else f'<line x1="{num(x0 + 5)}" y1="{num(y + 5)}" x2="{num(x0 + 12)}" '
            f'y2="{num(y - 3)}" stroke="currentColor" class="kb-pic-join"/>'
            f'<circle cx="{num(x0 + 12)}" cy="{num(y - 3)}" r="3" class="kb-pic-rival"/>'
        )
        body.append(svg_text(x0 + 26, y + 4, [L[f"pic_{key}"]], "kb-pic-text", SMALL))
    desc = L["pic_timeline_desc"].format(
        count=len(events),
        first=_shown(h, events[0]),
        last=_shown(h, events[-1]),
    )
    desc += "".join(" " + L[f"pic_desc_{k}"] for k, present in extra if present)
    return figure("timeline", ident, L["pic_timeline_title"], desc, y + 12, body)


def _shown(h: Helpers, e: Event) -> str:
    """An event's date as the picture writes it: short, and saying when no source states it
    ("16 May 2024 (date of the first report)"; in French after a comma, as the description
    already sets the dates in parentheses)."""
    view = h.view(e)
    when = short_date(view.when, h.lang)
    if view.basis == "stated" and view.aspect != "reported":
        return when
    mark = h.L["marks"]["reported" if view.aspect == "reported" else view.basis]
    return h.L["pic_date_marked"].format(date=when, mark=mark)


def _mark(d: PartialDate, left: float, right: float, cy: float, stated: bool, small=False) -> str:
    """An event's mark on its track, centred on `cy`: a dot for a day, a short bar for a month,
    an outlined span for a year; hollow and dashed when no source states the date; smaller and
    faint for another date a source gives (`small`)."""
    dashed = "" if stated else ' stroke-dasharray="2 2"'
    cls = "kb-pic-rival" if small else "kb-pic-mark" if stated else "kb-pic-inferred"
    hollow = "" if stated else f' fill="none" stroke="currentColor" stroke-width="1.5"{dashed}'
    if d.precision == "day":
        r = 3 if small else 5
        return (
            f'<circle cx="{num((left + right) / 2)}" cy="{num(cy)}" r="{r}"{hollow} class="{cls}"/>'
        )
    if d.precision == "month":
        h = 6 if small else 8
        return (
            f'<rect x="{num(left)}" y="{num(cy - h / 2)}" width="{num(max(right - left, 6))}" '
            f'height="{h}"{hollow} class="{cls}"/>'
        )
    # A year: an outlined span, the whole year long.
    h = 8 if small else 10
    return (
        f'<rect x="{num(left)}" y="{num(cy - h / 2)}" width="{num(max(right - left, 8))}" '
        f'height="{h}" fill="none" stroke="currentColor" stroke-width="2"{dashed} '
        f'class="{"kb-pic-rival" if small else "kb-pic-span"}"/>'
    )


def _year_counts(h: Helpers, events: list, ident: str) -> Markup:
    """Events counted per year, one bar a year; each bar links to that year's page."""
    L = h.L
    counts: dict[int, int] = {}
    for e in events:
        counts[h.when(e).year] = counts.get(h.when(e).year, 0) + 1
    first, last = min(counts), max(counts)
    years = last - first + 1
    x0, x1, base, tall = PAD, WIDTH - PAD, 170, 130
    width = (x1 - x0) / years
    most = max(counts.values())
    body = [
        svg_text(x0, 14, [L["pic_per_year"]], "kb-pic-text", SMALL),
        f'<line x1="{x0}" y1="{base - tall}" x2="{x1}" y2="{base - tall}" '
        'stroke="currentColor" stroke-dasharray="1 3" class="kb-pic-grid"/>',
        svg_text(x1, base - tall - 4, [str(most)], "kb-pic-text", SMALL, "end"),
    ]
    for yr in range(first, last + 1):
        n = counts.get(yr, 0)
        if not n:
            continue
        height = max(2, tall * n / most)
        bx = x0 + (yr - first) * width
        label = (L["pic_year_count_one"] if n == 1 else L["pic_year_count"]).format(
            year=yr, count=n
        )
        bar = (
            f'<rect x="{num(bx + width * 0.1)}" y="{num(base - height)}" '
            f'width="{num(width * 0.8)}" '
            f'height="{num(height)}" class="kb-pic-mark"/>'
        )
        number = (
            svg_text(bx + width / 2, base - height - 3, [str(n)], "kb-pic-text", SMALL, "middle")
            if width >= 18
            else ""
        )
        body.append(
            f'<a href="{link_to(h, f"timeline/{yr}.md")}" '
            f'class="kb-pic-link"><title>{esc(label)}</title>{bar}{number}</a>'
        )
    body.append(
        f'<line x1="{x0}" y1="{base}" x2="{x1}" y2="{base}" stroke="currentColor" '
        'stroke-width="1.5" class="kb-pic-axis"/>'
    )
    step = _year_step(years)
    for yr in range(first, last + 1):
        if yr % step == 0 or years <= 6:
            body.append(
                svg_text(
                    x0 + (yr - first + 0.5) * width,
                    base + 16,
                    [str(yr)],
                    "kb-pic-text",
                    SMALL,
                    "middle",
                )
            )
    desc = L["pic_counts_desc"].format(count=len(events), first=first, last=last, most=most)
    return figure("timeline", ident, L["pic_timeline_title"], desc, base + 26, body)
