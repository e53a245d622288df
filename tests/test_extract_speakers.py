"""Speaker rules: each construction of news copy that names who speaks, pinned by a sentence
written here (none from the seeds or the devset), with the rule and confidence it stores."""

from __future__ import annotations

import pytest

from dossier.extract.actors import AliasMatcher
from dossier.extract.quotes import NO_SPEAKER, RULES, ActorRef, find_quotes

# A made-up story: the Republic of Veldor, its junta, a regional bloc and a few people.
ACTORS = {
    1: ("Tomas Brenn", "person", ["Tomas Brenn", "Brenn"]),
    2: ("Ilse Varga", "person", ["Ilse Varga", "Varga"]),
    3: ("Northern Union", "organization", ["Northern Union", "regional bloc"]),
    4: ("Veldor", "state", ["Veldor", "VELDOR", "Veldor City"]),
    5: ("Council of Veldor", "organization", ["junta"]),
    6: ("Veldor Ministry of Foreign Affairs", "organization", ["Veldor’s foreign ministry"]),
    7: ("Daily Courier", "media", ["Daily Courier"]),
    8: ("Karl Osk", "person", ["Karl Osk", "Osk"]),
    9: ("Port Alvo", "place", ["Port Alvo", "PORT ALVO"]),
    10: ("Free Legion", "armed_group", ["Free Legion"]),
    11: ("Presidency of Veldor", "organization", ["Veldorian presidency"]),
    12: ("Embassy of Veldor", "organization", ["Veldorian embassy"]),
}


def refs(text: str) -> list[ActorRef]:
    matcher = AliasMatcher((i, a) for i, (_, _, aliases) in ACTORS.items() for a in aliases)
    return [
        ActorRef(h.start, h.end, h.actor_ids[0], ACTORS[h.actor_ids[0]][0], ACTORS[h.actor_ids[0]][1])
        for h in matcher.find(text)
    ]


def attributed(text: str) -> list[tuple[str, str | None, str]]:
    """(quote, speaker, rule) of every quote in text."""
    return [
        (q.text, ACTORS[q.speaker_id][0] if q.speaker_id else None, q.how) for q in find_quotes(text, refs(text))
    ]


def speaker_of(text: str, quote: str) -> tuple[str | None, str]:
    for said, speaker, how in attributed(text):
        if said == quote:
            return speaker, how
    raise AssertionError(f"no quote {quote!r} in {attributed(text)}")


