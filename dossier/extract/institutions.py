"""Descriptions that name a state or one of its institutions without a name of their own.

Constructions (the phrases are lexicon.STATE_INSTITUTIONS):
- demonym + institution: "French authorities" (France), "Nigerien military" (armed forces of
  Niger), "Burkinabe army"; one lower-case word may stand between ("Malian security forces");
- state + institution, possessive or not: "France's foreign ministry", "Niger junta",
  "Niger Republic military";
- institution + "of" + state: "the government of Niger";
- an institution on its own that only the story's state has (lexicon.STORY_INSTITUTIONS:
  "the junta", "putschists"): `state` is None, and linking gives it the state the article
  mentions most;
- an institution every state has, on its own after "the" or "the country's"
  (lexicon.STATE_BODIES: "the Defense Ministry", "the Armed Forces"): `state` is None, and
  linking gives it the state named with the same institution before it, else the state the
  article mentions most where it leads clearly;
- a regional bloc ("the West African bloc", lexicon.BLOC_DESCRIPTIONS): the bloc the
  article mentions most, which linking finds.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from dossier.extract import gazetteer
from dossier.extract.lexicon import BLOC_DESCRIPTIONS, STATE_BODIES, STATE_INSTITUTIONS, STATE_WORDS, STORY_INSTITUTIONS
from dossier.extract.spans import DisjointSpans, SpanIndex
from dossier.extract.text import opens_with

BLOC = "bloc"
STATE = "state"
STORY_RULE = "story institution"
BODY_RULE = "state body"
BLOC_RULE = "bloc description"
# Spellings found by these rules are words any story uses ("the junta", "the regional
# bloc"): the rule finds them again each time, and as aliases they would name this actor
# in every other story.
GENERIC_RULES = (STORY_RULE, BODY_RULE, BLOC_RULE)


@dataclass(frozen=True)
class Description:
    """A span that names a state's institution, the state itself, or a bloc."""

    start: int
    end: int
    surface: str
    institution: str  # a value of lexicon.STATE_INSTITUTIONS ("state", "armed forces", ...) or "bloc"
    state: str | None  # the gazetteer's name of the state named with it; None: the story's state
    rule: str  # the construction: "demonym + institution", "institution of state", ...


GOVERNMENT = "government"
JUNTA = "junta"


def institution_name(institution: str, state: str) -> str:
    """The name of an institution's actor: "Armed forces of France"; a state's authorities
    and government (where the dossier has no actor for it) are the state."""
    if institution in (STATE, GOVERNMENT):
        return state
    return f"{institution[:1].upper()}{institution[1:]} of {state}"


def phrase_alternation(phrases) -> str:
    """A regex alternation of phrases, longest first, any run of spaces between their words."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=lambda p: (-len(p), p)))


_WORD = r"[A-Z][\w.-]*"


@functools.cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    phrases = phrase_alternation(STATE_INSTITUTIONS)
    before = re.compile(
        rf"{opens_with(string.ascii_uppercase)}(?<![\w’'-])(?P<q>{_WORD}(?:\s+{_WORD}){{0,2}})(?P<pos>’s|'s)?\s+(?:(?P<adj>[a-z]+)\s+)?"
        rf"(?P<i>(?i:{phrases}))(?![\w-])"
    )
    after = re.compile(rf"{opens_with((p[0] for p in STATE_INSTITUTIONS), True)}(?<![\w’'-])(?P<i>(?i:{phrases}))\s+of\s+(?:the\s+)?(?P<q>{_WORD}(?:\s+{_WORD}){{0,2}})")
    alone = re.compile(rf"{opens_with((p[0] for p in STORY_INSTITUTIONS), True)}(?<![\w’'-])(?P<i>(?i:{phrase_alternation(STORY_INSTITUTIONS)}))(?![\w-])")
    body = re.compile(rf"{opens_with('t', True)}(?<![\w’'-])(?i:the(?:\s+country(?:’s|'s))?)\s+(?P<i>(?i:{phrase_alternation(STATE_BODIES)}))(?![\w-])")
    bloc = re.compile(
        rf"{opens_with([*string.ascii_uppercase, *(p[0] for p in BLOC_DESCRIPTIONS)])}(?<![\w’'-])(?P<i>(?:(?:West|East|North|South|Central|Southern|Northern|Western|Eastern)\s+)?"
        rf"(?:[A-Z]\w+(?:an|ean|ian)\s+)?(?:{phrase_alternation(BLOC_DESCRIPTIONS)}))(?![\w-])"
    )
    return before, after, alone, body, bloc


def _state_named(words: list[str]) -> tuple[int, str] | None:
    """The longest tail of words that names a state (demonym, name, "Niger Republic"): the
    index of its first word and the state's name."""
    for k in range(len(words)):
        tail = words[k:]
        phrase = " ".join(tail)
        if len(tail) <= 2:
            demonym = gazetteer.state_of_demonym(phrase)
            if demonym:
                return k, demonym
        found = gazetteer.place(phrase)
        if found is None and len(tail) >= 2 and tail[-1] in STATE_WORDS:
            found = gazetteer.place(" ".join(tail[:-1]))
        if found is not None and found.kind == "state":
            return k, found.name
    return None


def find_descriptions(text: str, blocked: Sequence[tuple[int, int]] = ()) -> list[Description]:
    """Every description of a state, a state's institution or a bloc, left to right, none
    overlapping another or a blocked span."""
    before, after, alone, body, bloc = _patterns()
    skipped, taken = SpanIndex(blocked), DisjointSpans()
    out: list[Description] = []

    def free(start: int, end: int) -> bool:
        return not skipped.overlaps(start, end) and not taken.overlaps(start, end)

    def add(start: int, end: int, institution: str, state: str | None, rule: str) -> None:
        out.append(Description(start, end, text[start:end], institution, state, rule))
        taken.add(start, end)

    for m in before.finditer(text):
        words = m.group("q").split()
        named = _state_named(words)
        if named is None:
            continue
        offsets = [m.start("q") + w.start() for w in re.finditer(r"\S+", m.group("q"))]
        start, end = offsets[named[0]], m.end()
        if free(start, end):
            add(start, end, STATE_INSTITUTIONS[_phrase(m.group("i"))], named[1], "state + institution")
    for m in after.finditer(text):
        words = m.group("q").split()
        for n in range(len(words), 0, -1):
            named = _state_named(words[:n])
            if named is not None and named[0] == 0:
                end = m.start("q") + len(" ".join(words[:n]))
                if free(m.start(), end):
                    add(m.start(), end, STATE_INSTITUTIONS[_phrase(m.group("i"))], named[1], "institution of state")
                break
    for m in alone.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), STATE_INSTITUTIONS[_phrase(m.group("i"))], None, STORY_RULE)
    for m in body.finditer(text):
        if free(m.start("i"), m.end()):
            add(m.start("i"), m.end(), STATE_INSTITUTIONS[_phrase(m.group("i"))], None, BODY_RULE)
    for m in bloc.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), BLOC, None, BLOC_RULE)
    out.sort(key=lambda d: d.start)
    return out


def _phrase(matched: str) -> str:
    return re.sub(r"\s+", " ", matched.lower())
