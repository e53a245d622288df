"""Name linking: which actor a name in an article means when no alias matches it exactly.

`ActorIndex` holds what linking knows about the dossier's actors (built from plain actor and
alias rows; loading them is the store's job). `link_names` links every other name in an
article to a known actor where one fits, and otherwise proposes one, clustering the
proposals so that one entity is one actor:

- a name the gazetteer or an institution rule gives a canonical name ("OUAGADOUGOU" ->
  Ouagadougou, "French troops" -> Armed forces of France) links to the actor of that name;
- a name spelled another way links by fuzzy match (`fuzzy_link`), a person by first name
  and surname in any transliteration (`person_key`: Andrey/Andriy/Andrii, Prigozhin/
  Prigojine), an organisation by its core name (`core_name`: "PMC Wagner", "Wagner Group",
  "Wagner"), an acronym by the initials of a long name (`acronym_fits`) or by its
  definition in the text ("the Economic Community of West African States (ECOWAS)");
- a bare surname ("Pyvovarov") links to the person named in full, in the article or the
  dossier, when only one person has it;
- what the text says makes two spellings one actor: a junta named ("the junta, which
  calls itself the …", "… (MPSR), the name of the junta", one office over both:
  `_namings`), a spelling note ("Kamboincé (as the name is also spelled)": `_spelling_notes`);
  a proposal found to be a known actor joins it (`Proposal.joins`: its spellings become
  that actor's aliases);
- a name that two known actors fit equally is proposed, with both as its candidates: never
  merged silently.

`credit_governments` gives a state's quote to its government. Pure: no database.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from dossier.extract import gazetteer
from dossier.extract.actors import (
    ACRONYM,
    AliasBlocks,
    AliasHit,
    AliasMatcher,
    OUTLET_RULE,
    NameSpan,
    acronym_fits,
    acronym_initials,
    core_name,
    folded_core_name,
    find_names_and_words,
    find_outlets,
    fuzzy_link,
    governments,
    initials_within,
    person_key,
    person_keys,
)
from dossier.extract.institutions import (
    BLOC,
    BODY_RULE,
    GENERIC_RULES,
    GOVERNMENT,
    JUNTA,
    STATE,
    STORY_RULE,
    Description,
    find_descriptions,
    institution_name,
    phrase_alternation,
)
from dossier.extract.lexicon import BLOC_WORDS, NAME_NOUNS, OFFICES, RULING_WORDS, SELF_NAMING, SPELLING_NOTES
from dossier.extract.opcount import OPS
from dossier.extract.quotes import Quote
from dossier.extract.spans import SpanIndex
from dossier.text import fold, fold_with_map

_PERSON = "person"
_GOVERNMENT = re.compile(r"\bgovernment\b")
_SHORT_PLACE = re.compile(r"-(?:on|upon|sur|am|an|de|del)-")
_ORG_KINDS = ("organization", "armed_group", "media")
_BLOC_WORDS = frozenset(w.lower() for w in BLOC_WORDS)
_RULING = frozenset(RULING_WORDS)


@dataclass
class ActorIndex:
    """What extraction needs to know about the dossier's actors: a cache of the database.

    Built once per run; `add_actor` brings in an actor the run has committed, so that the
    index is always the one a rebuild from the database would give (never ahead of it: an
    actor of a file that failed is never added). Everything but the rows themselves is
    derived, actor by actor, by `_learn`, which both use."""

    matcher: AliasMatcher
    names: dict[int, str]
    kinds: dict[int, str]
    governments: dict[int, int]
    folded: list[str] = field(default_factory=list)  # every alias, folded, for fuzzy linking
    owners: list[tuple[int, ...]] = field(default_factory=list)
    aliases: dict[int, list[str]] = field(default_factory=dict)
    positions: dict[str, int] = field(default_factory=dict)  # folded alias -> its place in `folded`
    people: dict[str, set[tuple[str, int]]] = field(default_factory=dict)  # surname key -> (first-name key, person)
    cores: dict[str, set[int]] = field(default_factory=dict)  # core name of an organisation -> its actors
    # initial -> the initials of the words but connectors (`acronym_initials`) -> (words, actor)
    long_names: dict[str, dict[str, set[tuple[tuple[str, ...], int]]]] = field(default_factory=dict)
    acronyms: dict[str, set[tuple[str, int]]] = field(default_factory=dict)  # initial -> (letters, actor)
    by_name: dict[str, set[int]] = field(default_factory=dict)  # actor name -> the actors of that name
    blocks: AliasBlocks = field(default_factory=AliasBlocks)  # which of `folded` a name may be a spelling of

    @classmethod
    def from_rows(cls, actors: Iterable[Sequence], alias_rows: Iterable[Sequence]) -> ActorIndex:
        """From actor rows (id, name, kind) and alias rows (actor_id, alias) in the order added.

        A big dossier has a hundred thousand spellings, read on every ingest: each is folded
        once, and each structure is filled in one pass."""
        actors = list(actors)
        names = {actor_id: name for actor_id, name, _ in actors}
        kinds = {actor_id: kind for actor_id, _, kind in actors}
        by_name: dict[str, set[int]] = {}
        for actor_id, name in names.items():
            by_name.setdefault(name, set()).add(actor_id)
        aliases: dict[int, list[str]] = {actor_id: [name] for actor_id, name in names.items()}
        for actor_id, alias in alias_rows:
            spellings = aliases.get(actor_id)
            if spellings is None:
                aliases[actor_id] = [alias]
            else:
                spellings.append(alias)
        by_folded: dict[str, list[int]] = {}  # folded alias -> its actors, each once
        folds: dict[int, list[str]] = {}  # actor -> its spellings folded, each folded once here
        for actor_id, spellings in aliases.items():
            keys = folds[actor_id] = [fold(alias) for alias in spellings]
            for key in keys:
                ids = by_folded.get(key)
                if ids is None:
                    by_folded[key] = [actor_id]
                elif actor_id not in ids:
                    ids.append(actor_id)
        folded = list(by_folded)
        owners = [(ids[0],) if len(ids) == 1 else tuple(sorted(ids)) for ids in by_folded.values()]
        index = cls(
            matcher=AliasMatcher.of_keys(zip(folded, owners)),
            names=names,
            kinds=kinds,
            governments=governments(((actor_id, kind, folds[actor_id]) for actor_id, kind in kinds.items()), folded=True),
            folded=folded,
            owners=owners,
            aliases=aliases,
            positions={key: n for n, key in enumerate(folded)},
            by_name=by_name,
        )
        index.blocks.add_all(folded)
        person_keys([w for i, k in kinds.items() if k == _PERSON for key in folds[i] for w in _ends(key.split())])
        for actor_id, spellings in aliases.items():
            index._learn(actor_id, spellings, folds[actor_id])
        return index

    def add_actor(self, actor_id: int, name: str, kind: str, aliases: Iterable[str] = ()) -> None:
        """Know a newly stored actor, as `from_rows` would have."""
        aliases = list(aliases)
        was = self.names.get(actor_id)
        if was is not None and was != name:  # renamed: no longer under its old name
            self.by_name[was].discard(actor_id)
            if not self.by_name[was]:
                del self.by_name[was]
        self.by_name.setdefault(name, set()).add(actor_id)
        self.names[actor_id] = name
        self.kinds[actor_id] = kind
        spellings = self.aliases.setdefault(actor_id, [name])
        spellings += aliases
        for alias in [name, *aliases]:
            self.matcher.add(actor_id, alias)
            key = fold(alias)
            if key not in self.positions:
                self.positions[key] = len(self.folded)
                self.blocks.add(len(self.folded), key)
                self.folded.append(key)
                self.owners.append((actor_id,))
            elif actor_id not in self.owners[self.positions[key]]:
                n = self.positions[key]
                self.owners[n] = tuple(sorted({*self.owners[n], actor_id}))
        self._learn(actor_id, [name, *aliases])
        # A new state may have a government among the known organisations: only its own
        # pair can change. A new organisation called a government may be any state's.
        if kind == "state":
            orgs = [
                (i, k, self.aliases[i])
                for i, k in self.kinds.items()
                if k == "organization" and any("government" in a.casefold() for a in self.aliases[i])
            ]
            self.governments.pop(actor_id, None)
            self.governments.update(governments([(actor_id, kind, spellings), *orgs]))
        elif kind == "organization" and any(_GOVERNMENT.search(fold(a)) for a in spellings):
            self.governments = governments((i, self.kinds[i], a) for i, a in self.aliases.items())

    def _learn(self, actor_id: int, spellings: Sequence[str], folded: Sequence[str] | None = None) -> None:
        """Derive the person, core-name and long-name keys of an actor's spellings (folded:
        the same spellings folded, when the caller has them)."""
        if folded is None:
            folded = [fold(spelling) for spelling in spellings]
        kind = self.kinds.get(actor_id)
        if kind == _PERSON:  # most of a big dossier's actors
            people = self.people
            for key in folded:
                words = key.split()
                if words:
                    first = person_key(words[0]) if len(words) > 1 else ""
                    found = people.get(surname := person_key(words[-1]))
                    if found is None:
                        people[surname] = {(first, actor_id)}
                    else:
                        found.add((first, actor_id))
            return
        for spelling, key in zip(spellings, folded):
            if not key.split():
                continue
            if kind == "place" and _folded_short_place(key):
                self.cores.setdefault(_folded_short_place(key), set()).add(actor_id)
            elif kind in _ORG_KINDS:
                core = folded_core_name(key)
                if core:
                    self.cores.setdefault(core, set()).add(actor_id)
                content = _folded_initial_words(key)
                if len(content) >= 2:
                    by_initials = self.long_names.setdefault(content[0][0], {})
                    by_initials.setdefault(acronym_initials(content), set()).add((tuple(content), actor_id))
                elif ACRONYM.match(spelling.replace(".", "")):
                    letters = spelling.replace(".", "").lower()
                    self.acronyms.setdefault(letters[0], set()).add((letters, actor_id))

    def named(self, name: str) -> int | None:
        """The actor whose name is name, the newest where several are (ids rise as actors are
        added, and a name maps to the last actor listed with it)."""
        ids = self.by_name.get(name)
        return max(ids) if ids else None

    def person(self, words: list[str]) -> set[int]:
        """The known people a name (folded words) may be: same surname in any
        transliteration and, for a full name, a first name that fits."""
        if not words:
            return set()
        found = set()
        for first, actor_id in self.people.get(person_key(words[-1]), ()):
            if len(words) == 1 or not first or _first_names_fit(person_key(words[0]), first):
                found.add(actor_id)
        return found

    def acronym(self, acronym: str) -> set[int]:
        """The organisations whose long name the acronym's letters fit."""
        letters = acronym.replace(".", "").lower()
        if not letters:
            return set()
        if len(letters) > 10:  # more than `acronym_fits` takes
            return set()
        # Only the names whose initials the letters hold, in order, can fit (a big dossier has
        # thousands of long names to an initial).
        by_initials = self.long_names.get(letters[0], {})
        return {
            actor_id
            for initials in initials_within(letters) & by_initials.keys()
            for words, actor_id in by_initials[initials]
            if acronym_fits(letters, list(words))
        }

    def expansion(self, name: str) -> set[int]:
        """The organisations known by an acronym that a long name's initials fit."""
        words = _initial_words(name)
        if len(words) < 2:
            return set()
        return {actor_id for letters, actor_id in self.acronyms.get(words[0][0], ()) if acronym_fits(letters, words)}


