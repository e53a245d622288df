"""Counts of the steps taken in the inner loops of extraction and quote grouping.

Tests read them to check that work grows linearly with the input, without timing anything.
Each counter is one dict increment per step of a loop that already does more than that.

    OPS.clear(); extract(text, ...); OPS["quote close scan"]
"""

from __future__ import annotations

from collections import Counter

OPS: Counter[str] = Counter()