CASES = [
    # (rule, text, quote, speaker)
    ("name after quote", "“We will hold elections,” Brenn said on Monday.", "We will hold elections,", "Tomas Brenn"),
    ("name after quote", "“The border stays shut,” said Tomas Brenn.", "The border stays shut,", "Tomas Brenn"),
    (
        "title and name after quote",
        "“Talks are over,” army spokesman Colonel Tomas Brenn told reporters.",
        "Talks are over,",
        "Tomas Brenn",
    ),
    (
        "title and name after quote",
        "“Talks are over,” said government spokesman Col. Tomas Brenn.",
        "Talks are over,",
        "Tomas Brenn",
    ),
    (
        "statement's author after quote",
        "“We acted for the nation,” said the statement signed by Karl Osk.",
        "We acted for the nation,",
        "Karl Osk",
    ),
    (
        "statement's author after quote",
        "Osk was named “head of the council”, according to a statement read on radio by the spokesman "
        "for the junta, Captain Ilse Varga.",
        "head of the council",
        "Ilse Varga",
    ),
    ("according to", "According to Varga, “the vote will wait”.", "the vote will wait", "Ilse Varga"),
    ("name before colon", "Ilse Varga: “Nobody leaves the capital.”", "Nobody leaves the capital.", "Ilse Varga"),
    (
        "subject of speech verb",
        "The Northern Union said it would “use every means” to restore order.",
        "use every means",
        "Northern Union",
    ),
    (
        "subject of the sentence",
        "Veldor closed its airspace on Friday, saying the flights were “a threat”.",
        "a threat",
        "Veldor",
    ),
    (
        "subject of the sentence",
        "On the day after Brenn was arrested, Veldor shut the border, and calling him “a traitor” too.",
        "a traitor",
        "Veldor",
    ),
    (
        "role before quote",
        "Veldorian President Ilse Varga opened the session with adviser Tomas Brenn. "
        "The Veldorian president, who spoke for an hour, said that the plan was “dead”.",
        "dead",
        "Ilse Varga",
    ),
    (
        "role before quote",
        "Junta spokesman Karl Osk spoke first. Later the junta spokesman also said the ban was “final”.",
        "final",
        "Karl Osk",
    ),
    (
        "role after quote",
        "Council spokeswoman Ilse Varga met Brenn. “No deal,” the council spokeswoman said.",
        "No deal,",
        "Ilse Varga",
    ),
    (
        "role after quote",
        "Veldor’s foreign ministry summoned the envoy. “It is unacceptable,” the ministry said.",
        "It is unacceptable,",
        "Veldor Ministry of Foreign Affairs",
    ),
    (
        "pronoun after quote",
        "Tomas Brenn spoke on radio. “We are ready,” he said.",
        "We are ready,",
        "Tomas Brenn",
    ),
    (
        "pronoun after quote",
        "Veldor’s foreign ministry issued a statement. “We deny everything,” it said.",
        "We deny everything,",
        "Veldor Ministry of Foreign Affairs",
    ),
    (
        "pronoun before quote",
        "Karl Osk arrived late. He said the vote was “rigged”.",
        "rigged",
        "Karl Osk",
    ),
    (
        "continues the previous quote",
        "“We will not leave,” Varga said.\n“The capital is ours.”",
        "The capital is ours.",
        "Ilse Varga",
    ),
    (
        "same sentence's speaker",
        "The Northern Union met on Monday. “Force may be used”, the statement said, adding that troops would "
        "move “at once”.",
        "at once",
        "Northern Union",
    ),
    (
        "subject of a partial quote",
        "Last Tuesday, the regional bloc approved a “standby force” for Veldor.",
        "standby force",
        "Northern Union",
    ),
    (
        "subject of a partial quote",
        "Veldor junta chief Karl Osk urges rivals to “see reason” after the coup",
        "see reason",
        "Karl Osk",
    ),
    (
        "described speaker's organisation",
        "A representative from the Northern Union disclosed that “talks failed”.",
        "talks failed",
        "Northern Union",
    ),
    (
        "role before quote",
        "The Northern Union met the envoy of Veldor. In a statement, the organisation, based in the port of "
        "Port Alvo, stated that it “rejects the plan”.",
        "rejects the plan",
        "Northern Union",
    ),
    (
        "agent of a passive speech verb",
        "The talks will resume, as announced by the Northern Union, hoping for “a lasting truce”.",
        "a lasting truce",
        "Northern Union",
    ),
    (
        "leader of the named organisation",
        "Free Legion boss Karl Osk crossed the river. The head of the Free Legion later said his men were “ready”.",
        "ready",
        "Karl Osk",
    ),
    (
        "author of an issued statement",
        "Before the broadcast by the officers, who seized the port, the Veldorian embassy issued a statement "
        "“rejecting every accusation”.",
        "rejecting every accusation",
        "Embassy of Veldor",
    ),
    (
        "office behind a state's statement",
        "The news came on the channel of the Veldorian presidency. Veldor confirmed it. "
        "“The leader spoke to the rebels,” the Veldorian statement said.",
        "The leader spoke to the rebels,",
        "Presidency of Veldor",
    ),
]


@pytest.mark.parametrize(("rule", "text", "quote", "speaker"), CASES, ids=[f"{c[0]}: {c[1][:40]}" for c in CASES])
def test_each_attribution_rule_reads_its_construction(rule, text, quote, speaker):
    assert speaker_of(text, quote) == (speaker, rule)


def test_every_rule_has_a_confidence_below_certainty_and_a_case_here():
    assert all(0 < c < 1 for c in RULES.values())
    assert {c[0] for c in CASES} >= set(RULES) - {"name after speech verb"}


def test_each_quote_stores_its_rule_and_that_rules_confidence():
    text = "“We are ready,” Brenn said. Veldor’s foreign ministry called it “noise”. A “frozen” mood."
    for q in find_quotes(text, refs(text)):
        if q.speaker_id is None:
            assert (q.how, q.confidence) == (NO_SPEAKER, 0.0)
        else:
            assert q.confidence == RULES[q.how]


def test_a_pronoun_after_a_quote_goes_to_the_latest_speaker_not_an_earlier_subject():
    text = (
        "Karl Osk “will leave for the coast,” spokesman Tomas Brenn announced, vowing that Osk “had our word”.\n"
        "“The case against him is dropped,” he added."
    )
    assert speaker_of(text, "The case against him is dropped,") == ("Tomas Brenn", "pronoun after quote")


def test_the_object_of_an_accusation_never_speaks_the_accusation():
    text = "Veldor accused Tomas Brenn of “supporting terrorism” and Ilse Varga of “treason”."
    assert speaker_of(text, "supporting terrorism") == ("Veldor", "subject of speech verb")
    assert speaker_of(text, "treason")[0] == "Veldor"


def test_a_participle_after_a_quote_keeps_the_sentences_subject():
    text = "The Northern Union demanded Brenn’s “immediate release”, saying he remains president."
    assert speaker_of(text, "immediate release") == ("Northern Union", "subject of speech verb")


def test_an_outlet_reporting_others_words_is_not_their_speaker():
    text = "The Daily Courier reported that the border guards had called it an “internal matter”."
    assert speaker_of(text, "internal matter") == (None, NO_SPEAKER)