def _ends(words: list[str]) -> list[str]:
    """A person's name's first and last words, what `_learn` keys it by."""
    return words[:: len(words) - 1] if len(words) > 1 else words


def _short_place(name: str) -> str:
    """The short name of a place named "X-on-Y" ("Rostov" for Rostov-on-Don), folded, or ""."""
    return _folded_short_place(fold(name))


def _folded_short_place(folded: str) -> str:
    """`_short_place` of a name already folded."""
    return _SHORT_PLACE.split(folded)[0] if " " not in folded and _SHORT_PLACE.search(folded) else ""


_WORD_BREAK = re.compile(r"[\s-]+")


def _initial_words(name: str) -> list[str]:
    """The folded words an acronym is made from ("Agence France-Presse" -> agence france presse)."""
    return _folded_initial_words(fold(name))


def _folded_initial_words(folded: str) -> list[str]:
    """`_initial_words` of a name already folded."""
    return [w for w in _WORD_BREAK.split(folded) if w and w[0].isalpha()]


def _first_names_fit(a: str, b: str) -> bool:
    """Two first names (person keys) of one person: the same, an initial, one the start of
    the other ("Jean" of "Jean-Baptiste"), or a spelling apart."""
    from rapidfuzz import fuzz

    if a == b:
        return True
    if a[:1] != b[:1]:
        return False
    short, long = sorted((a, b), key=len)
    return len(short) == 1 or len(short) >= 3 and long.startswith(short) or fuzz.ratio(a, b) >= 70


