"""Near-duplicate articles (syndicated copies): a bottom-k sketch of each text's 5-word
shingles (`fingerprint`), the resemblance two sketches estimate (`similarity`), and
`TwinFinder`, which finds the earlier source an article nearly repeats. Pure: the sketches
already stored are handed in by the caller.
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections.abc import Iterable, Sequence

SKETCH = 24


def fingerprint(text: str, piece: int = 1 << 16) -> list[int]:
    """The SKETCH smallest hashes of the text's 5-word shingles (a bottom-k sketch)."""
    # Read a piece at a time (cut at a space, so no word is cut), carrying the last four
    # words over: the word list of a whole 10 MB text took ~95 MB.
    text = text.lower()
    hashes = set()
    carried: list[str] = []
    start = 0
    while start < len(text) or start == 0:
        end = len(text) if start + piece >= len(text) else text.find(" ", start + piece)
        end = len(text) if end < 0 else end
        words = carried + _WORD.findall(text, start, end)
        # crc32 is stable across runs (unlike hash()) and fast; 32 bits is plenty for a sketch.
        hashes.update(zlib.crc32(" ".join(words[i : i + 5]).encode()) for i in range(len(words) - 4))
        carried = words[-4:]
        start = max(end, 1)
    if not hashes:  # fewer than five words: they are the one shingle
        hashes.add(zlib.crc32(" ".join(carried).encode()))
    return heapq.nsmallest(SKETCH, hashes)


_WORD = re.compile(r"\w+")


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated resemblance of two texts from their sketches (0..1)."""
    if not a or not b:
        return 0.0
    merged = sorted(set(a) | set(b))[:SKETCH]
    return len(set(merged) & set(a) & set(b)) / len(merged)


class TwinFinder:
    """Finds an earlier source that is nearly the same article (a syndication mirror): of the
    CANDIDATES sources sharing the most hashes with its sketch (the lower id first where as
    many), the most similar one, from `threshold` up.

    This one holds the sketches handed in; `shared` and `sketches_of` are all it asks of
    them, so a subclass can read them from elsewhere (`dossier.store.StoredTwins`)."""

    CANDIDATES = 5

    def __init__(self, sketches: Iterable[tuple[int, list[int]]] = (), threshold: float = 0.6):
        self.threshold = threshold
        self.sketches: dict[int, list[int]] = {}
        self.by_hash: dict[int, set[int]] = {}
        for source_id, sketch in sketches:
            self.add(source_id, sketch)

    def add(self, source_id: int, sketch: list[int]) -> None:
        self.sketches[source_id] = sketch
        for h in sketch:
            self.by_hash.setdefault(h, set()).add(source_id)

    def shared(self, sketch: list[int]) -> dict[int, int]:
        """Source id -> how many of the sketch's hashes its sketch holds, for those holding one."""
        shared: dict[int, int] = {}
        for h in set(sketch):
            for source_id in self.by_hash.get(h, ()):
                shared[source_id] = shared.get(source_id, 0) + 1
        return shared

    def sketches_of(self, source_ids: Sequence[int]) -> dict[int, list[int]]:
        return {source_id: self.sketches[source_id] for source_id in source_ids}

    def twin(self, sketch: list[int]) -> int | None:
        shared = self.shared(sketch)
        ranked = sorted(shared, key=lambda source_id: (-shared[source_id], source_id))[: self.CANDIDATES]
        sketches = self.sketches_of(ranked)
        best = None
        for source_id in ranked:
            score = similarity(sketch, sketches[source_id])
            if score >= self.threshold and (best is None or score > best[1]):
                best = (source_id, score)
        return best[0] if best else None
