"""Pictures drawn from the data at build time: inline SVG, written here as text.

Three pictures: the timeline strip (home and timeline pages), the scope diagram (scope page, and
a small one on the home page) and the relations diagram of an entity (its own page). Each is a
`<figure>` holding one `<svg>` with a `<title>` and a `<desc>` in the page's language; every mark
is an `<a href>` to its record, so the keyboard reaches it and a screen reader names it. The
same information stays on the page as text (the lists and the scope table).

Every text from the data is escaped for XML here (`_x`), and the figure is returned as `Markup`:
it enters the Markdown page as a raw HTML block, which Markdown leaves alone, so neither Markdown
nor the data can add markup to it. Coordinates are rounded to one decimal and the output depends
on the data only: the same data gives the same bytes. Colours come from the theme's CSS variables
(kb.css, classes `kb-pic-*`); line styles and shapes are attributes, so that a picture without
its stylesheet, or printed, still tells a decision from work in effect.
"""

from __future__ import annotations

import html
from datetime import date

from markupsafe import Markup

from .models import Entity, PartialDate
from .views import Helpers, RelationView, entity_page, event_page

WIDTH = 400  # viewBox width: at 360 px on a phone, 13-unit text is about 12 px
PAD = 20
FONT = 13
SMALL = 12
CHAR = 0.6  # average glyph width, in font sizes: enough for the system sans-serif fonts
TIMELINE_EVENTS = 40  # the timeline page draws each event up to this many, then counts per year
HOME_EVENTS = 12  # the home page's strip likewise, so that it stays a glance
MAX_PARTS = 12  # parts drawn on an entity's diagram; its page lists them all
DASH = {"ongoing": None, "decided": "6 4", "planned": "2 3"}


def _x(text: str) -> str:
    """Text from the data or the labels, as XML character data or attribute value."""
    return html.escape(str(text), quote=True)


def _n(value: float) -> str:
    """A coordinate: one decimal at most, no trailing zeros, never '-0'."""
    out = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if out == "-0" else out


def _href(h: Helpers, target: str) -> str:
    """A link to a generated page, as the built site names it (.md becomes .html)."""
    path, _, anchor = h.link(target).partition("#")
    path = path[:-3] + ".html" if path.endswith(".md") else path
    return _x(path + ("#" + anchor if anchor else ""))


def wrap(text: str, width: float, size: int = FONT) -> list[str]:
    """Words of `text` in lines that fit `width` viewBox units at font `size`."""
    most = max(8, int(width / (size * CHAR)))
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def short_date(d: PartialDate, lang: str) -> str:
    """'2018', 'August 2023', '17 August 2023': a label on a picture has no room for the weekday."""
    from .render import format_partial_date  # render builds on the layout, which builds on this

    return format_partial_date(d, lang, weekday=False)


def _text(
    x: float,
    y: float,
    lines: list[str],
    cls: str = "kb-pic-text",
    size: int = FONT,
    anchor: str = "",
    step: float = 0,
) -> str:
    step = step or size + 3
    attrs = f' x="{_n(x)}" y="{_n(y)}" font-size="{size}" class="{cls}"' + (
        f' text-anchor="{anchor}"' if anchor else ""
    )
    if len(lines) == 1:
        return f"<text{attrs}>{_x(lines[0])}</text>"
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{_n(0 if i == 0 else step)}">{_x(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f"<text{attrs}>{spans}</text>"


def _figure(kind: str, ident: str, title: str, desc: str, height: float, body: list[str]) -> Markup:
    """The figure: an SVG group named by its title and described by its desc, links inside."""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" '
        'width="100%" role="group" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" class="kb-pic">'
        f'<title id="{ident}-title">{_x(title)}</title><desc id="{ident}-desc">{_x(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )
    # data-search-exclude: the page's text already says all this; search need not find it twice.
    return Markup(
        f'<figure class="kb-picture kb-picture--{kind}" data-search-exclude>{svg}</figure>'
    )


