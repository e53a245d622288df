"""Alias matching: folding, word boundaries, longest match, and offsets that always hold."""

from __future__ import annotations

import re

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
    """However a run adds its aliases, the hits are those of one matcher built with all of them."""
    pairs = list(enumerate(aliases))
    whole = AliasMatcher(pairs).find(text)
    bounds = sorted({0, *(min(c, len(pairs)) for c in cuts), len(pairs)})
    grown = AliasMatcher(pairs[: bounds[1]] if len(bounds) > 1 else pairs)
    for a, b in zip(bounds[1:], bounds[2:]):
        for actor_id, alias in pairs[a:b]:
            grown.add(actor_id, alias)
        grown.find(text)  # builds this batch's level
    assert grown.find(text) == whole


def _one_alternation(aliases: list[str], text: str) -> list[tuple[int, int]]:
    """The folded spans one regex alternation of every alias (longest first, between word
    boundaries) finds in the folded text."""
    keys = sorted({fold(a).strip() for a in aliases} - {""}, key=lambda k: (-len(k), k))
    if not keys:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)")
    return [m.span() for m in pattern.finditer(fold(text))]


@settings(max_examples=400)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab c.-'’_9\nﬁÉé")), max_size=50),
    aliases=st.lists(st.text(alphabet=st.sampled_from(list("ab c.-'’_9ﬁé")), min_size=1, max_size=6), max_size=10),
)
def test_the_trie_finds_what_one_longest_first_alternation_finds(text, aliases):
    """Aliases ending in punctuation ("U.S."), starting with it, holding several words or
    characters that fold to two ("ﬁ"): the hits are those of the alternation."""
    folded, index = fold_with_map(text)
    hits = AliasMatcher(list(enumerate(aliases))).find(text)
    spans = []
    for start, end in _one_alternation(aliases, text):
        spans.append((start, end) if index is None else (index[start], index[end - 1] + 1))
    assert [(h.start, h.end) for h in hits] == spans


def test_a_longer_alias_is_read_across_punctuation_and_words():
    m = AliasMatcher([(1, "U.S."), (2, "U.S. Africa Command"), (3, "Africa")])
    hits = m.find("The U.S. Africa Command said; the U.S. Africa office; U.S.-led.")
    assert [(h.surface, h.actor_ids) for h in hits] == [
        ("U.S. Africa Command", (2,)), ("U.S.", (1,)), ("Africa", (3,)), ("U.S.", (1,)),
    ]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    name=st.text(alphabet=st.sampled_from(list("aeiknorvyzh .")), min_size=1, max_size=14),
    aliases=st.lists(st.text(alphabet=st.sampled_from(list("aeiknorvyzh .")), min_size=1, max_size=14), max_size=40),
)
def test_fuzzy_linking_within_blocks_finds_what_scoring_every_alias_finds(name, aliases):
    from dossier.extract.actors import AliasBlocks, fuzzy_link

    folded = list(dict.fromkeys(fold(a) for a in aliases))
    owners = [(n,) for n in range(len(folded))]
    blocks = AliasBlocks()
    for n, key in enumerate(folded):
        blocks.add(n, key)
    assert fuzzy_link(name, folded, owners, blocks=blocks) == fuzzy_link(name, folded, owners)


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("add"), st.text(alphabet=st.sampled_from(list("aábnoz .")), max_size=12)),
            st.tuples(st.just("ask"),
                      st.one_of(st.sampled_from(["banana", "bonanza", "a.b. zona"]),
                                st.text(alphabet=st.sampled_from(list("aábnoz .")), max_size=12)),
                      st.sampled_from([0, 40, 60.5, 75, 86, 90, 99.9, 100])),
        ),
        max_size=40,
    )
)  # fmt: skip
def test_blocks_name_every_alias_that_scores_the_cutoff_however_they_grew_and_were_asked(steps):
    """Candidates hold every alias fuzz.ratio puts at the cutoff or above, in order, and are
    those of blocks made at once from the aliases known, however many were asked before."""
    from rapidfuzz import fuzz

    from dossier.extract.actors import AliasBlocks

    aliases: list[str] = []
    grown = AliasBlocks()
    for step in steps:
        if step[0] == "add":
            if step[1] not in aliases:
                grown.add(len(aliases), step[1])
                aliases.append(step[1])
            continue
        _, key, cutoff = step
        found = grown.candidates(key, cutoff)
        assert found == sorted(set(found)) and all(0 <= n < len(aliases) for n in found)
        assert {n for n, alias in enumerate(aliases) if fuzz.ratio(key, alias) >= cutoff} <= set(found)
        at_once = AliasBlocks()
        at_once.add_all(aliases)
        assert at_once.candidates(key, cutoff) == found
    at_once = AliasBlocks()
    at_once.add_all(aliases)
    assert at_once == grown


def test_fuzzy_linking_within_blocks_still_links_a_transliteration_and_a_dotted_acronym():
    from dossier.extract.actors import AliasBlocks, fuzzy_link

    folded = ["andriy yusov", "u.s.", "yevgeny prigozhin", "andrey kartapolov", "us army"]
    blocks = AliasBlocks()
    for n, key in enumerate(folded):
        blocks.add(n, key)
    owners = [(n + 1,) for n in range(len(folded))]
    assert fuzzy_link("Andrey Yusov", folded, owners, blocks=blocks)[0] == (1,)
    assert fuzzy_link("Yevgeniy Prigozhin", folded, owners, blocks=blocks)[0] == (3,)
    assert fuzzy_link("US", folded, owners, blocks=blocks) == ((2,), 0.95)
    assert blocks.candidates("andrey yusov", 86) == [0]  # the rest cannot score 86


def _fits_by_every_split(letters: str, words: list[str]) -> bool:
    """The definition, tried split by split: each word gives a start of itself, one letter or
    more (a connector may give none), and together they spell the letters."""
    from dossier.extract.actors import _CONNECTORS

    if not words:
        return letters == ""
    first, rest = words[0], words[1:]
    least = 0 if first in _CONNECTORS else 1
    return any(letters.startswith(first[:k]) and _fits_by_every_split(letters[k:], rest)
               for k in range(least, len(first) + 1) if k <= len(letters))  # fmt: skip


@settings(max_examples=500)
@given(
    letters=st.text(alphabet=st.sampled_from(list("abcdot")), max_size=9),
    words=st.lists(st.sampled_from(["of", "the", "de", "ab", "abc", "b", "ba", "cab", "a", "do", "tod"]), max_size=6),
)
def test_an_acronym_fits_exactly_when_some_split_of_its_letters_spells_the_words(letters, words):
    from dossier.extract.actors import acronym_fits

    expected = 2 <= len(letters) <= 10 and _fits_by_every_split(letters, words)
    assert acronym_fits(letters, words) == expected
