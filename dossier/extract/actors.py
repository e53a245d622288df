"""Actors in a text: every word-bounded occurrence of a known alias, the capitalised names
no alias matches (with a guess at their kind), a state's government, and fuzzy links from
a name to an alias spelled another way."""

from __future__ import annotations

import bisect
import functools
import math
import re
import string
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dossier.extract import gazetteer
from dossier.extract.gazetteer import state_of_demonym
from dossier.extract.lexicon import (
    ARMED_GROUP_CONTEXT,
    ARMED_GROUP_WORDS,
    BYLINE_LEADS,
    COMMON_SPEECH_VERBS,
    CREDIT_LABELS,
    EXPERT_ROLES,
    HONORIFICS,
    HYPHENATED_TITLES,
    MEDIA_WORDS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    MORE_TITLE_ABBREVIATIONS,
    MORE_TITLES,
    ORG_WORDS,
    OUTLETS,
    ORG_NOUNS,
    PAGE_CONTROLS,
    PERSON_TITLE_ABBREVIATIONS,
    PLACE_NOUNS,
    ROLE_TITLES,
    ROLES,
    SENTENCE_STARTERS,
    SPEECH_VERBS,
    SPOKESPERSONS,
    STATE_WORDS,
    TITLE_PREFIXES,
    TITLE_ABBREVIATIONS,
    TITLES,
    TRIMMED_TITLE_ABBREVIATIONS,
    TRIMMED_TITLES,
    WEEKDAYS,
)
from dossier.extract.spans import SpanIndex
from dossier.extract.text import opens_with
from dossier.text import fold, fold_with_map


@dataclass(frozen=True)
class AliasHit:
    """One occurrence of an alias: offsets into the original text and the actors it names."""

    start: int
    end: int
    surface: str
    actor_ids: tuple[int, ...]


class AliasMatcher:
    """Matches folded aliases in folded text, longest alias first, without overlaps: the hits
    of one regex alternation of every alias, longest first, between word boundaries.

    Kept flat: a dict of the aliases, the first word of each, and the longest's length. From
    a word start in the text that opens an alias's first word, the match grows one word end
    at a time, no further than the longest alias, and the longest alias read is the hit.
    Nothing is compiled per alias, and `add` (the actors an ingest run creates as it goes)
    costs the alias's own length, whatever the dossier's size."""

    def __init__(self, aliases: Iterable[tuple[int, str]] = ()):
        self._owners: dict[str, tuple[int, ...]] = {}
        self._heads: set[str] = set()  # the first word of each alias that opens with one
        self._firsts: set[str] = set()  # the first characters of the aliases
        self._longest = 0
        self._starts: re.Pattern | None = None  # where an alias may start; None: to build
        for actor_id, alias in aliases:
            self.add(actor_id, alias)

    @classmethod
    def of_keys(cls, keys: Iterable[tuple[str, Sequence[int]]]) -> AliasMatcher:
        """A matcher of folded aliases (fold(alias)), each given once with its owners."""
        matcher = cls()
        owners = matcher._owners
        for key, ids in keys:
            stripped = key.strip()
            if stripped != key or stripped in owners:  # two spellings folded alike but for spaces
                for actor_id in ids:
                    matcher._add_key(actor_id, stripped)
            elif key:
                owners[key] = tuple(ids)
                matcher._know(key)
        return matcher

    def add(self, actor_id: int, alias: str) -> None:
        """Match alias for actor_id from now on."""
        self._add_key(actor_id, fold(alias).strip())

    def _add_key(self, actor_id: int, key: str) -> None:
        owners = self._owners.get(key, ())
        if not key or actor_id in owners:
            return
        self._owners[key] = tuple(sorted({*owners, actor_id})) if owners else (actor_id,)
        if not owners:
            self._know(key)

    def _know(self, key: str) -> None:
        """Note a new alias's first word, first character and length."""
        if key.isalnum():
            self._heads.add(key)
        else:
            gap = _NON_WORD.search(key)
            if gap is None or gap.start():
                self._heads.add(key if gap is None else key[: gap.start()])
        if len(key) > self._longest:
            self._longest = len(key)
        if key[0] not in self._firsts:
            self._firsts.add(key[0])
            self._starts = None

    def owners(self, key: str) -> tuple[int, ...]:
        """The actors of one folded alias (fold(alias).strip()), none when it is no alias."""
        return self._owners.get(key, ())

    @property
    def longest(self) -> int:
        """The length of the longest folded alias: no hit is longer."""
        return self._longest

    def find(self, text: str) -> list[AliasHit]:
        """Return every alias occurrence in text, in order."""
        if not self._owners or not text:
            return []
        if self._starts is None:
            # An alias opening with a word char is read by its first word at once.
            words = "".join(re.escape(c) for c in sorted(self._firsts) if _WORD.match(c))
            others = "".join(re.escape(c) for c in sorted(self._firsts) if not _WORD.match(c))
            self._starts = re.compile(
                rf"(?<!\w)(?:(?P<word>{f'[{words}]' if words else '(?!)'}\w*)" + (f"|[{others}]" if others else "") + ")"
            )
        folded, index = fold_with_map(text)
        # Where a word ends: an alias ends at one of these, and crosses only the others.
        ends = [m.start() for m in _NON_WORD.finditer(folded)]
        ends.append(len(folded))
        hits = []
        free = 0  # hits never overlap: the next one starts after the last
        longest, owners = self._longest, self._owners
        for m in self._starts.finditer(folded):
            start = m.start()
            if start < free or m["word"] and m["word"] not in self._heads:
                continue
            end = None
            for n in range(bisect.bisect_right(ends, start), len(ends)):
                if ends[n] - start > longest:
                    break
                if folded[start : ends[n]] in owners:
                    end = ends[n]
            if end is None:
                continue
            free = end
            key = folded[start:end]
            if index is not None:
                start, end = index[start], index[end - 1] + 1
            hits.append(AliasHit(start, end, text[start:end], owners[key]))
        return hits