# Timeline -----------------------------------------------------------------------------------


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
    first, last = events[0].date.year, events[-1].date.year + 1
    o0, o1 = date(first, 1, 1).toordinal(), date(last, 1, 1).toordinal()
    x0, x1 = PAD, WIDTH - PAD

    def x(ordinal: float) -> float:
        return x0 + (ordinal - o0) / (o1 - o0) * (x1 - x0)

    body, axis_y, y = [], 26, 40
    step = _year_step(last - first)
    ticks = [yr for yr in range(first, last + 1) if yr % step == 0] or [first]
    rows = []
    for e in events:
        a, b = _days(e.date)
        when = short_date(e.date, h.lang)
        lines = wrap(f"{when} — {h.t(e.title)}", x1 - x0)
        top = y
        if e.date.precision == "day":
            mark = (
                f'<circle cx="{_n(x((a + b) / 2))}" cy="{_n(top + 6)}" r="5" class="kb-pic-mark"/>'
            )
        elif e.date.precision == "month":
            left = x(a)
            mark = (
                f'<rect x="{_n(left)}" y="{_n(top + 2)}" width="{_n(max(x(b) - left, 6))}" '
                'height="8" class="kb-pic-mark"/>'
            )
        else:  # a year: an outlined span, the whole year long
            left = x(a)
            mark = (
                f'<rect x="{_n(left)}" y="{_n(top + 1)}" width="{_n(max(x(b) - left, 8))}" '
                'height="10" fill="none" stroke="currentColor" stroke-width="2" '
                'class="kb-pic-span"/>'
            )
        full = f"{h.date(e.date)} — {h.t(e.title)} ({h.precision(e.date)})"
        rows.append(
            f'<a href="{_href(h, event_page(e.id))}" class="kb-pic-link"><title>{_x(full)}</title>'
            f'<line x1="{x0}" y1="{_n(top + 6)}" x2="{x1}" y2="{_n(top + 6)}" '
            'stroke="currentColor" class="kb-pic-track"/>'
            + mark
            + _text(x0, top + 24, lines, "kb-pic-label")
            + "</a>"
        )
        # The label right under its mark, and a wider gap before the next: rows read as pairs.
        y = top + 24 + 16 * (len(lines) - 1) + 22
    # Year lines behind the rows, labels above the axis.
    for yr in ticks:
        tx = x(date(yr, 1, 1).toordinal())
        body.append(
            f'<line x1="{_n(tx)}" y1="{axis_y}" x2="{_n(tx)}" y2="{_n(y - 6)}" '
            'stroke="currentColor" stroke-dasharray="1 3" class="kb-pic-grid"/>'
        )
        body.append(_text(tx, axis_y - 8, [str(yr)], "kb-pic-text", SMALL, "middle"))
    body.append(
        f'<line x1="{x0}" y1="{axis_y}" x2="{x1}" y2="{axis_y}" stroke="currentColor" '
        'stroke-width="1.5" class="kb-pic-axis"/>'
    )
    body += rows
    # The key: which shape is which precision, in words.
    present = [p for p in ("day", "month", "year") if any(e.date.precision == p for e in events)]
    y += 4
    kx: float = x0
    for p in present:
        if p == "day":
            body.append(f'<circle cx="{_n(kx + 5)}" cy="{_n(y)}" r="5" class="kb-pic-mark"/>')
        elif p == "month":
            body.append(
                f'<rect x="{_n(kx)}" y="{_n(y - 4)}" width="10" height="8" class="kb-pic-mark"/>'
            )
        else:
            body.append(
                f'<rect x="{_n(kx)}" y="{_n(y - 5)}" width="20" height="10" fill="none" '
                'stroke="currentColor" stroke-width="2" class="kb-pic-span"/>'
            )
        label = L[f"precision_{p}"]
        offset = 26 if p == "year" else 16
        body.append(_text(kx + offset, y + 4, [label], "kb-pic-text", SMALL))
        kx += offset + len(label) * SMALL * CHAR + 14
    desc = L["pic_timeline_desc"].format(
        count=len(events),
        first=short_date(events[0].date, h.lang),
        last=short_date(events[-1].date, h.lang),
    )
    return _figure("timeline", ident, L["pic_timeline_title"], desc, y + 12, body)


