"""Find quotations and who said them.

A quotation is the text between a pair of quotation marks: curly or straight, double or
single (single ones only where they cannot be apostrophes). The speaker comes from the
sentence around it, tried in this order:
1. after the quote: `”, X said` / `,” said X` / `,” he added` / `,” the ministry said`;
2. `X: “…”`, and `according to X`;
3. before it, the subject of the nearest speech verb in the sentence: `X said that “…”`,
   `X, spokesperson for Y, stated …`, `an action he described as “…”`, `a representative
   from Y disclosed …` (the described speaker's organisation);
4. a quote that opens a sentence right after another quote with no attribution of its own
   continues that speaker.
A pronoun goes back to the last person named as subject (among a sentence's first words)
or speaker; "they" and "it" to an organisation, never a person, unless "it" is a statement
whose author was named. A description goes to the person the text titled so ("the Kremlin
spokesman"), to the leader of a named organisation ("the head of the group"), to the office
behind a state's statement ("the Belarusian statement": its presidency), to the person
named most for an epithet ("the businessman"), else to an organisation by name. The agent
of a passive verb speaks ("as announced by X"), and so does whoever issued a statement ("X
issued a statement “…”"). Places never speak. Otherwise (scare quotes, a title after "as",
a passive verb with no agent) there is no speaker.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from dossier.extract.gazetteer import state_of_demonym
from dossier.extract.lexicon import (
    ADVISER_ROLES,
    ATTRIBUTION_VERBS_AFTER_QUOTES,
    BE_FORMS,
    CHARACTERISING_VERBS,
    EXPERT_ROLES,
    BODY_NOUNS,
    HEDGES,
    INVERTED_SPEECH_VERBS,
    ISSUED_TEXTS,
    ISSUING_VERBS,
    LEADERS,
    MEMBER_ROLES,
    MORE_TITLES,
    ORGANISATION_NOUNS,
    OUTLETS,
    PERSON_EPITHETS,
    PREPOSITIONS,
    ROLES,
    SENTENCE_OPENERS,
    SPEECH_VERBS,
    SPEECH_VERBS_FOR_QUOTES,
    SPOKESPERSONS,
    STATE_OFFICES,
    STATEMENT_AUTHORSHIP,
    TITLES,
)
from dossier.extract.opcount import OPS
from dossier.extract.spans import SpanIndex
from dossier.extract.text import sentence_bounds

_VERB = r"(?:" + "|".join(sorted({*SPEECH_VERBS, *SPEECH_VERBS_FOR_QUOTES}, key=len, reverse=True)) + r")"
_VERB_RE = re.compile(rf"\b{_VERB}\b", re.I)
_VERB_WORDS = frozenset((*SPEECH_VERBS, *SPEECH_VERBS_FOR_QUOTES))
_WORD_RUN = re.compile(r"(?<!\w)\w+")


def _listed_words(
    text: str, start: int, end: int, words: frozenset[str], pattern: re.Pattern[str], before: int | None = None
) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text, start, end)` gives, where pattern is
    r"\b(?:word|…)\b" under re.I for the lower-case ASCII words of `words`, read a word at a
    time: a match is a whole run of word characters, so a set lookup per word replaces
    trying every alternative at every word boundary (a word in other letters is left to
    the pattern: re.I matches "ſ" to "s"). before: stop at the words starting there."""
    for run in _WORD_RUN.finditer(text, start, end):
        if before is not None and run.start() >= before:
            return
        word = run.group()
        if word.isascii():
            if word.lower() in words:
                yield run
        else:
            m = pattern.match(text, run.start(), end)
            if m is not None:
                yield m
PRONOUNS = {"he", "she", "they", "him", "her", "it"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "former", "then"}
# A preposition right before a name makes it an object ("spokesperson for Mali's government"),
# not the subject of the verb.
_PREPOSITIONS = set(PREPOSITIONS)
# "a representative from Y disclosed …": the speaker is described by a role in Y.
_DESCRIBED = re.compile(
    rf"\b({'|'.join((*ROLES, *MEMBER_ROLES, *ADVISER_ROLES))})s?\s+(?:from|of|for|at)\s+(?:the\s+)?$",
    re.I,
)
# An attribution after a quote follows its closing mark (`”, X said`): only this many
# characters of the rest of the sentence are read for it, so the quotes of a huge
# "sentence" each cost a bounded read.
ATTRIBUTION_WINDOW = 500
_LETTERS = re.compile(r"[A-Za-z]+")
_ACCORDING = re.compile(r"\baccording to\s+", re.I)
_SPACES_COMMAS = re.compile(r"[\s,]*")
# Mentions looked back through for a described speaker; in the seeds, devset and bench
# articles the speaker is always among the last 30 or so.
LOOKBACK = 1000
# People looked back through for a role ("the president"): the latest few the text so titled.
ROLE_LOOKBACK = 20
_SPACES = re.compile(r"\s+")

# The attribution rules. Each reads one construction of news copy and says how sure a
# speaker it gives is; where no rule reads the sentence the quote has no speaker, since a
# wrong speaker is worse than none. Stored with each quote (quote.how, quote.confidence).
RULES: dict[str, float] = {
    "name after quote": 0.95,  # “…,” Peskov said / “…,” said Peskov
    "title and name after quote": 0.9,  # “…,” Kremlin spokesman Dmitry Peskov said / said spokesman Col. Maiga
    "statement's author after quote": 0.85,  # “…,” said the statement signed by Traoré
    "according to": 0.9,  # according to X, “…” / “…”, according to X
    "name before colon": 0.8,  # X: “…”
    "subject of speech verb": 0.85,  # X said that “…” / X, spokesperson for Y, stated “…”
    "name after speech verb": 0.8,  # …, said X, adding that “…”
    "subject of the sentence": 0.7,  # X did this, saying “…”
    "role before quote": 0.7,  # the Russian president said that “…”
    "role after quote": 0.7,  # “…,” the Kremlin spokesman said / “…,” the ministry said
    "pronoun after quote": 0.75,  # “…,” he added
    "pronoun before quote": 0.7,  # He said “…”
    "described speaker's organisation": 0.6,  # a representative from Y disclosed “…”
    "continues the previous quote": 0.75,  # “…,” X said. “…”
    "same sentence's speaker": 0.7,  # “…,” the statement said, adding that “…”
    "subject of a partial quote": 0.6,  # the bloc approved a “standby force”
    "agent of a passive speech verb": 0.8,  # … as announced by the Kremlin, “…”
    "leader of the named organisation": 0.7,  # the head of the group said “…” (titled "group chief X")
    "author of an issued statement": 0.8,  # the embassy issued a statement “…”
    "office behind a state's statement": 0.65,  # “…,” the Belarusian statement said (the presidency's)
}
NO_SPEAKER = "no speaker"
# Rules whose speaker is a statement's author: "it" after them is the statement.
_BY_STATEMENT = ("statement's author after quote",)

