"""Quote groups on a story nobody curated: each class of rendering that news copy produces,
pinned with sentences written for these tests."""

from __future__ import annotations

from dossier.compare import (
    JOIN_AT,
    UNKNOWN_SPEAKER_AT,
    Compatibility,
    QuoteInfo,
    abridges,
    group_quotes,
    names_an_office,
    similarity,
    speaker_compatibility,
    words,
)

LONG = "The army has prepared a real plan to destabilise our northern provinces"
TRANSLATED = "We see a real plan of destabilisation of our northern provinces, prepared by the army"


def _group(quotes, seed=(), new=None):
    speakers = {q.speaker_id for q in quotes if q.speaker_id is not None}
    return group_quotes(quotes, Compatibility({s: {s} for s in speakers}), seed, new)


def test_a_translation_with_its_words_reordered_joins_when_one_side_has_no_speaker():
    assert _group([QuoteInfo(1, 1, 7, LONG), QuoteInfo(2, 2, None, TRANSLATED)]) == [[1, 2]]


def test_long_quotes_with_a_few_common_words_and_no_speaker_stay_apart():
    quotes = [
        QuoteInfo(1, 1, 7, "the prices of bread and fuel will rise again before the elections"),
        QuoteInfo(2, 2, None, "the opposition says the elections will be held again under the old rules"),
    ]
    assert _group(quotes) == []


def test_a_guessed_speaker_does_not_veto_the_same_words():
    # Source 2 gave the quote to the man it accuses, by a pronoun: a guess, not a veto.
    quotes = [QuoteInfo(1, 1, 7, LONG, 0.95), QuoteInfo(2, 2, 8, LONG + ".", 0.7)]
    assert _group(quotes) == [[1, 2]]
    sure = [QuoteInfo(1, 1, 7, LONG, 0.95), QuoteInfo(2, 2, 8, LONG + ".", 0.9)]
    assert _group(sure) == []


def test_an_abridged_rendering_joins_the_full_one():
    full = "urged them to lay down their weapons to avoid needless bloodshed in the capital"
    short = "lay down their weapons to avoid bloodshed"
    assert abridges(" ".join(words(short)), " ".join(words(full)))
    assert _group([QuoteInfo(1, 1, 7, full), QuoteInfo(2, 2, None, short)]) == [[1, 2]]


def test_an_abridgement_keeps_more_words_than_it_skips():
    assert not abridges("the security situation", "the army said the road to the border and its security is a situation")


def test_one_speakers_quotes_with_no_word_in_common_stay_apart():
    # "stab" lines up with "stabilising" letter by letter: that is no shared word.
    a, b = "stab in the back", "There will be decisive measures on stabilising the situation in the city"
    assert similarity(a, b) >= 62
    assert _group([QuoteInfo(1, 1, 7, a), QuoteInfo(2, 2, 7, b)]) == []


def test_a_source_quoting_one_statement_in_parts_puts_every_part_in_its_group():
    statement = "all parties must cease fire at once and return to the negotiating table in Geneva"
    quotes = [
        QuoteInfo(1, 1, 7, statement),
        QuoteInfo(2, 2, 7, "cease fire at once"),
        QuoteInfo(3, 2, 7, "return to the negotiating table in Geneva"),
        QuoteInfo(4, 2, 7, "the talks in Geneva will fail without the rebels at the table"),
    ]
    assert _group(quotes) == [[1, 2, 3]]


def test_a_few_words_with_no_speaker_join_the_group_of_the_quote_holding_them_in_their_source():
    sentence = "the rebels tried to seize the river crossing at dawn and were pushed back"
    quotes = [
        QuoteInfo(1, 1, 7, sentence),
        QuoteInfo(2, 2, 7, "The rebels tried to seize the river crossing at dawn, and they were pushed back"),
        QuoteInfo(3, 2, None, "river crossing"),
        QuoteInfo(4, 3, None, "river crossing"),  # no quote of its source holds it: nobody's
    ]
    assert _group(quotes) == [[1, 2, 3]]


