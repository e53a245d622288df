"""The speaker relation of one ingest run, found actor by actor.

`compare.speaker_compatibility` builds the relation over every actor: a big dossier's every
description is run through every organisation's aliases. Placing the quotes of one ingest
asks it only of the speakers of the quotes in play, so here each question reads what it
needs. Whether two actors may be one voice needs only what each says of itself: the
organisations its description names and the states its name holds (read through the run's
actor index, which has every actor's spellings). An actor's whole circle also needs who
else names those organisations and which bodies are named after those states: the
full-text index of the actor table finds the few actors whose description or name holds
such an alias, and each is checked as it says of itself. Both answer as
`compare.speaker_compatibility` does (tests/test_speaker_circles.py).
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from dossier import store
from dossier.extract.actors import AliasMatcher
from dossier.text import fold

if TYPE_CHECKING:  # the annotation only
    from dossier.extract.linking import ActorIndex

NAMED_KINDS = ("organization", "state", "armed_group")  # what a person's description may name
BODY_KINDS = ("organization", "armed_group")  # what may be named after a state
_NON_WORD = re.compile(r"\W")
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")  # the full-text index's words of folded ASCII text


class _OfKind:
    """The actors of one kind, as a set the relation's users ask membership of."""

    def __init__(self, kinds: dict[int, str], kind: str):
        self.kinds, self.kind = kinds, kind

    def __contains__(self, actor_id: object) -> bool:
        return self.kinds.get(actor_id) == self.kind  # type: ignore[call-overload]


