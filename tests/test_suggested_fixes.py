"""The fixes the validator suggests: the right form of a date written another way, and the words
in which two texts differ, with a few words of context and the rest cut (tests/test_validate.py
checks them inside the located messages)."""

from __future__ import annotations

import pytest

from nmikb.data.dateforms import right_form
from nmikb.data.wordiff import marked, segments
from nmikb.review.styles import Markdown


@pytest.mark.parametrize(
    "value,right",
    [
        ("17/08/2023", '"2023-08-17"'),
        ("17.08.2023", '"2023-08-17"'),
        ("2023/08/17", '"2023-08-17"'),
        ("2023-8-7", '"2023-08-07"'),
        ("2023-08-17T09:30", '"2023-08-17"'),
        ("08/17/2023", '"2023-08-17"'),  # only month-first is a date
        ("08/07/2023", '"2023-07-08" (8 July 2023) or "2023-08-07" (7 August 2023)'),
        ("07/07/2023", '"2023-07-07"'),
        ("17 août 2023", '"2023-08-17"'),
        ("1er août 2023", '"2023-08-01"'),
        ("August 17, 2023", '"2023-08-17"'),
        ("17th August 2023", '"2023-08-17"'),
        ("Aug. 2023", '"2023-08"'),
        ("février 2024", '"2024-02"'),
        ("08/2023", '"2023-08"'),
        (2018, '"2018"'),
        # No date: the generic advice stands.
        ("31/02/2023", None),
        ("2023-02-30", None),
        ("soon", None),
        ("13 Smarch 2023", None),
        (True, None),
        (18, None),
    ],
)
def test_a_date_in_another_form_gets_the_text_to_write(value, right):
    assert right_form(value) == right


def test_differences_keep_a_few_words_around_each_and_cut_the_rest():
    old = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    new = old.replace("two", "2").replace("thirteen", "13")
    assert marked(old, new) == (
        "one [-two-]{+2+} three four five six … nine ten eleven twelve [-thirteen-]{+13+} fourteen"
    )
    assert marked("a b c", "a b c d") == "a b c {+d+}"
    assert marked("a b c d", "a b c") == "a b c [-d-]"
    assert marked("same words", "same words") == "same words"


def test_markdown_strikes_the_old_words_and_bolds_the_new_without_letting_data_be_markup():
    parts = segments("the *old* [link](x)", "the *new* [link](x)")
    assert Markdown().words(parts) == "«the ~~\\*old\\*~~ **\\*new\\*** \\[link\\]\\(x\\)»"