def test_the_pivot_is_the_rendering_closest_to_the_others_not_the_longest():
    # 1 is a loose translation, the longest; 2 and 3 (a copy from another outlet) are close to
    # each other, and 4 is close to them but not to 1. Ingested one source at a time, 4 joins
    # through 2, the group's centre once 3 has come.
    loose = (
        "The colonel has tried to slip away to the foreign army camp at Dabou to prepare a "
        "counter-attack, hoping to split our police and security services"
    )
    close = (
        "is thought to have found shelter in the foreign camp at Dabou so as to plan a "
        "counter-attack to sow confusion in our police and security services"
    )
    closer = "had found shelter in the foreign camp of Daboo to plan a counterattack."
    quotes = [QuoteInfo(1, 1, 7, loose), QuoteInfo(2, 2, 8, close, 0.7), QuoteInfo(3, 3, None, close), QuoteInfo(4, 4, None, closer)]
    first = _group(quotes[:2])
    assert first == [[1, 2]]
    assert _group([quotes[0], quotes[1], quotes[3]], seed=first, new={4}) == [[1, 2]]  # 1 is the pivot
    second = _group(quotes[:3], seed=first, new={3})
    assert second == [[1, 2, 3]]
    assert _group(quotes, seed=second, new={4}) == _group(quotes) == [[1, 2, 3, 4]]


def test_a_place_as_speaker_does_not_veto():
    # "…, Freetown said": whoever governs there, which the dossier does not know.
    words_ = "we will not hand the airport back to the mutineers under any condition"
    quotes = [QuoteInfo(1, 1, 7, words_, 0.85), QuoteInfo(2, 2, 9, words_ + "!", 0.85)]
    places = Compatibility({7: {7}, 9: {9}}, places={9})
    assert group_quotes(quotes, places) == [[1, 2]]
    assert group_quotes(quotes, Compatibility({7: {7}, 9: {9}})) == []


def test_a_source_with_a_loose_rendering_in_a_group_still_adds_its_closer_ones():
    # Source 2 paraphrases the appeal and also quotes it nearly word for word: both are
    # renderings of it, each matching the group's pivot.
    appeal = "to lay down their arms to spare the country a war between brothers that nobody needs"
    quotes = [
        QuoteInfo(1, 1, 7, appeal),
        QuoteInfo(2, 3, 7, "lay down their arms to spare the country a war between brothers that nobody needs."),
        QuoteInfo(3, 2, 7, "an appeal to the officers to lay down arms and spare the country a war between brothers"),
        QuoteInfo(4, 2, None, "lay down their arms to spare the country a war"),
    ]
    assert _group(quotes) == [[1, 2, 3, 4]]


def test_one_word_inside_another_sources_long_statement_is_no_rendering_of_it():
    statement = "the council condemns the seizure of power by unconstitutional means and demands the release of the president"
    quotes = [QuoteInfo(1, 1, 7, "unconstitutional"), QuoteInfo(2, 2, 7, statement)]
    assert _group(quotes) == []
    assert _group([QuoteInfo(1, 1, 7, "reckless"), QuoteInfo(2, 2, 7, "hasty and reckless")]) == [[1, 2]]


def test_a_headline_phrase_joins_the_group_of_its_sources_quote_sharing_its_content_words():
    full = "they must come back to their senses before the capital burns"
    quotes = [
        QuoteInfo(1, 1, 7, full),
        QuoteInfo(2, 2, 7, "they must come back to their senses before the capital burns."),
        QuoteInfo(3, 2, 7, "see sense"),  # the headline's words for "come back to their senses"
        QuoteInfo(4, 2, 7, "burning"),  # one word echoes only itself
    ]
    assert _group(quotes) == [[1, 2, 3]]


def test_a_word_of_a_statement_its_source_quotes_in_parts_joins_that_statement():
    # Source 2 quotes the communiqué in three pieces; two of them are grouped with the full
    # text of source 1, so its third piece, one word, is a piece of the same communiqué.
    full = "all units will withdraw from the border villages. Commanders are to report to the capital immediately"
    quotes = [
        QuoteInfo(1, 1, 7, full),
        QuoteInfo(2, 2, 7, "all units will withdraw from the border villages", 0.7),
        QuoteInfo(3, 2, 7, "Commanders are to report to the capital", 0.7),
        QuoteInfo(4, 2, 7, "immediately", 0.7),
        QuoteInfo(5, 3, None, "immediately"),  # no other part of source 3 is in the group: no piece of it
    ]
    assert _group(quotes) == [[1, 2, 3, 4]]