_PERSON = "person"
_PLACE = "place"
_ORGANISATION = "organization"
_BODY_KINDS = (_ORGANISATION, "state", "armed_group")
_BODY_NOUNS = frozenset(BODY_NOUNS)
_ORGANISATION_NOUNS = frozenset(ORGANISATION_NOUNS)
_EPITHETS = frozenset(PERSON_EPITHETS)
_SPOKESPERSONS = frozenset(SPOKESPERSONS)
_NOT_TITLE = "|".join((*PREPOSITIONS, "that", "and", "who", "which", "as", *PRONOUNS))
# The words between a verb (or a sentence start) and the name it is about, when they are
# the name's title: "Kremlin spokesman ", "government spokesman Colonel ", "the country’s ".
_TITLE_GAP = re.compile(rf"(?:[’']s)?\s*(?:(?!(?:{_NOT_TITLE})\b)[\w’'.-]+\s+){{0,4}}", re.I)
_AFTER_VERB = r"(?:" + "|".join(sorted({*SPEECH_VERBS, *SPEECH_VERBS_FOR_QUOTES, *ATTRIBUTION_VERBS_AFTER_QUOTES}, key=len, reverse=True)) + r")"
_SUBJECT_THEN_VERB = re.compile(rf"[\s,.;:!?—–-]*(?P<subj>.*?)\s+{_AFTER_VERB}\b", re.I | re.S)
_VERB_THEN_REST = re.compile(rf"[\s,.;:!?—–-]*{_AFTER_VERB}\s+(?P<rest>.*)", re.I | re.S)
_NOUN = rf"(?!(?:{_NOT_TITLE})\b)[\w’'-]+"
# A description: "the Russian president", "the Kremlin spokesman", "the statement".
_DESCRIPTION = re.compile(rf"(?:the|a|an|this|its|their)\s+({_NOUN}(?:\s+{_NOUN}){{0,2}})", re.I)
_DESCRIPTION_START = re.compile(rf"(?:the|a|an)\s+((?:(?![\w’'-]+(?:ed|ing)\b){_NOUN}\s*){{1,3}})", re.I)
_ADVERBS = r"(?:(?:also|then|later|earlier|again|further|has|have|had|would|will|previously|[a-z]+ly)\s+)*"
# A clause in commas after a description: ", who …,", ", based in the capital, Abuja,".
_CLAUSE_IN_COMMAS = r"(?:\s*,\s*(?:(?:who|which)\b[^“”\"]*?|[a-z]+ed\b[^“”\"]{0,100}?),)?"
# A description right before the speech verb it is the subject of, maybe with a clause in
# commas: "the Russian president, who …, said".
_ROLE_BEFORE_VERB = re.compile(
    rf"(?:^|(?<=[\s,]))(?:the|a|an)\s+({_NOUN}(?:\s+{_NOUN}){{0,2}}){_CLAUSE_IN_COMMAS}\s+{_ADVERBS}$",
    re.I,
)
# The same at a sentence's start, before a verb: "The organization reaffirmed", "The general,
# who …, presented".
_DESCRIPTION_BEFORE_VERB = re.compile(
    rf"\s*(?:the|a|an)\s+({_NOUN}(?:\s+{_NOUN}){{0,2}}?)(?P<pp>\s+(?:at|of|from|in|with)\s+[^,“”\"]{{1,60}}?)?"
    rf"{_CLAUSE_IN_COMMAS}\s+{_ADVERBS}[a-z]+(?:ed|s)\b",
    re.I,
)
# What opens a sentence before its subject: "Last Thursday, ", "On the third day since …, ",
# "Reporting from the capital, ", "But ".
_OPENER = re.compile(
    rf"\s*(?:(?:(?:{'|'.join((*PREPOSITIONS, *SENTENCE_OPENERS))})\b|[A-Za-z]+ing\b)[^,“”\"\n]{{0,80}},\s*|(?:but|and|however|also)\s+)?",
    re.I,
)
_ROLE_WORDS = "|".join(sorted({*ROLES, *MEMBER_ROLES, *ADVISER_ROLES, *EXPERT_ROLES}, key=len, reverse=True))
# Between two names of one run, "Burkina junta chief Damiba": only titles (capitalised) and roles.
_RUN_GAP = re.compile(rf"(?:[’']s)?\s+(?:(?:[A-Z][\w.’'-]*|(?:{_ROLE_WORDS})s?)\s+){{0,3}}")
# A name that only qualifies the role after it: "the junta spokesperson", "The Kremlin spokesman".
_ROLE_AFTER_NAME = re.compile(rf"(?:[’']s)?\s+(?:{_ROLE_WORDS})s?\b", re.I)
# The same with a word between, or a rank: "A Veldor army captain announced" is about the
# captain, and no pronoun after it stands for Veldor.
_QUALIFIES_ROLE = re.compile(rf"(?:[’']s)?\s+(?:[a-z]+\s+)?(?:{_ROLE_WORDS}|{'|'.join((*TITLES, *MORE_TITLES))})s?\b", re.I)
# A place that opens a line as its dateline ("OUAGADOUGOU: ", "Ouagadougou.- ") is no subject.
_DATELINE_AFTER = re.compile(
    r"\s*(?:[:]|\.\s*[-–—]|\s[-–—]\s|\s*\((?:" + "|".join(map(re.escape, sorted(OUTLETS, key=len, reverse=True))) + r")\))"
)
_REPORTS = re.compile(r"\s+(?:reported|reports|reporting)\b", re.I)
# ", saying he …" after a quote: the sentence's subject speaks, the pronoun is what follows.
_AND_AFTER_COMMA = re.compile(r",\s*and\s*$")
_PARTICIPLE = re.compile(r"[\s,]*[a-z]+ing\b")
_STATEMENT_NOUNS = frozenset(("statement", "communique", "communiqué", "release"))
_WORD_AT = re.compile(r"\s*([A-Za-z][\w’'-]*)")
# After a name that acts: maybe its acronym or an apposition, then a lower-case word (its verb).
_VERB_NEXT = re.compile(r"(?:\s*\([^()]{1,30}\))?(?:\s*,[^,“”\"]{1,80},)?\s+[a-z]")
_STATEMENT_BY = re.compile(
    rf"(?:the|a|an)\s+(?:[\w-]+\s+){{0,2}}?(?:statement|communiqu[eé]|release)\s+(?:{'|'.join(STATEMENT_AUTHORSHIP)})\s+(?:[\w-]+\s+){{0,4}}?by\s+(?:(?:the|a|an)\s+)?",
    re.I,
)
# Where a sentence's own subject can no longer be: after a pronoun, "that" or a speech verb
# come the clauses of what was said.
_CLAUSE_MARK = re.compile(rf"\b(?:he|she|they|it|that|{_VERB})\b", re.I)
_CLAUSE_WORDS = frozenset(("he", "she", "they", "it", "that", *_VERB_WORDS))  # its words, for `_listed_words`
# A title in quotation marks after "as" names an office, no one's words: "read a statement
# as the “president of the council”".
_AS_BEFORE = re.compile(r"\bas\s+(?:(?:the|a|an)\s+)?$", re.I)
_CHARACTERISED = re.compile(rf"\b(?:{'|'.join(CHARACTERISING_VERBS)})\b[^“”\"]{{0,80}}\bas\s+(?:(?:the|a|an)\s+)?$", re.I)
_TITLE_QUOTED = re.compile(rf"\s*(?:{'|'.join((*TITLES, *MORE_TITLES, *ROLES, *MEMBER_ROLES))})\s+of\b", re.I)
# A passive speech verb: after a form of "to be" ("were earlier said to", "is described
# as"), after "as" ("as announced by"), or right after a comma and before "as" or "by"
# (", described as"). Its speaker is the agent after "by", if any.
_BE_BEFORE = re.compile(rf"\b(?:{'|'.join(BE_FORMS)})\s+(?:(?:[a-z]+ly|earlier|also|later)\s+)?$", re.I)
_AS_END = re.compile(r"\bas\s*$", re.I)
_COMMA_END = re.compile(r",\s*$")
_AS_OR_BY = re.compile(r"\s+(?:as|by)\b", re.I)
_AGENT = re.compile(r"\s+by\s+(?:(?:the|a|an)\s+)?", re.I)
# "X issued a statement “…”", "X released a communique saying “…”": X right before the verb.
_ISSUED = re.compile(
    rf"\s+(?:{'|'.join(ISSUING_VERBS)})\s+(?:a|an|the|its)\s+(?:[\w-]+\s+){{0,2}}?(?:{'|'.join(ISSUED_TEXTS)})"
    rf"\s*(?:,?\s*(?:saying|stating)\s*)?(?:that\s*)?",
    re.I,
)
_INVERTED = frozenset(INVERTED_SPEECH_VERBS)
_HEDGE = re.compile(rf"\b(?:{'|'.join(HEDGES)})\b", re.I)
_OFFICES = tuple(STATE_OFFICES)
# A sentence's subject is named among its first words (after its opener); a name further
# on is in its predicate ("The purpose is to … reinstate Bazoum").
SUBJECT_WORDS = 10
_TITLE_CUT = re.compile(r"[,.;:()“”\"\n]")
_APPOSITION = re.compile(r",\s+(?:the\s+|a\s+|an\s+)?([a-z][^,.;:()“”\"\n]{2,60})[,.]")


