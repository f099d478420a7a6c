"""Several sources, on the fixture that has them (tests/fixtures/multi/): what the knowledge base
works out (dates with their basis and rivals, documents counted once, quotes checked or not,
coverage), and every new rule of the validator, each mistake with its located message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import make_multi
from nmikb.data.models import PartialDate
from nmikb.data.problems import ProblemsFound
from nmikb.knowledge.load import load_knowledge_base


def test_an_event_placed_by_its_announcement_carries_the_rival_set_aside(multi_kb):
    d = multi_kb.dates["cvb-extends-flood-watch"]
    assert (d.when, d.aspect, d.basis, d.state) == (
        PartialDate(2024, 5, 16),
        "announced",
        "stated",
        "resolved",
    )
    assert [(v.value.on, v.rank) for v in d.alternatives] == [
        (PartialDate(2024, 5, 17), "set-aside")
    ]
    # The decision keeps its own stated day, apart from the announcement's.
    decided = d.aspects["decided"].shown.value
    assert (decided.on, decided.basis) == (PartialDate(2024, 5, 14), "stated")


def test_sources_that_differ_with_none_preferred_span_their_values(multi_kb):
    d = multi_kb.dates["berny-support-begins"]
    assert d.state == "unresolved"
    assert (d.when, d.latest) == (PartialDate(2024, 5), PartialDate(2024, 6))
    assert d.basis == "inferred"  # the earliest value is the editors' reading of "depuis mai"


def test_an_event_no_source_dates_is_placed_at_its_report(multi_kb):
    d = multi_kb.dates["cvb-statement-on-request"]
    assert (d.aspect, d.when) == ("reported", PartialDate(2024, 5, 16))
    # And the timeline sorts by these dates, not by file names.
    order = [e.id for e in multi_kb.timeline]
    assert order.index("valmont-requests-support") < order.index("berny-support-begins")
    assert order.index("berny-support-begins") < order.index("cvb-extends-flood-watch")


def test_documents_are_counted_once_and_a_copy_as_its_original(tmp_path):
    project = make_multi(tmp_path / "p")
    sources = project / "data" / "sources"
    release = (sources / "cvb-release-2024-05-16.yaml").read_text(encoding="utf-8")
    copy = (
        release.replace("id: cvb-release-2024-05-16", "id: cvb-release-copy")
        .replace("url: https://news-mirror.example/cvb/2024-05-16", "url: https://copy.example/r")
        .replace(
            "reproduces: {url: https://cvb.example/press/2024-05-16}",
            "reproduces: {url: https://news-mirror.example/cvb/2024-05-16, "
            "source: cvb-release-2024-05-16}",
        )
        .replace("- source: cvb-release-2024-05-16", "- source: cvb-release-copy")
    )
    (sources / "cvb-release-copy.yaml").write_text(copy, encoding="utf-8")
    kb = load_knowledge_base(project)
    [quote] = [c for c in kb.event["flood-watch-created"].citations]
    from nmikb.data.models import Citation

    again = Citation(source="cvb-release-copy", quote=quote.quote, translation=quote.translation)
    assert kb.documents([quote, quote]) == ["cvb-release-2024-05-16"]
    assert kb.documents([quote, again]) == ["cvb-release-2024-05-16"]


def test_quotes_of_a_source_with_no_stored_text_are_not_checked_nor_counted(multi_kb):
    assert not multi_kb.checked("valmont-minutes-2024-04-12")
    assert multi_kb.checked("basin-bulletin-2024-06")
    assert "valmont-minutes-2024-04-12" not in multi_kb.coverage
    # An excerpt's sentences are its whole stored text.
    excerpt = multi_kb.coverage["basin-bulletin-2024-06"]
    assert [s.number for s in excerpt] == [1, 2, 3, 4]


def test_a_sources_own_byline_never_covers_a_sentence(tmp_path):
    project = make_multi(tmp_path / "p")
    post = project / "data" / "sources" / "riverside-post-2024-05-17.yaml"
    post.write_text(
        post.read_text(encoding="utf-8") + "  - source: riverside-post-2024-05-17\n"
        "    quote: The commission's council had taken the decision earlier in the week.\n"
        "    translation: {fr: Le conseil de la commission avait pris la décision plus tôt.}\n",
        encoding="utf-8",
    )
    kb = load_knowledge_base(project)
    sentence = next(s for s in kb.coverage["riverside-post-2024-05-17"] if "earlier" in s.text)
    assert sentence.facts == []


# The validator -----------------------------------------------------------------------------------


def broken(tmp_path: Path, file: str, old: str, new: str) -> list[str]:
    """The fixture with one edit, validated: its problems as the terminal prints them."""
    project = make_multi(tmp_path / "p")
    path = project / "data" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ProblemsFound) as err:
        load_knowledge_base(project, drafts=False)
    return [str(p) for p in err.value.problems]


def line_of(tmp_path: Path, file: str, needle: str) -> int:
    """The line (1-based) of the edited file that holds `needle`: locations are checked by
    content, never by a number that another edit would move."""
    lines = (tmp_path / "p" / "data" / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


EVENT = "events/cvb-extends-flood-watch.yaml"


def test_a_rival_value_without_a_source(tmp_path):
    found = broken(
        tmp_path,
        EVENT,
        """      citations:
        - source: riverside-post-2024-05-17
          quote: The Commission announced on Friday
          translation: {fr: La Commission a annoncé vendredi}
