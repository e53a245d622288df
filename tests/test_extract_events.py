"""Event mentions: sentences that report a dated happening, each rule pinned by a sentence
written for it (an invented story: Veloria, Kestan, the Ardent Front)."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from dossier.extract.dates import find_dates
from dossier.extract.events import STATEMENT, _Quoted, classify, find_events
from dossier.extract.quotes import ActorRef

SUN = datetime.date(2025, 3, 9)  # a Sunday

NAMES = {
    "Veloria": (1, "state"),
    "Kestan": (2, "state"),
    "Ardent Front": (3, "armed_group"),
    "Marrow": (4, "place"),
    "Ilse Varga": (5, "person"),
    "Tomas Brell": (6, "person"),
}


def refs(text: str) -> list[ActorRef]:
    """Every occurrence of a known name, as the pipeline would hand it over."""
    found = []
    for name, (actor_id, kind) in NAMES.items():
        at = text.find(name)
        while at >= 0:
            found.append(ActorRef(at, at + len(name), actor_id, name, kind))
            at = text.find(name, at + 1)
    return sorted(found, key=lambda r: r.start)


def events(text: str, reference: datetime.date | None = SUN, **kw):
    return find_events(text, refs(text), find_dates(text, reference), **kw)


def test_a_trigger_its_actors_in_roles_and_its_date_make_a_mention():
    text = "Veloria cut diplomatic ties with Kestan on Friday in Marrow."
    [m] = events(text)
    assert (m.kind, m.trigger, m.date, m.precision) == ("break ties", "cut diplomatic ties", "2025-03-07", "day")
    assert m.actors == ((1, "actor"), (2, "target"), (4, "location"))
    assert text[m.start : m.end] == m.text == text


def test_each_date_dates_its_nearest_trigger():
    text = "The rebels who seized control of Marrow on March 2 have expelled Kestan's envoy, Veloria said on Friday."
    found = {(m.kind, m.date) for m in events(text)}
    assert found == {("seize", "2025-03-02"), ("expel", "2025-03-07")}


def test_a_date_before_its_verb_counts_as_farther_than_one_after():
    text = "The Ardent Front, which attacked Marrow on March 2, said on Friday it would withdraw."
    kinds = {m.date: m.kind for m in events(text)}
    assert kinds["2025-03-02"] == "attack"


def test_a_noun_names_an_event_a_verb_reports_it():
    text = "After the attack, Veloria summoned Kestan's ambassador on Monday."
    [m] = events(text, datetime.date(2025, 3, 11))
    assert (m.kind, m.date) == ("summon", "2025-03-10")


def test_a_participle_before_a_title_describes_someone_unless_passive():
    text = "Veloria said on Friday that the ousted President Tomas Brell would be tried."
    [m] = events(text)
    assert m.kind == STATEMENT  # not a coup on Friday
    [m] = events("Tomas Brell was named president of Veloria on Friday after the second coup.")
    assert (m.kind, m.date) == ("appoint", "2025-03-07")


def test_a_noun_alone_reports_no_undated_event():
    assert events("It was the latest coup in Veloria, which Kestan watched.") == []
    assert [(m.kind, m.date) for m in events("Tomas Brell's coup against Ilse Varga in January shocked Kestan.")] == [
        ("coup", "2025-01")
    ]


def test_a_statement_hands_its_date_to_the_act_it_reports():
    text = "Veloria is severing relations with Kestan, government spokesman Tomas Brell announced on Friday."
    [m] = events(text)
    assert (m.kind, m.date) == ("break ties", "2025-03-07")


def test_a_statement_keeps_its_date_when_the_act_is_quoted_or_in_a_relative_clause():
    quoted = "Kestan said Veloria had “decided to sever relations without a study of the facts”, in a statement Monday."
    # The quoted act is reported too, undated: Kestan's words date Kestan's statement only.
    assert [(m.kind, m.date) for m in events(quoted, datetime.date(2025, 3, 11))] == [
        ("break ties", None),
        (STATEMENT, "2025-03-10"),
    ]
    relative = "The officers who seized power in Veloria said on Saturday that Tomas Brell was safe."
    assert [(m.kind, m.date) for m in events(relative)] == [(STATEMENT, "2025-03-08")]


def test_a_date_in_another_clause_does_not_date_the_act():
    text = "Veloria cut ties with Kestan, following claims of its role in clashes in Marrow last month."
    [m] = events(text)
    assert (m.kind, m.date) == ("break ties", None)


def test_a_date_that_starts_or_ends_a_period_dates_no_event():
    text = "Tomas Brell, head of the guard since 2011, was appointed in Veloria."
    assert [(m.kind, m.date) for m in events(text)] == [("appoint", None)]


def test_a_fronted_or_parenthetical_date_dates_the_verb_after_it():
    assert [(m.kind, m.date) for m in events("On March 2, the Ardent Front ambushed a convoy near Marrow.")] == [
        ("attack", "2025-03-02")
    ]
    assert [(m.kind, m.date) for m in events("The Ardent Front, on Friday, ordered Ilse Varga to leave Marrow.")] == [
        ("expel", "2025-03-07")
    ]
    across = "Tomas Brell, who took power in January, fled Veloria on Sunday."
    assert sorted((m.kind, m.date) for m in events(across)) == [("coup", "2025-01"), ("resign", "2025-03-09")]


def test_a_statement_is_dated_only_by_a_date_after_its_verb():
    text = "In late 2024 the Ardent Front sought help from Kestan, Ilse Varga said."
    assert events(text) == []


def test_an_undated_sentence_gives_its_main_act_undated_and_an_undated_statement_nothing():
    [m] = events("Veloria has announced that it is breaking diplomatic relations with Kestan.")
    assert (m.kind, m.date) == ("break ties", None)
    assert events("Ilse Varga said Kestan was wrong.") == []


def test_a_sentence_without_actors_reports_nothing_unless_quoted_from_someone():
    assert events("Clashes erupted on Friday near the border.") == []
    text = "“We embarked on a march on Moscow on March 2. We did not spill blood,” Tomas Brell said."
    speaker = ActorRef(1, text.index("”"), 6, "Tomas Brell", "person")
    [m] = events(text, speakers=[speaker])
    assert (m.kind, m.date, m.actors) == ("launch", "2025-03-02", ((6, "actor"),))


def test_page_chrome_holds_no_event():
    text = "Veloria cut ties with Kestan on Friday."
    assert events(text, skip=[(0, 7)]) == []


def test_classify_reads_the_kind_of_a_title():
    assert classify("Veloria cuts diplomatic ties with Kestan") == "break ties"
    assert classify("Ardent Front ambush convoy near Marrow") == "attack"
    assert classify("Varga says the talks failed") == STATEMENT
    assert classify("Veloria's involvement begins") is None


def test_a_dated_statement_about_the_decision_dates_the_act_before():
    text = "Veloria has cut diplomatic ties with Kestan. Ilse Varga announced the decision on Sunday evening."
    assert [(m.kind, m.date) for m in events(text)] == [("break ties", "2025-03-09")]
    unrelated = "Veloria has cut diplomatic ties with Kestan. Ilse Varga spoke on Sunday evening."
    assert [(m.kind, m.date) for m in events(unrelated)][0] == ("break ties", None)


def test_a_negated_trigger_reports_nothing():
    assert events("Although Tomas Brell did not directly accuse Kestan of involvement on Friday, Veloria protested.") == []
    assert events("Veloria has never attacked Kestan, Ilse Varga said on Friday.")[0].kind == STATEMENT


def test_a_dateline_dates_the_writing_not_the_lede():
    text = "MARROW, March 7, 2025 — Veloria has cut diplomatic ties with Kestan."
    assert [(m.kind, m.date) for m in events(text)] == [("break ties", None)]
    assert [(m.kind, m.date) for m in events(" date 2025-03-07 Veloria has cut diplomatic ties with Kestan.")] == [
        ("break ties", None)
    ]
    assert [(m.kind, m.date) for m in events("Veloria cut diplomatic ties with Kestan on March 7, 2025.")] == [
        ("break ties", "2025-03-07")
    ]


@given(quotes=st.lists(st.tuples(st.integers(0, 200), st.integers(1, 50)), max_size=30), pos=st.integers(0, 260))
def test_the_quote_an_event_is_read_in_is_the_first_given_that_holds_it(quotes, pos):
    speakers = [ActorRef(a, a + n, i, f"speaker {i}", "person") for i, (a, n) in enumerate(quotes)]
    wanted = next((q for q in speakers if q.start <= pos < q.end), None)
    assert _Quoted(speakers).at(pos) == wanted
