"""`nmi-kb diff BASE [HEAD]`: what a change does to the knowledge base, in words.

BASE and HEAD are commits (ids, branches, tags, `HEAD~1`); without HEAD, the working tree as it
is, uncommitted edits included. Each side is loaded and validated like `make validate` would
(sides.py), reduced to what it claims (claims.py), the two compared (compare.py), their pages
rendered and compared (pagediff.py), and the result written in plain text or Markdown (report.py).
"""

from __future__ import annotations

from pathlib import Path

from .claims import claims_of
from .compare import compare
from .pagediff import changed_pages
from .report import write
from .sides import Side, knowledge_at, repository, resolve
from .styles import STYLES

WORKING_TREE = "the working tree"


def diff(root: Path, base: str, head: str | None = None, fmt: str = "text") -> str:
    """The report, or CannotCompare / InvalidSide (sides.py)."""
    root = Path(root)
    repository(root)  # outside a repository, say so before anything else
    old = resolve(root, base, "BASE")
    new = resolve(root, head, "HEAD") if head is not None else Side("HEAD", None, WORKING_TREE)
    with knowledge_at(root, old) as old_kb, knowledge_at(root, new) as new_kb:
        changes = compare(claims_of(old_kb), claims_of(new_kb))
        pages = changed_pages(old_kb, new_kb)
        return write(changes, STYLES[fmt](), old.name, new.name, pages)
