"""Alias matching: folding, word boundaries, longest match, and offsets that always hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.extract.actors import AliasMatcher
from dossier.text import fold, fold_with_map


def test_fold_removes_case_diacritics_and_typographic_apostrophes():
    assert fold("Tinzaouatène") == "tinzaouatene"
    assert fold("Ukraine’s") == fold("Ukraine's") == "ukraine's"
    assert fold("Assimi GOÏTA") == "assimi goita"


def test_matches_ignore_case_and_accents_and_keep_original_surface():
    m = AliasMatcher([(1, "Tinzaouatène")])
    hits = m.find("Fighting near TINZAOUATENE, then Tinzaouatène.")
    assert [(h.surface, h.actor_ids) for h in hits] == [("TINZAOUATENE", (1,)), ("Tinzaouatène", (1,))]


def test_matches_are_word_bounded():
    m = AliasMatcher([(1, "Mali"), (2, "Sahara")])
    assert [h.surface for h in m.find("Malian forces in the sub-Saharan Sahara; Mali’s junta")] == ["Sahara", "Mali"]


def test_longest_alias_wins_at_the_same_position():
    m = AliasMatcher([(1, "Tuareg"), (2, "Tuareg rebels"), (3, "rebels")])
    hits = m.find("Tuareg rebels attacked; the rebels fled. Tuareg-led groups")
    assert [(h.surface, h.actor_ids) for h in hits] == [
        ("Tuareg rebels", (2,)),
        ("rebels", (3,)),
        ("Tuareg", (1,)),
    ]


def test_alias_ending_in_punctuation_matches_before_a_space():
    m = AliasMatcher([(1, "U.S.")])
    assert [h.surface for h in m.find("the U.S. withdrew; US")] == ["U.S."]


def test_shared_alias_names_every_owner():
    m = AliasMatcher([(1, "Moscow"), (2, "Moscow")])
    assert m.find("Moscow said")[0].actor_ids == (1, 2)


def test_no_aliases_and_empty_text_find_nothing():
    assert AliasMatcher([]).find("anything") == []
    assert AliasMatcher([(1, "Mali")]).find("") == []


@settings(max_examples=200)
@given(
    text=st.text(alphabet=st.sampled_from(list("aeiouMalTÈèïÏß’' -.\n\x1b[]ﬁİ")), max_size=80),
    aliases=st.lists(st.text(alphabet=st.sampled_from(list("aeiouMalTÈèïß’' -.ﬁİ")), min_size=1, max_size=6), max_size=5),
)
def test_every_hit_is_an_exact_span_of_the_original_text(text, aliases):
    matcher = AliasMatcher(list(enumerate(aliases)))
    folded_aliases = {fold(a).strip() for a in aliases}
    for hit in matcher.find(text):
        assert text[hit.start : hit.end] == hit.surface
        assert 0 <= hit.start < hit.end <= len(text)
        assert any(fold(hit.surface).startswith(a) or a.startswith(fold(hit.surface)) for a in folded_aliases)


@given(st.text(max_size=60))
def test_fold_map_points_every_folded_char_at_an_original_index(text):
    folded, index = fold_with_map(text)
    if index is None:  # folding kept every character in place
        assert len(folded) == len(text)
        return
    index = list(index)
    assert len(folded) == len(index)
    assert index == sorted(index)
    assert all(0 <= i < len(text) for i in index)


def test_an_added_alias_longer_than_a_known_one_wins_where_both_start():
    matcher = AliasMatcher([(1, "Wagner")])
    matcher.add(2, "Wagner Group")
    matcher.find("")
    matcher.add(3, "Group")
    assert [(h.surface, h.actor_ids) for h in matcher.find("The Wagner Group and the Group left Wagner.")] == [
        ("Wagner Group", (2,)), ("Group", (3,)), ("Wagner", (1,)),
    ]  # fmt: skip


@settings(max_examples=300)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab a-")), max_size=40),
    aliases=st.lists(st.text(alphabet=st.sampled_from(list("ab ")), min_size=1, max_size=4), max_size=12),
    cuts=st.lists(st.integers(min_value=0, max_value=12), max_size=5),
)
def test_aliases_added_in_batches_match_as_if_known_from_the_start(text, aliases, cuts):
    """However a run adds its aliases (each batch becomes a pattern level, merged as the
    levels grow), the hits are those of one matcher built with all of them."""
    pairs = list(enumerate(aliases))
    whole = AliasMatcher(pairs).find(text)
    bounds = sorted({0, *(min(c, len(pairs)) for c in cuts), len(pairs)})
    grown = AliasMatcher(pairs[: bounds[1]] if len(bounds) > 1 else pairs)
    for a, b in zip(bounds[1:], bounds[2:]):
        for actor_id, alias in pairs[a:b]:
            grown.add(actor_id, alias)
        grown.find(text)  # builds this batch's level
    assert grown.find(text) == whole
