"""Extraction and quote grouping stay linear on hostile text.

Work is read from the step counts the hot loops keep (dossier.extract.opcount.OPS), never
from a clock: for each hostile shape, every count at size 4n is at most 4.5 times its count
at size n, plus one read of the larger text (reads that start after a fixed frame of chrome
lines grow a little faster than the text). A quadratic loop fails that by far (16 times).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dossier import store
from dossier.compare import Compatibility, QuoteInfo, group_quotes
from dossier.extract.linking import ActorIndex, word_occurrences
from dossier.extract.opcount import OPS
from dossier.extract.pipeline import extract
from dossier.extract.quotes import _Closings, find_quote_spans
from dossier.extract.spans import DisjointSpans, GrowingSpans, SpanIndex
from dossier.extract.text import FRAME, chrome_spans, sentence_bounds
from dossier.ingest import actor_index

from .conftest import COMMITTED_DB, DATA

SEED_TEXT = (DATA / "sources" / "000_b637b1eb51274fd5.txt").read_text(encoding="utf-8")
SEED_WORDS = re.findall(r"\S+", SEED_TEXT)


@pytest.fixture(scope="module")
def index() -> ActorIndex:
    db = store.open_db(COMMITTED_DB)
    try:
        return actor_index(db)
    finally:
        db.conn.close()


# -- hostile shapes: a unit repeated up to the size wanted --------------------------------------

opening_marks = st.text(alphabet="“‘\"«„'", min_size=1, max_size=6)
one_word_lines = st.lists(st.sampled_from(SEED_WORDS), min_size=1, max_size=40).map(lambda ws: "\n".join(ws) + "\n")
same_quote = st.tuples(
    st.sampled_from(["We will win", "This is a betrayal", "No", "hasty and short-sighted"]),
    st.sampled_from(["Vladimir Putin", "Mali", "the ministry", "he", "Abdoulaye Diop"]),
).map(lambda q: f"“{q[0]},” {q[1]} said. ")
no_spaces = st.text(alphabet="aZ.’-0“", min_size=1, max_size=5)
figures = st.sampled_from(["5 soldiers were killed and ", "Mali said 47 rebels died, ", "according to JNIM 12 fighters "])
described = st.sampled_from(["Mali and Ukraine met. “No,” the ministry said. ", "“Yes,” the zork said. "])
unit = st.one_of(opening_marks, one_word_lines, same_quote, no_spaces, figures, described)
shapes = st.one_of(unit, st.lists(unit, min_size=2, max_size=5).map("".join))


def grow(unit_text: str, size: int) -> str:
    """The unit repeated whole to about size characters: both sizes end alike."""
    return unit_text * max(1, size // len(unit_text))


def counts(run: Callable[[str], object], text: str) -> tuple[Counter[str], int]:
    OPS.clear()
    run(text)
    return Counter(OPS), len(text)


# Steps counted per character read, and how many a linear scan may take: the quotation-mark
# scan reads the text about once per kind of mark (four: « ‘ ' and the line break) plus once
# per opening mark. A smaller text of the same shape can do less per character: page chrome,
# skipped, is a fixed stretch at the top, so the ratio alone fails a linear scan (hypothesis
# found «««««''Mali\n«‘'5 soldiers were killed and …: chrome is 4,849 characters, 61% of the
# 8,000-character text and 15% of the 32,000 one; 2.3 steps a character, then 3.6).
CHARACTER_SCANS = {"quote close scan": 5}


def assert_linear(small: tuple[Counter[str], int], large: tuple[Counter[str], int]) -> None:
    (small_steps, _), (large_steps, size) = small, large
    for name, steps in large_steps.items():
        bound = max(4.5 * small_steps[name] + size + 100, CHARACTER_SCANS.get(name, 0) * size)
        assert steps <= bound, (name, small_steps[name], steps)


def extract_and_group(index: ActorIndex) -> Callable[[str], object]:
    def run(text: str) -> object:
        ex = extract(text, None, index)
        quotes = [QuoteInfo(i, i % 7, q.speaker_id, q.text) for i, q in enumerate(ex.quotes)]
        return group_quotes(quotes, lambda a, b: a == b)

    return run


@settings(max_examples=20, deadline=None)
@given(shape=shapes)
@example(shape="«««««''Mali\n«‘'5 soldiers were killed and ")
def test_extraction_and_grouping_work_grows_linearly_on_hostile_text(index, shape):
    run = extract_and_group(index)
    assert_linear(counts(run, grow(shape, 8_000)), counts(run, grow(shape, 32_000)))


def hot_loops(text: str) -> None:
    spans = find_quote_spans(text, chrome_spans(text))
    sentence_bounds(text, spans)


@settings(max_examples=3, deadline=None)
@given(shape=st.one_of(opening_marks, one_word_lines, no_spaces))
@example(shape=".")  # a megabyte of full stops: the sentence-end pattern once tried each mark's run to its end
def test_quote_marks_and_chrome_stay_linear_up_to_a_megabyte(shape):
    assert_linear(counts(hot_loops, grow(shape, 256_000)), counts(hot_loops, grow(shape, 1_024_000)))


def test_fifty_thousand_opening_marks_close_nothing_in_linear_steps():
    OPS.clear()
    assert find_quote_spans("“" * 50_000) == []
    assert OPS["quote close scan"] <= 3 * 50_000


# -- grouping repeated quotes ----------------------------------------------------------------


def repeated(sources: int, copies: int) -> list[QuoteInfo]:
    """One speaker's words in every source, several times in each, and a variant."""
    quotes = []
    for source in range(sources):
        for _ in range(copies):
            quotes.append(QuoteInfo(len(quotes) + 1, source, 1, "We will win this war"))
        quotes.append(QuoteInfo(len(quotes) + 1, source, 1, "We shall win this war"))
    return quotes


