"""The proof that a valid data pull request breaks no test.

A copy of the project gets the contribution of tests/fixtures/contribution/ (two English
sources, one of them dating NATO's announcement a day later than the others, a new entity and
event, citations added to records already in data/), then every check of the real data runs on
it: each test that takes the `dataset` fixture runs once on the real data (`[data…]`) and once on
this copy (`[data+contribution…]`), among them validation (test_validate), every link, script
and page size (test_hostile, test_site), every quote found in the source it cites, every
translation marked with the source's language, the search indexes, the exports read by real
parsers (test_exports), the pictures (test_pictures). `pytest -k contribution` runs them all.

This file checks that the contribution is the change it claims to be, so that it cannot turn
trivial unnoticed, and that both editions of the copy build strictly and show it.
"""

from __future__ import annotations

import calendar
from datetime import date

import pytest

from contribution import FIXTURE, additions, new_files
from nmikb.knowledge.load import load_knowledge_base

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def contributed(contributed_project):
    return load_knowledge_base(contributed_project)


def test_the_contribution_is_what_a_new_contributor_sends(kb, contributed):
    sources = [s for s in contributed.sources if s.id not in kb.source]
    new = {s.id for s in sources}
    # Sources in English, their stored texts marked as what they are.
    assert len(sources) >= 2 and {s.language for s in sources} == {"en"}
    for s in sources:
        text = (FIXTURE / s.file).read_text(encoding="utf-8")
        assert text.startswith("TEST MATERIAL."), s.file
    # Corroboration: records the real data already had now also cite the new sources.
    old_files = {f.file for f in kb.facts}
    corroborated = {
        f.file
        for f in contributed.facts
        if f.file in old_files and {c.source for c in f.citations} & new
    }
    assert len(corroborated) >= 4, corroborated

    # A disagreement on a date: an event of the real data gets a rival value of one of its dates
    # from a new source, set aside with its reason, and a quote that names another weekday. Data
    # that already records that day (a contributor sent that source first) gets the quote joined
    # to its own value instead (tests/contribution.py), whatever its rank.
    def named_weekday(v) -> bool:
        day = date(v.value.on.year, v.value.on.month, v.value.on.day)
        return any(calendar.day_name[day.weekday()] in c.quote for c in v.citations)

    def given_before(ident: str, aspect: str, on) -> bool:
        claim = kb.event[ident].aspects().get(aspect) if ident in kb.event else None
        return claim is not None and any(v.value.on == on for v in claim.values)

    disputed = [
        (e.id, aspect, v)
        for e in contributed.events
        if e.id in kb.event
        for aspect, claim in e.aspects().items()
        for v in claim.values
        if {c.source for c in v.citations} & new
        and v.value.on is not None
        and v.value.on.precision == "day"
        and named_weekday(v)
        and (
            given_before(e.id, aspect, v.value.on)
            or (v.rank == "set-aside" and v.reason is not None)
        )
    ]
    assert disputed
    assert all(
        given_before(ident, aspect, v.value.on)
        or contributed.dates[ident].aspects[aspect].state == "resolved"
        for ident, aspect, v in disputed
    )
    # A new entity, acting in a new event, both known from a new source.
    entities = [e for e in contributed.entities if e.id not in kb.entity]
    events = [e for e in contributed.events if e.id not in kb.event]
    assert entities and events
    assert any({a.id for a in entities} & set(e.actors) for e in events)
    assert all({c.source for c in e.citations} & new for e in events + entities)
    # What it adds to existing records is in additions.yaml; its new files are new.
    assert additions() and all((FIXTURE / f).is_file() for f in new_files())


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_both_editions_build_strictly_and_show_it(kb, contributed, contributed_site, prefix):
    added = [
        f"{kind}/{r.id}.html"
        for kind, records, old in (
            ("sources", contributed.sources, kb.source),
            ("entities", contributed.entities, kb.entity),
            ("events", contributed.events, kb.event),
        )
        for r in records
        if r.id not in old
    ]
    assert added
    for page in added:
        assert (contributed_site / prefix / page).is_file(), page
    index = (contributed_site / prefix / "sources/index.html").read_text(encoding="utf-8")
    assert all(f'href="{s.id}.html"' in index for s in contributed.sources)