def test_a_named_spokesman_and_the_body_he_reads_for_do_not_veto_each_other():
    # One outlet names the officer who read the statement, another gives it to the council.
    officer, council = 7, 8
    statement = "the former leader fled to a foreign barracks near the airport to plan a counter-attack"
    quotes = [QuoteInfo(1, 1, officer, statement, 0.95), QuoteInfo(2, 2, council, statement + ".", 0.95)]
    compat = Compatibility({officer: {officer}, council: {council}}, persons={officer})
    assert group_quotes(quotes, compat) == [[1, 2]]
    # Two people are two voices: sure speakers still veto.
    other = 9
    people = Compatibility({officer: {officer}, other: {other}}, persons={officer, other})
    assert group_quotes([quotes[0], QuoteInfo(2, 2, other, statement, 0.95)], people) == []


def test_a_body_named_after_a_state_speaks_for_that_state():
    actors = [
        (1, "Veldor", "state", None, ["Veldor"]),
        (2, "Embassy of Veldor", "organization", None, ["Embassy of Veldor"]),
        (3, "Ostrana", "state", None, ["Ostrana"]),
    ]
    compat = speaker_compatibility(actors, {})
    assert compat(1, 2) and compat(2, 1)
    assert not compat(2, 3)


def test_placing_a_new_quote_keeps_every_member_of_an_earlier_group():
    # A group of the officer's and the council's renderings, then a third person's new quote:
    # the officer is outside the new speaker's circle, but the group is kept whole.
    officer, council, minister = 7, 8, 9
    statement = "the former leader fled to a foreign barracks near the airport to plan a counter-attack"
    quotes = [
        QuoteInfo(1, 1, officer, statement, 0.95),
        QuoteInfo(2, 2, council, statement + ".", 0.95),
        QuoteInfo(3, 3, minister, "the airport will reopen to civilian flights within a week", 0.95),
    ]
    compat = Compatibility({s: {s} for s in (officer, council, minister)}, persons={officer, minister})
    assert group_quotes(quotes, compat, seed=[[1, 2]], new={3}) == [[1, 2]]


def test_an_office_in_quotation_marks_is_no_utterance_and_joins_no_group():
    # Two outlets call the general by the title his council gave him: that is a name.
    title = "chairman of the Supreme Council for National Renewal"
    assert names_an_office(title) and names_an_office("the interim head of the regional bloc")
    assert not names_an_office("head back to the barracks before nightfall")
    assert _group([QuoteInfo(1, 1, None, title), QuoteInfo(2, 2, 7, title + ",")]) == []


def test_a_word_hundreds_of_quotes_hold_finds_no_renderings_however_big_the_dossier():
    from dossier.compare import RARE_WORD_QUOTES, common_share

    assert common_share(100) == 50 and common_share(2_000) == 100
    assert common_share(10_000) == common_share(1_000_000) == RARE_WORD_QUOTES
    # Two renderings whose every shared word 250 of 6,000 quotes hold: a twentieth of the
    # dossier (300) would compare and group them; the cap (200) never compares them.
    shared = "harbour cranes stopped loading grain overnight"
    quotes = [QuoteInfo(1, 1, None, shared), QuoteInfo(2, 2, None, shared + " again")]
    quotes += [QuoteInfo(i, i, None, f"{shared} q{i}a q{i}b q{i}c q{i}d q{i}e") for i in range(3, 251)]
    quotes += [QuoteInfo(i, i, None, f"r{i}a r{i}b r{i}c r{i}d r{i}e r{i}f") for i in range(251, 6_001)]
    assert any({1, 2} <= set(g) for g in group_quotes(quotes, Compatibility({}), common=300))
    assert not any(1 in g or 2 in g for g in group_quotes(quotes, Compatibility({})))


def test_a_rendering_alike_only_in_part_joins_when_the_speakers_agree_not_when_one_is_unknown():
    # the words meet as a part of the longer one (partial ratio x 0.95 = 63), not as word sets
    # (61): enough for one speaker (JOIN_AT), short of UNKNOWN_SPEAKER_AT for an unknown one
    short = "the destabilisation of our northern provinces"
    longer = "the army spoke yesterday of destabilised northern provincial governments in crisis"
    assert JOIN_AT <= similarity(short, longer) < UNKNOWN_SPEAKER_AT
    assert _group([QuoteInfo(1, 1, 7, short), QuoteInfo(2, 2, 7, longer)]) == [[1, 2]]
    assert _group([QuoteInfo(1, 1, 7, short), QuoteInfo(2, 2, None, longer)]) == []
    assert _group([QuoteInfo(1, 1, None, short), QuoteInfo(2, 2, 7, longer)]) == []
