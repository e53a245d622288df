"""Near-duplicate articles (syndicated copies): a bottom-k sketch of each text's 5-word
shingles (`fingerprint`), the resemblance two sketches estimate (`similarity`), and
`TwinFinder`, which finds the earlier source an article nearly repeats. Pure: the sketches
already stored are handed in by the caller.
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections import deque
from collections.abc import Iterable, Sequence

SKETCH = 24


def fingerprint(text: str) -> list[int]:
    """The SKETCH smallest hashes of the text's 5-word shingles (a bottom-k sketch)."""
    # Read word by word, holding five: a 10 MB text's word list alone took 100 MB.
    window: deque[str] = deque(maxlen=5)
    hashes = set()
    for word in _WORD.finditer(text.lower()):
        window.append(word.group())
        if len(window) == 5:
            # crc32 is stable across runs (unlike hash()) and fast; 32 bits is plenty for a sketch.
            hashes.add(zlib.crc32(" ".join(window).encode()))
    if len(window) < 5:  # fewer than five words: they are the one shingle
        hashes.add(zlib.crc32(" ".join(window).encode()))
    return heapq.nsmallest(SKETCH, hashes)


_WORD = re.compile(r"\w+")


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated resemblance of two texts from their sketches (0..1)."""
    if not a or not b:
        return 0.0
    merged = sorted(set(a) | set(b))[:SKETCH]
    return len(set(merged) & set(a) & set(b)) / len(merged)


class TwinFinder:
    """Finds an earlier source that is nearly the same article (a syndication mirror)."""

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

    def twin(self, sketch: list[int]) -> int | None:
        shared: dict[int, int] = {}
        for h in sketch:
            for source_id in self.by_hash.get(h, ()):
                shared[source_id] = shared.get(source_id, 0) + 1
        best = None
        for source_id, _ in sorted(shared.items(), key=lambda kv: -kv[1])[:5]:
            score = similarity(sketch, self.sketches[source_id])
            if score >= self.threshold and (best is None or score > best[1]):
                best = (source_id, score)
        return best[0] if best else None
