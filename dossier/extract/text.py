"""Article text before extraction: cleaning at ingest, page chrome, and sentence bounds.

Folding and terminal-safe text, which every floor uses, live in dossier/text.py.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from dossier.extract.lexicon import (
    HONORIFICS,
    MONTH_ABBREVIATIONS,
    MORE_TITLE_ABBREVIATIONS,
    OTHER_ABBREVIATIONS,
    PERSON_TITLE_ABBREVIATIONS,
    TITLE_ABBREVIATIONS,
    TRIMMED_TITLE_ABBREVIATIONS,
)
from dossier.extract.opcount import OPS

def opens_with(chars: Iterable[str], ignore_case: bool = False) -> str:
    """A lookahead to put before a pattern whose every match opens with one of chars (under
    ignore_case, as re.I folds them: "ſ" is "s"). It changes no match; a search passes
    over the other places with one character test instead of trying the whole pattern
    there (a long alternation after a lookbehind is tried at every place otherwise)."""
    ahead = "(?=[" + re.escape("".join(sorted(set(chars)))) + "])"
    return f"(?i:{ahead})" if ignore_case else ahead


# -- cleaning at ingest ------------------------------------------------------------------------

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, clipboard (ESC ] 52), links
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]?"  # two-byte escapes, or a lone ESC
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]"  # other control characters
)


def clean_text(text: str) -> tuple[str, int]:
    """Drop terminal escape sequences and control characters; unify line ends.

    Returns the clean text and how many sequences or characters were removed, so ingest
    can record it. Offsets stored later refer to the clean text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    removed = 0

    def drop(_: re.Match[str]) -> str:
        nonlocal removed
        removed += 1
        return ""

    return _ESCAPES.sub(drop, text), removed


# -- page chrome ---------------------------------------------------------------------------------

_CHROME_LINE = re.compile(
    r"^(?:top of page|bottom of page|skip to (?:main )?content|back to top|menu|search|share|"
    r"share this(?: article)?|advertisement|sponsored|related(?: articles| stories| posts)?|read more|"
    r"more stories|subscribe|sign in|log in|newsletter|cookie settings|accept cookies|print|email|"
    r"follow us|recommended|trending|most read|comments?)$",
    re.I,
)
_IMAGE_FILE = re.compile(r"^\S.*\.(?:webp|jpe?g|png|gif|svg|avif)$", re.I)
# A line that ends as a sentence does: teasers and tags usually do not.
_ENDS_LIKE_A_SENTENCE = re.compile(r"[.!?…\"”’)]$")


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