class SpeakerCircles:
    """Speaker compatibility as `compare.Compatibility` gives it (callable on a pair, an
    actor's circle by `neighbours`, `places` and `persons` to ask membership of), read from
    the database and the run's actor index, which must be in step with it, actor by actor.

    The relation, unfolded for one actor x (own: an actor with its state or government;
    named: the organisations a person's description names; reach: those and their own;
    namers of o: the persons whose reach holds o; states: those a body's name holds;
    bodies of s: the bodies whose name holds s): x's own, its reach, the namers of what it
    names, its own namers, for each of its states that state's own, namers and bodies, and
    the bodies of each state in its own or its reach."""

    def __init__(self, db, index: ActorIndex):
        self.db = db
        self.index = index
        self.persons = _OfKind(index.kinds, "person")
        self.places = _OfKind(index.kinds, "place")
        self.partners: dict[int, set[int]] = {}  # a state and its government, each the other's
        for state, government in index.governments.items():
            self.partners.setdefault(state, set()).add(government)
            self.partners.setdefault(government, set()).add(state)
        self._descriptions: dict[int, str | None] = {}
        self._named: dict[int, frozenset[int]] = {}
        self._reach: dict[int, frozenset[int]] = {}
        self._states: dict[int, frozenset[int]] = {}
        self._namers: dict[int, frozenset[int]] = {}
        self._bodies: dict[int, frozenset[int]] = {}
        self._circles: dict[int, set[int]] = {}
        # (column, kinds) -> the texts there the full-text index may not split as folding does, folded
        self._unplain: dict[tuple[str, tuple[str, ...]], dict[int, str]] = {}

    # -- the relation ----------------------------------------------------------------------

    def __call__(self, a: int | None, b: int | None) -> bool:
        """Whether a and b may be one voice: from what each says of itself, once a's circle
        is not read already (a pair reads no other actor's description)."""
        if a is None or b is None:
            return False
        if a == b:
            return True
        if a in self._circles:
            return b in self._circles[a]
        if b in self.partners.get(a, ()):
            return True
        reach_a, reach_b = self.reach(a), self.reach(b)
        if b in reach_a or a in reach_b or not reach_b.isdisjoint(self.named(a)):
            return True  # a names b; b names a; b names what a names or its partner
        for s in self.states(a):  # a is named after s: s's circle is a's
            if b in self.own(s) or s in reach_b or s in self.states(b):
                return True
        return any(a in self.own(s) or s in reach_a for s in self.states(b))  # and back

    def neighbours(self, a: int) -> set[int]:
        """Every actor that may be one voice with a (a itself among them)."""
        circle = self._circles.get(a)
        if circle is None:
            circle = self.own(a) | self.reach(a) | self.namers(a)
            for o in self.named(a):
                circle |= self.namers(o)
            for s in self.states(a):
                circle |= self.own(s) | self.namers(s) | self.bodies(s)
            for s in self.own(a) | self.reach(a):
                if self.index.kinds.get(s) == "state":
                    circle |= self.bodies(s)
            self._circles[a] = circle
        return circle

    # -- what an actor says of itself ----------------------------------------------------------

    def own(self, actor_id: int) -> set[int]:
        """An actor with its government or its state."""
        return {actor_id, *self.partners.get(actor_id, ())}

    def named(self, actor_id: int) -> frozenset[int]:
        """The organisations a person's description names."""
        found = self._named.get(actor_id)
        if found is None:
            found = frozenset()
            if self.index.kinds.get(actor_id) == "person":
                description = self._description(actor_id)
                if description:
                    matcher = self._matcher(description, NAMED_KINDS, 3)
                    found = frozenset(o for hit in matcher.find(description) for o in hit.actor_ids)
            self._named[actor_id] = found
        return found

    def reach(self, actor_id: int) -> frozenset[int]:
        """The organisations a person's description names, with their states or governments."""
        found = self._reach.get(actor_id)
        if found is None:
            found = frozenset(x for o in self.named(actor_id) for x in self.own(o))
            self._reach[actor_id] = found
        return found

    def states(self, actor_id: int) -> frozenset[int]:
        """The states a body's name holds ("Embassy of France")."""
        found = self._states.get(actor_id)
        if found is None:
            found = frozenset()
            if self.index.kinds.get(actor_id) in BODY_KINDS:
                name = self.index.names[actor_id]
                found = frozenset(s for hit in self._matcher(name, ("state",), 0).find(name) for s in hit.actor_ids)
            self._states[actor_id] = found
        return found

    def _matcher(self, text: str, kinds: tuple[str, ...], shortest: int) -> AliasMatcher:
        """The matcher of the aliases of these kinds, as long as shortest or longer, that text
        holds between word boundaries. An alias the text does not hold never matches in it,
        nor keeps another from matching, so its hits are those of every such alias's matcher."""
        every, kind_of, spellings = self.index.matcher, self.index.kinds, self.index.aliases
        folded = fold(text)
        ends = [m.start() for m in _NON_WORD.finditer(folded)]
        starts = sorted({0, *ends, *(e + 1 for e in ends)} - {len(folded)})
        ends.append(len(folded))
        matcher = AliasMatcher()
        for start in starts:
            for n in range(bisect.bisect_right(ends, start), len(ends)):
                if ends[n] - start > every.longest:
                    break
                key = folded[start : ends[n]]
                for actor_id in every.owners(key):
                    if kind_of.get(actor_id) in kinds:
                        for alias in spellings.get(actor_id, ()):
                            if len(alias) >= shortest and fold(alias).strip() == key:
                                matcher.add(actor_id, alias)
        return matcher

    def _description(self, actor_id: int) -> str | None:
        if actor_id not in self._descriptions:
            self._read_descriptions({actor_id})
        return self._descriptions[actor_id]

    def _read_descriptions(self, ids: set[int]) -> None:
        """Read the descriptions of these actors at once (a circle checks hundreds)."""
        wanted = sorted(ids - self._descriptions.keys())
        if wanted:
            self._descriptions.update(dict.fromkeys(wanted))
            self._descriptions.update(store.actor_descriptions(self.db, wanted))

    # -- who says it of an actor ---------------------------------------------------------------

    def namers(self, org_id: int) -> frozenset[int]:
        """The persons whose description names this organisation or its partner."""
        found = self._namers.get(org_id)
        if found is None:
            own = self.own(org_id)
            candidates: set[int] = set()
            for o in own:
                if self.index.kinds.get(o) in NAMED_KINDS:
                    for alias in self.index.aliases.get(o, ()):
                        if len(alias) >= 3:
                            candidates |= self._holding("description", ("person",), fold(alias).strip())
            persons = {p for p in candidates if self.index.kinds.get(p) == "person"}
            self._read_descriptions(persons)
            found = frozenset(p for p in persons if not self.named(p).isdisjoint(own))
            self._namers[org_id] = found
        return found

    def bodies(self, state_id: int) -> frozenset[int]:
        """The bodies whose name holds this state."""
        found = self._bodies.get(state_id)
        if found is None:
            candidates: set[int] = set()
            for alias in self.index.aliases.get(state_id, ()):
                candidates |= self._holding("name", BODY_KINDS, fold(alias).strip())
            found = frozenset(b for b in candidates if state_id in self.states(b))
            self._bodies[state_id] = found
        return found

    def _holding(self, column: str, kinds: tuple[str, ...], key: str) -> set[int]:
        """The actors whose column (description or name) may hold the folded alias key: a
        superset of those whose folded text holds it between word boundaries (the actors of
        these kinds among them, the only ones asked of; others may be given). An ASCII text
        folds by lowering its letters, and the full-text index splits it at every character
        but a letter or digit, so such a text holding key holds its words in a row, which the
        index finds; the other texts (their bytes outnumber their characters) are folded here
        and searched for key."""
        if not key:
            return set()
        unplain = self._unplain.get((column, kinds))
        if unplain is None:
            rows = store.actors_with_unplain(self.db, column, kinds)
            unplain = self._unplain[column, kinds] = {i: fold(text) for i, text in rows}
        found = {i for i, text in unplain.items() if key in text}
        if key.isascii():
            words = _ASCII_TOKEN.findall(key)
            if words:
                found.update(store.actors_with_words(self.db, column, words))
            else:  # no word to look up: every plain text is read
                found.update(store.actors_with_text(self.db, column, key))
        return found
