"""What one edition's kept tree was written from, and which of its files the engine has not
rendered since they changed (reuse.py decides what changes; tree.py, mkdocs_run.py and `make
serve` record it here). A module of its own, with no import of the data's models: the MkDocs run
of each edition (`python -m nmikb.site.mkdocs_run`, a process of its own) needs this alone, and
importing reuse.py's models took it 0.19 s of every build's start, at every size."""

from __future__ import annotations


class Reuse:
    """What one edition's kept tree was written from, and which of its files the engine has not
    rendered since they changed: `state` is plain data that `make site` keeps between builds
    (kept.py) and `make serve` between saves; `save` writes it where it is kept."""

    def __init__(self, state: dict | None = None, save=None) -> None:
        self.state = state if state is not None else {}
        self._save = save

    @property
    def fingerprint(self) -> dict | None:
        return self.state.get("fingerprint")

    @property
    def pending(self) -> set[str] | None:
        """The tree's files (relative to its docs folder) changed since the engine last rendered
        them all, or None: everything is to be rendered."""
        pending = self.state.get("pending")
        return None if pending is None else set(pending)

    def writing(self, files: list[str]) -> None:
        """Before the tree's files change: until written, it is unknown what the tree holds."""
        pending = self.pending
        self.state["pending"] = None if pending is None else sorted(pending | set(files))
        self.state["fingerprint"] = None
        self.save()

    def written(self, fingerprint: dict) -> None:
        self.state["fingerprint"] = fingerprint
        self.save()

    def rendered(self, meta: dict[str, dict]) -> None:
        """The engine rendered every pending file; `meta`: the front matter of each page."""
        self.state["pending"] = []
        self.state["meta"] = meta
        self.save()

    def save(self) -> None:
        if self._save is not None:
            self._save(self.state)