@dataclass(frozen=True)
class Link:
    """A mention found other than by an exact alias, with how and how sure."""

    start: int
    end: int
    surface: str
    actor_id: int  # negative: an actor this extraction proposes (see Extraction.proposals)
    method: str  # "fuzzy" | "surname" | "name" | "person" | "core" | "acronym" | "institution" | "proposed"
    score: float


@dataclass
class Proposal:
    """A new actor an extraction proposes: its name and kind (with how sure the kind is),
    the rule and the span that first gave it (its evidence), every spelling the article
    gives it, and the known actors it might be where two or more fit equally."""

    name: str
    kind: str
    rule: str
    confidence: float
    start: int
    end: int
    surface: str
    spellings: list[str] = field(default_factory=list)
    candidates: tuple[int, ...] = ()
    joins: int | None = None  # a known actor the text names it as: no new actor, its spellings are that one's

    def shifted(self, by: int) -> Proposal:
        return Proposal(self.name, self.kind, self.rule, self.confidence, self.start + by, self.end + by,
                        self.surface, list(self.spellings), self.candidates, self.joins)  # fmt: skip


class _Book:
    """This article's proposals, with the keys that cluster a new name into one of them.

    A key may also lead to a known actor: a proposal found to be one (an acronym defined
    in the text as a known actor's long name) leaves its keys to that actor."""

    def __init__(self, proposals: dict[int, Proposal]):
        self.proposals = proposals
        self.next = min(proposals, default=0) - 1
        self.fresh: set[int] = set()  # made by this call (earlier blocks' links may name the others)
        self.gone: dict[int, int] = {}  # a proposal merged away -> the one it went into
        self.by_name: dict[str, int] = {}
        self.people: dict[str, list[tuple[str, int]]] = {}
        self.cores: dict[str, int] = {}
        for temp, p in proposals.items():
            self._keys(temp, p.name, p.kind)
            for s in p.spellings:
                self._keys(temp, s, p.kind)

    def _keys(self, temp: int, spelling: str, kind: str) -> None:
        self.by_name.setdefault(fold(spelling), temp)
        words = fold(spelling).split()
        if kind == _PERSON and words:
            self.people.setdefault(person_key(words[-1]), []).append((person_key(words[0]) if len(words) > 1 else "", temp))
        elif kind in _ORG_KINDS and core_name(spelling):
            self.cores.setdefault(core_name(spelling), temp)
        elif kind == "place" and _short_place(spelling):
            self.cores.setdefault(_short_place(spelling), temp)

    def find(self, span: NameSpan) -> int | None:
        """The proposal (or known actor) this name is another spelling of, if any."""
        key = fold(span.proposed_name)
        if key in self.by_name:
            return self.by_name[key]
        words = fold(span.surface).split()
        if span.kind == _PERSON and words:
            fits = self.person(words)
            if len(fits) == 1:
                return fits.pop()
        if span.kind in (*_ORG_KINDS, "place") and core_name(span.surface) in self.cores:
            return self.cores[core_name(span.surface)]
        if ACRONYM.match(span.surface.replace(".", "")):
            letters = span.surface.replace(".", "").lower()
            fits = {t for t, p in self.proposals.items() if p.kind in _ORG_KINDS
                    and any(len(_initial_words(s)) >= 2 and acronym_fits(letters, _initial_words(s)) for s in p.spellings)}  # fmt: skip
            if len(fits) == 1:
                return fits.pop()
        return None

    def person(self, words: list[str]) -> set[int]:
        """The proposals a person's name (folded words) may be: the same surname in any
        transliteration, or a surname a letter or two away with the same first name."""
        last = person_key(words[-1])
        first = person_key(words[0]) if len(words) > 1 else ""
        fits = {t for f, t in self.people.get(last, ()) if not first or not f or _first_names_fit(first, f)}
        if not fits and first:
            from rapidfuzz import fuzz

            for key, entries in self.people.items():
                if fuzz.ratio(key, last) >= 80:
                    fits |= {t for f, t in entries if f and f == first}
        return fits

    def add(self, span: NameSpan, temp: int | None = None, candidates: tuple[int, ...] = ()) -> int:
        """File a name under a proposal (a new one when temp is None); return its id."""
        if temp is None:
            temp, self.next = self.next, self.next - 1
            self.fresh.add(temp)
            self.proposals[temp] = Proposal(span.proposed_name, span.kind, span.rule, span.confidence,
                                            span.start, span.end, span.surface, [], candidates)  # fmt: skip
            self._keys(temp, span.proposed_name, span.kind)
        proposal = self.proposals[temp]
        if fold(span.surface) not in {fold(s) for s in proposal.spellings}:
            proposal.spellings.append(span.surface)
            self._keys(temp, span.surface, proposal.kind)
        return temp

    def kind(self, actor_id: int, index: ActorIndex) -> str | None:
        """The kind of a proposal (or the one it merged into) or a known actor."""
        actor_id = self.resolved(actor_id)
        return self.proposals[actor_id].kind if actor_id < 0 else index.kinds.get(actor_id)

    def resolved(self, actor_id: int) -> int:
        """What an id stands for now: the proposal it merged into, the known actor a
        proposal joins, else itself."""
        while actor_id in self.gone:
            actor_id = self.gone[actor_id]
        joins = self.proposals[actor_id].joins if actor_id < 0 else None
        return actor_id if joins is None else joins

    def merge(self, drop: int, into: int) -> None:
        """Proposal drop is into (a proposal, or a known actor): its keys lead there now."""
        gone = self.proposals.pop(drop)
        self.gone[drop] = into
        if into < 0:
            kept = self.proposals[into]
            if kept.rule in GENERIC_RULES and gone.rule not in GENERIC_RULES:
                # A description ("the junta") named: the proposal takes the name, and keeps
                # of the description only its own name ("Junta of Niger"), no generic word.
                described = kept.name
                kept.name, kept.kind, kept.rule, kept.confidence = gone.name, gone.kind, gone.rule, gone.confidence
                kept.start, kept.end, kept.surface, kept.spellings = gone.start, gone.end, gone.surface, []
                carried = [*gone.spellings, described]
            else:
                carried = [gone.name, *(gone.spellings if gone.rule not in GENERIC_RULES else ())]
            for s in carried:
                if fold(s) not in {fold(t) for t in kept.spellings}:
                    kept.spellings.append(s)
        self.by_name = {k: into if t == drop else t for k, t in self.by_name.items()}
        self.cores = {k: into if t == drop else t for k, t in self.cores.items()}
        self.people = {k: [(f, into if t == drop else t) for f, t in v] for k, v in self.people.items()}