def _year_counts(h: Helpers, events: list, ident: str) -> Markup:
    """Events counted per year, one bar a year; each bar links to that year's page."""
    L = h.L
    counts: dict[int, int] = {}
    for e in events:
        counts[e.date.year] = counts.get(e.date.year, 0) + 1
    first, last = min(counts), max(counts)
    years = last - first + 1
    x0, x1, base, tall = PAD, WIDTH - PAD, 170, 130
    width = (x1 - x0) / years
    most = max(counts.values())
    body = [
        _text(x0, 14, [L["pic_per_year"]], "kb-pic-text", SMALL),
        f'<line x1="{x0}" y1="{base - tall}" x2="{x1}" y2="{base - tall}" '
        'stroke="currentColor" stroke-dasharray="1 3" class="kb-pic-grid"/>',
        _text(x1, base - tall - 4, [str(most)], "kb-pic-text", SMALL, "end"),
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
            f'<rect x="{_n(bx + width * 0.1)}" y="{_n(base - height)}" width="{_n(width * 0.8)}" '
            f'height="{_n(height)}" class="kb-pic-mark"/>'
        )
        number = (
            _text(bx + width / 2, base - height - 3, [str(n)], "kb-pic-text", SMALL, "middle")
            if width >= 18
            else ""
        )
        body.append(
            f'<a href="{_href(h, f"timeline/{yr}.md")}" '
            f'class="kb-pic-link"><title>{_x(label)}</title>{bar}{number}</a>'
        )
    body.append(
        f'<line x1="{x0}" y1="{base}" x2="{x1}" y2="{base}" stroke="currentColor" '
        'stroke-width="1.5" class="kb-pic-axis"/>'
    )
    step = _year_step(years)
    for yr in range(first, last + 1):
        if yr % step == 0 or years <= 6:
            body.append(
                _text(
                    x0 + (yr - first + 0.5) * width,
                    base + 16,
                    [str(yr)],
                    "kb-pic-text",
                    SMALL,
                    "middle",
                )
            )
    desc = L["pic_counts_desc"].format(count=len(events), first=first, last=last, most=most)
    return _figure("timeline", ident, L["pic_timeline_title"], desc, base + 26, body)


# Trees: the scope diagram and the relations diagrams ------------------------------------------


class Branch:
    """A group under the root: a header (words, and a link when it names a record), a line
    style (the relation's state), and the entities it leads to."""

    def __init__(
        self, header: str, state: str, nodes: list[tuple[str, str]], href: str = "", more: str = ""
    ):
        self.header, self.state, self.nodes, self.href, self.more = header, state, nodes, href, more