_NON_WORD = re.compile(r"\W")
_WORD = re.compile(r"\w")


_GOVERNMENT_WORD = re.compile(r"\bgovernment\b")


def governments(actors: Iterable[tuple[int, str, Iterable[str]]], folded: bool = False) -> dict[int, int]:
    """State id -> id of the organisation that is its government, where the aliases say so.

    A state "says" things through its government ("Mali described …"), so a quote whose
    subject is a state is attributed to that state's government when the dossier has one
    whose name or alias names the state and the word "government" ("Mali’s government").
    actors: (id, kind, aliases) triples; folded: the aliases come folded already.
    """
    states: dict[int, set[str]] = {}
    orgs: dict[int, list[str]] = {}
    for actor_id, kind, aliases in actors:
        if kind == "state":
            states[actor_id] = {f for f in (aliases if folded else map(fold, aliases)) if len(f) >= 3}
        elif kind == "organization":
            orgs[actor_id] = [
                f for f in (aliases if folded else map(fold, aliases)) if "government" in f and _GOVERNMENT_WORD.search(f)
            ]
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


# -- names that are not known actors yet ---------------------------------------------------------

# A capitalised word, an initial ("J."), or dotted initials ("U.N."); a full stop after a
# longer word ends the name, so names never run across sentences.
_NAME_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z]\.(?=\s+[A-Z])|[A-Z][\w’'.-]*\w|[A-Z])"
_CONNECTOR = r"(?:al-|ag|bin|ibn|de|del|da|van|von|der|of|for|the|and)"
# Adjectives of place that are no demonym of one state ("West African leaders").
_PLACE_ADJECTIVE = re.compile(
    r"^(?:West|East|North|South|Central|Western|Eastern|Northern|Southern|African|European|Asian|American|Arab|Latin)$"
)


def _words(words, dot: str = "") -> str:
    """A regex alternation of words, each followed by dot (for abbreviations: a full stop)."""
    return "|".join(re.escape(w) + dot for w in words)


# The name trimmer's titles, dropped from the front of a name ("Foreign Minister Sylvain
# Itte", "Lieutenant-Colonel Damiba", "President-elect Bazoum"); an abbreviation may lack
# its full stop.
_HYPHENATED = _words(HYPHENATED_TITLES) + "|" + _words((*TITLE_ABBREVIATIONS, *TRIMMED_TITLE_ABBREVIATIONS), r"\.?")
_TRIMMED = "|".join((
    _words((*TITLES, *MORE_TITLES, *TRIMMED_TITLES, *ROLE_TITLES, *(s.capitalize() for s in SPOKESPERSONS))),
    _words((*TITLE_ABBREVIATIONS, *MORE_TITLE_ABBREVIATIONS, *TRIMMED_TITLE_ABBREVIATIONS, *HONORIFICS), r"\.?"),
))  # fmt: skip
_TITLE_WORD = re.compile(rf"^(?:(?:{_HYPHENATED})-)*(?:{_TRIMMED})(?:-elect|-designate)?$")
# The words of a compound title that are no title on their own: after them one word is
# not a person's name ("State House", "Defence Ministry").
_TITLE_PARTS = frozenset(("Foreign", "Defence", "Defense", "State", "Prime"))
_CONNECTOR_WORD = re.compile(_CONNECTOR)
_TOKEN = re.compile(r"\S+")
_NAME_RE = re.compile(rf"{opens_with(string.ascii_uppercase)}\b{_NAME_TOKEN}(?:[^\S\n]+(?:{_CONNECTOR}[^\S\n]+)*{_NAME_TOKEN})*")  # never over a line break
ACRONYM = re.compile(r"^[A-Z]{2,7}$")
_DOTTED = re.compile(r"^(?:[A-Z]\.){2,}$")
_STARTERS = frozenset(SENTENCE_STARTERS)
_CONTROLS = frozenset(PAGE_CONTROLS)
_NOT_NAMES = {*MONTHS, *MONTH_ABBREVIATIONS, *WEEKDAYS, *"TV AM PM OK II III IV".split()}
_ORG = frozenset((*ORG_WORDS, *ARMED_GROUP_WORDS))
_MEDIA = frozenset(MEDIA_WORDS)
_STATE = frozenset(STATE_WORDS)
_CREDIT = frozenset(CREDIT_LABELS)
_ARMED = frozenset(ARMED_GROUP_WORDS)
_ARMED_BEFORE = re.compile(rf"\b(?:{_words(ARMED_GROUP_CONTEXT)})\W+(?:\w+\W+){{0,2}}$", re.I)
# Words before a name that make it a person's ("analyst Ornella Moderan", "Sen. Risch"): a
# title or role, perhaps with up to two words between.
_PERSON_TITLE = "|".join((
    _words((*TITLES, *MORE_TITLES, *ROLES, *EXPERT_ROLES)),
    _words((*TITLE_ABBREVIATIONS, *MORE_TITLE_ABBREVIATIONS, *PERSON_TITLE_ABBREVIATIONS), r"\."),
    _words(HONORIFICS, r"\.?"),
))  # fmt: skip
PERSON_TITLES = re.compile(rf"(?:{_PERSON_TITLE})\W*(?:\w+\W+){{0,2}}$")
# The titles after which one capitalised word is a name ("Colonel Maiga", "Mr. Pham").
_TITLE_BEFORE_ONE_WORD = "|".join(
    (_words((*TITLES, *SPOKESPERSONS)), _words(TITLE_ABBREVIATIONS, r"\."), _words(HONORIFICS, r"\.?"))
)
_TITLE_RIGHT_BEFORE = re.compile(rf"(?:{_TITLE_BEFORE_ONE_WORD})\s+$")
_SPEECH_AFTER = re.compile(rf"^\s*,?\s*(?:{_words(COMMON_SPEECH_VERBS)})\b")
_ANY_SPEECH_AFTER = re.compile(rf"^\s*(?:later\s+|also\s+|has\s+|had\s+)?(?:{_words(SPEECH_VERBS)})\b")
_PLACE_BEFORE = re.compile(
    r"(?:\bin|\bnear|\bat|\bvillage of|\btown of|\bcity of|\bregion of|\bprovince of|\bcapital,?|\bto|\bfrom)\s+$"
)
_CLOSE_PLACE_BEFORE = re.compile(
    rf"(?:\b(?:in|near|at|across)|\b(?:in|across)\s+the|\b(?:{_words(PLACE_NOUNS)})\s+(?:of|at))\s+$"
)
_PLACE_NOUN_AFTER = re.compile(rf"^\s+(?:military\s+)?(?:{_words(PLACE_NOUNS)})\b")
_ORG_NOUN_AFTER = re.compile(rf"^\s+(?:{_words(ORG_NOUNS)})\b")
_DATELINE_AFTER = re.compile(r"^\s*(?:[,(:—–]|-\s)")
# A photo credit names who took the picture and for whom ("Image Credit: ORTN/AFP"): its
# capitals are names, not a headline's.
_CREDIT_LINE = re.compile(rf"\b(?:{_words(CREDIT_LABELS)})(?:\s+(?:{_words(CREDIT_LABELS)}))?\s*:")
_BYLINE = re.compile(rf"^(?:{_words(BYLINE_LEADS)})\s+[A-Z]", re.M)


@dataclass(frozen=True)
class NameSpan:
    """A capitalised name in the text that no alias matched: where, what kind (a guess from
    the context: person, organization, armed_group, state, place, media or unknown), and why."""

    start: int
    end: int
    surface: str
    kind: str
    name: str = ""  # the name of the actor it stands for, where not the surface ("Lomé" for "LOMÉ")
    rule: str = "capitalised words"  # the construction that found it
    confidence: float = 0.5  # how sure the kind is

    @property
    def proposed_name(self) -> str:
        return self.name or self.surface


def find_names(text: str, taken: Sequence[tuple[int, int]], skip: Sequence[tuple[int, int]] = ()) -> list[NameSpan]:
    """Capitalised names (two or more words, an acronym, a state or place the gazetteer knows,
    or one word after a title) outside the spans already taken and outside page chrome."""
    return find_names_and_words(text, taken, skip)[0]


def find_names_and_words(
    text: str, taken: Sequence[tuple[int, int]], skip: Sequence[tuple[int, int]] = ()
) -> tuple[list[NameSpan], list[NameSpan]]:
    """The names `find_names` finds, and the single capitalised words that are no name on
    their own but may be a known actor's surname or short name ("Bazoum", "Wagner")."""
    blocked = SpanIndex([*taken, *skip, *_headline_lines(text), *_byline_lines(text)])
    lowered = frozenset(re.findall(r"(?<![\w’'])[a-z][\w’'-]*", text))
    names: list[NameSpan] = []
    words: list[NameSpan] = []
    for m in _NAME_RE.finditer(text):
        if blocked.contains(m.start(), m.end()):
            continue
        tokens = [(m.start() + o.start(), o.group(0)) for o in _TOKEN.finditer(m.group(0))]
        for piece in _pieces(tokens):
            for span, single in _spans(text, piece, lowered):
                if "\n" in span.surface or blocked.overlaps(span.start, span.end):
                    continue
                (words if single else names).append(span)
    return names, words


def _pieces(tokens: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Cut a run of capitalised words where it holds more than one name: after a
    possessive ("Nigeria’s President"), before a demonym inside it ("Kamboinsin French"),
    and at "and" between names that are no organisation's ("Mali and Niger")."""
    pieces, current = [], []
    for n, (at, word) in enumerate(tokens):
        later = [w for _, w in tokens[n + 1 :]]
        if (
            current
            and _demonym_word(word)
            and not _connector(current[-1][1])  # "… of West African States"
            and not any(_org_word(w) or w in _MEDIA for w in later)
        ):
            pieces.append(current)
            current = []
        if word.endswith(("’s", "'s")) and len(word) > 2:
            current.append((at, word[:-2]))
            pieces.append(current)
            current = []
            continue
        current.append((at, word))
    if current:
        pieces.append(current)
    out = []
    for piece in pieces:
        if any(w == "and" for _, w in piece) and not any(_org_word(w) for _, w in piece):
            part: list[tuple[int, str]] = []
            for at, word in piece:
                if word == "and":
                    out.append(part)
                    part = []
                else:
                    part.append((at, word))
            out.append(part)
        else:
            out.append(piece)
    return [p for p in out if p]


def _demonym_word(word: str) -> bool:
    return bool(state_of_demonym(word) or _PLACE_ADJECTIVE.match(word)) and not gazetteer.place(word)


def _org_word(word: str) -> bool:
    return word in _ORG or word in _STATE


def _title(word: str) -> bool:
    # "Commander-in-Chief", "Minister-Counsellor": a compound led by a title is one, and so
    # is a title after a prefix ("Sub-Lieutenant", "Vice-President").
    if _TITLE_WORD.match(word):
        return True
    head, _, rest = word.partition("-")
    return bool(rest) and bool(_TITLE_WORD.match(head) or head in TITLE_PREFIXES and _title(rest))


def _connector(word: str) -> bool:
    return bool(_CONNECTOR_WORD.fullmatch(word))


def _sentence_initial(text: str, start: int) -> bool:
    """Whether a word opens a sentence, a line, or a run of text after a symbol ("✕ Close …")."""
    i = start - 1
    while i >= 0 and text[i] in " \t\"“‘'(":
        i -= 1
    return i < 0 or text[i] in ".!?\n:;—–|•·" or unicodedata.category(text[i])[0] == "S"


def _common_word(word: str, lowered: frozenset[str]) -> bool:
    """A capitalised word that is an ordinary word at the start of a sentence ("Reading",
    "Acknowledging", "Mutinous"): the text also writes it in lower case, or it ends as
    adjectives and participles do."""
    low = word.lower()
    return low in lowered or len(low) > 4 and low.endswith(("ing", "ed", "ly", "ous", "ive", "ful"))


def _spans(text: str, piece: list[tuple[int, str]], lowered: frozenset[str]):
    """The names in one piece of a run of capitalised words, each with whether it is a
    single word that only a known actor can claim."""
    # Drop what precedes the name proper: a sentence-opening word ("The", "Reading"), a
    # word of the calendar, a page's button label ("✕ Close"), a leading connector.
    while piece and (
        piece[0][1] in _STARTERS
        or piece[0][1] in _NOT_NAMES
        or piece[0][1] in _CONTROLS and _sentence_initial(text, piece[0][0])
        or _connector(piece[0][1])
        or len(piece) > 1 and _sentence_initial(text, piece[0][0]) and not _title(piece[0][1])
        and not gazetteer.place(piece[0][1]) and (
            _common_word(piece[0][1], lowered)
            # "Much of the Sahel", "Residents of Rostov": a sentence's first word before "of"
            or _connector(piece[1][1]) and not (_org_word(piece[0][1]) or piece[0][1] in _MEDIA)
        )
    ):
        piece = piece[1:]
    # And what follows it: a connector, a month, a demonym that is the adjective of a noun
    # in lower case ("Members of the Russian delegation").
    while piece and (_connector(piece[-1][1]) or piece[-1][1] in _NOT_NAMES or len(piece) > 1 and _demonym_word(piece[-1][1])):
        piece = piece[:-1]
    if not piece:
        return
    words = [w for _, w in piece]
    titles = [n for n, w in enumerate(words) if _title(w)]
    if titles:
        yield from _around_titles(text, piece, titles, lowered)
        return
    # A demonym before a person's name is no part of it ("Russian Vladimir Putin"), before
    # an organisation's it is ("African Union").
    if len(piece) > 1 and _demonym_word(words[0]) and not any(_org_word(w) or w in _MEDIA for w in words[1:]):
        yield from _spans(text, piece[1:], lowered)
        return
    start, end = piece[0][0], piece[-1][0] + len(piece[-1][1])
    surface = text[start:end]
    found = _classify(text, start, end, surface.split(), lowered)
    if found is not None:
        yield found, False
    elif len(piece) == 1 and not _demonym_word(words[0]) and not ACRONYM.match(surface) and words[0] not in _CREDIT:
        yield NameSpan(start, end, surface, "unknown", rule="one word", confidence=0.0), True


def _around_titles(text: str, piece: list[tuple[int, str]], titles: list[int], lowered: frozenset[str]):
    """A title splits a run of capitalised words: what follows it is a person's name ("UN
    Secretary General Antonio Guterres" -> "Antonio Guterres"), what precedes it may name
    something else ("UN"), and what follows "of" after it names an organisation ("Chief of
    the General Staff", "President of the National Council …"). A title with only
    organisation words after it is part of that organisation's name ("General Staff")."""
    words = [w for _, w in piece]
    last = titles[-1]
    tail = last + 1
    for n in range(last + 1, len(words)):
        if _org_word(words[n]) or _connector(words[n]):
            tail = n + 1
    person = piece[tail:]
    before_person = words[tail - 1]
    person_title = any(words[n] not in _TITLE_PARTS for n in titles)
    before = piece[: titles[0]]
    if (
        person
        and len(person) <= 4
        and person_title
        and (before_person not in _TITLE_PARTS or len(person) > 1)
        and (tail == last + 1 or len(person) > 1)  # "Chief of the General Staff Valery Gerasimov"
        and not any(_org_word(w) or w in _MEDIA or _connector(w) for _, w in person)
    ):
        start, end = person[0][0], person[-1][0] + len(person[-1][1])
        yield NameSpan(start, end, text[start:end], "person", rule="title + name", confidence=0.9), False
        if before:
            yield from _spans(text, before, lowered)
        inner = piece[titles[0] + 1 : tail]
        if inner and _connector(inner[0][1]):  # "Chief of the General Staff …"
            yield from _spans(text, inner, lowered)
        elif tail > last + 1:  # "General Staff Valery Gerasimov"
            yield from _spans(text, piece[titles[0] : tail], lowered)
        return
    rest = words[last + 1 :]
    if rest and all(_org_word(w) for w in rest):  # "General Staff", "Defence Ministry"
        start, end = piece[0][0], piece[-1][0] + len(piece[-1][1])
        found = _classify(text, start, end, words, lowered)
        if found is not None:
            yield found, False
        return
    if before:
        yield from _spans(text, before, lowered)
    after = next((n for n in titles if n + 1 < len(words) and _connector(words[n + 1])), None)
    if after is not None:  # "President of the National Council …": the title is no part of it
        yield from _spans(text, piece[after + 1 :], lowered)


def _classify(text: str, start: int, end: int, words: list[str], lowered: frozenset[str]) -> NameSpan | None:
    """What a name is, from the gazetteer, the known outlets and its own words and context;
    None where it is no actor's name."""
    surface = text[start:end]
    single = len(words) == 1
    generic = all(_title(w) or _org_word(w) or _connector(w) or w in _CREDIT for w in words)
    if words[-1] in _CREDIT or generic and (any(map(_connector, words)) or not any(map(_org_word, words))):
        return None  # "Image Credit", "Getty Images", "Head of State", "Chiefs of Defence Staff"
    before = text[max(0, start - 40) : start]
    line_start = start == 0 or text[start - 1] == "\n"
    dateline = line_start and surface.isupper() and bool(_DATELINE_AFTER.match(text[end : end + 3]))
    initial = _sentence_initial(text, start)
    place_context = bool(_CLOSE_PLACE_BEFORE.search(before)) or dateline or (line_start and text[end : end + 1] == ":")
    spot = gazetteer.place(surface, minor=place_context) or _formal_state(words)
    if spot is not None and not (initial and single and not spot.major and not place_context):
        return NameSpan(start, end, surface, spot.kind, spot.name, "gazetteer", 0.95 if spot.kind == "state" else 0.85)
    if single:
        if ACRONYM.match(surface) or _DOTTED.match(surface):
            if dateline:
                return None  # a dateline ("DAKAR, Aug. 12 —"), not an organisation
            return NameSpan(start, end, surface, "organization", rule="acronym", confidence=0.6)
        if _TITLE_RIGHT_BEFORE.search(before):
            return NameSpan(start, end, surface, "person", rule="title + name", confidence=0.9)
        proper = bool(re.fullmatch(r"[A-Z][^\W\d_A-Z]+(?:-[A-Z]?[^\W\d_A-Z]+)*", surface)) and surface.lower() not in lowered
        if not proper or _demonym_word(surface) or initial and not place_context:
            return None
        after = text[end : end + 40]
        if re.search(r"\b[Tt]he\s+$", before) and _ANY_SPEECH_AFTER.match(after):
            return NameSpan(start, end, surface, "organization", rule="the + name + speech verb", confidence=0.6)
        demonym = re.match(r"\s+([A-Z]\w+)(?=\s)", after)  # "the Kamboinsin French military base"
        if _PLACE_NOUN_AFTER.match(after[demonym.end() :] if demonym and _demonym_word(demonym.group(1)) else after):
            return NameSpan(start, end, surface, "place", rule="name + place noun", confidence=0.5)
        if place_context:
            return NameSpan(start, end, surface, "place", rule="place preposition + name", confidence=0.4)
        if _ORG_NOUN_AFTER.match(after) and not surface.endswith(("ist", "ists")):
            group = _ORG_NOUN_AFTER.match(after).end()
            kind = "armed_group" if _ARMED_BEFORE.search(before) else "organization"
            return NameSpan(start, end + group, text[start : end + group], kind, rule="name + organisation noun", confidence=0.5)
        return None
    if len(words) > 1 and all(w.isupper() for w in words if w.isalpha()):
        return None  # a kicker in capitals ("EN DIRECT"), not a name
    if words[-1] in _MEDIA:
        return NameSpan(start, end, surface, "media", rule="media word", confidence=0.8)
    if any(w in _ARMED for w in words) or any(_org_word(w) for w in words) and _ARMED_BEFORE.search(before):
        return NameSpan(start, end, surface, "armed_group", rule="armed group word", confidence=0.7)
    if any(_org_word(w) for w in words):
        return NameSpan(start, end, surface, "organization", rule="organisation word", confidence=0.8)
    if PERSON_TITLES.search(before):
        return NameSpan(start, end, surface, "person", rule="title + name", confidence=0.85)
    if _SPEECH_AFTER.match(text[end : end + 12]):
        return NameSpan(start, end, surface, "person", rule="name + speech verb", confidence=0.7)
    if _PLACE_BEFORE.search(before) and len(words) <= 2:
        return NameSpan(start, end, surface, "place", rule="place preposition + name", confidence=0.5)
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        return NameSpan(start, end, surface, "person", rule="capitalised words", confidence=0.5)
    return NameSpan(start, end, surface, "unknown", rule="capitalised words", confidence=0.0)


def _formal_state(words: list[str]) -> gazetteer.Place | None:
    """The state of "Republic of Niger" or "Niger Republic"."""
    if len(words) >= 3 and words[0] in _STATE and words[1] == "of":
        found = gazetteer.place(" ".join(words[2:]))
    elif len(words) >= 2 and words[-1] in _STATE:
        found = gazetteer.place(" ".join(words[:-1]))
    else:
        return None
    return found if found is not None and found.kind == "state" else None


OUTLET_RULE = "known outlet"


@functools.cache
def _outlets() -> re.Pattern:
    names = sorted({*OUTLETS, *(o.upper() for o in OUTLETS if len(o) >= 5)}, key=lambda o: (-len(o), o))
    return re.compile(rf"{opens_with(o[0] for o in names)}(?<![\w@.-])(?:{'|'.join(re.escape(o) for o in names)})(?![\w-])")


def find_outlets(text: str, blocked: Sequence[tuple[int, int]] = (), own: str | None = None) -> list[NameSpan]:
    """News outlets named in the text: the known ones (lexicon.OUTLETS) and the article's own
    outlet (own: its name as the source's metadata gives it, "Dawn (AFP copy)" -> "Dawn")."""
    spans = SpanIndex(blocked)
    out = []
    matches = list(_outlets().finditer(text))
    own = re.sub(r"\s*\([^)]*\)", "", own or "").strip()
    if len(own) >= 3:
        matches += re.finditer(rf"(?<![\w@.-]){re.escape(own)}(?![\w-])", text)
    seen_end = -1  # the kept matches come in order without overlaps: only the last can overlap
    for m in sorted(matches, key=lambda m: (m.start(), -len(m.group(0)))):
        if spans.overlaps(m.start(), m.end()) or seen_end > m.start():
            continue
        seen_end = m.end()
        out.append(NameSpan(m.start(), m.end(), m.group(0), "media", rule=OUTLET_RULE, confidence=0.95))
    return out


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Lines In Title Case (headlines, teasers): their capitals say nothing about names."""
    spans, pos = [], 0
    for line in text.split("\n"):
        words = re.findall(r"[A-Za-z][\w’'-]*", line)
        if len(words) >= 3 and not re.search(r"[.!?]\s*$", line.strip()) and not _CREDIT_LINE.search(line):
            capital = sum(1 for w in words if w[0].isupper())
            if capital / len(words) >= 0.6:
                spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _byline_lines(text: str) -> list[tuple[int, int]]:
    """Short lines that credit the writers ("By Jane Doe", "Reporting by …"): their names
    are no actors of the story."""
    out = []
    for m in _BYLINE.finditer(text):
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        if end - m.start() <= 120:
            out.append((m.start(), end))
    return out


def fuzzy_link(
    surface: str,
    index: Sequence[str],
    owners: Sequence[tuple[int, ...]],
    cutoff: float = 86,
    blocks: AliasBlocks | None = None,
) -> tuple[tuple[int, ...], float] | None:
    """Link a name to a known alias spelled another way ("Andrey Yusov" ~ "Andriy Yusov").

    Word counts must agree, and a longer form of a shorter alias that only adds an ending
    ("Russian" for "Russia", "Malians") is a demonym, not a spelling. blocks (of index):
    only the aliases that can score cutoff are scored, with the same result.
    """
    from rapidfuzz import fuzz, process

    key = fold(surface)
    if "." not in key and key.replace(" ", "").isalpha() and len(key) <= 6:
        # "US" is the "U.S." of another outlet: compare acronyms without their dots.
        if blocks is not None:
            dotted = blocks.dotted.get(key, [])
        else:
            dotted = [i for i, alias in enumerate(index) if alias.replace(".", "") == key and "." in alias]
        if len(dotted) == 1:
            return owners[dotted[0]], 0.95
    n_words = len(key.split())
    picked = None if blocks is None else blocks.candidates(key, cutoff)
    choices = index if picked is None else [index[i] for i in picked]
    best = None
    for alias, score, i in process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5):
        if len(alias.split()) != n_words:
            continue
        if key.startswith(alias) and len(key) - len(alias) <= 3:
            continue
        if best is None or score > best[1]:
            best = (owners[i if picked is None else picked[i]], score)
    return (best[0], round(best[1] / 100, 3)) if best else None


_ASKED_KEPT = 1 << 8  # names whose candidates an AliasBlocks keeps; past this many, they are forgotten


@dataclass(eq=False)
class AliasBlocks:
    """Which of the folded aliases (numbered in a list) a name may be a spelling of, so that
    fuzzy linking scores those and not the whole dossier.

    `fuzz.ratio` is 100 * (1 - d / (la + lb)), d the insertions and deletions between two
    strings of lengths la and lb: a cutoff bounds d, so lb too. Cut the name into d + 1
    pieces: an edit breaks at most one, so an alias that close holds one of them whole,
    shifted by at most d from where it stands in the name. The aliases of one length are
    kept joined in one string, alias k of the length at k * length, so that the pieces are
    looked for with `str.find`, at the speed of C, and nothing is indexed ahead of a name.
    Dotted acronyms are blocked by their letters."""

    lengths: dict[int, list[int]] = field(default_factory=dict)  # alias length -> aliases
    texts: dict[int, str] = field(default_factory=dict)  # alias length -> its aliases, joined
    # Aliases not joined yet, by length: aliases come one at a time during a run, and a
    # length's text is copied whole when they are joined to it, once before it is searched.
    waiting: dict[int, list[str]] = field(default_factory=dict)
    dotted: dict[str, list[int]] = field(default_factory=dict)  # "us" -> the aliases "u.s." …
    known: int = 0  # aliases numbered below this are known
    # (name, cutoff) -> (aliases known then, its candidates among them): a run's articles
    # name the same people and outlets again, and only the aliases added since are searched.
    asked: dict[tuple[str, float], tuple[int, list[int]]] = field(default_factory=dict)

    def add(self, n: int, alias: str) -> None:
        """Know alias number n (numbers rise with each call)."""
        size = len(alias)
        if size not in self.lengths:
            self.lengths[size], self.texts[size], self.waiting[size] = [], "", []
        self.lengths[size].append(n)
        self.waiting[size].append(alias)
        if "." in alias:
            self.dotted.setdefault(alias.replace(".", ""), []).append(n)
        self.known = n + 1

    def add_all(self, aliases: Sequence[str]) -> None:
        """Know aliases numbered 0, 1, … (the first to be known): `add` for each, in one pass."""
        lengths, waiting, dotted = self.lengths, self.waiting, self.dotted
        for n, alias in enumerate(aliases):
            size = len(alias)
            numbers = lengths.get(size)
            if numbers is None:
                numbers = lengths[size] = []
                self.texts[size], waiting[size] = "", []
            numbers.append(n)
            waiting[size].append(alias)
            if "." in alias:
                dotted.setdefault(alias.replace(".", ""), []).append(n)
        self.known = len(aliases)

    def __eq__(self, other: object) -> bool:
        """The same aliases, blocked the same way, whichever names have been asked about."""
        if not isinstance(other, AliasBlocks):
            return NotImplemented
        mine = {size: self._text(size) for size in self.lengths}
        theirs = {size: other._text(size) for size in other.lengths}
        return (self.lengths, self.dotted, self.known, mine) == (other.lengths, other.dotted, other.known, theirs)

    def _text(self, size: int) -> str:
        """The aliases of this length, joined in their order."""
        waiting = self.waiting[size]
        if waiting:
            self.texts[size] += "".join(waiting)
            waiting.clear()
        return self.texts[size]

    def candidates(self, key: str, cutoff: float) -> list[int]:
        """The aliases, in their order, that can score at least cutoff against key: every one
        (a superset of them), found length by length from where key's pieces stand in them."""
        asked = self.asked.get((key, cutoff))
        since, before = asked if asked is not None else (0, [])
        if since < self.known:
            found = before + self._search(key, cutoff, since)
            if asked is None and len(self.asked) >= _ASKED_KEPT:
                self.asked.clear()
            self.asked[key, cutoff] = (self.known, found)
            before = found
        return list(before)

    def _search(self, key: str, cutoff: float, since: int) -> list[int]:
        """`candidates` among the aliases numbered since or later."""
        spare = (100 - cutoff) / 100
        la = len(key)
        found: list[int] = []
        for lb, numbers in self.lengths.items():
            edits = math.floor(spare * (la + lb) + 1e-9)  # d, at the most
            if abs(la - lb) > edits:
                continue
            first = bisect.bisect_left(numbers, since)  # the length's first alias to search
            if first == len(numbers):
                continue
            if edits >= la:  # too few characters for edits + 1 pieces: any alias may do
                found += numbers[first:]
                continue
            text, pieces = self._text(lb), edits + 1
            hits: set[int] = set()
            for j in range(pieces):
                start, end = j * la // pieces, (j + 1) * la // pieces
                piece, m = key[start:end], end - start
                lo, hi = max(0, start - edits), min(lb - m, start + edits)  # where in an alias it may start
                if lo > hi:
                    continue
                at = text.find(piece, first * lb + lo)
                while at >= 0:
                    k, offset = divmod(at, lb)
                    if lo <= offset <= hi:
                        hits.add(k)
                    if offset >= lo:  # found, or too far in: on to the next alias
                        k += 1
                    at = text.find(piece, k * lb + lo)
            found += [numbers[k] for k in hits]
        found.sort()
        return found


# -- one entity, many spellings ------------------------------------------------------------------

_TRANSLIT = (
    ("tch", "ch"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("ou", "u"), ("oo", "u"),
    ("w", "v"), ("j", "i"), ("y", "i"), ("ie", "i"), ("ei", "i"), ("ii", "i"),
)  # fmt: skip


_DOUBLED = re.compile(r"(.)\1+")


_NOT_LATIN_OR_BREAK = re.compile(r"[^a-z\n]")
_PERSON_KEYS: dict[str, str] = {}  # word -> person_key, as made
_PERSON_KEYS_KEPT = 1 << 17  # past this many, the words made are forgotten before more are


def person_key(word: str) -> str:
    """A name's word with the differences between transliterations taken out, so that
    Andrey, Andriy, Andrii and Andrei, or Prigozhin, Prigojine and Prigoyine, are one key."""
    key = _PERSON_KEYS.get(word)
    return key if key is not None else person_keys([word])[0]


def person_keys(words: Sequence[str]) -> list[str]:
    """`person_key` of each word. The words not met yet are keyed together, as one text of
    lines (no step reads across a line break): a big dossier's index keys tens of thousands."""
    if len(_PERSON_KEYS) > _PERSON_KEYS_KEPT:
        _PERSON_KEYS.clear()
    new = [w for w in dict.fromkeys(words) if w not in _PERSON_KEYS]
    if new:
        keys = _NOT_LATIN_OR_BREAK.sub("", "\n".join(fold(w).replace("\n", "") for w in new))
        for a, b in _TRANSLIT:
            keys = keys.replace(a, b)
        keys = _DOUBLED.sub(r"\1", keys)  # "." reads no line break
        for word, key in zip(new, keys.split("\n")):
            _PERSON_KEYS[word] = key[:-1] if len(key) > 4 and key.endswith("e") else key
    return [_PERSON_KEYS[w] for w in words]


# Words that say what kind of organisation a name is, not which: "Wagner Group", "PMC Wagner"
# and "Wagner" share the core name "wagner".
_DESIGNATORS = frozenset("the group militia pmc company inc ltd llc plc corp co sa".split())


_BRACKETED = re.compile(r"\([^)]*\)")


@functools.lru_cache(maxsize=1 << 16)
def core_name(name: str) -> str:
    """An organisation's name without its designators, folded ("PMC Wagner" -> "wagner")."""
    return folded_core_name(fold(name))


def folded_core_name(folded: str) -> str:
    """`core_name` of a name already folded."""
    return " ".join(w for w in _BRACKETED.sub(" ", folded).split() if w not in _DESIGNATORS)


_CONNECTORS = frozenset("of for the and de du des la le el al on in".split())


def acronym_initials(words: Sequence[str]) -> str:
    """The initials a long name's words must give an acronym of it, in order: those of its
    words but the connectors (see `acronym_fits`)."""
    return "".join(word[:1] for word in words if word not in _CONNECTORS)


def initials_within(letters: str) -> set[str]:
    """Every `acronym_initials` of a long name that these letters may fit: the letters'
    subsequences (at most 1,024, for the ten letters an acronym has at most)."""
    found = {""}
    for letter in letters:
        found |= {kept + letter for kept in found}
    return found


def acronym_fits(letters: str, words: Sequence[str]) -> bool:
    """Whether an acronym's letters (lower case, no dots) are made from the words in order:
    each word gives the start of itself (one letter or more), a connector ("of", "the")
    gives its first letter or nothing. ECOWAS fits Economic Community of West African States,
    VOA Voice of America, AFP Agence France-Presse."""
    if not 2 <= len(letters) <= 10 or len(words) > 12:
        return False
    # Every word but a connector gives one letter or more, its first among them: their
    # initials come in the letters in order. Most names fail this at once (a dossier has
    # thousands of long names and acronyms to try).
    rest = iter(letters)
    if not all(initial in rest for initial in acronym_initials(words)):
        return False

    @functools.cache
    def fit(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(letters)
        word = words[j]
        if word in _CONNECTORS and fit(i, j + 1):
            return True
        n = 0
        while i + n < len(letters) and n < len(word) and letters[i + n] == word[n]:
            n += 1
            if fit(i + n, j + 1):
                return True
        return False

    return fit(0, 0)