def test_a_dateline_is_no_speaker():
    text = "VELDOR CITY: The officers who seized power said that Brenn was hiding in a “foreign camp”."
    assert speaker_of(text, "foreign camp")[0] != "Veldor"


def test_words_in_quotation_marks_with_no_one_around_them_have_no_speaker():
    text = "The “Northern Spring” march drew a crowd.\n“Freedom” was painted on a wall."
    assert [(t, s) for t, s, _ in attributed(text)] == [("Northern Spring", None), ("Freedom", None)]


def test_a_place_never_speaks():
    text = "In a statement, the council, based in the port city of Port Alvo, stated that it “rejects the plan”."
    assert speaker_of(text, "rejects the plan")[0] != "Port Alvo"


def test_an_indented_dateline_is_no_speaker():
    text = "Veldor: exile urges calm\n\n    PORT ALVO.- Veldor’s deposed leader today asked the officers “to lay down arms”."
    assert speaker_of(text, "to lay down arms")[0] != "Port Alvo"


def test_they_or_it_after_a_quote_never_stands_for_a_person():
    text = "The junta met at dawn. Tomas Brenn “is hiding in a barracks,” they said in a statement read on radio."
    assert speaker_of(text, "is hiding in a barracks,") == ("Council of Veldor", "pronoun after quote")


def test_it_after_a_signed_statement_is_the_statement_and_its_author():
    text = "“We acted for the nation,” said the statement signed by Karl Osk. “Elections will follow,” it said."
    assert speaker_of(text, "Elections will follow,") == ("Karl Osk", "pronoun after quote")


def test_a_name_after_a_verb_that_takes_an_object_is_not_the_speaker():
    text = "Veldor’s new ruler, speaking to officers, hailed Karl Osk as a “true patriot”."
    assert speaker_of(text, "true patriot")[0] != "Karl Osk"


def test_a_pronoun_goes_to_a_subject_not_to_a_name_deep_in_the_predicate():
    text = (
        "In its declaration, chair of the Northern Union, Ilse Varga, announced that army chiefs would meet. "
        "Their task is to plan for the possible use of force in a mission aimed at restoring Tomas Brenn to office.\n"
        "She said the bloc would “act without delay”."
    )
    assert speaker_of(text, "act without delay") == ("Ilse Varga", "pronoun before quote")


# Constructions that say the words are no one's the sentence names: (construction, text, quote).
NO_SPEAKER_CASES = [
    ("a colon after a headline's gloss", "• Read more: Storm over Veldor, Brenn ‘very angry’: ‘It is a disaster’", "It is a disaster"),
    (
        "a title in quotation marks after 'as'",
        "Karl Osk read a statement on radio as the “president of the Council for National Renewal”.",
        "president of the Council for National Renewal",
    ),
    (
        "a passive speech verb after a comma",
        "The guards, led by Tomas Brenn, were holding the minister, described as “unhurt” by visitors.",
        "unhurt",
    ),
    ("a passive speech verb after 'to be'", "The Northern Union met. Brenn was earlier said to be “in good health”.", "in good health"),
    ("the head of an organisation nobody was titled for", "The head of the Free Legion said his men were “ready”.", "ready"),
    ("a hedged predicate", "The Free Legion is allegedly freeing captured “rebels” near the border.", "rebels"),
]


@pytest.mark.parametrize(("construction", "text", "quote"), NO_SPEAKER_CASES, ids=[c[0] for c in NO_SPEAKER_CASES])
def test_each_construction_that_names_no_speaker_gives_none(construction, text, quote):
    assert speaker_of(text, quote) == (None, NO_SPEAKER)


def test_a_person_described_by_trade_is_the_person_the_text_names_most():
    text = (
        "Tomas Brenn left Veldor on Monday. Brenn met the envoy of the Northern Union, and Karl Osk joined them. "
        "After a long day, the tycoon finally urged his men to “stand down”."
    )
    assert speaker_of(text, "stand down") == ("Tomas Brenn", "subject of a partial quote")
    text = (
        "Karl Osk spoke to the Northern Union. After a long night, the tycoon at the head of the Free Legion "
        "finally pressed his men to “hold the bridge”."
    )
    assert speaker_of(text, "hold the bridge") == ("Karl Osk", "subject of a partial quote")


def test_a_name_that_qualifies_a_rank_is_no_antecedent_for_they():
    text = "A Veldor army captain announced the coup on radio.\n“We have taken power,” they said."
    assert speaker_of(text, "We have taken power,") == (None, NO_SPEAKER)


def test_a_title_in_quotation_marks_after_a_speech_verb_is_the_speakers_words():
    text = "Tomas Brenn described Karl Osk as the “leader of a gang of thieves”."
    assert speaker_of(text, "leader of a gang of thieves") == ("Tomas Brenn", "subject of speech verb")