def grouping_steps(quotes: list[QuoteInfo]) -> tuple[Counter[str], int]:
    OPS.clear()
    group_quotes(quotes, Compatibility({1: {1}}))
    return Counter(OPS), len(quotes)


@settings(max_examples=5, deadline=None)
@given(sources=st.integers(1, 30), copies=st.integers(1, 30))
def test_grouping_pairs_grow_linearly_with_copies_of_a_quote(sources, copies):
    small = grouping_steps(repeated(sources, copies))
    assert_linear(small, grouping_steps(repeated(4 * sources, copies)))
    assert_linear(small, grouping_steps(repeated(sources, 4 * copies)))


def test_five_thousand_sources_quoting_the_same_words_make_one_group_of_first_copies():
    quotes = repeated(5_000, 2)
    OPS.clear()
    groups = group_quotes(quotes, Compatibility({1: {1}}))
    assert OPS["quote pairs"] < 100_000  # every pair of 10,000 copies would be 50 million
    firsts = sorted(q.id for q in quotes if q.text == "We will win this war" and (q.id - 1) % 3 == 0)
    assert firsts in groups
    source_of = {q.id: q.source_id for q in quotes}
    for group in groups:
        sources = [source_of[i] for i in group]
        assert len(sources) == len(set(sources)), "a group takes one rendering per source"


# -- short lines are not all chrome ------------------------------------------------------------


def test_an_article_of_one_word_lines_is_not_taken_for_chrome(index):
    # The shape of 200,000 one-word lines, at 20,000: every line short and most repeated.
    lines = [SEED_WORDS[i % len(SEED_WORDS)] for i in range(20_000)]
    text = "\n".join(lines) + "\n"
    ex = extract(text, None, index)
    chrome_lines = sum(text.count("\n", a, b) + 1 for a, b in ex.chrome)
    assert chrome_lines <= 2 * FRAME
    assert len(ex.mentions) > 1_000
    assert len(ex.quotes) > 100
    assert len(ex.dates) > 20
    assert len(ex.claims) > 20


def chrome_lines(text: str) -> list[str]:
    return [text[a:b] for a, b in chrome_spans(text)]