# A page's head (menu, category tags) and foot (teasers for other articles) are shorter than
# this many lines; beyond them, short lines are the article's own (a list, a transcript).
FRAME = 60


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the lines that are web-page chrome, not article: menus, "top of page",
    category tags, image file names, and related-article teasers after the article ends.

    Menus, image file names and table rows are chrome anywhere. The weak signs (a one-word
    tag, a repeated line, a block of teasers) count only in the page's frame: the FRAME
    lines before the first paragraph of prose and after the last (repeated lines also
    between paragraphs). A text without prose paragraphs keeps all but its first and last
    FRAME lines, so an article of short lines is never taken for chrome as a whole.

    Kept in the stored text (offsets must hold) but excluded from extraction.
    """
    lines = [(a, b, s.strip()) for a, b, s in _lines(text)]
    body = [i for i, (_, _, s) in enumerate(lines) if len(s) >= 200 or (len(s) >= 120 and s.count(". ") >= 1)]
    counts: dict[str, int] = {}
    for _, _, s in lines:
        if s:
            counts[s] = counts.get(s, 0) + 1
    first_body = body[0] if body else len(lines)
    last_body = body[-1] if body else -1
    teasers = last_body >= 0 and _teaser_block(lines, last_body)
    chrome = []
    for i, (a, b, s) in enumerate(lines):
        OPS["chrome lines"] += 1
        if not s:
            continue
        head = first_body - FRAME <= i < first_body
        foot = last_body < i <= last_body + FRAME
        outside = head or foot
        is_chrome = (
            _CHROME_LINE.match(s)
            or _IMAGE_FILE.match(s)
            or s.startswith("|")
            or (outside and len(s.split()) == 1 and not re.search(r"\d", s))  # a category tag
            or (
                (outside or first_body <= i <= last_body)
                and counts[s] > 1
                and not _ENDS_LIKE_A_SENTENCE.search(s)
                and len(s) < 200
            )  # repeated teaser/tag
            or (foot and teasers)
        )
        if is_chrome:
            chrome.append((a, b))
    return chrome


def _teaser_block(lines: list[tuple[int, int, str]], last_body: int) -> bool:
    """The FRAME lines after the last paragraph form a block of links to other articles:
    several short title-like lines, some repeated."""
    tail = [s for _, _, s in lines[last_body + 1 : last_body + 1 + FRAME] if s]
    OPS["chrome lines"] += len(tail)
    if len(tail) < 3:
        return False
    repeated = len(tail) - len(set(tail))
    return repeated >= 1 or sum(1 for s in tail if not _ENDS_LIKE_A_SENTENCE.search(s)) >= len(tail) * 0.6


# -- sentences -----------------------------------------------------------------------------------

# Where a sentence may end: final punctuation (and closing marks) before a space, or a line break.
# A run of end marks is read from its first mark only, and whole (possessive): a long run
# with no space after it ("Contents........page 4", a dotted leader) is then tried once,
# not once from each of its marks, which took the square of its length.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s)|\n")
_NEXT_CHAR = re.compile(r"\s*(\S?)")  # the first character after spaces, if any
# A full stop after these ends no sentence: "Aug. 4", "Col. Maiga", "Mr. Pham". Initials
# ("J. Peter Pham", "U.S.") are known by their shape.
_ABBREVIATIONS = frozenset(
    w.lower()
    for w in (
        *HONORIFICS,
        *TITLE_ABBREVIATIONS,
        *MORE_TITLE_ABBREVIATIONS,
        *PERSON_TITLE_ABBREVIATIONS,
        *TRIMMED_TITLE_ABBREVIATIONS,
        *MONTH_ABBREVIATIONS,
        *OTHER_ABBREVIATIONS,
    )
)
_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“]))(?P<word>[^\s(\"“]+)$")


def ends_with_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at text[dot] closes an abbreviation or an initial."""
    m = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if not m:
        return False
    word = m.group("word").lower()
    # "J." and "U.S." are initials; the rest come from the list of titles and months.
    return word in _ABBREVIATIONS or bool(re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", word))


def sentence_bounds(text: str, quotes: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each sentence; together they tile the text.

    A sentence does not end after an abbreviation or an initial, before a lower-case word,
    at a line break that only wraps a line, or inside a quotation (quotes: sorted spans of
    quoted text) except at its last mark."""
    bounds = []
    start = 0
    qi = 0
    for at, end, newline in _sentence_breaks(text):
        # The first quotation not closed before this end (the pointer only moves forward,
        # so it stops where reading every candidate end would have left it).
        while qi < len(quotes) and quotes[qi][1] < at:
            qi += 1
        if qi < len(quotes) and quotes[qi][0] <= at < quotes[qi][1]:
            if newline:
                continue  # a quotation running over paragraphs
            if at < quotes[qi][1] - 1:
                continue  # a full stop inside a quotation does not end the surrounding sentence
        elif qi < len(quotes) and quotes[qi][0] < end < quotes[qi][1]:
            continue  # the marks after a full stop would end the sentence inside a quotation
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


@functools.lru_cache(maxsize=4)
def _sentence_breaks(text: str) -> tuple[tuple[int, int, bool], ...]:
    """(where, end, at a line break) of each place a sentence may end, quotations aside.

    Quotes, claims, events and the timeline all cut the same article into sentences: the
    text is read once (the last few texts are kept), and only the quotations differ."""
    breaks = []
    for m in _SENTENCE_END.finditer(text):
        at = m.start()
        if m.group() == "\n":
            before, after = text[at - 1 : at], text[m.end() : m.end() + 1]
            if before.isalpha() and before.islower() and after.islower():
                continue  # a line wrapped in mid-sentence
        else:
            if m.group().startswith(".") and ends_with_abbreviation(text, at):
                continue
            if _NEXT_CHAR.match(text, m.end()).group(1).islower():
                continue  # "e.g. the …": a lower-case word continues the sentence
        breaks.append((at, m.end(), m.group() == "\n"))
    return tuple(breaks)