def _tree(
    h: Helpers,
    kind: str,
    ident: str,
    title: str,
    desc: str,
    root: tuple[str, str],
    branches: list[Branch],
    compact: bool = False,
) -> Markup:
    """The root's box on top, a line down its left side, each branch off it with its header, and
    the branch's entities in boxes (links to their pages). A relation in effect is a solid line,
    one added by a decision dashed, one announced dotted; the header says it in words too."""
    body: list[str] = []
    name, href = root
    lines = wrap(name, WIDTH - 2 * PAD - 16, FONT + 1)
    box_h = 12 + 17 * len(lines)
    text = _text(
        PAD + 8, 8 + 19, lines, "kb-pic-node-text kb-pic-node-text--root", FONT + 1, step=17
    )
    rect = (
        f'<rect x="{PAD - 10}" y="4" width="{WIDTH - 2 * PAD + 20}" height="{_n(box_h)}" '
        'rx="4" fill="none" stroke="currentColor" stroke-width="2" class="kb-pic-node '
        'kb-pic-node--root"/>'
    )
    body.append(
        f'<a href="{_href(h, href)}" class="kb-pic-link">{rect}{text}</a>'
        if href
        else f"<g>{rect}{text}</g>"
    )
    spine_x, y = PAD + 4, 4 + box_h
    spine_top, spine_end = y, y
    row = 18 if compact else 20
    for b in branches:
        dash = f' stroke-dasharray="{DASH[b.state]}"' if DASH[b.state] else ""
        y += 16
        head = wrap(b.header, WIDTH - PAD - spine_x - 20, FONT)
        body.append(
            f'<line x1="{spine_x}" y1="{_n(y - 4)}" x2="{spine_x + 14}" y2="{_n(y - 4)}" '
            f'stroke="currentColor" stroke-width="1.5"{dash} class="kb-pic-edge"/>'
        )
        spine_end = y - 4
        head_text = _text(spine_x + 20, y, head, "kb-pic-head", FONT)
        body.append(
            f'<a href="{_href(h, b.href)}" class="kb-pic-link">{head_text}</a>'
            if b.href
            else head_text
        )
        y += 16 * (len(head) - 1)
        sub_x, sub_top = spine_x + 24, y + 4
        sub_end: float = sub_top  # then the middle of the last box
        for node_name, node_href in b.nodes:
            y += 8
            node_lines = wrap(node_name, WIDTH - PAD - sub_x - 30, FONT)
            height = (8 + 16 * len(node_lines)) if not compact else 16 * len(node_lines) + 2
            mid = y + height / 2
            body.append(
                f'<line x1="{sub_x}" y1="{_n(mid)}" x2="{sub_x + 14}" y2="{_n(mid)}" '
                f'stroke="currentColor" stroke-width="1.5"{dash} class="kb-pic-edge"/>'
            )
            label = _text(
                sub_x + 24,
                y + (16 if not compact else 13),
                node_lines,
                "kb-pic-node-text",
                FONT,
                step=16,
            )
            frame = (
                ""
                if compact
                else f'<rect x="{sub_x + 16}" y="{_n(y)}" width="{_n(WIDTH - PAD - sub_x - 6)}" '
                f'height="{_n(height)}" rx="3" fill="none" stroke="currentColor"{dash} '
                'class="kb-pic-node"/>'
            )
            body.append(
                f'<a href="{_href(h, node_href)}" class="kb-pic-link">'
                f"<title>{_x(node_name)}</title>{frame}{label}</a>"
            )
            sub_end, y = mid, y + height
        if b.more:
            y += 16
            body.append(_text(sub_x + 16, y, [b.more], "kb-pic-text", SMALL))
        if b.nodes:
            body.append(
                f'<line x1="{sub_x}" y1="{_n(sub_top)}" x2="{sub_x}" y2="{_n(sub_end)}" '
                f'stroke="currentColor" stroke-width="1.5"{dash} class="kb-pic-edge"/>'
            )
        y += 6
    body.insert(
        1,
        f'<line x1="{spine_x}" y1="{_n(spine_top)}" x2="{spine_x}" y2="{_n(spine_end)}" '
        'stroke="currentColor" stroke-width="1.5" class="kb-pic-edge"/>',
    )
    states = [s for s in ("ongoing", "decided", "planned") if any(b.state == s for b in branches)]
    if not compact and len(states) > 1:  # the key: what each line style means, in words
        for s in states:
            y += row
            dash = f' stroke-dasharray="{DASH[s]}"' if DASH[s] else ""
            body.append(
                f'<line x1="{PAD}" y1="{_n(y - 4)}" x2="{PAD + 30}" y2="{_n(y - 4)}" '
                f'stroke="currentColor" stroke-width="1.5"{dash} class="kb-pic-edge"/>'
            )
            key = {
                "ongoing": h.L["pic_state_ongoing"],
                "decided": h.L["pic_state_decided"],
                "planned": h.L["pic_state_planned"],
            }
            body.append(_text(PAD + 38, y, [key[s]], "kb-pic-text", SMALL))
    return _figure(kind, ident, title, desc, y + 10, body)


def _entity_name(h: Helpers, e: Entity) -> str:
    abbr = getattr(e.abbr, h.lang, None) if e.abbr else None
    return h.cap(h.t(e.name)) + (f" ({abbr})" if abbr else "")


