"""Numeric claims: which figures count people, what they count, and who claims them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.extract.actors import AliasMatcher
from dossier.extract.claims import ActorSpan, Claim, find_claims

ROOT = Path(__file__).resolve().parents[1]
GOLD_PATH = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "gold.json"
SOURCES = ROOT / "data" / "sources"


def mentions(text: str, *names: str) -> list[ActorSpan]:
    """ActorSpans for every word-bounded occurrence of each name, the name as its actor."""
    return [
        ActorSpan(m.start(), m.end(), name)
        for name in names
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    ]


def figures(text: str, *names: str) -> list[tuple[str, float, float, str]]:
    return [(c.text, c.low, c.high, c.unit) for c in find_claims(text, mentions(text, *names))]


def claimants(text: str, *names: str) -> list[tuple[str, str | None]]:
    return [(c.text, c.claimed_by) for c in find_claims(text, mentions(text, *names))]


# -- figures with a noun phrase ----------------------------------------------------------------


def test_figure_takes_its_noun_phrase_and_hedge():
    text = "Rebels reported that approximately 47 Malian soldiers and 84 Russian mercenaries were killed."
    assert figures(text) == [
        ("approximately 47 Malian soldiers", 47, 47, "Malian soldiers"),
        ("84 Russian mercenaries were killed", 84, 84, "Russian mercenaries"),
    ]


def test_hedges_after_the_figure_stay_in_the_claim():
    assert figures("Rebels said 47 or more soldiers and 50-plus fighters died.") == [
        ("47 or more soldiers", 47, 47, "soldiers"),
        ("50-plus fighters died", 50, 50, "fighters"),
    ]


def test_thousands_separator_and_scale_words():
    assert figures("They were attacked by approximately 1,000 fighters.") == [
        ("approximately 1,000 fighters", 1000, 1000, "fighters")
    ]
    assert figures("Some 1.5 million people fled.") == [("Some 1.5 million people", 1.5e6, 1.5e6, "people")]


def test_casualty_predicate_joins_the_claim():
    assert figures("JNIM has claimed that 50 fighters were killed.") == [
        ("50 fighters were killed", 50, 50, "fighters")
    ]


def test_figure_with_only_a_casualty_predicate_counts_the_casualties():
    assert figures("The rebels have claimed that 84 were killed and 12 wounded.") == [
        ("84 were killed", 84, 84, "deaths"),
        ("12 wounded", 12, 12, "wounded"),
    ]


def test_deaths_and_synonyms_are_units():
    assert figures("It resulted in approximately 50 deaths. There were 30 dead.") == [
        ("approximately 50 deaths", 50, 50, "deaths"),
        ("30 dead", 30, 30, "deaths"),
    ]


def test_coordinated_nationalities_and_abbreviations_stay_in_the_noun_phrase():
    assert figures("47 Malian and Russian fighters met 3 U.N. peacekeepers.") == [
        ("47 Malian and Russian fighters", 47, 47, "Malian and Russian fighters"),
        ("3 U.N. peacekeepers", 3, 3, "U.N. peacekeepers"),
    ]


def test_singular_head_only_for_a_count_of_one():
    assert figures("One soldier was killed.") == [("One soldier was killed", 1, 1, "soldier")]
    assert figures("It was one of the deadliest attacks.") == []


# -- ranges -----------------------------------------------------------------------------------


def test_from_to_range_after_a_death_toll():
    text = "Estimates indicate Wagner's death toll ranges from 20 to 80, marking heavy losses."
    assert figures(text) == [("from 20 to 80", 20, 80, "deaths")]


def test_between_hyphen_and_or_ranges():
    assert figures("between 20 and 80 soldiers; 20-80 fighters; two or three gunmen") == [
        ("between 20 and 80 soldiers", 20, 80, "soldiers"),
        ("20-80 fighters", 20, 80, "fighters"),
        ("two or three gunmen", 2, 3, "gunmen"),
    ]


def test_a_toll_that_rose_reports_the_latest_figure_not_a_range():
    assert figures("The death toll rose from 20 to 50.") == [("50", 50, 50, "deaths")]


def test_bare_figure_after_casualty_words():
    assert figures("The attack killed 50 on Monday. Casualties reached 1,000.") == [
        ("50", 50, 50, "deaths"),
        ("1,000", 1000, 1000, "casualties"),
    ]


# -- number words and vague quantities ----------------------------------------------------------


def test_numbers_written_as_words():
    text = "Two dozen fighters, fifty soldiers, a dozen civilians and two hundred and fifty troops."
    assert [(t, low) for t, low, _, _ in figures(text)] == [
        ("Two dozen fighters", 24),
        ("fifty soldiers", 50),
        ("a dozen civilians", 12),
        ("two hundred and fifty troops", 250),
    ]


def test_vague_quantities_are_not_numbers():
    text = "Dozens of Malian fighters, hundreds of civilians and several dozen soldiers were killed."
    assert figures(text) == []


# -- figures that count nothing ------------------------------------------------------------------


def test_years_and_dates_are_ignored():
    text = (
        "In 2020 soldiers seized power. Coups in 2020 and 2021. On July 25 the rebels attacked. "
        "He visited from Aug. 4 to Aug. 8 and on Aug 4, 2024; 25 July soldiers rested."
    )
    assert figures(text) == []


def test_ordinals_percentages_and_money_are_ignored():
    text = "His fourth tour, the 4th time; 30% of fighters; 30 percent of soldiers; $50 million for troops."
    assert figures(text) == []


def test_compound_adjectives_and_measures_are_ignored():
    text = "A three-page statement; 84-year-old men; he was killed two months later; 5 km from 2 villages."
    assert figures(text) == []


def test_figures_counting_things_are_ignored():
    assert figures("Rebels destroyed 5 vehicles and 2 helicopters, one of the deadliest attacks.") == []


def test_skip_ranges_hide_page_chrome():
    text = "Menu: 40 soldiers trending\n\nRebels said 12 soldiers died."
    chrome = (0, text.index("\n"))
    assert [c.text for c in find_claims(text, skip=[chrome])] == ["12 soldiers died"]


# -- who claims it -----------------------------------------------------------------------------


def test_claimant_is_the_subject_of_the_reporting_verb():
    text = "Rebels reported that approximately 47 Malian soldiers and 84 Russian mercenaries were killed."
    assert [c for _, c in claimants(text, "Rebels")] == ["Rebels", "Rebels"]


def test_each_clause_has_its_own_claimant():
    text = "JNIM has claimed that 50 fighters were killed and the rebels have claimed that 84 were killed."
    assert claimants(text, "JNIM", "rebels") == [("50 fighters were killed", "JNIM"), ("84 were killed", "rebels")]


def test_claimed_to_have_killed():
    text = "Tuareg separatists claimed to have killed 84 Wagner mercenaries and 47 Malian soldiers."
    assert [c for _, c in claimants(text, "Tuareg separatists", "Wagner")] == ["Tuareg separatists"] * 2


def test_participle_after_a_comma_belongs_to_the_sentence_subject():
    text = 'Wagner acknowledged the death of a commander during the "fierce fighting," reporting that they were attacked by approximately 1,000 fighters.'
    assert claimants(text, "Wagner") == [("approximately 1,000 fighters", "Wagner")]


def test_appositive_does_not_steal_the_subject():
    text = "Ryan Cummings, head of the firm Signal Risk, said 40 soldiers died."
    assert claimants(text, "Ryan Cummings", "Signal Risk") == [("40 soldiers died", "Ryan Cummings")]


def test_a_relative_clause_between_subject_and_verb_does_not_steal_the_claim():
    text = "The rebels of the CSP-DPA, who attacked FAMa on Monday, said 12 soldiers were injured."
    assert claimants(text, "CSP-DPA", "FAMa") == [("12 soldiers were injured", "CSP-DPA")]
    text = "FAMa positions were attacked on Monday and the CSP-DPA said 12 were injured."
    assert claimants(text, "CSP-DPA", "FAMa") == [("12 were injured", "CSP-DPA")]


def test_according_to_names_the_claimant_or_nobody():
    text = "According to JNIM, 12 soldiers died. Airstrikes left approximately 50 deaths according to local reports."
    assert claimants(text, "JNIM") == [("12 soldiers died", "JNIM"), ("approximately 50 deaths", None)]


def test_attribution_after_the_figure():
    text = (
        "50 soldiers were killed, the rebels said. 30 soldiers were killed, said Nasr, citing sources. "
        "“We killed 12 soldiers,” JNIM said."
    )
    assert claimants(text, "rebels", "Nasr", "JNIM") == [
        ("50 soldiers were killed", "rebels"),
        ("30 soldiers were killed", "Nasr"),
        ("12 soldiers", "JNIM"),
    ]


def test_plain_statement_has_no_claimant():
    text = "The ambush, one of the deadliest for Russian forces, saw the loss of 84 Russian mercenaries in Mali."
    assert claimants(text, "Mali") == [("84 Russian mercenaries", None)]


def test_names_after_a_preposition_or_after_the_verb_are_not_claimants():
    text = "Officials in Mali said 20 civilians were killed. Estimates indicate Wagner's death toll ranges from 20 to 80."
    assert [c for _, c in claimants(text, "Mali", "Wagner")] == [None, None]


def test_spokesman_for_an_actor_speaks_for_it():
    assert claimants("A spokesman for JNIM said 9 soldiers were captured.", "JNIM") == [
        ("9 soldiers were captured", "JNIM")
    ]


def test_a_later_clause_does_not_attribute_an_earlier_figure():
    assert claimants("47 soldiers died and Mali said it would retaliate.", "Mali") == [("47 soldiers died", None)]


def test_abbreviations_do_not_end_the_sentence():
    assert claimants("The U.S. said 3 soldiers died on Aug. 4 near Kidal.", "U.S.") == [("3 soldiers died", "U.S.")]


# -- never raises --------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        " ", "\n", ",", ".", "-", "–", "%", "$", "“", "”", "’", "1", "20", "1,000", "2020", "3.5", "0",
        "one", "two", "fifty", "dozen", "hundred", "and", "a", "to", "from", "between", "or",
        "soldiers", "soldier", "were", "killed", "died", "death", "toll", "said", "claimed",
        "according", "Aug.", "July", "Rebels", "JNIM", "U.S.", "approximately", "at", "least",
        "Malian", "percent", "year-old", "ß", "İ", "\x1b", "ﬁ", "é",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(_PIECES, max_size=40),
    noise=st.text(max_size=30),
    actor_spans=st.lists(st.tuples(st.integers(-5, 200), st.integers(-5, 200)), max_size=6),
    skip=st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=3),
)
def test_never_raises_and_every_claim_is_an_exact_span(pieces, noise, actor_spans, skip):
    text = "".join(pieces) + noise
    actors = [ActorSpan(a, b, f"actor{i}") for i, (a, b) in enumerate(actor_spans)]
    claims = find_claims(text, actors, skip)
    for c in claims:
        assert isinstance(c, Claim)
        assert text[c.start : c.end] == c.text
        assert 0 <= c.start < c.end <= len(text)
        assert c.low <= c.high
        assert c.unit
        assert c.claimed_by is None or c.claimed_by.startswith("actor")
    assert all(a.end <= b.start for a, b in zip(claims, claims[1:]))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_text(text):
    for c in find_claims(text):
        assert text[c.start : c.end] == c.text and c.low <= c.high


# -- against the hand-labelled articles ----------------------------------------------------------


def load_gold() -> dict:
    path = GOLD_PATH if GOLD_PATH.exists() else Path(__file__).parent / "gold.json"
    return json.loads(path.read_text(encoding="utf-8"))


def actor_spans(text: str, actors: list[dict]) -> list[ActorSpan]:
    """Every word-bounded, case-insensitive alias occurrence, longest first, as the pipeline does."""
    matcher = AliasMatcher([(i, alias) for i, actor in enumerate(actors) for alias in actor["aliases"]])
    return [ActorSpan(h.start, h.end, actors[h.actor_ids[0]]["name"]) for h in matcher.find(text)]


def test_gold_claims_are_found_with_their_numbers_and_claimants():
    gold = load_gold()
    total = located = found = right_claimant = extracted = extracted_on_gold = 0
    misses = []
    for article in gold["articles"]:
        text = (SOURCES / article["file"]).read_text(encoding="utf-8")
        claims = find_claims(text, actor_spans(text, gold["actors"]))
        extracted += len(claims)
        gold_spans = []
        for g in article["claims"]:
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(g["text"]), text)]
            assert spans, f"gold text {g['text']!r} is not in {article['file']}"
            gold_spans += spans
            q = g["quantity"]
            low, high = (q, q) if isinstance(q, (int, float)) else q
            total += 1
            overlapping = [c for c in claims if any(c.start < b and a < c.end for a, b in spans)]
            located += bool(overlapping)
            hit = next((c for c in overlapping if (c.low, c.high) == (low, high)), None)
            if hit is None:
                misses.append((article["file"], g["text"], [(c.text, c.low, c.high) for c in overlapping]))
                continue
            found += 1
            right_claimant += hit.claimed_by == g["claimed_by"]
            if hit.claimed_by != g["claimed_by"]:
                misses.append((article["file"], g["text"], f"claimed_by {hit.claimed_by!r} != {g['claimed_by']!r}"))
        extracted_on_gold += sum(any(c.start < b and a < c.end for a, b in gold_spans) for c in claims)
    found_rate = found / total
    number_accuracy = found / located if located else 0.0
    claimant_accuracy = right_claimant / found if found else 0.0
    precision = extracted_on_gold / extracted if extracted else 0.0
    report = (
        f"found {found}/{total} = {found_rate:.2f}; numbers right on located {found}/{located} = {number_accuracy:.2f}; "
        f"claimant right on found {right_claimant}/{found} = {claimant_accuracy:.2f}; "
        f"precision {extracted_on_gold}/{extracted} = {precision:.2f}; misses {misses}"
    )
    print(report)
    assert found_rate >= 0.8, report
    assert precision >= 0.5, report
