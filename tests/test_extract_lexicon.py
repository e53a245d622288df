"""The lexicon: one list feeds every rule that reads it, and its extensions do not overlap."""

from __future__ import annotations

import pytest

from dossier.extract import lexicon
from dossier.extract.actors import find_names
from dossier.extract.claims import ActorSpan, find_claims
from dossier.extract.quotes import ActorRef, find_quotes


@pytest.mark.parametrize("verb", lexicon.SPEECH_VERBS)
def test_a_shared_speech_verb_attributes_both_a_quote_and_a_claim(verb):
    quoted = f"“We will not leave,” Maiga {verb}."
    at = quoted.index("Maiga")
    [quote] = find_quotes(quoted, [ActorRef(at, at + 5, 2, "Maiga", "person")])
    assert quote.speaker_id == 2
    [claim] = find_claims(f"Maiga {verb} that 50 soldiers were killed.", [ActorSpan(0, 5, "Maiga")])
    assert claim.claimed_by == "Maiga"


def test_speech_verb_extensions_add_words_the_shared_list_lacks():
    shared = set(lexicon.SPEECH_VERBS)
    for extension in (lexicon.SPEECH_VERBS_FOR_QUOTES, lexicon.SPEECH_VERBS_FOR_FIGURES):
        assert len(set(extension)) == len(extension)
        assert not shared & set(extension)
    assert set(lexicon.COMMON_SPEECH_VERBS) <= shared


@pytest.mark.parametrize(
    "title",
    [
        *lexicon.TITLES,
        *(f"{a}." for a in lexicon.TITLE_ABBREVIATIONS),
        *lexicon.HONORIFICS,
        *(f"{h}." for h in lexicon.HONORIFICS),
        *lexicon.SPOKESPERSONS,
    ],
)
def test_one_word_after_a_title_is_a_persons_name(title):
    names = find_names(f"The talks were led by {title} Maiga on Sunday.", [])
    assert [(n.surface, n.kind) for n in names] == [("Maiga", "person")]


def test_one_capitalised_word_after_no_title_is_no_name():
    assert find_names("The talks were led by delegate Maiga on Sunday.", []) == []


def test_every_month_abbreviation_starts_exactly_one_month():
    for abbreviation in lexicon.MONTH_ABBREVIATIONS:
        assert len([m for m in lexicon.MONTHS if m.startswith(abbreviation)]) == 1
