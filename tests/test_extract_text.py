"""Article text before extraction: sentence bounds."""

from __future__ import annotations

from dossier.extract.quotes import find_quote_spans
from dossier.extract.text import sentence_bounds

def sentences(text: str, quoted: bool = False) -> list[str]:
    bounds = sentence_bounds(text, find_quote_spans(text) if quoted else ())
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))  # they tile the text
    return [text[a:b].strip() for a, b in bounds]


def test_abbreviated_titles_and_initials_do_not_end_a_sentence():
    text = "Mr. Pham met Col. Maiga and the U.S. Senate envoy on Monday. They talked for an hour."
    assert sentences(text) == [
        "Mr. Pham met Col. Maiga and the U.S. Senate envoy on Monday.",
        "They talked for an hour.",
    ]


def test_a_quote_ending_in_a_full_stop_ends_the_sentence():
    text = 'The colonel said: "We will stay." Then he left the room.'
    expected = ['The colonel said: "We will stay."', "Then he left the room."]
    assert sentences(text) == expected
    assert sentences(text, quoted=True) == expected


def test_a_full_stop_inside_a_quotation_ends_no_sentence_when_quotes_are_known():
    text = "The colonel said: “We will stay. We will fight.” Then he left."
    assert sentences(text, quoted=True) == ["The colonel said: “We will stay. We will fight.”", "Then he left."]


def test_a_line_break_ends_a_sentence_unless_it_wraps_one():
    assert sentences("Niger's junta spoke on television\nThe regional bloc replied") == [
        "Niger's junta spoke on television",
        "The regional bloc replied",
    ]
    assert sentences("The junta spoke to\nthe press on Sunday.") == ["The junta spoke to\nthe press on Sunday."]
