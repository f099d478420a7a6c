"""The link-preview image of an edition (OpenGraph/Twitter), drawn at build time.

No font is fetched or read from the system: the text is drawn with the font built into Pillow,
so every machine draws the same pixels and the pinned Pillow writes the same bytes. That font
has no accented letters, so a letter with an accent is drawn as its base letter and the accent
as strokes above (or the cedilla below): French titles keep their accents.

One image per edition rather than one per page: tens of thousands of record pages would each
add a file to the site and to its offline archive, for a preview that names the site anyway.
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
INDIGO, WHITE, PALE = (48, 63, 159), (255, 255, 255), (197, 202, 233)  # Material's indigo palette
_DASHES = {"—": "M", "–": "N"}  # drawn as a rule the width of this letter


# The same three texts make the same image: drawn once per process (`make serve` asks again after
# each save).
@cache
def preview_image(title: str, line: str, address: str) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), INDIGO)
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.load_default(size=64), ImageFont.load_default(size=34)
    y = 90
    for text in _wrap(title, big, WIDTH - 160):
        _text(draw, (80, y), text, big, WHITE)
        y += 84
    y += 30
    for text in _wrap(line, small, WIDTH - 160):
        _text(draw, (80, y), text, small, PALE)
        y += 48
    draw.rectangle((80, HEIGHT - 110, 200, HEIGHT - 104), fill=WHITE)
    _text(draw, (80, HEIGHT - 90), address, small, PALE)
    buf = io.BytesIO()
    image.save(
        buf, format="PNG", optimize=True
    )  # no text chunks, no time: the same bytes each build
    return buf.getvalue()


def _width(text: str, font) -> float:
    return sum(_advance(ch, font) for ch in text)


def _advance(ch: str, font) -> float:
    if ch in _DASHES:
        return font.getlength(_DASHES[ch])
    base = unicodedata.normalize("NFD", ch)[0]
    return font.getlength(base)


def _wrap(text: str, font, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if current and _width(candidate, font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return lines + [current] if current else lines


def _text(draw: ImageDraw.ImageDraw, at: tuple[int, int], text: str, font, fill) -> None:
    x: float  # advances by glyph widths, which are fractional
    x, y = at
    size = font.size
    for ch in text:
        advance = _advance(ch, font)
        if ch in _DASHES:
            mid = y + size * 0.55
            draw.rectangle((x + 2, mid, x + advance - 2, mid + max(2, size // 14)), fill=fill)
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            base, marks = decomposed[0], decomposed[1:]
            draw.text((x, y), base, font=font, fill=fill)
            left, top, right, bottom = draw.textbbox((x, y), base, font=font)
            for mark in marks:
                _mark(draw, mark, (left + right) / 2, top, bottom, size, fill)
        x += advance


def _mark(draw, mark: str, cx: float, top: float, bottom: float, size: int, fill) -> None:
    """A combining accent drawn as strokes: just above the letter's top, or below it (cedilla).

    Drawn as a typeface draws it: close to the letter (a gap of 4 % of the size), as thick as a
    thin stem, and an acute or grave leaning from the letter's middle (an accent centred on its
    own length reads as floating to the side of the letter)."""
    w = max(2, round(size / 11))
    h = size * 0.2
    base = top - size * 0.04  # the accent's lowest point
    if top <= size * 0.25:  # a capital: less room above, a flatter accent
        h *= 0.7
    peak = base - h
    if mark == "\u0301":  # acute: from above the middle up to the right
        draw.line((cx - h * 0.1, base, cx + h * 0.5, peak), fill=fill, width=w)
    elif mark == "\u0300":  # grave: from above the middle up to the left
        draw.line((cx + h * 0.1, base, cx - h * 0.5, peak), fill=fill, width=w)
    elif mark == "\u0302":  # circumflex
        draw.line((cx - h * 0.6, base, cx, peak), fill=fill, width=w)
        draw.line((cx, peak, cx + h * 0.6, base), fill=fill, width=w)
    elif mark == "\u0308":  # diaeresis
        r = w * 0.75
        for dx in (-h * 0.55, h * 0.55):
            draw.ellipse(
                (cx + dx - r, base - h * 0.4 - r, cx + dx + r, base - h * 0.4 + r), fill=fill
            )
    elif mark == "\u0327":  # cedilla
        draw.line((cx, bottom, cx + h * 0.3, bottom + h * 0.6), fill=fill, width=w)
        draw.line((cx + h * 0.3, bottom + h * 0.6, cx - h * 0.3, bottom + h), fill=fill, width=w)
