"""The speaker relation read actor by actor (speakers.SpeakerCircles, what an ingest's
placing of new quotes asks) against the one built over every actor at once
(compare.speaker_compatibility, whose definition tests/test_speakers_relation.py keeps):
the same answer on every pair, the same circle of every actor, the same persons and places."""

from __future__ import annotations

import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier import store
from dossier.compare import _compatibility
from dossier.ingest import actor_index
from dossier.speakers import SpeakerCircles

KINDS = ("person", "organization", "state", "armed_group", "place", "media")
# Words the relation turns on, and spellings whose folding the full-text index does not
# share (a ligature, a sharp s, an underscore inside a word, accents, typographic quotes).
WORDS = (
    "mali", "Malí", "niger", "army", "embassy", "government", "of", "council", "spokesman",
    "for", "junta", "ﬁre", "fire", "straße", "strasse", "a_b", "b", "côte", "d'ivoire",
    "d’ivoire", "u.n.", "un", "-", "(ecowas)", "ecowas",
)  # fmt: skip

phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
# Names from fewer words, so that names hold one another often (a body named after a state).
NAME_WORDS = ("mali", "Malí", "niger", "government", "embassy", "of", "ﬁre", "fire", "a_b")
name = st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=3).map(" ".join)


@st.composite
def dossiers(draw):
    """Actors (name, kind, description, aliases) of a small dossier."""
    actors = []
    for _ in range(draw(st.integers(min_value=1, max_value=9))):
        kind = draw(st.sampled_from(KINDS))
        aliases = draw(st.lists(name | phrase, max_size=2))
        description = draw(st.none() | st.lists(phrase, min_size=1, max_size=3).map(", ".join))
        actors.append((draw(name), kind, description, aliases))
    return actors


def _stored(actors) -> sqlite_utils.Database:
    db = sqlite_utils.Database(memory=True, execute_plugins=False)
    store.create_schema(db)
    for n, (name, kind, description, aliases) in enumerate(actors):
        actor_id = store.new_actor(db, f"a{n}", name, kind)
        db.conn.execute("UPDATE actor SET description = ? WHERE id = ?", (description, actor_id))
        for alias in aliases:
            store.add_alias(db, actor_id, alias)
    return db


@settings(max_examples=200, deadline=None)
@given(dossiers())
def test_the_relation_read_actor_by_actor_is_the_one_built_over_every_actor(actors):
    db = _stored(actors)
    whole = _compatibility(db)
    ids = sorted(whole.linked)
    asked = [*ids, None, max(ids) + 1]  # no speaker, and an id no actor has
    pairs = SpeakerCircles(db, actor_index(db))  # answered pair by pair, no circle read
    assert {(a, b): pairs(a, b) for a in asked for b in asked} == {(a, b): whole(a, b) for a in asked for b in asked}
    circles = SpeakerCircles(db, actor_index(db))
    assert {a: circles.neighbours(a) for a in ids} == whole.linked
    assert {(a, b): circles(a, b) for a in asked for b in asked} == {(a, b): whole(a, b) for a in asked for b in asked}
    assert [a in circles.persons for a in asked] == [a in whole.persons for a in asked]
    assert [a in circles.places for a in asked] == [a in whole.places for a in asked]


def test_persons_naming_one_body_and_a_body_named_after_a_state_are_found_from_either_side():
    db = _stored([
        ("Veldor", "state", None, []),
        ("Government of Veldor", "organization", None, []),
        ("Embassy of Veldor", "organization", None, []),
        ("Ann Roe", "person", "spokeswoman for the Government of Veldor", []),
        ("Bo Li", "person", "adviser to the government of veldor", []),
        ("Cy Oma", "person", "a farmer in Veldor's south", []),
    ])  # fmt: skip
    circles = SpeakerCircles(db, actor_index(db))
    # Cy names the state, Ann and Bo its government: all three are in its circle, with the
    # embassy; none names the embassy, which yet joins the circle of each of them.
    assert circles.neighbours(1) == circles.neighbours(3) == circles.neighbours(6) == {1, 2, 3, 4, 5, 6}
    assert circles(3, 4) and circles(6, 4) and not circles(6, 7)
    assert circles.neighbours(6) == _compatibility(db).linked[6]
