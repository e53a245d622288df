"""Text helpers for every floor: folding for matching (with a map back to the original
offsets) and making text safe to draw on a terminal. Imports nothing from dossier."""

from __future__ import annotations

import functools
import unicodedata
from array import array
from collections.abc import Sequence

# Typographic variants that outlets use interchangeably; folded so that
# "Ukraine’s" and "Ukraine's" are the same alias.
_PUNCT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u00a0": " ",
    }
)


def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.translate(_PUNCT))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# The folding table, grown with each non-ASCII character met: built once per character
# per process, not once per call (fold runs on every alias and every article).
_TABLE: dict[int, str] = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_MET: set[str] = {chr(i) for i in range(128)}  # the characters _TABLE has folded (ASCII: as is, or lowered)


def _table(text: str) -> dict[int, str]:
    """The translation table, holding the folding of every distinct character of text."""
    for ch in set(text) - _MET:
        _TABLE[ord(ch)] = _fold_char(ch)
        _MET.add(ch)
    return _TABLE


def fold(text: str) -> str:
    """Case-, diacritic- and punctuation-fold text ("Tinzaouatène" -> "tinzaouatene")."""
    if text.isascii():
        return text.lower()
    return text.translate(_table(text))


def spelling_key(text: str) -> str:
    """Text folded for case and typography only: "Ukraine’s" and "UKRAINE'S" share a key,
    "Tinzaouatène" and "Tinzaouatene" do not (an accent can be a spelling worth showing)."""
    return text.translate(_PUNCT).casefold()


@functools.lru_cache(maxsize=2)  # the alias matcher and the surname finder fold the same article
def fold_with_map(text: str) -> tuple[str, Sequence[int] | None]:
    """Fold text; also return, for each folded character, the index of its original
    character, or None when folding kept every character in place (the usual case). The
    map is shared between callers: never change it."""
    if text.isascii():
        return text.lower(), None
    table = _table(text)
    folded = text.translate(table)
    if len(folded) == len(text):
        return folded, None
    index = array("l")  # compact: a long text must not cost a Python int per character
    for i, ch in enumerate(text):
        index.extend([i] * len(table.get(ord(ch), ch)))
    return folded, index


# Control characters (C0 but newline and tab, DEL, C1) and bidi overrides, mapped one to
# one onto visible stand-ins: escape sequences in an article are shown, never obeyed, and
# character offsets into the text still hold.
_VISIBLE = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
_VISIBLE[0x7F] = 0x2421
_VISIBLE.update({c: 0xFFFD for c in range(0x80, 0xA0)})
_VISIBLE.update({c: 0xFFFD for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def visible(text: str) -> str:
    """Text safe to draw on a terminal, the same length as the input."""
    return text.translate(_VISIBLE)


def shorten(text: str, width: int) -> str:
    """Text on one line in at most `width` characters, cut at a word when it can be, with "…"."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: max(width - 1, 0)]
    space = cut.rfind(" ")
    if text[len(cut)] != " " and space >= width // 2:  # back to a word boundary, not too far
        cut = cut[:space]
    return cut.rstrip(" ,;:·-") + "…"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: "1 rendering", "5 renderings"."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