@dataclass
class Lookups:
    """What the index knows of the names of one text. It depends on a name's spelling and
    kind alone, and a long text names the same people again and again: each is looked up once."""

    known: dict[tuple[str, str, str], tuple[tuple[int, ...], str, float] | None] = field(default_factory=dict)  # _known
    spelled: dict[str, tuple[tuple[int, ...], float] | None] = field(default_factory=dict)  # fuzzy_link


def link_names(
    text: str,
    mentions: list[AliasHit],
    chrome: list[tuple[int, int]],
    index: ActorIndex,
    propose: bool,
    earlier: dict[int, Proposal] | None = None,
    outlet: str | None = None,
    lookups: Lookups | None = None,
) -> tuple[list[Link], dict[int, Proposal]]:
    """Links and proposals for the names no alias matched.

    earlier: proposals already made in previous blocks of the same text; outlet: the
    article's own outlet, as its metadata names it; lookups: what the index gave the names
    of previous blocks."""
    book = _Book(dict(earlier or {}))
    links: list[Link] = []
    replaced: set[tuple[int, int]] = set()
    surnames: dict[str, int] = {}  # surname key of a person named in full in this text -> actor

    # A known outlet takes the alias hits inside it ("France" in "FRANCE 24"), as a
    # description does ("France" in "France's foreign ministry"); a known alias that
    # covers one, or runs into it, wins ("Mali's government" of a curated "Government of
    # Mali").
    hits = _Hits(mentions)
    outlets = [o for o in find_outlets(text, chrome, outlet) if _takes(o, hits, replaced)]
    descriptions = find_descriptions(text, [*chrome, *((o.start, o.end) for o in outlets)])
    descriptions = [d for d in descriptions if _takes(d, hits, replaced)]
    taken = [(o.start, o.end) for o in outlets] + [(d.start, d.end) for d in descriptions]
    names, words = find_names_and_words(text, taken, chrome)
    lookups = Lookups() if lookups is None else lookups
    known, spelled = lookups.known, lookups.spelled

    def link(span: NameSpan, actor_id: int, method: str, score: float) -> None:
        links.append(Link(span.start, span.end, span.surface, actor_id, method, score))
        kind = book.proposals[actor_id].kind if actor_id < 0 else index.kinds.get(actor_id)
        folded = fold(span.surface).split()
        if kind == _PERSON and len(folded) > 1:
            surnames.setdefault(person_key(folded[-1]), actor_id)

    def place(span: NameSpan) -> None:
        """Link a name, or propose it."""
        key = (span.surface, span.name, span.kind)
        if key not in known:
            known[key] = _known(span, index)
        found = known[key]
        if found is not None and len(found[0]) == 1:
            link(span, found[0][0], found[1], found[2])
            return
        temp = book.find(span)
        if temp is not None and temp >= 0:
            link(span, temp, "acronym", 0.9)
        elif temp is not None:
            book.add(span, temp)
            link(span, temp, "proposed", 1.0)
        elif propose and (span.kind != "unknown" or len(span.surface.split()) >= 2):
            temp = book.add(span, candidates=found[0] if found else ())
            link(span, temp, "proposed", 1.0)

    # Full names first, so a later bare surname ("Mr Bazoum") joins its full name.
    live = _Hits([h for h in mentions if (h.start, h.end) not in replaced])
    for name in sorted([*outlets, *names], key=lambda n: (-len(n.surface.split()), n.start)):
        if name.rule == OUTLET_RULE:  # it took the alias hits inside it
            place(name)
            continue
        OPS["name links"] += 1
        overlapping = live.overlapping(name.start, name.end)
        inside = [h for h in overlapping if name.start <= h.start and h.end <= name.end]
        if len(overlapping) != len(inside):
            continue  # runs into a known alias: leave it to the alias
        if inside:
            # A longer spelling around a known alias ("Andrey Yusov" around "Yusov"): take
            # it as that actor's mention when the whole name is close to one of its aliases.
            if any((h.start, h.end) == (name.start, name.end) for h in inside):
                continue
            if name.surface not in spelled:
                spelled[name.surface] = fuzzy_link(name.surface, index.folded, index.owners, blocks=index.blocks)
            found = spelled[name.surface]
            owners = {a for h in inside for a in h.actor_ids}
            if found is not None and len(found[0]) == 1 and found[0][0] in owners:
                link(name, found[0][0], "fuzzy", found[1])
                replaced.update((h.start, h.end) for h in inside)
            continue
        key = person_key(fold(name.surface).split()[-1])
        if len(name.surface.split()) == 1 and name.kind == _PERSON and key in surnames:
            link(name, surnames[key], "surname", 0.9)
            continue
        place(name)
    _acronym_definitions(text, links, book)

    for d in _resolve_states(descriptions, mentions, names, index):
        if d.institution == BLOC:
            continue
        if d.institution == GOVERNMENT:  # the state's government, where the dossier has one
            key = fold(d.state)
            states = index.owners[index.positions[key]] if key in index.positions else ()
            if len(states) == 1 and states[0] in index.governments:
                links.append(Link(d.start, d.end, d.surface, index.governments[states[0]], "institution", 0.9))
                continue
        kind = "state" if d.institution in (STATE, GOVERNMENT) else "organization"
        name = institution_name(d.institution, d.state)
        if fold(d.surface).split()[-1] in _RULING:  # "Niger's military" where Niger has a junta
            junta = fold(institution_name(JUNTA, d.state))
            if junta in index.positions or junta in book.by_name:
                name = institution_name(JUNTA, d.state)
        place(NameSpan(d.start, d.end, d.surface, kind, name, d.rule, 0.9))
    _link_blocs(descriptions, mentions, links, book, index)

    occupied = SpanIndex([*((h.start, h.end) for h in mentions if (h.start, h.end) not in replaced), *((k.start, k.end) for k in links)])
    for word in words:
        if occupied.overlaps(word.start, word.end):
            continue
        found = _known_word(word, index, book, surnames)
        if found is not None:
            links.append(Link(word.start, word.end, word.surface, found[0], found[1], found[2]))
    if replaced:
        mentions[:] = [h for h in mentions if (h.start, h.end) not in replaced]
    links += _surnames(text, mentions, links, book.proposals, chrome, index)
    # Last, when every name and surname is linked: what the text says makes two one.
    _namings(text, [d for d in descriptions if d.rule == STORY_RULE], mentions, links, book, index)
    _spelling_notes(text, mentions, links, book, index)
    links.sort(key=lambda link: link.start)
    return links, book.proposals