def _after_preposition(text: str, at: int, floor: int) -> bool:
    """Whether the word before text[at] (back to floor) is a preposition: "in a statement"."""
    before = _LETTERS.findall(text[max(floor, at - 20) : at])
    return bool(before) and before[-1].lower() in _PREPOSITIONS


_LEADER = LEADERS[0]
_LEADERS = frozenset(LEADERS)


def _role_word(word: str) -> str:
    """A role's word, one for each role: "spokesman" and "spokeswoman" are one, and "head",
    "chief" and "leader" another."""
    word = word.lower()
    return "spokesperson" if word in _SPOKESPERSONS else _LEADER if word in _LEADERS else word


def _title_words(text: str, m: ActorRef) -> frozenset[str]:
    """The words that title a person where named: the few before the name in its clause
    ("Kremlin spokesman Dmitry Peskov") and an apposition after it ("Damiba, leader of the
    junta,")."""
    window = text[max(0, m.start - 60) : m.start]
    cut = max((c.end() for c in _TITLE_CUT.finditer(window)), default=0)
    words = [w for w in _LETTERS.findall(window[cut:]) if len(w) > 1][-4:]
    apposition = _APPOSITION.match(text, m.end, m.end + 80)
    if apposition:
        words += _LETTERS.findall(apposition.group(1))
    return frozenset(_role_word(w) for w in words)


_OPEN_CLOSE = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»", "„": "“"}


@dataclass(frozen=True)
class ActorRef:
    """An actor mention the quote finder may use as a speaker."""

    start: int
    end: int
    actor_id: int
    name: str
    kind: str


@dataclass(frozen=True)
class Quote:
    start: int  # text[start:end] is the quoted text, without the marks
    end: int
    text: str
    speaker_id: int | None
    context_start: int  # the sentence around it
    context_end: int
    how: str  # which rule found the speaker (a key of RULES), for users asking "why this speaker?"
    confidence: float = 0.0  # how sure that rule's speaker is; 0 without a speaker


