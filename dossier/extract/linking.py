"""Name linking: which actor a name in an article means when no alias matches it exactly.

`ActorIndex` holds what linking knows about the dossier's actors (built from plain actor and
alias rows; loading them is the store's job). `link_names` links a name to a known actor
spelled another way (fuzzy), a bare surname to the full name met earlier in the text, and
otherwise proposes a new actor. `credit_governments` gives a state's quote to its
government. Pure: no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dossier.extract.actors import AliasHit, AliasMatcher, NameSpan, find_names, fuzzy_link, governments
from dossier.extract.quotes import Quote
from dossier.text import fold, fold_with_map


@dataclass
class ActorIndex:
    """What extraction needs to know about the dossier's actors: a cache of the database.

    Built once per run; `add_actor` brings in an actor the run has committed, so that the
    index is always the one a rebuild from the database would give (never ahead of it: an
    actor of a file that failed is never added)."""

    matcher: AliasMatcher
    names: dict[int, str]
    kinds: dict[int, str]
    governments: dict[int, int]
    folded: list[str] = field(default_factory=list)  # every alias, folded, for fuzzy linking
    owners: list[tuple[int, ...]] = field(default_factory=list)
    aliases: dict[int, list[str]] = field(default_factory=dict)
    positions: dict[str, int] = field(default_factory=dict)  # folded alias -> its place in `folded`

    @classmethod
    def from_rows(cls, actors: Iterable[Mapping], alias_rows: Iterable[Mapping]) -> ActorIndex:
        """From actor rows (id, name, kind) and alias rows (actor_id, alias) in the order added."""
        actors = list(actors)
        aliases: dict[int, list[str]] = {a["id"]: [a["name"]] for a in actors}
        for r in alias_rows:
            aliases.setdefault(r["actor_id"], []).append(r["alias"])
        by_folded: dict[str, set[int]] = {}
        for actor_id, names in aliases.items():
            for alias in names:
                by_folded.setdefault(fold(alias), set()).add(actor_id)
        return cls(
            matcher=AliasMatcher((actor_id, alias) for actor_id, names in aliases.items() for alias in names),
            names={a["id"]: a["name"] for a in actors},
            kinds={a["id"]: a["kind"] for a in actors},
            governments=governments((a["id"], a["kind"], aliases[a["id"]]) for a in actors),
            folded=list(by_folded),
            owners=[tuple(sorted(ids)) for ids in by_folded.values()],
            aliases=aliases,
            positions={key: n for n, key in enumerate(by_folded)},
        )

    def add_actor(self, actor_id: int, name: str, kind: str, aliases: Iterable[str] = ()) -> None:
        """Know a newly stored actor, as `from_rows` would have."""
        self.names[actor_id] = name
        self.kinds[actor_id] = kind
        spellings = self.aliases.setdefault(actor_id, [name])
        spellings += aliases
        for alias in [name, *aliases]:
            self.matcher.add(actor_id, alias)
            key = fold(alias)
            if key not in self.positions:
                self.positions[key] = len(self.folded)
                self.folded.append(key)
                self.owners.append((actor_id,))
            elif actor_id not in self.owners[self.positions[key]]:
                n = self.positions[key]
                self.owners[n] = tuple(sorted({*self.owners[n], actor_id}))
        if kind in ("state", "organization"):  # may make a new state-government pair
            self.governments = governments((i, self.kinds[i], a) for i, a in self.aliases.items())


@dataclass(frozen=True)
class Link:
    """A mention found other than by an exact alias, with how and how sure."""

    start: int
    end: int
    surface: str
    actor_id: int  # negative: an actor this extraction proposes (see Extraction.proposals)
    method: str  # "fuzzy" | "surname" | "proposed"
    score: float


def link_names(
    text: str,
    mentions: list[AliasHit],
    chrome: list[tuple[int, int]],
    index: ActorIndex,
    propose: bool,
    earlier: dict[int, NameSpan] | None = None,
) -> tuple[list[Link], dict[int, NameSpan]]:
    """Fuzzy links, surname links and proposals for the names no alias matched.

    earlier: proposals already made in previous blocks of the same text."""
    links: list[Link] = []
    proposals: dict[int, NameSpan] = dict(earlier or {})
    provisional: dict[str, int] = {fold(n.surface): temp for temp, n in proposals.items()}
    replaced: set[tuple[int, int]] = set()
    surnames: dict[str, int] = {}  # last word of a person named in full in this text -> actor
    # Full names first, so a later bare surname ("Mr Bazoum") joins its full name.
    for name in sorted(find_names(text, [], chrome), key=lambda n: (-len(n.surface.split()), n.start)):
        inside = [h for h in mentions if name.start <= h.start and h.end <= name.end]
        overlapping = [h for h in mentions if h.start < name.end and name.start < h.end]
        if len(overlapping) != len(inside):
            continue  # runs into a known alias: leave it to the alias
        if inside:
            # A longer spelling around a known alias ("Andrey Yusov" around "Yusov"): take
            # it as that actor's mention when the whole name is close to one of its aliases.
            if any((h.start, h.end) == (name.start, name.end) for h in inside):
                continue
            found = fuzzy_link(name.surface, index.folded, index.owners)
            owners = {a for h in inside for a in h.actor_ids}
            if found is not None and len(found[0]) == 1 and found[0][0] in owners:
                links.append(Link(name.start, name.end, name.surface, found[0][0], "fuzzy", found[1]))
                replaced.update((h.start, h.end) for h in inside)
            continue
        key = fold(name.surface)
        if len(key.split()) == 1 and key in surnames:
            links.append(Link(name.start, name.end, name.surface, surnames[key], "surname", 0.9))
            continue
        found = fuzzy_link(name.surface, index.folded, index.owners)
        if found is not None and len(found[0]) == 1:
            links.append(Link(name.start, name.end, name.surface, found[0][0], "fuzzy", found[1]))
            if index.kinds.get(found[0][0]) == "person" and len(key.split()) > 1:
                surnames.setdefault(key.split()[-1], found[0][0])
        elif propose and name.kind != "unknown" or propose and len(name.surface.split()) >= 2:
            temp = provisional.setdefault(key, -(len(provisional) + 1))
            proposals.setdefault(temp, name)
            links.append(Link(name.start, name.end, name.surface, temp, "proposed", 1.0))
            if name.kind == "person" and len(key.split()) > 1:
                surnames.setdefault(key.split()[-1], temp)
    if replaced:
        mentions[:] = [h for h in mentions if (h.start, h.end) not in replaced]
    links += _surnames(text, mentions, links, proposals, chrome, index)
    links.sort(key=lambda link: link.start)
    return links, proposals


def _surnames(text, mentions, links, proposals, chrome, index) -> list[Link]:
    """A bare surname ("Pyvovarov") after the full name in the same article, when only one
    person linked in it has that surname."""
    people: dict[str, set[int]] = {}
    for h in mentions:
        for actor_id in h.actor_ids:
            if index.kinds.get(actor_id) == "person":
                people.setdefault(fold(index.names[actor_id]).split()[-1], set()).add(actor_id)
    for link in links:
        kind = proposals[link.actor_id].kind if link.actor_id < 0 else index.kinds.get(link.actor_id)
        if kind == "person" and len(link.surface.split()) > 1:
            people.setdefault(fold(link.surface).split()[-1], set()).add(link.actor_id)
    taken = [(h.start, h.end) for h in mentions] + [(k.start, k.end) for k in links] + list(chrome)
    out = []
    folded, index = fold_with_map(text)  # once per block, not once per surname
    for surname, ids in people.items():
        if len(ids) != 1 or len(surname) < 3:
            continue
        (actor_id,) = ids
        for m in re.finditer(rf"(?<!\w){re.escape(surname)}(?!\w)", folded):
            start = m.start() if index is None else index[m.start()]
            end = m.end() if index is None else index[m.end() - 1] + 1
            if text[start : start + 1].isupper() and not any(a < end and start < b for a, b in taken):
                out.append(Link(start, end, text[start:end], actor_id, "surname", 0.9))
    return out


def credit_governments(quotes: list[Quote], index: ActorIndex) -> list[Quote]:
    """A state speaks through its government: a quote whose speaker is a state ("Mali
    described …") goes to that state's government when the dossier has one, and says so."""
    return [
        q if q.speaker_id not in index.governments else _replace_speaker(q, index.governments[q.speaker_id])
        for q in quotes
    ]


def _replace_speaker(q: Quote, speaker_id: int) -> Quote:
    return Quote(q.start, q.end, q.text, speaker_id, q.context_start, q.context_end, q.how + ", via its government")
