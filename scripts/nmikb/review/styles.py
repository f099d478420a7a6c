"""How the diff is written: plain text for a terminal, Markdown for a pull request.

One report (report.py) is written through either style, so both say the same things in the same
order. Data text is escaped for Markdown (the same escaping as the site's pages): a title or a
quote in a pull request can never become a link, an image or a heading of the job summary.
"""

from __future__ import annotations

from nmikb.data.wordiff import Segment, plain
from nmikb.pages.render import escape_md

# What a line reports: something added, removed or changed, or a line that only informs.
SIGILS = {"added": "+", "removed": "-", "changed": "~", "note": ""}


class Plain:
    """For a terminal: indented lines, `+`/`-`/`~` in front, `[-old-]{+new+}` inside."""

    markdown = False

    def title(self, text: str) -> str:
        return text

    def heading(self, text: str) -> str:
        return f"\n{text}"

    def item(self, what: str, text: str, depth: int = 0) -> str:
        sigil = SIGILS[what]
        return "  " * (depth + 1) + (f"{sigil} {text}" if sigil else text)

    def line(self, text: str) -> str:
        return text

    def code(self, text: str) -> str:
        return text

    def text(self, text: str) -> str:
        return text

    def quote(self, text: str) -> str:
        return f"«{text}»"

    def words(self, parts: list[Segment]) -> str:
        return f"«{plain(parts)}»"


class Markdown:
    """For a pull request: headings and lists, ids in code, removed words struck through and
    added words in bold (`~~old~~ **new**`), which GitHub shows as such."""

    markdown = True

    def title(self, text: str) -> str:
        return f"## {text}"

    def heading(self, text: str) -> str:
        return f"\n### {text}\n"

    def item(self, what: str, text: str, depth: int = 0) -> str:
        mark = f"**{SIGILS[what]}** " if what != "note" else ""
        return "  " * depth + f"- {mark}{text}"

    def line(self, text: str) -> str:
        return text

    def code(self, text: str) -> str:
        # Ids and paths are validated slugs and fixed folder names: no backtick can be in them.
        return f"`{text}`"

    def text(self, text: str) -> str:
        return escape_md(text)

    def quote(self, text: str) -> str:
        return f"«{escape_md(text)}»"

    def words(self, parts: list[Segment]) -> str:
        out = []
        for part in parts:
            text = escape_md(part.text)
            out.append({"old": f"~~{text}~~", "new": f"**{text}**"}.get(part.kind, text))
        return "«" + " ".join(out) + "»"


STYLES: dict[str, type[Plain] | type[Markdown]] = {"text": Plain, "markdown": Markdown}
