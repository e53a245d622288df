"""Find every word-bounded occurrence of known actor aliases in a text."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dossier.extract.text import fold, fold_with_map


@dataclass(frozen=True)
class AliasHit:
    """One occurrence of an alias: offsets into the original text and the actors it names."""

    start: int
    end: int
    surface: str
    actor_ids: tuple[int, ...]


class AliasMatcher:
    """Matches folded aliases in folded text, longest alias first, without overlaps."""

    def __init__(self, aliases: Iterable[tuple[int, str]]):
        owners: dict[str, set[int]] = defaultdict(set)
        for actor_id, alias in aliases:
            key = fold(alias).strip()
            if key:
                owners[key].add(actor_id)
        self._owners = {k: tuple(sorted(v)) for k, v in owners.items()}
        # Longest first, so "Tuareg rebels" wins over "Tuareg" at the same position.
        alternation = "|".join(re.escape(k) for k in sorted(self._owners, key=lambda k: (-len(k), k)))
        self._pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)") if alternation else None

    def find(self, text: str) -> list[AliasHit]:
        """Return every alias occurrence in text, in order."""
        if self._pattern is None or not text:
            return []
        folded, index = fold_with_map(text)
        hits = []
        for m in self._pattern.finditer(folded):
            start = index[m.start()]
            end = index[m.end() - 1] + 1
            hits.append(AliasHit(start, end, text[start:end], self._owners[m.group(0)]))
        return hits


def governments(actors: Iterable[tuple[int, str, Iterable[str]]]) -> dict[int, int]:
    """State id -> id of the organisation that is its government, where the aliases say so.

    A state "says" things through its government ("Mali described …"), so a quote whose
    subject is a state is attributed to that state's government when the dossier has one
    whose name or alias names the state and the word "government" ("Mali’s government").
    actors: (id, kind, aliases) triples.
    """
    states: dict[int, set[str]] = {}
    orgs: dict[int, list[str]] = {}
    for actor_id, kind, aliases in actors:
        folded = [fold(a) for a in aliases]
        if kind == "state":
            states[actor_id] = {f for f in folded if len(f) >= 3}
        elif kind == "organization":
            orgs[actor_id] = [f for f in folded if re.search(r"\bgovernment\b", f)]
    out: dict[int, int] = {}
    for state_id, names in states.items():
        owners = {
            org_id
            for org_id, govs in orgs.items()
            for g in govs
            for name in names
            if re.search(rf"\b{re.escape(name)}", g)
        }
        if len(owners) == 1:
            out[state_id] = owners.pop()
    return out
