"""The speaker relation grouping uses (compare.speaker_compatibility), made of whole sets,
against its definition: link each person, description by description, to the circle of
each organisation the description names; then each body to the circle of each state its
name holds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.compare import speaker_compatibility
from dossier.extract.actors import AliasMatcher
from dossier.text import fold

KINDS = ("person", "organization", "state", "armed_group", "place")
WORDS = ("mali", "niger", "army", "embassy", "government", "of", "council", "spokesman", "for", "junta")


def _defined(actors, governments) -> dict[int, set[int]]:
    """The relation as it is defined: circles grown one person, then one body, at a time."""
    linked = {a[0]: {a[0]} for a in actors}
    for state, government in governments.items():
        linked[state].add(government)
        linked[government].add(state)
    orgs = AliasMatcher(
        (i, al) for i, _, kind, _, aliases in actors if kind in ("organization", "state", "armed_group")
        for al in aliases if len(al) >= 3
    )  # fmt: skip
    for actor_id, _, kind, description, _ in actors:
        if kind == "person" and description:
            for hit in orgs.find(description):
                for org_id in hit.actor_ids:
                    for other in set(linked[org_id]):
                        linked[actor_id].add(other)
                        linked[other].add(actor_id)
    states = AliasMatcher((i, al) for i, _, kind, _, aliases in actors if kind == "state" for al in aliases)
    for org_id, name, kind, _, _ in actors:
        if kind in ("organization", "armed_group"):
            for hit in states.find(name):
                for other in set().union(*(linked[s] for s in hit.actor_ids)):
                    linked[org_id].add(other)
                    linked[other].add(org_id)
    return linked


phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)


@st.composite
def dossiers(draw):
    n = draw(st.integers(min_value=1, max_value=9))
    actors = []
    for i in range(1, n + 1):
        kind = draw(st.sampled_from(KINDS))
        name = draw(phrase).title()
        aliases = [name, *draw(st.lists(phrase, max_size=2))]
        description = draw(st.none() | st.lists(phrase, min_size=1, max_size=3).map(", ".join))
        actors.append((i, name, kind, description, aliases))
    states = [a[0] for a in actors if a[2] == "state"]
    orgs = [a[0] for a in actors if a[2] == "organization"]
    governments = {}
    for state in states:
        if orgs and draw(st.booleans()):
            governments[state] = draw(st.sampled_from(orgs))
    return actors, governments


@settings(max_examples=300, deadline=None)
@given(dossiers())
def test_the_speaker_relation_is_the_one_grown_person_by_person_and_body_by_body(dossier):
    actors, governments = dossier
    assert speaker_compatibility(actors, governments).linked == _defined(actors, governments)


def test_persons_naming_one_body_share_its_circle_and_a_body_named_after_a_state_joins_it():
    actors = [
        (1, "Veldor", "state", None, ["Veldor"]),
        (2, "Government of Veldor", "organization", None, ["Government of Veldor"]),
        (3, "Embassy of Veldor", "organization", None, ["Embassy of Veldor"]),
        (4, "Ann Roe", "person", "spokeswoman for the Government of Veldor", ["Ann Roe"]),
        (5, "Bo Li", "person", "adviser to the government of veldor", ["Bo Li"]),
        (6, "Cy Oma", "person", "a farmer", ["Cy Oma"]),
    ]
    compat = speaker_compatibility(actors, {1: 2})
    assert compat(4, 5) and compat(4, 2) and compat(4, 1) and compat(3, 4) and compat(3, 2)
    assert not compat(6, 4) and not compat(6, 1)
    assert compat.linked == _defined(actors, {1: 2})


def test_a_description_words_filter_changes_nothing():
    """The relation keeps only aliases whose words some description has: those can match."""
    actors = [(1, "Army of Mali", "armed_group", None, ["Army of Mali", "FAMa"]), (2, "X Y", "person", "fama officer", ["X Y"])]
    assert re.findall(r"\w+", fold("FAMa")) == ["fama"]
    assert speaker_compatibility(actors, {}).linked == _defined(actors, {}) == {1: {1, 2}, 2: {1, 2}}