def _scope_branches(h: Helpers, views: list[RelationView]) -> list[Branch]:
    """The scope's relations grouped as the key facts group them: what (advises, will
    advise…) and on what basis since when; in effect first."""
    groups: dict[tuple[str, str], Branch] = {}
    for v in sorted(views, key=lambda v: v.state != "ongoing"):
        header = f"{'✓' if v.state == 'ongoing' else '→'} {h.relation_label(v)} ({v.after_note})"
        branch = groups.setdefault(
            (header, v.state),
            Branch(header, v.state, [], event_page(v.decision.id) if v.decision else ""),
        )
        e = h.entity(v.item.entity)
        if entity_page(e.id) not in [href for _, href in branch.nodes]:
            branch.nodes.append((_entity_name(h, e), entity_page(e.id)))
    return list(groups.values())


def _describe(h: Helpers, lead: str, branches: list[Branch]) -> str:
    """The words of a tree, for its <desc>: what a screen reader says of the picture."""
    parts = [f"{b.header}{h.L['colon']} {', '.join(name for name, _ in b.nodes)}" for b in branches]
    return h.in_lang(f"{lead}. " + "; ".join(parts) + ".", h.lang)  # French typography too


def scope_diagram(h: Helpers, ident: str, compact: bool = False) -> Markup:
    kb = h.kb
    mission = kb.entity[kb.scope.mission]
    branches = _scope_branches(h, [h.relation(i) for i in kb.scope.institutions])
    name = _entity_name(h, mission)
    title = h.L["pic_scope_title"].format(name=name)
    return _tree(
        h,
        "scope-small" if compact else "scope",
        ident,
        title,
        _describe(h, name, branches),
        (name, entity_page(mission.id)),
        branches,
        compact,
    )


def relations_diagram(h: Helpers, e: Entity, ident: str = "kb-relations") -> Markup | None:
    """What the data relates an entity to: what it is part of, the mission's relation to it,
    its parts; for the mission itself, the institutions of its scope. None when there is none."""
    kb = h.kb
    branches: list[Branch] = []
    if e.part_of and e.part_of in kb.entity:
        parent = kb.entity[e.part_of]
        branches.append(
            Branch(h.L["part_of"], "ongoing", [(_entity_name(h, parent), entity_page(parent.id))])
        )
    mission = kb.entity.get(kb.scope.mission)
    if mission is not None and mission.id != e.id:
        for i in kb.scope.institutions:
            if i.entity != e.id:
                continue
            v = h.relation(i)
            # The entity is the object of the mission's relation: "advised by", "to be advised by".
            passive = {
                ("ongoing", "advises"): h.L["pic_advises_by"],
                ("ongoing", "supports"): h.L["pic_supports_by"],
                ("later", "advises"): h.L["pic_will_advises_by"],
                ("later", "supports"): h.L["pic_will_supports_by"],
            }
            verb = passive[("ongoing" if v.state == "ongoing" else "later", i.relation)]
            branches.append(
                Branch(
                    f"{verb} ({v.after_note})",
                    v.state,
                    [(_entity_name(h, mission), entity_page(mission.id))],
                    event_page(v.decision.id) if v.decision else "",
                )
            )
    elif mission is not None:
        branches += _scope_branches(h, [h.relation(i) for i in kb.scope.institutions])
    children = kb.children.get(e.id, [])
    if children:
        more = (
            h.L["and_more"].format(count=len(children) - MAX_PARTS)
            if len(children) > MAX_PARTS
            else ""
        )
        branches.append(
            Branch(
                h.L["parts"],
                "ongoing",
                [(_entity_name(h, c), entity_page(c.id)) for c in children[:MAX_PARTS]],
                more=more,
            )
        )
    if not branches:
        return None
    name = _entity_name(h, e)
    title = h.L["pic_relations_title"].format(name=name)
    return _tree(h, "relations", ident, title, _describe(h, name, branches), (name, ""), branches)