class _Hits:
    """Alias hits in text order. They never overlap one another, so their ends rise too and
    the hits overlapping a span are one run of them, found by bisection."""

    def __init__(self, hits: list[AliasHit]):
        self.hits = hits
        self._starts = [h.start for h in hits]
        self._ends = [h.end for h in hits]

    def overlapping(self, start: int, end: int) -> list[AliasHit]:
        return self.hits[bisect_right(self._ends, start) : bisect_left(self._starts, end)]


def _takes(span, hits: _Hits, replaced: set[tuple[int, int]]) -> bool:
    """Whether a span takes the alias hits it overlaps (all strictly inside it); if so,
    they are marked replaced."""
    overlapping = hits.overlapping(span.start, span.end)
    if all(span.start <= h.start and h.end <= span.end and h.end - h.start < span.end - span.start for h in overlapping):
        replaced.update((h.start, h.end) for h in overlapping)
        return True
    return False


def _known(span: NameSpan, index: ActorIndex) -> tuple[tuple[int, ...], str, float] | None:
    """The known actors a name may be, how, and how sure."""
    key = fold(span.proposed_name)
    if key in index.positions:
        return index.owners[index.positions[key]], "name", 1.0
    words = fold(span.surface).split()
    # A gazetteer or institution name is exact: "Ministry of … of France" is no spelling of
    # "… of Niger".
    found = None if span.name else fuzzy_link(span.surface, index.folded, index.owners, blocks=index.blocks)
    if found is not None:
        return found[0], "fuzzy", found[1]
    if span.kind == _PERSON:
        people = index.person(words)
        if people:
            return tuple(sorted(people)), "person" if len(words) > 1 else "surname", 0.85
    if span.kind in (*_ORG_KINDS, "place"):
        cores = index.cores.get(core_name(span.surface), set())
        if cores:
            return tuple(sorted(cores)), "core", 0.85
    if ACRONYM.match(span.surface.replace(".", "")):
        fits = index.acronym(span.surface)
        if fits:
            return tuple(sorted(fits)), "acronym", 0.8
    elif span.kind in _ORG_KINDS:
        fits = index.expansion(span.surface)
        if fits:
            return tuple(sorted(fits)), "acronym", 0.8
    return None


