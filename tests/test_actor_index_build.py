"""The run's actor index built in one pass (ActorIndex.from_rows, AliasMatcher.of_keys) is the
index built alias by alias."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dossier.extract.actors import AliasMatcher
from dossier.extract.linking import ActorIndex
from dossier.text import fold

spelling = st.text(alphabet=st.sampled_from(list("ab c.-'’_ﬁÉé")), min_size=1, max_size=6)


@settings(max_examples=300)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab c.-'’_9\nﬁÉé")), max_size=50),
    pairs=st.lists(st.tuples(st.integers(min_value=1, max_value=4), spelling), max_size=10),
)
def test_a_matcher_of_folded_keys_finds_what_one_built_alias_by_alias_finds(text, pairs):
    by_key: dict[str, set[int]] = {}
    for actor_id, alias in pairs:
        by_key.setdefault(fold(alias), set()).add(actor_id)
    keys = AliasMatcher.of_keys((key, sorted(ids)) for key, ids in by_key.items())
    assert keys.find(text) == AliasMatcher(pairs).find(text)


@settings(max_examples=200)
@given(
    actors=st.lists(
        st.tuples(spelling, st.sampled_from(["person", "organization", "state", "place", "armed_group"]),
                  st.lists(spelling, max_size=3)),
        max_size=6,
    )
)  # fmt: skip
def test_an_index_built_from_rows_is_the_index_its_actors_added_one_by_one_give(actors):
    rows = [(n, name, kind) for n, (name, kind, _) in enumerate(actors, 1)]
    alias_rows = [(n, alias) for n, (_, _, aliases) in enumerate(actors, 1) for alias in aliases]
    built = ActorIndex.from_rows(rows, alias_rows)
    grown = ActorIndex.from_rows([], [])
    for n, (name, kind, aliases) in enumerate(actors, 1):
        grown.add_actor(n, name, kind, aliases)
    for field in ("names", "kinds", "governments", "aliases", "people", "cores", "long_names", "acronyms", "positions", "blocks", "by_name"):
        assert getattr(built, field) == getattr(grown, field), field
    assert built.folded == grown.folded and built.owners == grown.owners
    text = " ".join(name for name, _, _ in actors) + " " + " ".join(a for _, _, aliases in actors for a in aliases)
    assert built.matcher.find(text) == grown.matcher.find(text)


@settings(max_examples=300)
@given(st.lists(st.text(alphabet=st.sampled_from(list("aeiouyjwkhzsctp\nİßé -’E")), max_size=8), max_size=8))
def test_person_keys_made_together_are_those_made_one_by_one(words):
    from dossier.extract import actors

    actors._PERSON_KEYS.clear()
    together = actors.person_keys(words)
    alone = []
    for word in words:
        actors._PERSON_KEYS.clear()
        alone.append(actors.person_key(word))
    assert together == alone


@settings(max_examples=200)
@given(
    first=st.lists(st.sampled_from(["Ana", "Bo", "Cy"]), max_size=6),
    later=st.lists(st.tuples(st.integers(min_value=1, max_value=10), st.sampled_from(["Ana", "Bo", "Cy", "Di"])), max_size=6),
)
def test_the_actor_named_is_the_last_listed_with_that_name_as_actors_come(first, later):
    # The claims of an article name their claimant; a name two actors share goes to the
    # newest, as a name -> id table made from the index's names, in their order, gives.
    index = ActorIndex.from_rows([(i, name, "person") for i, name in enumerate(first, 1)], [])
    next_id = len(first) + 1
    for known, name in later:  # a known actor again (as a join adds it, or renamed), or a new one
        actor_id = known if known < next_id else next_id
        if actor_id == next_id:
            next_id += 1
        index.add_actor(actor_id, name, "person")
    table = {name: actor_id for actor_id, name in index.names.items()}
    for name in ["Ana", "Bo", "Cy", "Di", "Ed"]:
        assert index.named(name) == table.get(name)


@settings(max_examples=300)
@given(
    names=st.lists(
        st.lists(st.sampled_from(["Economic", "Community", "of", "West", "African", "States", "the", "Wagner", "Group", "Agence",
                                  "France-Presse", "Voice", "America", "and", "Eco"]), min_size=2, max_size=6).map(" ".join),
        max_size=8,
    ),
    acronym=st.text(alphabet=st.sampled_from(list("ecowsagfpvt.")), min_size=1, max_size=12),
)
@example(names=["Economic Community of West African States"], acronym="ECOWAS")  # a word gives two letters
@example(names=["Agence France-Presse", "Voice of America"], acronym="voa")  # a connector gives one
def test_an_acronym_finds_every_long_name_its_letters_fit(names, acronym):
    # Only the names whose initials (but connectors') the letters hold in order are tried;
    # the plain definition tries every long name with the acronym's first letter.
    from dossier.extract.actors import acronym_fits
    from dossier.extract.linking import _initial_words

    index = ActorIndex.from_rows([(i, name, "organization") for i, name in enumerate(names, 1)], [])
    letters = acronym.replace(".", "").lower()
    expected = {
        i for i, name in enumerate(names, 1)
        if letters and len(_initial_words(name)) >= 2 and _initial_words(name)[0][0] == letters[0]
        and acronym_fits(letters, _initial_words(name))
    }  # fmt: skip
    assert index.acronym(acronym) == expected
