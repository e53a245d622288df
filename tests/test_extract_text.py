"""Article text before extraction: sentence bounds and page chrome."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.extract.quotes import find_quote_spans
from dossier.extract.text import chrome_spans, sentence_bounds

BODY = (
    "The junta that seized power in Niamey last month said on Sunday that it would prosecute "
    "the ousted president for high treason, and that it had gathered the evidence it needed "
    "to do so before any court.\n"
)


def sentences(text: str, quoted: bool = False) -> list[str]:
    bounds = sentence_bounds(text, find_quote_spans(text) if quoted else ())
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))  # they tile the text
    return [text[a:b].strip() for a, b in bounds]


def chrome(text: str) -> list[str]:
    return [text[a:b] for a, b in chrome_spans(text)]


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


def test_short_sentences_after_the_last_long_paragraph_are_article_not_teasers():
    assert chrome(BODY + "The bloc replied on Monday.\nIts leaders will meet again.\nNo date was set.\n") == []


def test_headlines_after_the_article_are_teasers():
    teasers = ["Mali cuts ties with Ukraine", "ECOWAS summit ends in Abuja", "What the coup means for the Sahel"]
    assert chrome(BODY + "\n".join(teasers) + "\n") == teasers


def test_a_repeated_line_that_does_not_end_as_a_sentence_is_chrome():
    caption = "Protesters outside the embassy. Photograph: Reuters"
    assert chrome(f"{caption}\n{BODY}{caption}\n{BODY}") == [caption, caption]


def test_a_repeated_line_that_ends_as_a_sentence_is_article_not_chrome():
    # Copy repeats a sentence (a pull quote, a caption that ends in a full stop): it stays article.
    repeated = "The junta said it would not yield."
    assert chrome(f"{repeated}\n{BODY}{repeated}\n{BODY}") == []
    assert chrome(f"“We will stay.”\n{BODY}“We will stay.”\n{BODY}") == []


def test_marks_after_a_full_stop_never_end_a_sentence_inside_the_next_quotation():
    # The straight quote opens a quotation whose first character is an apostrophe ("’Twas");
    # read as closing marks, they would end the sentence inside it.
    text = 'It rained."’ Twas cold," he said.'
    assert sentences(text, quoted=True) == [text]


_OPENS_WITH = re.compile(r"^(?:\(\?i:\(\?=\[[^\]]*\]\)\)|\(\?=\[[^\]]*\]\))")


def _patterns_opening_with_lookahead():
    from dossier.extract import actors, claims, institutions

    return [*institutions._patterns(), claims._SINGLE_RE, claims._RANGE_RE, actors._NAME_RE, actors._outlets()]


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            ["the ", "The ", "ſtate", "Army ", "ARMY of ", "army", "junta of the ", "coup", "Ministry of ", "military of ", "Mali", "Mali’s",
             "Defence Ministry", "ſoldiers", "Niger",
             "West", "African", "bloc", "regional", "Twenty-one", "ſix", "a", "thousand", "1,000", "47", "93", "from", "to",
             "between", "and", "Reuters", "AFP", "Le Monde", "France 24", "soldiers", " ", " ", ", ", ".", "\n", "-", "’"]
        ),
        max_size=25,
    ).map("".join)
)
def test_a_first_character_lookahead_changes_no_match(text):
    """`opens_with` put before the full-text patterns (descriptions, figures, names,
    outlets) finds what the pattern alone finds, letters folded by re.I included."""
    for pattern in _patterns_opening_with_lookahead():
        lookahead = _OPENS_WITH.match(pattern.pattern)
        assert lookahead is not None, pattern.pattern[:60]
        alone = re.compile(pattern.pattern[lookahead.end():], pattern.flags)
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in alone.finditer(text)]


# The sentence-end pattern as it was before runs of end marks were read whole from their first
# mark: the same ends, found in time that grew with the square of a run with no space after it.
_BACKTRACKING_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list(".!?\"'”’)] \na")), max_size=40))
def test_runs_of_end_marks_end_sentences_where_the_backtracking_pattern_did(text):
    from dossier.extract.text import _SENTENCE_END

    assert [m.span() for m in _SENTENCE_END.finditer(text)] == [m.span() for m in _BACKTRACKING_SENTENCE_END.finditer(text)]


def test_a_dotted_leader_ends_a_sentence_like_one_full_stop_and_a_run_without_space_ends_none():
    text = "The index ran to page 4.......... Then the minister spoke. He left?!? No."
    assert [text[a:b] for a, b in sentence_bounds(text)] == [
        "The index ran to page 4..........", " Then the minister spoke.", " He left?!?", " No."
    ]
    leader = "Contents" + "." * 200_000 + "page 4"  # no space after the run: one sentence
    assert sentence_bounds(leader) == [(0, len(leader))]