def _known_word(word: NameSpan, index: ActorIndex, book: _Book, surnames: dict[str, int]):
    """The actor a single capitalised word names, if it is a known surname or short name
    (and only one actor's): (actor id, method, score)."""
    folded = fold(word.surface)
    key = person_key(folded)
    if key in surnames:
        return surnames[key], "surname", 0.9
    people = {actor_id for _, actor_id in index.people.get(key, ())} | {t for _, t in book.people.get(key, ())}
    if len(people) == 1:
        return people.pop(), "surname", 0.85
    if people:
        return None
    for core in (folded, folded[:-1] if folded.endswith("s") else ""):  # "Wagner", "Wagners"
        if len(core) < 4:
            continue
        owners = index.cores.get(core, set()) | ({book.cores[core]} if core in book.cores else set())
        if len(owners) == 1:
            return owners.pop(), "core", 0.8
    return None


def _resolve_states(descriptions: list[Description], mentions, names, index: ActorIndex) -> list[Description]:
    """Give the story's institutions ("the junta") the state the article mentions most by
    name (not by demonym: "the French embassy" in a story on Burkina Faso's junta), and a
    body every state has ("the Defense Ministry") the state named with it before, else the
    state that leads clearly."""
    count: Counter[str] = Counter()
    first: dict[str, int] = {}
    for h in mentions:
        if index.kinds.get(h.actor_ids[0]) == "state":
            name = index.names[h.actor_ids[0]]
            count[name] += 1
            first.setdefault(name, h.start)
    for n in names:
        if n.kind == "state":
            count[n.proposed_name] += 1
            first.setdefault(n.proposed_name, n.start)
    named = Counter(count)  # the states named by name, not by a demonym
    for d in descriptions:
        if d.state:
            count[d.state] += 1
            first.setdefault(d.state, d.start)
    story = min(count, key=lambda s: (-count[s], first[s])) if count else None
    if story is not None:
        # A demonym of a state the article never names, a letter from the story state's, is
        # the story state's ("the Nigerian junta" in an article naming Niger, never Nigeria).
        descriptions = [
            Description(d.start, d.end, d.surface, d.institution, story, d.rule)
            if d.state is not None and d.state not in named and gazetteer.demonym_slip(d.surface.split()[0], story)
            else d
            for d in descriptions
        ]
    # A body every state has is the story's only where one state leads clearly, named at
    # least twice as often as any other: two named alike leave "the defence ministry" to no one.
    ranked = named.most_common(2)
    leading = ranked[0][0] if len(ranked) == 1 or ranked and 2 * ranked[1][1] <= ranked[0][1] else None
    out = []
    named_with: dict[str, str] = {}  # institution -> the state last named with it
    for d in descriptions:
        if d.state is None and d.institution != BLOC:
            state = named_with.get(d.institution, leading) if d.rule == BODY_RULE else story
            if state is None:
                continue
            d = Description(d.start, d.end, d.surface, d.institution, state, d.rule)
        elif d.state is not None:
            named_with[d.institution] = d.state
        out.append(d)
    return out


def _link_blocs(descriptions, mentions, links: list[Link], book: _Book, index: ActorIndex) -> None:
    """A regional bloc ("the West African bloc") is the bloc the article mentions most: an
    organisation with a bloc's word in one of its names ("Economic Community of …")."""
    blocs = [d for d in descriptions if d.institution == BLOC]
    if not blocs:
        return
    count: Counter[int] = Counter()
    for actor_id in [h.actor_ids[0] for h in mentions if len(h.actor_ids) == 1] + [k.actor_id for k in links]:
        names = book.proposals[actor_id].spellings if actor_id < 0 else index.aliases.get(actor_id, [])
        if any(_BLOC_WORDS & set(fold(n).split()) for n in names):
            count[actor_id] += 1
    if not count:
        return
    (actor_id, _), *rest = count.most_common(2)
    if rest and rest[0][1] == count[actor_id]:
        return  # two blocs as often: the text does not say which
    for d in blocs:
        links.append(Link(d.start, d.end, d.surface, actor_id, "bloc", 0.7))


def _acronym_definitions(text: str, links: list[Link], book: _Book) -> None:
    """"Long Name (ACRO)" and "ACRO (Long Name)": the two spellings are one actor."""
    by_start = {k.start: k for k in links}
    for k in list(links):
        m = re.match(r"\s*\(\s*", text[k.end : k.end + 4])
        inner = by_start.get(k.end + m.end()) if m else None
        if inner is None or text[inner.end : inner.end + 1] != ")" or inner.actor_id == k.actor_id:
            continue
        # Both proposed here: the first made keeps both spellings (ids count down from -1);
        # one known: the proposal is its spelling.
        drop, into = min(k.actor_id, inner.actor_id), max(k.actor_id, inner.actor_id)
        if drop not in book.fresh or drop not in book.proposals:
            continue
        book.merge(drop, into)
        for n, x in enumerate(links):
            if x.actor_id == drop:
                links[n] = Link(x.start, x.end, x.surface, into, "proposed" if into < 0 else "acronym", 1.0 if into < 0 else 0.9)
        by_start = {x.start: x for x in links}


