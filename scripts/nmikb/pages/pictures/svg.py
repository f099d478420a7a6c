"""Pictures drawn from the data at build time: inline SVG, written as text. This module holds what
the three pictures share; timeline.py and diagrams.py draw them.

Three pictures: the timeline strip (home and timeline pages), the scope diagram (scope page, and
a small one on the home page) and the relations diagram of an entity (its own page). Each is a
`<figure>` holding one `<svg>` with a `<title>` and a `<desc>` in the page's language; every mark
is an `<a href>` to its record, so the keyboard reaches it and a screen reader names it. The
same information stays on the page as text (the lists and the scope table).

Every text from the data is escaped for XML here (`esc`), and the figure is returned as `Markup`:
it enters the Markdown page as a raw HTML block, which Markdown leaves alone, so neither Markdown
nor the data can add markup to it. Coordinates are rounded to one decimal and the output depends
on the data only: the same data gives the same bytes. Colours come from the theme's CSS variables
(kb.css, classes `kb-pic-*`); line styles and shapes are attributes, so that a picture without
its stylesheet, or printed, still tells a decision from work in effect.
"""

from __future__ import annotations

import html

from markupsafe import Markup

from nmikb.data.models import PartialDate
from nmikb.edition.formats import format_partial_date
from nmikb.pages.helpers import Helpers

WIDTH = 400  # viewBox width: at 360 px on a phone, 13-unit text is about 12 px
PAD = 20
FONT = 13
SMALL = 12
CHAR = 0.6  # average glyph width, in font sizes: enough for the system sans-serif fonts


def esc(text: str) -> str:
    """Text from the data or the labels, as XML character data or attribute value."""
    return html.escape(str(text), quote=True)


def num(value: float) -> str:
    """A coordinate: one decimal at most, no trailing zeros, never '-0'."""
    out = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if out == "-0" else out


def link_to(h: Helpers, target: str) -> str:
    """A link to a generated page, as the built site names it (.md becomes .html)."""
    path, _, anchor = h.link(target).partition("#")
    path = path[:-3] + ".html" if path.endswith(".md") else path
    return esc(path + ("#" + anchor if anchor else ""))


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
    return format_partial_date(d, lang, weekday=False)


def svg_text(
    x: float,
    y: float,
    lines: list[str],
    cls: str = "kb-pic-text",
    size: int = FONT,
    anchor: str = "",
    step: float = 0,
) -> str:
    step = step or size + 3
    attrs = f' x="{num(x)}" y="{num(y)}" font-size="{size}" class="{cls}"' + (
        f' text-anchor="{anchor}"' if anchor else ""
    )
    if len(lines) == 1:
        return f"<text{attrs}>{esc(lines[0])}</text>"
    spans = "".join(
        f'<tspan x="{num(x)}" dy="{num(0 if i == 0 else step)}">{esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f"<text{attrs}>{spans}</text>"


def figure(kind: str, ident: str, title: str, desc: str, height: float, body: list[str]) -> Markup:
    """The figure: an SVG group named by its title and described by its desc, links inside."""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {num(height)}" '
        'width="100%" role="group" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" class="kb-pic">'
        f'<title id="{ident}-title">{esc(title)}</title><desc id="{ident}-desc">{esc(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )
    # data-search-exclude: the page's text already says all this; search need not find it twice.
    return Markup(
        f'<figure class="kb-picture kb-picture--{kind}" data-search-exclude>{svg}</figure>'
    )
