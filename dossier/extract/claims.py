"""Find numeric claims in news text (how many soldiers, fighters or deaths) and who makes them.

A claim is a *figure* that counts people, with the words that say what it counts:
"approximately 47 Malian soldiers", "50 fighters were killed", "84 were killed",
"from 20 to 80" (after "death toll"). Finding one takes three steps:

1. Figures. Digits ("47", "1,000", "1.5 million"), number words ("fifty", "two dozen",
   "two hundred and fifty") and ranges ("from 20 to 80", "between 20 and 80", "20-80",
   "two or three"). Vague quantities are not figures ("dozens of", "hundreds of",
   "several dozen"), nor are years, dates, percentages, money, clock times, ordinals
   ("fourth", "4th") and numbers inside compound adjectives ("three-page", "84-year-old").
2. What the figure counts. It must be followed by a noun phrase whose head names people
   ("Russian mercenaries", "civilians", "deaths"), or by a casualty predicate ("were
   killed", "died"), or, bare, come right after a casualty word ("death toll ranges from
   20 to 80", "killing 50"). Everything else ("two months later", "5 vehicles") is dropped:
   a missed claim costs less than a dossier full of noise.
3. Who claims it. In the figure's sentence, the nearest attribution cue before the figure
   ("X said", "X has claimed that", "according to X") or, failing that, after it ("…, the
   rebels said"); the claimant is the actor mention that is the cue's subject. A sentence
   with no cue is a plain statement of fact and has no claimant; so is a cue whose subject
   names no known actor ("according to local reports", "estimates indicate").

Only the standard library; the same rules run on articles nobody has read, so nothing
here knows about any particular story.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from dossier.extract.lexicon import (
    MEMBER_ROLES,
    MONTH_ABBREVIATIONS,
    MONTHS,
    MORE_PREPOSITIONS_FOR_FIGURES,
    NUMBER_SCALES,
    NUMBER_TENS,
    NUMBER_UNITS,
    PREPOSITIONS,
    ROLES,
    SPEAKING_BODIES,
    SPEECH_VERBS,
    SPEECH_VERBS_FOR_FIGURES,
)
from dossier.extract.opcount import OPS
from dossier.extract.spans import SpanIndex
from dossier.extract.text import opens_with, sentence_bounds


@dataclass(frozen=True)
class ActorSpan:
    """An actor mention already found in the text."""

    start: int
    end: int
    actor: str  # the actor's canonical name


@dataclass(frozen=True)
class Claim:
    """A figure counting people, as stated in the text."""

    start: int  # text[start:end] == text
    end: int
    text: str  # the figure with its noun phrase: "approximately 47 Malian soldiers"
    low: float
    high: float  # == low for a single figure
    unit: str  # what is counted: "Malian soldiers", "deaths", "fighters"
    claimed_by: str | None  # canonical actor name of who states the figure, or None


# -- building blocks -----------------------------------------------------------------------

# Whitespace holding at most one line break: a noun phrase may be hard-wrapped, but a blank
# line ends a paragraph and nothing reads across it.
_SP = r"(?:[^\S\n]+(?:\n[^\S\n]*)?|\n[^\S\n]*)"


def _alternation(words) -> str:
    """A regex alternation, longest first so "seventeen" is tried before "seven"."""
    return "|".join(sorted(words, key=len, reverse=True))


_ONE_TO_NINE = [w for w, v in NUMBER_UNITS.items() if 1 <= v <= 9]

# "twenty-five", "seventeen": a number word that can stand on its own.
_SIMPLE_WORD = rf"(?:(?:{_alternation(NUMBER_TENS)})(?:-(?:{_alternation(_ONE_TO_NINE)}))?|{_alternation(NUMBER_UNITS)})\b"
# Words that multiply what precedes them; never a figure's first word, so that "several
# dozen" and "hundreds of" stay vague.
_MULTIPLIER = rf"(?:{_alternation(NUMBER_SCALES)}|dozen)\b"
# "fifty", "two dozen", "a thousand", "two hundred and fifty". "and" is allowed only after
# a multiplier, so that "between two and three" stays a range of two figures.
_WORD_NUMBER = rf"""
    (?:{_SIMPLE_WORD}|an?(?={_SP}{_MULTIPLIER}))
    (?:{_SP}(?:{_MULTIPLIER}(?:{_SP}and(?={_SP}{_SIMPLE_WORD}))?|{_SIMPLE_WORD}))*