# "the junta, which calls itself the …", "the junta known as the …"
_SELF_NAMING = re.compile(rf"\s*,?\s*(?:(?:which|that|who)\s+)?(?:{phrase_alternation(SELF_NAMING)})\s+(?:the\s+)?")
# "… (MPSR), the name of the junta"; "…, the junta that took power"
_NAME_OF = re.compile(rf"\)?\s*,\s*(?:the|its)\s+(?:{phrase_alternation(NAME_NOUNS)})\s+of\s+the\s+")
_APPOSED = re.compile(r"\)?\s*,\s*the\s+")
_RELATIVE_AFTER = re.compile(r"\s*,?\s*(?:that|which|who)\b")
_OFFICE_BEFORE = re.compile(rf"\b(?i:{phrase_alternation(OFFICES)})\s+of\s+(?:the\s+)?[“\"‘']?$")


def _namings(text: str, described: list[Description], mentions: list[AliasHit], links: list[Link], book: _Book, index: ActorIndex) -> None:
    """A description of the story's institution and an organisation's name that the text
    says are one actor: "the junta, which calls itself the National Council for …", "the
    Patriotic Movement for … (MPSR), the name of the junta" or "…, the junta that took
    power", and one office over both, once each in the article ("president of the
    transitional council" … "president of the National Council for …")."""
    if not described:
        return
    by_span = {(k.start, k.end): k for k in links}
    spans = {(d.start, d.end) for d in described}
    marks = [by_span[s] for s in sorted(spans) if s in by_span]
    if not marks:
        return
    mark_ids = {k.actor_id for k in marks}

    named = sorted(
        (k for k in links if (k.start, k.end) not in spans and k.actor_id not in mark_ids and book.kind(k.actor_id, index) in _ORG_KINDS),
        key=lambda k: k.start,
    )
    starts = [k.start for k in named]
    pairs: list[tuple[int, int]] = []
    for mark in marks:
        at = bisect_left(starts, mark.end)
        after = named[at] if at < len(named) else None
        if after is not None and _SELF_NAMING.fullmatch(text, mark.end, after.start):
            pairs.append((mark.actor_id, after.actor_id))
        before = named[at - 1] if at > 0 else None
        if before is not None and before.end <= mark.start:
            # the name's acronym in brackets may stand between ("… (MPSR), the name of")
            gap = text[before.end : mark.start]
            if _NAME_OF.fullmatch(gap) or _APPOSED.fullmatch(gap) and _RELATIVE_AFTER.match(text, mark.end):
                pairs.append((mark.actor_id, before.actor_id))
    # One person in one office of both: the person named last before each office, in
    # its sentence ("Tchiani … as the president of the transitional council", "Tchiani …
    # as the president of the National Council …"), not two people's ("Touray, president
    # of the ECOWAS Commission").
    people = sorted(
        [(h.start, h.end, h.actor_ids[0]) for h in mentions if len(h.actor_ids) == 1 and index.kinds.get(h.actor_ids[0]) == _PERSON]
        + [(k.start, k.end, k.actor_id) for k in links if book.kind(k.actor_id, index) == _PERSON]
    )
    ends = [end for _, end, _ in people]
    offices: dict[tuple[str, int], tuple[set[int], set[int]]] = {}
    for k in [*marks, *named]:
        m = _OFFICE_BEFORE.search(text, max(0, k.start - 40), k.start)
        at = bisect_right(ends, m.start()) if m else 0
        if not at or re.search(r"[.!?]\s", text[people[at - 1][1] : m.start()]):
            continue
        person = book.resolved(people[at - 1][2])
        office = offices.setdefault((m.group(0).split()[0].lower(), person), (set(), set()))
        office[k.actor_id not in mark_ids].add(k.actor_id)
    for marked, others in offices.values():
        if len(marked) == 1 and len(others) == 1:
            pairs.append((next(iter(marked)), next(iter(others))))
    for mark_id, name_id in pairs:
        _unite(name_id, mark_id, links, book)


def _unite(keep: int, drop: int, links: list[Link], book: _Book) -> None:
    """Two actors the text says are one: a proposal joins the known actor; of two
    proposals, drop (else keep) merges into the other, where made here. A description
    merged with a name takes the name (`_Book.merge`)."""
    keep, drop = book.resolved(keep), book.resolved(drop)
    if keep == drop or keep >= 0 and drop >= 0:
        return  # two known actors: the dossier's, not this text's, to merge
    if keep >= 0 or drop >= 0:
        known, temp = (keep, drop) if keep >= 0 else (drop, keep)
        if book.proposals[temp].joins is None:
            book.proposals[temp].joins = known
        return
    if drop not in book.fresh:
        keep, drop = drop, keep
    if drop not in book.fresh:
        return
    book.merge(drop, keep)
    for n, x in enumerate(links):
        if x.actor_id == drop:
            links[n] = Link(x.start, x.end, x.surface, keep, x.method, x.score)


# "Kamboincé (as the name of that camp is also spelled)", "Tillabéri (also spelt Tillaberi)"
_NOTE_NAME = re.compile(rf"\b(?:{phrase_alternation(SPELLING_NOTES)})\s+(?:as\s+)?(?P<name>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")
_SPELLING_NOTE = re.compile(rf"\s*\((?P<note>[^()\n]*?\b(?:{phrase_alternation(SPELLING_NOTES)})\b[^()\n]*)\)")


