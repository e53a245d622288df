"""Sets of (start, end) spans that answer "does this range touch one of them?" by bisection.

Extraction asks it for every hit it finds (is this alias in page chrome, is this name
already taken), and a page can have thousands of spans: scanning them all for each hit
would make extraction quadratic in the length of the page.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate

from dossier.extract.opcount import OPS


class SpanIndex:
    """Spans, overlapping or not, in any order; each question costs O(log n)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        # The furthest end among the spans starting up to each one: a span before the
        # position reaches past it exactly when this running maximum does.
        self._reach = list(accumulate((b for _, b in ordered), max))

    def __len__(self) -> int:
        return len(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span (a, b) has a < end and start < b."""
        OPS["span lookups"] += 1
        k = bisect_left(self._starts, end)
        return k > 0 and self._reach[k - 1] > start

    def covers(self, pos: int) -> bool:
        """Whether some span (a, b) has a <= pos < b."""
        OPS["span lookups"] += 1
        k = bisect_right(self._starts, pos)
        return k > 0 and self._reach[k - 1] > pos

    def contains(self, start: int, end: int) -> bool:
        """Whether some span (a, b) holds the whole range: a <= start and end <= b.

        The span of furthest reach among those starting by `start` holds it if any does."""
        OPS["span lookups"] += 1
        k = bisect_right(self._starts, start)
        return k > 0 and self._reach[k - 1] >= end


class DisjointSpans:
    """Spans that never overlap one another, added one at a time in any order (the ones a
    left-to-right or longest-first pass keeps). Sorted by start, their ends rise too, so
    only the last one starting before a range can overlap it."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span (a, b) has a < end and start < b."""
        OPS["span lookups"] += 1
        k = bisect_left(self._starts, end)
        return k > 0 and self._ends[k - 1] > start

    def add(self, start: int, end: int) -> None:
        """Keep a span that overlaps none of those kept."""
        k = bisect_left(self._starts, start)
        self._starts.insert(k, start)
        self._ends.insert(k, end)


class GrowingSpans:
    """Spans, overlapping or not, added one at a time in any order, asked the same question
    as `SpanIndex` between additions. A span (a, b) overlapping a range ends after its start
    and is no longer than the longest kept, so only those starting within that length
    before the range are read."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._longest = 0
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span (a, b) has a < end and start < b."""
        OPS["span lookups"] += 1
        first = bisect_right(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        return any(b > start for b in self._ends[first:last])

    def add(self, start: int, end: int) -> None:
        k = bisect_right(self._starts, start)
        self._starts.insert(k, start)
        self._ends.insert(k, end)
        self._longest = max(self._longest, end - start)