"""
# "47", "1,000", "2.5", optionally scaled: "1.5 million", "2 dozen".
_DIGIT_NUMBER = rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?(?:{_SP}{_MULTIPLIER})?"
# A number ends at a word end, but not inside "84-year-old", "4th", "1,00", "3.2.1" or
# "10:30" ("50-plus" is a hedge, not a compound).
_NUMBER = rf"(?:{_DIGIT_NUMBER}|{_WORD_NUMBER})(?![\w%]|[.,:/][0-9]|-(?!plus\b)[^\W\d_])"
# A figure starts at a word start, and not after a currency sign, "#", "-" ("COVID-19",
# the second half of "4-8") or inside "1,000" or "9/11".
_FIGURE_START = r"(?<![\w$€£¥#.,/:-])"
# What a number opens with: a digit, a number word's first letter, "a" ("a thousand").
_NUMBER_OPENS = ["0123456789a", *(w[0] for w in (*NUMBER_TENS, *NUMBER_UNITS))]

_SINGLE_RE = re.compile(rf"{opens_with(''.join(_NUMBER_OPENS))}{_FIGURE_START}(?P<low>{_NUMBER})", re.I | re.X)
_RANGE_RE = re.compile(
    rf"""{opens_with(''.join(_NUMBER_OPENS) + 'fb')}{_FIGURE_START}
    (?:
        (?P<lead>from|between){_SP}(?P<low>{_NUMBER}){_SP}(?:to|and){_SP}(?P<high>{_NUMBER})
      | (?P<low2>{_NUMBER})(?:{_SP}?[-–—]{_SP}?|{_SP}(?:to|or){_SP})(?P<high2>{_NUMBER})
    )""",
    re.I | re.X,
)

# Figures that are not counts, recognised from their surroundings.
_MONTH = rf"(?:{_alternation((*MONTHS, *MONTH_ABBREVIATIONS))})"
_DATE_BEFORE_RE = re.compile(rf"\b{_MONTH}\.?{_SP}$")  # "July 25", "Aug. 4" (case matters: "may")
_DATE_AFTER_RE = re.compile(rf"{_SP}(?:of{_SP})?{_MONTH}\b")  # "25 July", "4 of August"
_PERCENT_AFTER_RE = re.compile(rf"{_SP}?(?:%|percent\b|per{_SP}cent\b|per{_SP}?mille\b)", re.I)
_YEAR_RANGE = (1800, 2100)

# "approximately", "at least": hedges that belong to the figure and so to the claim's text.
_APPROXIMATOR_BEFORE_RE = re.compile(
    rf"""\b(?:approximately|about|around|roughly|nearly|almost|some|over|under|
        at{_SP}least|at{_SP}most|more{_SP}than|fewer{_SP}than|less{_SP}than|up{_SP}to|
        as{_SP}many{_SP}as|as{_SP}few{_SP}as|an{_SP}estimated|estimated|close{_SP}to|
        upwards{_SP}of|just{_SP}over|just{_SP}under|a{_SP}total{_SP}of){_SP}$""",
    re.I | re.X,
)
# "47 or more soldiers", "50-plus fighters": hedges after the figure, before its noun.
_APPROXIMATOR_AFTER_RE = re.compile(rf"(?:{_SP}or{_SP}(?:more|so)|{_SP}?-?plus)\b", re.I)
# "the death toll rose from 20 to 50" reports a change, not a range: the claim is 50.
_CHANGE_BEFORE_RE = re.compile(
    rf"\b(?:rose|risen|rising|rises|increased|increasing|climbed|climbing|jumped|grew|grown|"
    rf"fell|fallen|dropped|decreased|declined|revised|raised|lowered|went|gone){_SP}$",
    re.I,
)

# -- what is counted -------------------------------------------------------------------------

# Head nouns that name people (or their deaths and wounds). Plural forms; the singular is
# accepted only for a count of one ("one soldier").
_PEOPLE_NOUNS = frozenset(
    """soldiers troops forces fighters mercenaries militants rebels insurgents jihadists
    terrorists combatants gunmen attackers assailants civilians people persons individuals
    men women children boys girls villagers residents inhabitants refugees migrants
    deaths dead casualties fatalities victims bodies wounded injured hostages prisoners
    captives detainees servicemen servicemembers personnel officers policemen guards
    members militiamen miners workers journalists peacekeepers contractors paramilitaries
    operatives commanders pilots commandos recruits volunteers protesters demonstrators
    students farmers herders worshippers passengers staff employees diplomats advisers
    advisors instructors trainers survivors displaced evacuees trainees lives
    mourners pilgrims sailors marines gendarmes troopers snipers""".split()
)
_SINGULARS = {
    "soldier", "fighter", "mercenary", "militant", "rebel", "insurgent", "jihadist",
    "terrorist", "combatant", "gunman", "attacker", "assailant", "civilian", "person",
    "man", "woman", "child", "boy", "girl", "villager", "resident", "refugee", "migrant",
    "death", "casualty", "fatality", "victim", "body", "hostage", "prisoner", "captive",
    "detainee", "serviceman", "officer", "policeman", "guard", "member", "militiaman",
    "miner", "worker", "journalist", "peacekeeper", "contractor", "commander", "pilot",
    "commando", "recruit", "volunteer", "protester", "student", "farmer", "herder",
    "passenger", "employee", "diplomat", "adviser", "advisor", "instructor", "trainer",
    "survivor", "life", "trooper", "sniper", "gendarme", "marine", "sailor",
}  # fmt: skip
# Productive endings of people nouns: "Malians", "jihadists", "tribesmen". A minimum length
# keeps "lists" and "omen" out.
_PEOPLE_SUFFIXES = (("ians", 6), ("ists", 7), ("men", 5))
# A count of deaths is a count of deaths however it is worded.
_UNIT_SYNONYMS = {"dead": "deaths", "fatalities": "deaths", "lives": "deaths", "injured": "wounded"}

# Words that cannot sit between a figure and its head noun: function words, verbs, and
# measures ("two months later" is a time, "for 10 years rebels …" no count of rebels).
_NOT_MODIFIERS = frozenset(
    """a an the this that these those its their his her our your my and or but nor of in
    on at to from by for with without into onto over under about after before during since
    until than as per via against among between within across near toward towards who whom
    whose which what when where while is are was were be been being have has had do does
    did will would shall should can could may might must not no also all both each every
    more most less least some any other such only just very so too there here it they them
    he she we i you said says say claimed claims reported according later earlier ago
    year years month months week weeks day days hour hours minute minutes decade decades
    century centuries time times percent km kilometres kilometers miles metres meters
    dollars euros francs pounds tons tonnes""".split()
    + list(NUMBER_UNITS) + list(NUMBER_TENS) + list(NUMBER_SCALES) + ["dozen", "dozens"]
)  # fmt: skip

# One word of a noun phrase: "Malian", "al-Qaeda-linked", "U.N.", "Wagner’s".
_WORD_RE = re.compile(rf"{_SP}(?P<word>[^\W\d_][\w'’-]*(?:\.[^\W\d_][\w'’-]*)*(?:(?<=\.[^\W\d_])\.)?)")
_COORDINATOR_RE = re.compile(rf"{_SP}(?:and|or|&)(?=\s)", re.I)

# "were killed", "died", "have reportedly been killed": what happened to those counted.
_OUTCOMES = {
    "killed": "deaths", "dead": "deaths", "died": "deaths", "executed": "deaths",
    "massacred": "deaths", "slain": "deaths", "murdered": "deaths", "lost their lives": "deaths",
    "wounded": "wounded", "injured": "wounded",
    "captured": "captured", "kidnapped": "captured", "abducted": "captured",
    "taken hostage": "captured", "taken prisoner": "captured",
    "arrested": "detained", "detained": "detained", "missing": "missing",
}  # fmt: skip
_PREDICATE_RE = re.compile(
    rf"""(?:{_SP}(?:were|was|are|is|had|have|has|been|being|reportedly|allegedly|also|all|
        later|reported|confirmed|believed|thought|feared|presumed|said|to|be)){{0,4}}
        {_SP}(?P<outcome>{_alternation(o.replace(" ", _SP) for o in _OUTCOMES)})\b""",
    re.I | re.X,
)

# A figure with no noun phrase counts people only right after a casualty word: "the death
# toll ranges from 20 to 80", "killing at least 50", "claimed the lives of 12".
_CASUALTY_CUES = {
    "toll": "deaths", "tolls": "deaths", "deaths": "deaths", "dead": "deaths",
    "killed": "deaths", "killing": "deaths", "kills": "deaths", "kill": "deaths",
    "died": "deaths", "fatalities": "deaths", "lives": "deaths",
    "casualties": "casualties", "casualty": "casualties", "losses": "casualties",
    "wounded": "wounded", "wounding": "wounded", "injured": "wounded", "injuring": "wounded",
}  # fmt: skip
# The cue, then at most three plain words (no punctuation) up to the figure.
_CASUALTY_CUE_BEFORE_RE = re.compile(
    rf"\b(?P<cue>{_alternation(_CASUALTY_CUES)})(?:{_SP}[\w'’]+){{0,3}}{_SP}$", re.I
)
# ... and the figure must end there: punctuation, the end, or a word that starts no noun.
_BARE_FOLLOWERS = (
    "and or but in on at during after before since near across when while as according "
    "with including among by amid following last this that which who so"
).split()
_BARE_END_RE = re.compile(
    rf"(?:{_SP}?(?:[.,;:!?)\]\"”’—–]|$)|{_SP}(?:{_alternation(_BARE_FOLLOWERS)})\b)", re.I
)

_CASUALTY_WORDS_RE = re.compile(
    rf"\b(?:{_alternation(o.replace(' ', _SP) for o in (*_OUTCOMES, *_CASUALTY_CUES, 'loss', 'deadly', 'deadliest'))})\b",
    re.I,
)


def reports_casualties(sentence: str) -> bool:
    """Whether a sentence speaks of the dead, wounded or captured ("were killed", "death
    toll", "saw the loss of 84 soldiers")."""
    return bool(_CASUALTY_WORDS_RE.search(sentence))


# -- who claims it ---------------------------------------------------------------------------

_ATTRIBUTION_RE = re.compile(
    rf"\b(?P<according>according{_SP}to)\b"
    # "the attack claimed the lives of" is a death toll, not a claim.
    rf"|\b(?:{_alternation((*SPEECH_VERBS, *SPEECH_VERBS_FOR_FIGURES))})\b(?!{_SP}(?:the{_SP})?lives\b)",
    re.I,
)
# A name right after a preposition is an object ("officials in Mali said"), unless the
# preposition links a role to its organisation ("a spokesman for JNIM said").
_PREPOSITION_BEFORE_RE = re.compile(
    rf"\b(?:{_alternation((*PREPOSITIONS, *MORE_PREPOSITIONS_FOR_FIGURES))}){_SP}(?:(?:the|a|an){_SP})?$",
    re.I,
)
_ROLE_BEFORE_RE = re.compile(
    rf"\b(?:{_alternation((*ROLES, *MEMBER_ROLES, *SPEAKING_BODIES))})s?{_SP}"
    rf"(?:for|of|from|at){_SP}(?:(?:the|a|an){_SP})?$",
    re.I,
)
# A relative clause opens after the comma: ", who attacked FAMa on Monday,".
_RELATIVE_AFTER_RE = re.compile(r"\s*(?:who|which|whose|that)\b", re.I)
# The cue comes right after a comma: "X, head of Y, said" or "X did this, reporting that".
_COMMA_BEFORE_RE = re.compile(r",[\"'”’)]*\s*$")

@dataclass(frozen=True)
class _Figure:
    """A number or range in the text; start/end cover only the figure itself."""

    start: int
    end: int
    low: float
    high: float
    context_start: int  # where the words about the figure end ("toll rose <from 20 to> 50")


# -- numbers ---------------------------------------------------------------------------------


def _number_value(s: str) -> float:
    """The value of a number as written: "1,000" -> 1000, "two dozen" -> 24."""
    words = re.findall(r"[0-9][0-9,.]*|[a-z]+", s.lower())
    if words and words[0][0].isdigit():
        value = float(words[0].replace(",", ""))
        for w in words[1:]:
            value *= 12 if w == "dozen" else NUMBER_SCALES.get(w, 1)
        return value
    total = current = 0
    for w in words:
        if w in ("a", "an"):
            current = 1
        elif w in NUMBER_UNITS:
            current += NUMBER_UNITS[w]
        elif w in NUMBER_TENS:
            current += NUMBER_TENS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in NUMBER_SCALES:  # thousand, million, billion close a group: "two hundred thousand"
            total += (current or 1) * NUMBER_SCALES[w]
            current = 0
    return float(total + current)


def _is_year(s: str) -> bool:
    """ "2020", "1990": four bare digits in the range of years. "2,000" is a count."""
    return bool(re.fullmatch(r"[0-9]{4}", s)) and _YEAR_RANGE[0] <= int(s) <= _YEAR_RANGE[1]


def _is_measure(text: str, start: int, end: int) -> bool:
    """Whether the figure at text[start:end] is a date or a percentage rather than a count."""
    return bool(
        _DATE_BEFORE_RE.search(text, max(0, start - 12), start)
        or _DATE_AFTER_RE.match(text, end)
        or _PERCENT_AFTER_RE.match(text, end)
    )


def _find_ranges(text: str) -> list[_Figure]:
    """Ranges: "from 20 to 80", "between 20 and 80", "20-80", "two or three"."""
    figures = []
    for m in _RANGE_RE.finditer(text):
        low_group, high_group = ("low", "high") if m.group("lead") else ("low2", "high2")
        low_s, high_s = m.group(low_group), m.group(high_group)
        if _is_year(low_s) or _is_year(high_s) or _is_measure(text, m.start(), m.end()):
            continue
        low, high = _number_value(low_s), _number_value(high_s)
        if m.group("lead") and m.group("lead").lower() == "from" and _CHANGE_BEFORE_RE.search(
            text, max(0, m.start() - 20), m.start()
        ):
            # A change ("rose from 20 to 50"): the figure now standing is the second one.
            figures.append(_Figure(m.start(high_group), m.end(high_group), high, high, m.start()))
        elif low < high:
            figures.append(_Figure(m.start(), m.end(), low, high, m.start()))
    return figures


def _find_singles(text: str, taken: Sequence[_Figure]) -> list[_Figure]:
    """Single numbers that are not part of a range already found."""
    spans = SpanIndex((f.context_start, f.end) for f in taken)
    figures = []
    for m in _SINGLE_RE.finditer(text):
        s = m.group("low")
        if spans.overlaps(m.start(), m.end()) or _is_year(s) or _is_measure(text, m.start(), m.end()):
            continue
        value = _number_value(s)
        figures.append(_Figure(m.start(), m.end(), value, value, m.start()))
    return figures


# -- what a figure counts ----------------------------------------------------------------------


def _is_people_noun(word: str, value: float) -> bool:
    """Whether word, the head of a noun phrase counted by value, names people."""
    w = word.lower().replace("’", "'")
    if w in _PEOPLE_NOUNS:
        return True
    if value == 1 and w in _SINGULARS:
        return True
    return any(w.endswith(suffix) and len(w) >= size for suffix, size in _PEOPLE_SUFFIXES)


def _can_modify(word: str) -> bool:
    return word.lower() not in _NOT_MODIFIERS and len(word) <= 40


def _people_phrase(text: str, pos: int, value: float) -> tuple[int, int] | None:
    """(start, end) of the noun phrase counted by the figure ending at pos, if it names people.

    Up to three modifiers may precede the head ("47 Malian soldiers", "1,000 heavily armed
    fighters"); two capitalised ones may be joined by "and" ("Malian and Russian fighters").
    """
    phrase_start = None
    modifiers = 0
    while modifiers <= 3:
        m = _WORD_RE.match(text, pos)
        if not m:
            return None
        word = m.group("word")
        if phrase_start is None:
            phrase_start = m.start("word")
        if _is_people_noun(word, value):
            return phrase_start, m.end("word")
        if not _can_modify(word):
            return None
        pos = m.end()
        joined = _COORDINATOR_RE.match(text, pos)
        if joined and word[0].isupper():
            after = _WORD_RE.match(text, joined.end())
            if after and after.group("word")[0].isupper() and _can_modify(after.group("word")):
                pos = joined.end()
        modifiers += 1
    return None


def _casualty_cue(text: str, fig: _Figure) -> str | None:
    """The unit implied by a casualty word just before a bare figure ("death toll of 50")."""
    window_start = max(0, fig.context_start - 80)
    cue = _CASUALTY_CUE_BEFORE_RE.search(text, window_start, fig.context_start)
    return _CASUALTY_CUES[cue.group("cue").lower()] if cue else None


def _what_is_counted(text: str, fig: _Figure) -> tuple[int, str] | None:
    """(end of the claim's text, unit) when the figure counts people; None otherwise."""
    hedge = _APPROXIMATOR_AFTER_RE.match(text, fig.end)
    phrase = _people_phrase(text, hedge.end() if hedge else fig.end, fig.low)
    if phrase:
        unit = text[phrase[0] : phrase[1]]
        unit = re.sub(r"\s+", " ", _UNIT_SYNONYMS.get(unit.lower(), unit))
        end = phrase[1]
        predicate = _PREDICATE_RE.match(text, end)
        return (predicate.end() if predicate else end), unit
    predicate = _PREDICATE_RE.match(text, fig.end)
    if predicate:  # "84 were killed": the people are implied by what happened to them
        outcome = re.sub(r"\s+", " ", predicate.group("outcome").lower())
        return predicate.end(), _OUTCOMES[outcome]
    if _BARE_END_RE.match(text, fig.end):
        unit = _casualty_cue(text, fig)
        if unit:
            return fig.end, unit
    return None


def _with_approximator(text: str, start: int) -> int:
    """Start of the figure including a hedge before it ("approximately 47")."""
    m = _APPROXIMATOR_BEFORE_RE.search(text, max(0, start - 24), start)
    return m.start() if m else start


# -- sentences and claimants -------------------------------------------------------------------


class _Claimants:
    """Finds who states a figure, from the attribution cues of its sentence."""

    def __init__(self, text: str, actors: Sequence[ActorSpan], skip: Sequence[tuple[int, int]]):
        self.text = text
        skipped = SpanIndex(skip)
        self.actors = sorted(
            (a for a in actors if 0 <= a.start < a.end <= len(text) and not skipped.overlaps(a.start, a.end)),
            key=lambda a: (a.start, -a.end),
        )
        self._actor_starts = [a.start for a in self.actors]
        self.sentences = sentence_bounds(text)
        self._sentence_starts = [a for a, _ in self.sentences]
        self._commas = [m.start() for m in re.finditer(",", text)]
        self._sentence_cues: tuple = (None, ([], [], []))
        self._found: dict[tuple, ActorSpan | None] = {}

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence holding pos (sentences tile the text, so one always does)."""
        return self.sentences[max(0, bisect_right(self._sentence_starts, pos) - 1)]

    def _between(self, a: int, b: int) -> list[ActorSpan]:
        """Mentions lying wholly inside text[a:b], in order."""
        first, last = bisect_left(self._actor_starts, a), bisect_left(self._actor_starts, b)
        return [m for m in self.actors[first:last] if m.end <= b]

    def _is_object(self, mention: ActorSpan) -> bool:
        before = self.text[max(0, mention.start - 60) : mention.start]
        return bool(_PREPOSITION_BEFORE_RE.search(before)) and not _ROLE_BEFORE_RE.search(before)

    def _nearest_subject(self, a: int, b: int) -> ActorSpan | None:
        return next((m for m in reversed(self._between(a, b)) if not self._is_object(m)), None)

    def _right_after(self, pos: int, limit: int) -> ActorSpan | None:
        """An actor named within a few words after pos, with no punctuation in between."""
        for k in range(bisect_left(self._actor_starts, pos), len(self.actors)):
            m = self.actors[k]
            if m.start >= limit:
                break
            if m.end > limit:
                continue
            if m.start - pos <= 40 and not re.search(r"[.,;:!?\"“”()]", self.text[pos : m.start]):
                return m
            break
        return None

    def _subject_before(self, cue_start: int, region_start: int) -> ActorSpan | None:
        """The subject of a cue from the words before it: "JNIM has claimed", "Rebels reported"."""
        before = self.text[region_start:cue_start]
        comma = _COMMA_BEFORE_RE.search(before)
        if comma:
            opening = self.text.rfind(",", region_start, region_start + comma.start())
            if opening != -1:
                # "X, head of Y, said": the subject is X, before the appositive; and in "the
                # rebels of the CSP-DPA, who attacked FAMa, said" the name the subject's
                # words end on, never one inside the relative clause.
                found = self._nearest_subject(region_start, opening)
                if not found and _RELATIVE_AFTER_RE.match(self.text, opening + 1):
                    named = self._between(region_start, opening)
                    return named[-1] if named else None
                if found:
                    return found
            else:
                # "X did this, reporting that …": a participle shares its sentence's subject.
                subjects = (m for m in self._between(region_start, cue_start) if not self._is_object(m))
                first = next(subjects, None)
                if first:
                    return first
        return self._nearest_subject(region_start, cue_start)

    def _cues(self, sent_start: int, sent_end: int) -> tuple[list[re.Match[str]], list[int], list[int]]:
        """The attribution cues of a sentence, with their starts and ends (both rising); the
        figures of one sentence come one after another, so the last sentence's are kept."""
        if self._sentence_cues[0] != (sent_start, sent_end):
            cues = list(_ATTRIBUTION_RE.finditer(self.text, sent_start, sent_end))
            self._sentence_cues = ((sent_start, sent_end), (cues, [c.start() for c in cues], [c.end() for c in cues]))
        return self._sentence_cues[1]

    def claimant(self, start: int, end: int, earlier_ends: Sequence[int]) -> str | None:
        """Who states the claim at text[start:end]; earlier_ends are where previous claims end."""
        sent_start, sent_end = self.sentence_of(start)
        # Cues never overlap: those ending before the claim are a prefix, those after a suffix.
        cues, cue_starts, cue_ends = self._cues(sent_start, sent_end)
        left, right = bisect_right(cue_ends, start), bisect_left(cue_starts, end)
        # Figures sharing a cue (a list of figures, one "said") share its claimant: each
        # (cue, region) is read once.
        if left:
            cue = cues[left - 1]
            if cue.group("according"):
                key = ("according", cue.end(), sent_end)
            else:
                # The subject lies after any claim between it and the sentence start:
                # "JNIM claimed that 50 … and the rebels have claimed that 84 …".
                k = bisect_right(earlier_ends, cue.start())  # earlier_ends rise
                region_start = max(sent_start, earlier_ends[k - 1]) if k else sent_start
                # Only the words before count: what follows the verb is its object ("estimates
                # indicate Wagner's death toll …" is not Wagner's claim).
                key = ("before", cue.start(), region_start)
        elif right < len(cues):
            cue = cues[right]
            if cue.group("according"):
                key = ("according", cue.end(), sent_end)
            else:
                # "…, the rebels said" / "…, said Nasr": a short clause after a comma. Without
                # the comma the verb starts a clause of its own ("47 died and Mali said …").
                k = bisect_left(self._commas, cue.start())
                last_comma = self._commas[k - 1] if k and self._commas[k - 1] >= end else -1
                if last_comma == -1:
                    return None
                key = ("after", last_comma, cue.start(), cue.end(), sent_end)
        else:
            return None  # a plain statement of fact
        if key not in self._found:
            OPS["claimant reads"] += 1
            self._found[key] = self._read(key)
        found = self._found[key]
        return found.actor if found else None

    def _read(self, key: tuple) -> ActorSpan | None:
        if key[0] == "according":
            return self._right_after(key[1], key[2])
        if key[0] == "before":
            return self._subject_before(key[1], key[2])
        _, last_comma, cue_start, cue_end, sent_end = key
        if len(self.text[last_comma + 1 : cue_start].split()) > 6:
            return None
        return self._nearest_subject(last_comma + 1, cue_start) or self._right_after(cue_end, sent_end)


# -- the whole thing ---------------------------------------------------------------------------


def find_claims(
    text: str, actors: Sequence[ActorSpan] = (), skip: Sequence[tuple[int, int]] = ()
) -> list[Claim]:
    """Numeric claims (counts of people, casualties, forces) in text, with who claims them.

    actors are the actor mentions already found in text; skip lists (start, end) ranges of
    page chrome to ignore. Claims come in text order and never overlap.
    """
    ranges = _find_ranges(text)
    figures = sorted(ranges + _find_singles(text, ranges), key=lambda f: f.start)
    claimants = _Claimants(text, actors, skip)
    skipped = SpanIndex(skip)
    claims: list[Claim] = []
    ends: list[int] = []  # of the claims so far, rising: claims come in order and never overlap
    for fig in figures:
        if claims and fig.start < claims[-1].end:
            continue  # already part of the previous claim's text
        counted = _what_is_counted(text, fig)
        if counted is None:
            continue
        end, unit = counted
        start = _with_approximator(text, fig.start)
        if skipped.overlaps(start, end):
            continue
        claimed_by = claimants.claimant(start, end, ends)
        claims.append(Claim(start, end, text[start:end], fig.low, fig.high, unit, claimed_by))
        ends.append(end)
    return claims