def test_chrome_is_the_frame_of_a_page_not_every_short_line():
    body = "The minister said the talks in Bamako would resume next week, after the delegations returned. " * 3
    page = "top of page\nAfrica\nPolitics\n" + body + "\nMali cuts ties with Kyiv\nPolitics\nWagner leaves Mali\nPolitics"
    assert chrome_lines(page) == [
        "top of page", "Africa", "Politics", "Mali cuts ties with Kyiv", "Politics", "Wagner leaves Mali", "Politics",
    ]  # fmt: skip
    # Beyond FRAME lines from the prose, repeated one-word lines are the article's own.
    article = body + "\n" + "\n".join(["Mali", "Kidal", "Mali"] * FRAME)
    lines = article.split("\n")
    assert chrome_lines(article) == lines[1 : FRAME + 1]


# -- the fast lookups answer as the plain scans did --------------------------------------------

spans_lists = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1])), max_size=12)


@given(spans=spans_lists, start=st.integers(0, 80), length=st.integers(0, 10))
def test_span_index_answers_as_a_scan_of_every_span(spans, start, length):
    index = SpanIndex(spans)
    end = start + length
    assert index.overlaps(start, end) == any(a < end and start < b for a, b in spans)
    assert index.covers(start) == any(a <= start < b for a, b in spans)
    assert index.contains(start, end) == any(a <= start and end <= b for a, b in spans)


@given(spans=spans_lists, start=st.integers(0, 80), length=st.integers(1, 10))
def test_disjoint_spans_answer_as_a_scan_of_the_spans_kept(spans, start, length):
    kept, index = [], DisjointSpans()
    for a, b in spans:  # kept as a longest-first pass keeps them: those that overlap none kept
        if a < b and not any(x < b and a < y for x, y in kept):
            assert not index.overlaps(a, b)
            kept.append((a, b))
            index.add(a, b)
    end = start + length
    assert index.overlaps(start, end) == any(a < end and start < b for a, b in kept)


@given(spans=spans_lists, asked=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 10)), min_size=1, max_size=12))
def test_growing_spans_answer_as_a_scan_of_the_spans_added_so_far(spans, asked):
    index, added = GrowingSpans(spans[:3]), list(spans[:3])
    for n, (start, length) in enumerate(asked):  # questions between additions, in any order
        end = start + length
        assert index.overlaps(start, end) == any(a < end and start < b for a, b in added)
        if n + 3 < len(spans):
            index.add(*spans[n + 3])
            added.append(spans[n + 3])


@given(
    text=st.text(alphabet="ab -’.\nA", max_size=60),
    words=st.lists(st.text(alphabet="ab-’.A", min_size=1, max_size=4), min_size=1, max_size=5, unique=True),
)
def test_word_occurrences_match_one_regex_per_word(text, words):
    expected = sorted(
        (n, m.start(), m.end())
        for n, word in enumerate(words)
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    )
    assert sorted(word_occurrences(text, words)) == expected


def closing_by_scan(text: str, start: int, open_ch: str) -> int | None:
    """The closing rule read one character at a time (the quadratic way)."""
    close = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»", "„": "“"}[open_ch]
    single = open_ch in "'‘"
    limit = min(len(text), start + 400) if single else len(text)
    for j in range(start, limit):
        ch = text[j]
        if single and ch == "\n":
            return None
        if ch == close or (open_ch == "“" and ch == '"'):
            if single and j + 1 < len(text) and text[j + 1].isalnum():
                continue
            return j
    return None


@given(text=st.text(alphabet="“”‘’\"'«»„ ab\n", max_size=80))
def test_remembered_closings_match_a_character_by_character_scan(text):
    closings = _Closings(text)  # asked left to right, as find_quote_spans asks
    for i, ch in enumerate(text):
        if ch in "“\"‘'«„":
            assert closings.after(i + 1, ch) == closing_by_scan(text, i + 1, ch), (i, ch)
