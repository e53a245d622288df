"""The command palette: every action of the screen (made from its bindings, so the palette,
the footer and the help agree), and every actor, event and source, ranked together by how
many of the typed words they match and how well.

Typing "Niger cuts" ranks the event "Niger cuts diplomatic ties…" above the actor Niger,
which matches one word of two; "compare" finds the Compare action before the comparisons.
"""

from __future__ import annotations

import heapq
import math
import re
import sys
from bisect import bisect_left
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from dossier.text import fold, shorten
from dossier.views import Items

PALETTE_LIMIT = 30
_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> tuple[str, ...]:
    """The folded words of a label or a query."""
    return tuple(_WORD.findall(fold(text)))


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the palette: what it says, a word on what it does, and how to do it."""

    label: str
    help: str
    run: Callable[[], object]


class Catalog(Sequence[Entry]):
    """Every actor, event and source as palette entries, each made when it is shown: a big
    dossier has a hundred thousand items, and an entry (with its action) for each would
    weigh more than the rest of the index."""

    def __init__(self, items: Items, run: Callable[[str, int, str], object]) -> None:
        self.items = items
        self.labels = items.labels
        self.run = run

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        kind, item_id, label = self.items[i]
        return Entry(label, f"{kind} · jump here", partial(self.run, kind, item_id, label))


class WordIndex:
    """Entries by the folded words of their labels, to rank many of them against a few typed words."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = entries if isinstance(entries, Catalog) else list(entries)
        self.labels = entries.labels if isinstance(entries, Catalog) else [e.label for e in self.entries]
        # Lean, for a hundred thousand labels: each label's number of words, and each word's
        # entries in an array (no int objects); a label's words are read again when ranked.
        self.lengths = array("I")
        postings: dict[str, array] = {}
        for i, label in enumerate(self.labels):
            words = words_of(label)
            self.lengths.append(len(words))
            for word in set(words):
                found = postings.get(word)
                if found is None:
                    found = postings[sys.intern(word)] = array("i")
                found.append(i)
        self.postings = postings
        self.vocabulary = sorted(postings)

    def _meanings(self, typed: str) -> dict[str, float]:
        """The label words a typed word may stand for, and how well: itself 1, a word it
        begins 0.9, a word that contains it 0.6, a near spelling at most 0.6."""
        found: dict[str, float] = {}
        vocabulary = self.vocabulary
        i = bisect_left(vocabulary, typed)
        while i < len(vocabulary) and vocabulary[i].startswith(typed):
            found[vocabulary[i]] = 1.0 if vocabulary[i] == typed else 0.9
            i += 1
        if len(typed) >= 3:
            for word in vocabulary:
                if typed in word and word not in found:
                    found[word] = 0.6
            from rapidfuzz import fuzz, process  # not needed to draw the first frame

            for word, score, _ in process.extract(typed, vocabulary, scorer=fuzz.ratio, score_cutoff=75, limit=20):
                found.setdefault(word, 0.6 * score / 100)
        return found

    def rank(self, query: str, limit: int = PALETTE_LIMIT) -> list[tuple[float, Entry]]:
        """The best entries for a query, with a score in (0, 1].

        Every typed word counts: an entry matching fewer than half of them is left out, and
        one matching some of them ranks below one matching all. Among equals, a label that
        the query covers more of (a name rather than a sentence that contains it), then the
        one listed first, wins."""
        typed = list(dict.fromkeys(words_of(query)))
        if not typed:
            return []
        best: dict[int, list[float]] = {}
        for k, meanings in enumerate(self._meanings(t) for t in typed):
            for word, score in meanings.items():
                for i in self.postings[word]:
                    row = best.setdefault(i, [0.0] * len(typed))
                    if score > row[k]:
                        row[k] = score
        n = len(typed)
        needed = math.ceil(n / 2)
        phrase = " ".join(typed)
        scored: list[tuple[float, int]] = []
        for i, row in best.items():
            matched = sum(1 for s in row if s)
            if matched < needed:
                continue
            score = sum(row) / n * (matched / n) ** 2
            score += 0.1 * min(1.0, matched / self.lengths[i])  # how much of the label the query covers
            if n > 1 and phrase in " ".join(words_of(self.labels[i])):
                score += 0.05  # the words in the order typed
            scored.append((score / 1.15, i))
        top = heapq.nsmallest(limit, scored, key=lambda si: (-si[0], si[1]))
        return [(score, self.entries[i]) for score, i in top]


def highlight(label: str, query: str) -> Content:
    """The label with the words that the query matched in bold."""
    typed = words_of(query)
    content = Content(label)
    for m in _WORD.finditer(label):
        word = fold(m.group(0))
        if any(word.startswith(t) or (len(t) >= 3 and t in word) for t in typed):
            content = content.stylize("bold underline", m.start(), m.end())
    return content


class HasPaletteItems(Protocol):
    """A screen that offers items besides its actions: the main screen's actors, events, sources."""

    def palette_items(self) -> tuple[list[Entry], WordIndex | None]:
        """A few extra commands, and the index of every item (None while it is being built)."""
        ...


def binding_entries(screen) -> list[Entry]:
    """The screen's actions that apply now, one per action, from its active bindings (those
    with an id: the dossier's own, not the cursor keys every list has)."""
    entries: dict[str, Entry] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.id is None or not active.enabled or binding.action in entries or "command_palette" in binding.action:
            continue
        key = screen.app.get_key_display(binding)
        entries[binding.action] = Entry(
            binding.description or binding.action,
            f"{key} · {shorten(binding.tooltip, 72)}" if binding.tooltip else key,
            partial(screen.app.run_action, binding.action, active.node),
        )
    return list(entries.values())


class DossierCommands(Provider):
    """The screen's actions, and every actor, event and source of the open dossier."""

    async def startup(self) -> None:
        # The screen hands over what it already holds in memory: no database work here.
        self.commands = binding_entries(self.screen)
        extra, self.items = [], None
        if hasattr(self.screen, "palette_items"):
            extra, self.items = self.screen.palette_items()
        self.commands += extra
        self.command_index = WordIndex(self.commands)

    async def search(self, query: str) -> Hits:
        found = self.command_index.rank(query)
        if self.items is not None:
            found += self.items.rank(query)
        for score, entry in sorted(found, key=lambda se: -se[0])[:PALETTE_LIMIT]:
            yield Hit(score, highlight(entry.label, query), entry.run, text=entry.label, help=entry.help)

    async def discover(self) -> Hits:
        for entry in self.commands:
            yield DiscoveryHit(entry.label, entry.run, help=entry.help)