def _spelling_notes(text: str, mentions: list[AliasHit], links: list[Link], book: _Book, index: ActorIndex) -> None:
    """A name the text says is spelled another way: "X (also spelled Y)" makes Y one actor
    with X; "Y (as the name is also spelled)", with no name in the brackets, makes Y one
    with the earlier name of its kind it is closest to (not one with nothing like it)."""
    from rapidfuzz import fuzz

    ordered = sorted(links, key=lambda k: k.start)
    taken = SpanIndex([*((h.start, h.end) for h in mentions), *((k.start, k.end) for k in ordered)])
    for n, k in enumerate(ordered):
        m = _SPELLING_NOTE.match(text, k.end)
        if m is None:
            continue
        inside = [x for x in ordered[n + 1 :] if m.start("note") <= x.start and x.end <= m.end("note")]
        if inside:
            _unite(k.actor_id, inside[0].actor_id, links, book)
            continue
        other = _NOTE_NAME.search(text, m.start("note"), m.end("note"))
        if other is not None:  # a spelling no rule found alone ("… also spelt Tillaberi")
            start, end = other.span("name")
            if not taken.overlaps(start, end):
                if k.actor_id < 0:
                    book.add(NameSpan(start, end, text[start:end], book.kind(k.actor_id, index) or "unknown"), k.actor_id)
                links.append(Link(start, end, text[start:end], k.actor_id, "spelling", 0.9))
            continue
        earlier = [
            (fuzz.ratio(fold(x.surface), fold(k.surface)), x.actor_id)
            for x in ordered[:n]
            if x.actor_id != k.actor_id and book.kind(x.actor_id, index) == book.kind(k.actor_id, index)
        ]
        score, actor_id = max(earlier, default=(0, None))
        if actor_id is not None and score >= 60:
            _unite(actor_id, k.actor_id, links, book)


def _surnames(text, mentions, links, proposals, chrome, index) -> list[Link]:
    """A bare surname ("Pyvovarov") after the full name in the same article, when only one
    person linked in it has that surname."""
    people: dict[str, set[int]] = {}
    # Each actor once, in the order first named: a long block names the same few thousands of times.
    for actor_id in dict.fromkeys(actor_id for h in mentions for actor_id in h.actor_ids):
        if index.kinds.get(actor_id) == "person":
            people.setdefault(fold(index.names[actor_id]).split()[-1], set()).add(actor_id)
    for link in links:
        kind = proposals[link.actor_id].kind if link.actor_id < 0 else index.kinds.get(link.actor_id)
        if kind == "person" and len(link.surface.split()) > 1:
            people.setdefault(fold(link.surface).split()[-1], set()).add(link.actor_id)
    taken = SpanIndex([*((h.start, h.end) for h in mentions), *((k.start, k.end) for k in links), *chrome])
    wanted = [(surname, ids) for surname, ids in people.items() if len(ids) == 1 and len(surname) >= 3]
    folded, index = fold_with_map(text)  # once per block, not once per surname
    found = []
    for n, at, end in word_occurrences(folded, [surname for surname, _ in wanted]):
        start = at if index is None else index[at]
        end = end if index is None else index[end - 1] + 1
        if text[start : start + 1].isupper() and not taken.overlaps(start, end):
            (actor_id,) = wanted[n][1]
            found.append((n, start, Link(start, end, text[start:end], actor_id, "surname", 0.9)))
    found.sort(key=lambda f: f[:2])  # by surname, then in text order, as one pass per surname gave
    return [link for _, _, link in found]


_WORD_CHAR = re.compile(r"\w")


@functools.lru_cache(maxsize=256)  # articles name people of the same few initials: compiled once each
def _starting_with(initials: str) -> re.Pattern[str]:
    """Where a word opening with one of initials starts."""
    return re.compile(r"(?<!\w)[" + re.escape(initials) + "]")


def word_occurrences(folded: str, words: Sequence[str]) -> Iterator[tuple[int, int, int]]:
    """(n, start, end) of each word-bounded occurrence of words[n] in folded, the matches
    `re.finditer` would give for each word alone, in text order.

    One pass over the text, looking up at each word start the slices as long as some word:
    a text naming thousands of people is not scanned once per surname."""
    if not words:
        return
    number = {word: n for n, word in enumerate(words)}
    lengths = sorted({len(word) for word in words})
    starts = _starting_with("".join(sorted({word[0] for word in words})))
    free_from: dict[str, int] = {}  # a word's matches never overlap one another
    for m in starts.finditer(folded):
        at = m.start()
        for size in lengths:
            OPS["surname lookups"] += 1
            end = at + size
            if end > len(folded):
                break
            word = folded[at:end]
            if word not in number or free_from.get(word, 0) > at:
                continue
            if end < len(folded) and _WORD_CHAR.match(folded, end):
                continue
            free_from[word] = end
            yield number[word], at, end


def credit_governments(quotes: list[Quote], index: ActorIndex) -> list[Quote]:
    """A state speaks through its government: a quote whose speaker is a state ("Mali
    described …") goes to that state's government when the dossier has one, and says so."""
    return [
        q if q.speaker_id not in index.governments else _replace_speaker(q, index.governments[q.speaker_id])
        for q in quotes
    ]


def _replace_speaker(q: Quote, speaker_id: int) -> Quote:
    return replace(q, speaker_id=speaker_id, how=q.how + ", via its government")