def find_quote_spans(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of the text inside every pair of quotation marks, in order, not nested."""
    spans: list[tuple[int, int]] = []
    skipped = SpanIndex(skip)
    closings = _Closings(text)
    i, n = 0, len(text)
    while i < n:
        mark = _OPENING.search(text, i)
        if mark is None:
            break
        i = mark.start()
        OPS["quote close scan"] += 1
        ch = text[i]
        if skipped.covers(i) or not _opens(text, i):
            i += 1
            continue
        j = closings.after(i + 1, ch)
        if j is None:
            i += 1
            continue
        if j > i + 1:
            spans.append((i + 1, j))
        i = j + 1
    return spans


_OPENING = re.compile("[" + re.escape("".join(_OPEN_CLOSE)) + "]")


def _closing_pattern(open_ch: str) -> re.Pattern[str]:
    marks = _OPEN_CLOSE[open_ch] + ('"' if open_ch == "“" else "")  # “…" closes on a straight mark too
    # A single mark followed by a letter or digit is an apostrophe inside the quote ("Ukraine’s").
    return re.compile("[" + re.escape(marks) + "]" + (r"(?![^\W_])" if open_ch in "'‘" else ""))


_CLOSING = {open_ch: _closing_pattern(open_ch) for open_ch in _OPEN_CLOSE}
_NEWLINE = re.compile("\n")


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    if ch in "'’":
        # A straight or right single quote opens only at a word start, never as an apostrophe.
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        return not before.isalnum() and after.isalnum()
    if ch == "‘":
        before = text[i - 1] if i else " "
        return not before.isalnum()
    return True


class _Closings:
    """Where the quotations of one text close.

    Opening marks are asked about from left to right, so the closing mark found for one
    serves every later opening before it: the text is scanned about once per kind of mark,
    even when thousands of quotations never close (a run of “ marks)."""

    def __init__(self, text: str):
        self.text = text
        self._found: dict[str, tuple[int, int]] = {}  # pattern -> (searched from, next match or len(text))

    def _next(self, key: str, pattern: re.Pattern[str], pos: int) -> int:
        since, found = self._found.get(key, (len(self.text) + 1, -1))
        if not since <= pos <= found:  # nothing in text[since:found] matches, so reuse it
            m = pattern.search(self.text, pos)
            found = m.start() if m else len(self.text)
            OPS["quote close scan"] += found - pos + 1
            self._found[key] = (pos, found)
        return found

    def after(self, start: int, open_ch: str) -> int | None:
        """Where the quote opened at start-1 closes; None if it never does."""
        j = self._next(open_ch, _CLOSING[open_ch], start)
        if open_ch in "'‘":
            # Single quotes are short and do not run over paragraphs.
            if j >= min(len(self.text), start + 400) or self._next("\n", _NEWLINE, start) < j:
                return None
        return j if j < len(self.text) else None


# -- sentences -----------------------------------------------------------------------------

def _sentence_of(pos: int, bounds: Sequence[tuple[int, int]]) -> tuple[int, int]:
    k = bisect_right(bounds, pos, key=lambda bound: bound[0]) - 1  # bounds tile the text, in order
    if k >= 0 and bounds[k][0] <= pos < bounds[k][1]:
        return bounds[k]
    return 0, 0


# -- speakers -------------------------------------------------------------------------------


class _Speakers:
    """Resolves speakers for one text, remembering who spoke and who acted last for pronouns."""

    def __init__(self, text: str, mentions: Sequence[ActorRef], quoted: Sequence[tuple[int, int]] = ()):
        self.text = text
        # A name inside a quotation is what someone said, never who is speaking; nor does a
        # place speak ("the institution, based in the capital, Abuja, stated", a dateline).
        inside = SpanIndex(quoted)
        self.mentions = sorted(
            (m for m in mentions if not inside.covers(m.start) and m.kind != _PLACE), key=lambda m: (m.start, -m.end)
        )
        self._starts = [m.start for m in self.mentions]
        self._passing: dict[tuple, tuple[int, list[int]]] = {}  # see _last_before
        self._sentence: _Sentence | None = None
        self._commas = [m.start() for m in re.finditer(",", text)]
        # (where, who) of the last person and the last organisation that were a sentence's
        # subject, and of the last speaker: a pronoun goes to the latest that fits it.
        self._person: tuple[int, ActorRef] | None = None
        self._body: tuple[int, ActorRef] | None = None
        self._speaker: tuple[int, ActorRef] | None = None
        self._speaker_how = ""  # the rule that found the last speaker
        # The words that title each person where the text names them ("Kremlin spokesman
        # Dmitry Peskov", "Damiba, leader of the junta"), for role nouns ("the spokesman").
        self._titled: dict[str, list[tuple[ActorRef, frozenset[str]]]] = {}  # title word -> people so titled
        for m in self.mentions:
            if m.kind == _PERSON:
                title = _title_words(text, m)
                for word in title:
                    self._titled.setdefault(word, []).append((m, title))

    def _mention_at(self, pos: int) -> ActorRef | None:
        k = bisect_left(self._starts, pos)
        return self.mentions[k] if k < len(self._starts) and self._starts[k] == pos else None

    def _first_in(self, a: int, b: int) -> ActorRef | None:
        """The first mention lying wholly in text[a:b]."""
        k = bisect_left(self._starts, a)
        return self.mentions[k] if k < len(self._starts) and self.mentions[k].end <= b else None

    def _first_person_in(self, a: int, b: int) -> ActorRef | None:
        """The first person named wholly in text[a:b]."""
        return next((m for m in self._between(a, b) if m.kind == _PERSON), None)

    def _between(self, a: int, b: int) -> list[ActorRef]:
        first, last = bisect_left(self._starts, a), bisect_right(self._starts, b)
        return [m for m in self.mentions[first:last] if m.end <= b]

    def _last_before(self, pos: int, key: tuple, test: Callable[[ActorRef], bool]) -> ActorRef | None:
        """The last mention ending by pos that passes test, among the LOOKBACK mentions
        before pos: a described speaker ("the ministry said") was named not long before.

        Quotes are read in order, so each test's passing mentions are collected once, as
        pos moves on, and kept under key."""
        last = bisect_right(self._starts, pos)
        scanned, passing = self._passing.setdefault(key, (0, []))
        for k in range(max(scanned, last - LOOKBACK), last):
            OPS["speaker lookback"] += 1
            if test(self.mentions[k]):
                passing.append(k)
        self._passing[key] = (max(scanned, last), passing)
        for k in reversed(passing):
            OPS["speaker lookback"] += 1
            if k < last - LOOKBACK:
                break
            if k < last and self.mentions[k].end <= pos:
                return self.mentions[k]
        return None

    def _is_subject(self, m: ActorRef) -> bool:
        before = re.split(r"[.!?\n:;]", self.text[max(0, m.start - 40) : m.start])[-1]
        words = [w.lower() for w in re.findall(r"\w+", before)]
        while words and words[-1] in _DETERMINERS:
            words.pop()
        if words and words[-1] in _PREPOSITIONS:
            return False
        after = self.text[m.end : m.end + 2]
        if after.startswith(("’s", "'s", "’ ", "' ")):
            return False
        at_line_start = m.start == 0 or self.text[max(0, m.start - 6) : m.start].strip(" \t") == "" or self.text[m.start - 1] == "\n"
        return not (at_line_start and _DATELINE_AFTER.match(self.text, m.end, m.end + 12))

    def _pronoun(self, word: str) -> ActorRef | None:
        """The latest actor a pronoun can stand for: a person for he or she, an organisation
        or the last speaker for it or they (“…,” it said, of a statement)."""
        speaker = self._speaker
        if word.lower() in ("it", "they", "its", "their"):
            # Never a person ("Damiba “is …,” they said" is his rivals speaking of him), but
            # "it" may be a statement whose author was named ("said the statement signed by X").
            by_statement = word.lower() == "it" and self._speaker_how in _BY_STATEMENT
            found = [x for x in (self._body, speaker) if x is not None and (x[1].kind != _PERSON or by_statement)]
        else:
            found = [x for x in (self._person, speaker) if x is not None and x[1].kind == _PERSON]
        return max(found, key=lambda x: x[0])[1] if found else None

    def _noun_phrase(self, phrase: str, before: int) -> ActorRef | None:
        """`the ministry` -> the last actor mentioned before whose name holds that word."""
        head = phrase.split()[-1].lower()
        named = self._last_before(
            before, ("names", head), lambda m: head in self.text[m.start : m.end].lower() or head in m.name.lower()
        )
        if named is not None:
            return named
        if head in _ORGANISATION_NOUNS:
            return self._last_before(before, ("organisation",), lambda m: m.kind == _ORGANISATION)
        if head in _BODY_NOUNS:
            return self._last_before(before, ("body",), lambda m: m.kind in _BODY_KINDS)
        return None

    def _role(self, phrase: str, before: int, shared: int = 0) -> ActorRef | None:
        """`the Russian president`, `the junta spokesperson` -> the person the text titled so
        most recently before (the one whose title shares most of the phrase's other words)."""
        words = [_role_word(w) for w in _LETTERS.findall(phrase)]
        if not words or words[-1] in _BODY_NOUNS:
            return None
        head, others = words[-1], set(words[:-1])
        titled = self._titled.get(head, [])
        last = bisect_left(titled, before, key=lambda t: t[0].start)
        best, best_shared = None, shared - 1
        for k in range(last - 1, max(-1, last - ROLE_LOOKBACK), -1):  # the latest few so titled
            OPS["speaker lookback"] += 1
            ref, title = titled[k]
            if ref.end <= before and len(others & title) > best_shared:
                best, best_shared = ref, len(others & title)
        return best

    def _state_office(self, phrase: str, before: int) -> ActorRef | None:
        """`the Belarusian statement` -> the office of that state named last before (its
        presidency, embassy, ministry), which puts out its statements; None if none is named."""
        words = phrase.split()
        if len(words) < 2 or words[-1].lower() not in _STATEMENT_NOUNS:
            return None
        demonym = words[-2].lower()
        # Named by the state ("Presidency of Belarus") or by the same word ("Belarusian presidency").
        marks = {demonym, (state_of_demonym(demonym) or demonym).lower()}

        def office(m: ActorRef) -> bool:
            name = m.name.lower()
            said = f"{name} {self.text[m.start : m.end].lower()}"
            return m.kind in _BODY_KINDS and any(w in name for w in _OFFICES) and any(x in said for x in marks)

        return self._last_before(before, ("office", demonym), office)

    def described(self, phrase: str, before: int) -> ActorRef | None:
        """Who a description stands for: a person by role, the statement last quoted's
        author for "the statement", else an organisation by name."""
        words = phrase.lower().split()
        if words and words[-1] in _STATEMENT_NOUNS and self._speaker is not None:
            return self._speaker[1]
        return self._role(phrase, before) or self._epithet(phrase, before) or self._noun_phrase(phrase, before)

    def _epithet(self, phrase: str, before: int) -> ActorRef | None:
        """`the businessman` (a person described, not titled) -> the person named most often
        before, the latest of equals: copy calls its main figure so."""
        if phrase.split()[-1].lower() not in _EPITHETS:
            return None
        counts: dict[int, int] = {}
        latest: dict[int, ActorRef] = {}
        for m in self.mentions[max(0, bisect_left(self._starts, before) - LOOKBACK) : bisect_left(self._starts, before)]:
            if m.kind == _PERSON and m.end <= before:
                counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
                latest[m.actor_id] = m
        if not counts:
            return None
        return latest[max(counts, key=lambda a: (counts[a], latest[a].start))]

    def after(self, q_end: int, sent_end: int) -> tuple[ActorRef | None, str] | None:
        """`”, X said` / `,” said X` / `,” he added` / `,” the spokesman said` after the closing mark."""
        tail_start = q_end + 1
        tail = self.text[tail_start : min(sent_end, tail_start + ATTRIBUTION_WINDOW)]
        acc = re.match(r"[\s,.;:—–-]*according to\s+", tail, re.I)
        if acc:
            ref = self._mention_at(tail_start + acc.end())
            if ref is not None:
                return ref, "according to"
            # "according to the official statement read … by the spokesman for the junta, Captain X"
            by = _STATEMENT_BY.match(tail, acc.end())
            ref = self._first_person_in(tail_start + by.end(), tail_start + by.end() + 80) if by else None
            if ref is not None:
                return ref, "statement's author after quote"
        m = _SUBJECT_THEN_VERB.match(tail)
        if m and len(m.group("subj")) <= 60 and m.group("subj"):
            subj = m.group("subj")
            pos = tail_start + m.start("subj")
            if subj.lower() in PRONOUNS:
                return self._pronoun(subj), "pronoun after quote"
            det = re.match(r"(?:the|a|an)\s+", subj, re.I)
            ref = self._mention_at(pos) or (self._mention_at(pos + det.end()) if det else None)
            if ref is not None and pos + len(subj) <= ref.end + 1:
                return ref, "name after quote"
            if "," in subj:  # “… to wipe out” the mutineers, Lukashenko said
                clause = pos + subj.rfind(",") + 1
                ref = self._first_in(clause, pos + len(subj))
                if ref is not None and pos + len(subj) <= ref.end + 1 and self.text[clause : ref.start].strip() == "":
                    return ref, "name after quote"
            # "Kremlin spokesman Dmitry Peskov said": the name that ends the subject, after its title.
            ref = self._last_before(pos + len(subj), ("any",), lambda m: True)
            if ref is not None and ref.start >= pos and ref.end >= pos + len(subj) - 1 and _TITLE_GAP.fullmatch(self.text, pos, ref.start):
                return ref, "title and name after quote"
            np = _DESCRIPTION.fullmatch(subj)
            if np:
                office = self._state_office(np.group(1), tail_start)
                if office is not None:
                    return office, "office behind a state's statement"
                return self.described(np.group(1), tail_start), "role after quote"
        m = _VERB_THEN_REST.match(tail)
        if m and not tail[m.start("rest") - 1 :].lstrip().startswith(("that ",)) and not _PARTICIPLE.match(tail):
            pos = tail_start + m.start("rest")
            rest = m.group("rest")
            word = rest.split(" ", 1)[0].strip(",.").lower()
            if word in PRONOUNS:
                return self._pronoun(word), "pronoun after quote"
            ref = self._mention_at(pos)
            if ref is not None:
                return ref, "name after quote"
            # "said government spokesman Colonel Abdoulaye Maiga": a title, then the name.
            ref = self._first_in(pos, pos + 60)
            if ref is not None and _TITLE_GAP.fullmatch(self.text, pos, ref.start):
                return ref, "title and name after quote"
            # "said the statement signed by Traoré": the statement's author.
            by = _STATEMENT_BY.match(rest)
            ref = self._mention_at(pos + by.end()) if by else None
            if ref is not None:
                return ref, "statement's author after quote"
            np = _DESCRIPTION_START.match(rest)
            if np:
                return self.described(np.group(1), tail_start), "role after quote"
        return None

    def before(self, q_start: int, sent_start: int, sent_end: int) -> tuple[ActorRef | None, str] | None:
        """The subject of the nearest speech verb before the quote in its sentence."""
        OPS["speaker reads"] += 1
        sentence = self.sentence(sent_start, sent_end)
        head_end = q_start - 1  # the text before the opening mark
        if sentence.last_visible(head_end, sent_start) == ":":  # X: “…”
            colon = self.text.rindex(":", sent_start, head_end)
            ref = next(sentence.ending_by(sentence.mentions, q_start, reverse=True), None)
            # Only a name right before the colon introduces the quote; in "Putin ‘scared’: ‘…’"
            # a quote stands between them, a headline's gloss.
            if ref and _blank(self.text, ref.end, colon):
                return ref, "name before colon"
        issued = sentence.issued.get(head_end)
        if issued:  # the embassy issued a statement “…”
            ref = next(sentence.ending_by(sentence.mentions, issued.start(), reverse=True), None)
            if ref is not None and ref.end == issued.start():
                return ref, "author of an issued statement"
        n_verbs = bisect_right(sentence.verb_ends, head_end)
        if not n_verbs:
            acc = sentence.according if sentence.according and sentence.according.end() <= head_end else None
            ref = self._mention_at(acc.end()) if acc else None
            return (ref, "according to") if ref else None
        verb = sentence.verbs[n_verbs - 1]
        verb_at = verb.start()
        if self._passive(verb, sent_start):
            agent = _AGENT.match(self.text, verb.end())
            ref = self._mention_at(agent.end()) if agent else None
            return (ref, "agent of a passive speech verb") if ref else (None, NO_SPEAKER)
        n_words = bisect_right(sentence.word_ends, verb_at)  # the words before the verb
        if n_words and sentence.words[n_words - 1].group().lower() in PRONOUNS:
            return self._pronoun(sentence.words[n_words - 1].group()), "pronoun before quote"
        subjects = sentence.ending_by(sentence.subjects, verb_at)
        first = next(subjects, None)
        participle = verb.group().lower().endswith("ing") and (
            sentence.last_visible(verb_at, 0) == "," or _AND_AFTER_COMMA.search(self.text, max(sent_start, verb_at - 8), verb_at)
        )
        if first and participle:
            # ", claiming they …": a participle after a comma belongs to the sentence's subject.
            return first, "subject of the sentence"
        # "the Russian president, who …, said that": a role right before the verb is its subject.
        last = next(sentence.ending_by(sentence.subjects, verb_at, reverse=True)) if first else None
        role = _ROLE_BEFORE_VERB.search(self.text, last.end if last else sent_start, verb_at)
        if role and _after_preposition(self.text, role.start(), sent_start):
            role = None
        if role:
            ref = self.described(role.group(1), verb_at)
            if ref is not None:
                return ref, "role before quote"
        if not first and n_words and sentence.words[0].group().lower() in PRONOUNS:
            return self._pronoun(sentence.words[0].group()), "pronoun before quote"
        if not first:
            # "…,' said Ornella Moderan, a researcher, adding that …": the speaker follows the verb.
            ref = sentence.named_after[n_verbs - 1]
            if ref is not None:
                return ref, "name after speech verb"
        if first:
            several = next(subjects, None) is not None
            ref = first if sentence.appositive(first, last, several, verb_at) else last
            qualified = _ROLE_AFTER_NAME.match(self.text, ref.end, verb_at)
            if qualified:  # "the junta spokesperson said": the spokesperson speaks
                person = self._role(self.text[ref.start : qualified.end()], verb_at)
                return (person, "role before quote") if person else None
            if ref.kind == "media" and _REPORTS.match(self.text, ref.end, verb_at + len(verb.group())):
                return None  # an outlet reports what others said
            return ref, "subject of speech verb"
        described = next(sentence.ending_by(sentence.described, verb_at, reverse=True), None)
        if described:
            role = _DESCRIBED.search(self.text, max(sent_start, described.start - 60), described.start)
            if role and _role_word(role.group(1)) == _LEADER:
                # "the head of the group said": its leader speaks, titled so where named
                # ("group chief X"); the group does not, and no one else.
                person = self._role(f"{self.text[described.start : described.end]} {_LEADER}", verb_at, shared=1)
                return (person, "leader of the named organisation") if person else (None, NO_SPEAKER)
            return described, "described speaker's organisation"
        return None

    def _passive(self, verb: re.Match[str], floor: int) -> bool:
        """Whether a speech verb is passive ("was described as", "as announced by")."""
        word = verb.group().lower()
        if not word.endswith(("ed", "said", "told")):
            return False
        at = verb.start()
        lo = max(floor, at - 30)
        if _BE_BEFORE.search(self.text, lo, at) or _AS_END.search(self.text, lo, at):
            return True
        return bool(_COMMA_END.search(self.text, lo, at) and _AS_OR_BY.match(self.text, verb.end()))

    def subject(self, q_start: int, sent_start: int, sent_end: int) -> tuple[ActorRef | None, str] | None:
        """The subject of the sentence a partial quote sits in, when it opens the sentence
        (after an opener such as "Last Thursday,"): a name (the last of a run of title and
        name, "Burkina junta chief Damiba"), a pronoun, or a role ("the regional bloc").
        None where the sentence hedges ("X is allegedly …"): someone unnamed says it of X."""
        hedges = self.sentence(sent_start, sent_end).hedges
        if bisect_left(hedges, q_start) > bisect_left(hedges, sent_start):
            return None, NO_SPEAKER
        opener = _OPENER.match(self.text, sent_start, q_start)
        at = opener.end() if opener else sent_start
        word = _WORD_AT.match(self.text, at, q_start)
        if word is None:
            return None
        if word.group(1).lower() in PRONOUNS:
            return self._pronoun(word.group(1)), "subject of a partial quote"
        ref = self._first_in(at, q_start)
        if ref is not None and _TITLE_GAP.fullmatch(self.text, at, ref.start):
            while True:  # a run of names and titles ends with the one that acts
                following = self._first_in(ref.end, q_start)
                if following is None or not _RUN_GAP.fullmatch(self.text, ref.end, following.start):
                    break
                ref = following
            if _VERB_NEXT.match(self.text, ref.end, q_start) and not (ref.kind == "media" and _REPORTS.match(self.text, ref.end, q_start)):
                return ref, "subject of a partial quote"
            return None
        np = _DESCRIPTION_BEFORE_VERB.match(self.text, at, q_start)
        # A phrase after the noun ("the businessman at the head of the militia") only with an
        # epithet: after a role it names the organisation ("the head of the bloc"), read elsewhere.
        if np and (not np.group("pp") or np.group(1).split()[-1].lower() in _EPITHETS):
            found = self.described(np.group(1), at)
            if found is not None:
                return found, "subject of a partial quote"
        return None

    def sentence(self, start: int, end: int) -> _Sentence:
        """The facts of the sentence text[start:end], kept while quotes are read in it."""
        if self._sentence is None or self._sentence.start != start:
            self._sentence = _Sentence(self, start, end)
        return self._sentence

    def note(self, ref: ActorRef | None, at: int, how: str) -> None:
        if ref is not None:
            self._speaker = (at, ref)
            self._speaker_how = how

    def see_sentence(self, a: int, b: int) -> None:
        """Remember a sentence's subjects, a person and an organisation, for later pronouns:
        those named before any pronoun, "that" or speech verb (after those come the clauses
        of what was said, whose subjects are not the sentence's)."""
        a = _OPENER.match(self.text, a, b).end()
        # The subjects stand in the first SUBJECT_WORDS words, before the first clause mark:
        # the mark is looked for only where it can open before the word after those (at a
        # run of word characters), not through the whole sentence.
        first_words = list(itertools.islice(_LETTERS.finditer(self.text, a, b), SUBJECT_WORDS + 1))
        limit = first_words[-1].start() if len(first_words) > SUBJECT_WORDS else b
        block = next(_listed_words(self.text, a, b, _CLAUSE_WORDS, _CLAUSE_MARK, before=limit), None)
        if block is not None:
            limit = block.start()
        person = body = None
        for r in self._between(a, limit):
            if (r.kind == _PERSON and person is None) or (r.kind in _BODY_KINDS and body is None):
                if self._is_subject(r) and not _QUALIFIES_ROLE.match(self.text, r.end, b):
                    if r.kind == _PERSON:
                        person = r
                    else:
                        body = r
        if person is not None:
            self._person = (person.start, person)
        if body is not None:
            self._body = (body.start, body)


class _Sentence:
    """What the rules before a quote read in its sentence, found once for the sentence: the
    quotes of one long sentence then cost a bisection each, not a read of the sentence."""

    def __init__(self, speakers: _Speakers, start: int, end: int):
        OPS["speaker reads"] += end - start
        self.text = text = speakers.text
        self.start = start
        self._commas = speakers._commas
        # A sentence starts after a non-word character, so these match as in the sentence alone.
        self.verbs = list(_listed_words(text, start, end, _VERB_WORDS, _VERB_RE))
        self.verb_ends = [v.end() for v in self.verbs]
        self.words = list(_LETTERS.finditer(text, start, end))
        self.word_ends = [w.end() for w in self.words]
        self.according = _ACCORDING.search(text, start, end)
        self.issued = {m.end(): m for m in _ISSUED.finditer(text, start, end)}  # by where the quote would open
        self.hedges = [m.start() for m in _HEDGE.finditer(text, start, end)]
        first, last = bisect_left(speakers._starts, start), bisect_left(speakers._starts, end)
        self.mentions = speakers.mentions[first:last]
        # The sentence's own subjects come after its opener ("On the day since X was detained, ").
        opener = _OPENER.match(text, start, end)
        self.subjects = [m for m in self.mentions if m.start >= opener.end() and speakers._is_subject(m)]
        self.described = [m for m in self.mentions if _DESCRIBED.search(text[max(start, m.start - 60) : m.start])]
        # For each verb: the mention right after the last verb up to it that has one.
        self.named_after: list[ActorRef | None] = []
        for v in self.verbs:
            after = _SPACES.match(text, v.end())
            # Only a verb that comes before its subject ("said X"), not one with an object ("hailed X").
            ref = speakers._mention_at(after.end() if after else v.end()) if v.group().lower() in _INVERTED else None
            self.named_after.append(ref if ref is not None else (self.named_after[-1] if self.named_after else None))
        self._visible: dict[tuple[int, int], str] = {}
        self._spaced: dict[tuple[int, int], bool] = {}

    @staticmethod
    def ending_by(items: list[ActorRef], pos: int, reverse: bool = False) -> Iterator[ActorRef]:
        """The items (sorted by start) lying wholly before pos, in order or last first."""
        k = bisect_right(items, pos, key=lambda m: m.start)
        return (items[i] for i in (range(k - 1, -1, -1) if reverse else range(k)) if items[i].end <= pos)

    def last_visible(self, pos: int, floor: int) -> str:
        """The last character before pos, back to floor, that is not white space ("" if none)."""
        if (pos, floor) not in self._visible:
            k = pos
            while k > floor and self.text[k - 1].isspace():
                k -= 1
            self._visible[pos, floor] = self.text[k - 1] if k > floor else ""
        return self._visible[pos, floor]

    def _comma_in(self, start: int, end: int) -> bool:
        k = bisect_left(self._commas, start)
        return k < len(self._commas) and self._commas[k] < end

    def appositive(self, first: ActorRef, last: ActorRef, several: bool, verb_at: int) -> bool:
        """`X, spokesperson for Y, stated` — the verb's subject is X, before the commas."""
        if (last.end, verb_at) not in self._spaced:
            self._spaced[last.end, verb_at] = _SPACES_COMMAS.match(self.text, last.end, verb_at).end() == verb_at
        if self._spaced[last.end, verb_at]:
            return False  # "…, Colonel Maiga, told": the name right before the verb is its subject
        return self._comma_in(last.end, verb_at) and several and self._comma_in(first.end, last.start)

    def verb_after(self, pos: int) -> bool:
        """Whether a speech verb follows pos in the sentence."""
        return bisect_right(self.verb_ends, pos) < len(self.verbs)


def _blank(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is only white space, read no further than its first other character."""
    if start >= end:
        return True
    spaces = _SPACES.match(text, start, end)
    return spaces is not None and spaces.end() == end


def find_quotes(
    text: str, mentions: Sequence[ActorRef] = (), skip: Sequence[tuple[int, int]] = ()
) -> list[Quote]:
    """Every quotation in text with its speaker (an actor id) where the sentence says who."""
    spans = find_quote_spans(text, skip)
    bounds = sentence_bounds(text, spans)
    speakers = _Speakers(text, mentions, spans)
    quotes: list[Quote] = []
    seen_sentence = 0
    unread = 0  # bounds[unread:] are the sentences not yet read for pronouns
    first_mention: dict[int, ActorRef] = {}
    for m in mentions:
        first_mention.setdefault(m.actor_id, m)
    previous: Quote | None = None
    said_by: dict[int, ActorRef] = {}
    for start, end in spans:
        sent_start, sent_end = _sentence_of(start, bounds)
        while unread < len(bounds) and bounds[unread][1] <= sent_start:
            a, b = bounds[unread]
            if seen_sentence <= a:
                speakers.see_sentence(a, b)
            unread += 1
        seen_sentence = max(seen_sentence, sent_start)
        if (
            _AS_BEFORE.search(text, max(sent_start, start - 12), start - 1)
            and _TITLE_QUOTED.match(text, start, end)
            and not _CHARACTERISED.search(text, max(sent_start, start - 120), start - 1)
        ):
            # read a statement as the “president of the council” (but one "described X as the
            # “leader of …”" speaks)
            found = None, NO_SPEAKER
        else:
            found = speakers.after(end, sent_end) or speakers.before(start, sent_start, sent_end)
        if (found is None or found[0] is None) and not _blank(text, sent_start, start - 1) and found != (None, NO_SPEAKER):
            found = speakers.subject(start - 1, sent_start, sent_end) or found
        ref, how = found if found else (None, "")
        # The sentence may say the words are no one's it names (a title, a passive verb).
        vetoed = how == NO_SPEAKER
        if not vetoed and ref is None and previous is not None and previous.speaker_id is not None and previous.context_start == sent_start:
            # “…,” the statement said, adding that “…”: one speaker through the sentence.
            if next(_listed_words(text, previous.end, start, _VERB_WORDS, _VERB_RE), None) and (previous.speaker_id in first_mention or previous.speaker_id in said_by):
                ref = said_by.get(previous.speaker_id) or first_mention[previous.speaker_id]
                how = "same sentence's speaker"
        if not vetoed and ref is None and previous is not None and previous.speaker_id is not None:
            opens_sentence = _blank(text, sent_start, start - 1)
            follows = _blank(text, previous.context_end, sent_start)
            if opens_sentence and follows and not speakers.sentence(sent_start, sent_end).verb_after(end):
                ref = first_mention.get(previous.speaker_id)
                how = "continues the previous quote"
        speakers.note(ref, start, how)
        if ref is not None:
            said_by[ref.actor_id] = ref
        quote = Quote(
            start=start,
            end=end,
            text=text[start:end],
            speaker_id=ref.actor_id if ref else None,
            context_start=sent_start,
            context_end=sent_end,
            how=how if ref else NO_SPEAKER,
            confidence=RULES[how] if ref else 0.0,
        )
        quotes.append(quote)
        previous = quote
    return quotes
