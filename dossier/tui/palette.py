"""Command palette provider: jump to any actor, event or source, ranked by rapidfuzz."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider

from dossier.text import fold

PALETTE_LIMIT = 30


class DossierCommands(Provider):
    """Every actor, event and source of the open dossier, and the screen's commands."""

    async def startup(self) -> None:
        screen = self.screen
        items = getattr(screen, "palette_items", None)
        # The screen hands over what it already holds in memory: no database work here.
        self.entries: list = items() if items is not None else []
        self.folded = [fold(label) for label, _, _ in self.entries]

    async def search(self, query: str) -> Hits:
        from rapidfuzz import fuzz, process  # not needed to draw the first frame

        matcher = self.matcher(query)
        found = process.extract(fold(query), self.folded, scorer=fuzz.WRatio, limit=PALETTE_LIMIT, score_cutoff=75)
        for _, score, index in found:
            label, help_text, callback = self.entries[index]
            yield Hit(score / 100, matcher.highlight(label), partial(callback), help=help_text)

    async def discover(self) -> Hits:
        for label, help_text, callback in self.entries[:PALETTE_LIMIT]:
            yield Hit(0.5, label, partial(callback), help=help_text)
