"""The swap that puts a new site in place of the old one (nmikb/site/swap.py), on real folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from nmikb.site import swap


def folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "index.html").write_text(text, encoding="utf-8")
    return path


def content(path: Path) -> str:
    return (path / "index.html").read_text(encoding="utf-8")


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    a, b = folder(tmp_path / "a", "A"), folder(tmp_path / "b", "B")
    assert swap.exchange(a, b), "renameat2(RENAME_EXCHANGE) is missing on this Linux machine"
    assert (content(a), content(b)) == ("B", "A")


def test_exchange_refuses_a_missing_path_and_changes_nothing(tmp_path):
    a = folder(tmp_path / "a", "A")
    assert not swap.exchange(a, tmp_path / "missing")
    assert content(a) == "A" and not (tmp_path / "missing").exists()


@pytest.mark.parametrize("atomic", [True, False], ids=["exchange", "two-renames"])
def test_the_new_site_replaces_the_old_which_ends_at_the_spare_path(tmp_path, monkeypatch, atomic):
    if not atomic:  # a system without renameat2: the fallback must do the same job
        monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    new, out = folder(tmp_path / "new", "new"), folder(tmp_path / "out", "old")
    swap.replace_folder(new, out, tmp_path / "spare")
    assert content(out) == "new" and content(tmp_path / "spare") == "old"
    assert not new.exists()


def test_an_output_that_does_not_exist_yet_is_simply_created(tmp_path):
    new = folder(tmp_path / "new", "new")
    swap.replace_folder(new, tmp_path / "out", tmp_path / "spare")
    assert content(tmp_path / "out") == "new" and not (tmp_path / "spare").exists()


def test_when_the_fallback_cannot_move_the_new_site_the_old_one_is_put_back(tmp_path, monkeypatch):
    monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    out = folder(tmp_path / "out", "old")
    with pytest.raises(FileNotFoundError):
        swap.replace_folder(tmp_path / "vanished", out, tmp_path / "spare")
    assert content(out) == "old" and not (tmp_path / "spare").exists()
