"""Folding text for matching while keeping a map back to the original offsets."""

from __future__ import annotations

import unicodedata

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


def fold(text: str) -> str:
    """Case-, diacritic- and punctuation-fold text ("Tinzaouatène" -> "tinzaouatene")."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch) for ch in text)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold text and return, for each folded character, the index of its original character."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


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
