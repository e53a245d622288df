"""Near-duplicates: a syndicated copy of an article is found as its twin; another story is not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dossier.twins import SKETCH, TwinFinder, fingerprint, similarity

HARBOUR = (
    "The harbour authority in Valdmark said on Tuesday that the northern pier would close for "
    "six weeks of repairs after a winter storm cracked its concrete deck. Fishing boats will moor "
    "at the ferry terminal in the meantime, a spokeswoman said, and the ferry timetable will not "
    "change. Engineers found the damage during an inspection last month and warned that heavy "
    "trucks could no longer use the pier safely. The town council has set aside money for the "
    "work, which is expected to start next Monday and to finish before the summer season.\n"
)

# The same article as another outlet ran it: one verb changed, a credit line added.
MIRROR = HARBOUR.replace("said on Tuesday", "announced on Tuesday", 1) + "This story was syndicated by a news agency.\n"

ORCHARD = (
    "Apple growers in the southern valley expect a small harvest this autumn after a late frost "
    "in April killed many of the blossoms. One grower said she had lost almost half her crop, "
    "and that prices at the market were already rising. The regional farmers' union asked for "
    "help with insurance costs, and a meeting with the agriculture ministry is planned for the "
    "end of the month. Cider makers said they would buy more fruit from abroad this year.\n"
)


def test_identical_sketches_are_fully_similar():
    sketch = fingerprint(HARBOUR)
    assert len(sketch) == SKETCH
    assert similarity(sketch, list(sketch)) == 1.0


def test_an_empty_sketch_resembles_nothing():
    assert similarity([], fingerprint(HARBOUR)) == 0.0


def test_a_near_copy_is_found_as_the_twin_of_the_earlier_source():
    finder = TwinFinder([(1, fingerprint(ORCHARD)), (2, fingerprint(HARBOUR))])
    assert similarity(fingerprint(MIRROR), fingerprint(HARBOUR)) >= finder.threshold
    assert finder.twin(fingerprint(MIRROR)) == 2


def test_an_unrelated_article_has_no_twin():
    finder = TwinFinder([(1, fingerprint(HARBOUR))])
    assert similarity(fingerprint(ORCHARD), fingerprint(HARBOUR)) < 0.1
    assert finder.twin(fingerprint(ORCHARD)) is None


def test_a_source_added_during_the_run_can_be_a_twin():
    finder = TwinFinder()
    assert finder.twin(fingerprint(HARBOUR)) is None
    finder.add(7, fingerprint(HARBOUR))
    assert finder.twin(fingerprint(MIRROR)) == 7


@given(text=st.lists(st.sampled_from(["Mali", "said", "the", "junta", "2024", "İ", " ", "\n", ",", ""]), max_size=40).map(" ".join),
       piece=st.integers(1, 30))
def test_a_text_read_in_pieces_has_the_fingerprint_of_the_whole(text, piece):
    assert fingerprint(text, piece) == fingerprint(text, len(text) + 1)