""",
        "",
    )
    [problem] = found
    line = line_of(tmp_path, EVENT, 'on: "2024-05-17"')
    assert re.fullmatch(
        rf"data/{EVENT}:{line}:7: dates\.announced\[1\]: "
        r"a rival value without a source — add `citations:` with the passage that gives this "
        r"value",
        problem,
    ), problem


def test_a_rank_without_its_reason(tmp_path):
    found = broken(
        tmp_path,
        EVENT,
        "      reason: {en: The Post's",
        "      unused: {en: The Post's",
    )
    assert any(
        "dates.announced[1].unused: unknown field `unused` — allowed fields: on, unknown, basis"
        in p
        for p in found
    ), found
    found = broken(
        tmp_path / "2", EVENT, "      reason: {en: The Post's", "      # {en: The Post's"
    )
    assert any(
        "dates.announced[1]: a value set aside needs its reason — add `reason: {en: …, fr: …}`" in p
        for p in found
    ), found


def test_an_inferred_date_with_no_reasoning(tmp_path):
    found = broken(
        tmp_path, EVENT, "      reasoning: {en: '\"announced", "      # {en: '\"announced"
    )
    line = line_of(tmp_path, EVENT, 'on: "2024-05-17"')
    assert (
        f"data/{EVENT}:{line}:7: dates.announced[1]: an inferred date with no reasoning"
        in (found[0])
    ), found


def test_a_weekday_that_is_not_the_dates(tmp_path):
    found = broken(tmp_path, EVENT, "weekday: tuesday", "weekday: wednesday")
    assert any("2024-05-14 is a Tuesday, not a Wednesday" in p for p in found), found


def test_an_inferred_date_more_precise_than_its_source(tmp_path):
    # The bulletin is dated to the month: a day read from it is more than it says.
    found = broken(
        tmp_path,
        "events/berny-support-begins.yaml",
        """    - on: "2024-06"
      rank: other
      citations:""",
        """    - on: "2024-06-03"
      rank: other
      basis: inferred
      reasoning: {en: Read so., fr: Lu ainsi.}
      citations:""",
    )
    assert any(
        "dates.occurred[1].on: 2024-06-03 is a day, but source `basin-bulletin-2024-06` is "
        'dated only to 2024-06 — write "2024-06"' in p
        for p in found
    ), found


def test_a_date_and_dated_aspects_at_once(tmp_path):
    found = broken(tmp_path, EVENT, "dates:\n", 'date: "2024-05-16"\ndates:\n')
    assert any("give either `date` (one date) or `dates` (dated aspects)" in p for p in found)


def test_a_retired_field_says_what_replaces_it(tmp_path):
    found = broken(
        tmp_path,
        "events/flood-watch-created.yaml",
        'date: "2019"\n',
        'date: "2019"\ndate_note: {en: Known., fr: Connue.}\n',
    )
    [problem] = found
    assert problem.startswith(
        "data/events/flood-watch-created.yaml:4:1: date_note: `date_note` is no longer used — "
        "`date_note` is replaced by the date's basis"
    ), problem
    found = broken(
        tmp_path / "2",
        "sources/riverside-post-2024-05-17.yaml",
        "  status: own\n",
        "  supplied: false\n",
    )
    assert found == [
        "data/sources/riverside-post-2024-05-17.yaml:7:3: title.supplied: `supplied` is no longer "
        "used — `supplied` is replaced by `status`: write `status: none` if the document has no "
        "title, `status: not-stored` if only the stored copy lacks one, `status: own` otherwise"
    ]


def test_a_reproduces_loop(tmp_path):
    project = make_multi(tmp_path / "p")
    sources = project / "data" / "sources"
    release = sources / "cvb-release-2024-05-16.yaml"
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "reproduces: {url: https://cvb.example/press/2024-05-16}",
            "reproduces: {url: https://cvb.example/press/2024-05-16, "
            "source: riverside-post-2024-05-17}",
        ),
        encoding="utf-8",
    )
    post = sources / "riverside-post-2024-05-17.yaml"
    post.write_text(
        post.read_text(encoding="utf-8").replace(
            'date: "2024-05-17"\n',
            'date: "2024-05-17"\nurl: https://post.example/a\n'
            "reproduces: {url: https://news-mirror.example/cvb/2024-05-16, "
            "source: cvb-release-2024-05-16}\n",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ProblemsFound) as err:
        load_knowledge_base(project)
    assert any(
        "reproduces.source: a `reproduces` loop: `cvb-release-2024-05-16` → "
        "`riverside-post-2024-05-17` → `cvb-release-2024-05-16`" in str(p)
        for p in err.value.problems
    ), err.value.report()


def test_a_quote_outside_the_stored_excerpt(tmp_path):
    found = broken(
        tmp_path,
        "scope.yaml",
        "quote: La mission Varenne Flood Watch apporte son appui à la maison communale de Valmont.",
        "quote: La mission Varenne Flood Watch apporte son appui à la mairie de Valmont.",
    )
    [problem] = found
    assert "this quote is not in the stored excerpt of source `basin-bulletin-2024-06`" in problem
    assert "only part of that document is stored" in problem


def test_a_body_that_starts_or_ends_inside_a_sentence(tmp_path):
    file = "sources/cvb-release-2024-05-16.yaml"
    found = broken(
        tmp_path,
        file,
        "body_start: The Council of the Commission decided",
        "body_start: to extend Varenne Flood Watch",
    )
    assert found == [
        f"data/{file}:{line_of(tmp_path, file, 'body_start')}:13: body_start: «to extend Varenne "
        "Flood Watch» starts in the middle of a sentence — copy the first words of that "
        "sentence: «The Council of the»"
    ]
    found = broken(
        tmp_path / "2", file, "body_end: available on request.", "body_end: available on"
    )
    assert any("body_end: «available on» stops before the end of its sentence" in p for p in found)


def test_two_relations_that_differ_only_by_verb_are_one(tmp_path):
    # The relation to Berny that starts in 2025, moved to the period of the one in effect.
    found = broken(
        tmp_path,
        "scope.yaml",
        'start: {on: "2025", basis: announcement}',
        "start: {unknown: true, basis: start-of-activity}",
    )
    [problem] = found
    assert (
        "scope.institutions[2]: the mission already has a relation to `berny-services` over "
        in (problem)
    )
    assert "the two differ only by verb (`supports` / `advises`)" in problem
    assert "make them one relation" in problem


def test_the_source_warning_follows_each_edit_of_a_file_read_again_by_the_same_process(tmp_path):
    # `make serve` keeps what each file's texts say of "the source", by the digest of its bytes
    # (knowledge/checks.py): what it keeps never hides an edit, and one that adds or removes the
    # words is seen at the next save.
    from nmikb.knowledge.load import load_knowledge_base

    project = make_multi(tmp_path / "p")
    entity = project / "data" / "entities" / "cvb.yaml"
    plain = entity.read_text(encoding="utf-8")
    said = plain.replace(
        "description: {en: The commission whose council",
        "description: {en: The source says the commission whose council",
    )
    files: dict = {}

    def warned() -> list[str]:
        kb = load_knowledge_base(project, cache=files, remember=True)
        return [w.message for w in kb.warnings if "but this record cites" in w.message]

    assert warned() == []
    entity.write_text(said, encoding="utf-8")
    assert warned() == [
        "says “The source”, but this record cites 2 sources "
        "(cvb-release-2024-05-16, gazette-review-2024-05-16)"
    ]
    entity.write_text(plain, encoding="utf-8")
    assert warned() == []
    entity.write_text(said, encoding="utf-8")
    assert len(warned()) == 1


def test_the_source_in_a_record_that_several_sources_support_is_a_warning(tmp_path, capsys):
    from nmikb.cli import main

    project = make_multi(tmp_path / "p")
    entity = project / "data" / "entities" / "cvb.yaml"
    entity.write_text(
        entity.read_text(encoding="utf-8").replace(
            "description: {en: The commission whose council",
            "description: {en: The source says the commission whose council",
        ),
        encoding="utf-8",
    )
    assert main(["--root", str(project), "validate"]) == 0  # said, never refused
    err = capsys.readouterr().err
    assert (
        "data/entities/cvb.yaml:6:19: warning: description.en: says “The source”, but this record "
        "cites 2 sources (cvb-release-2024-05-16, gazette-review-2024-05-16)"
    ) in err, err
    assert "1 warning: worth a look, nothing refused." in err
