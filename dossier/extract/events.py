"""Find event mentions: sentences that report a dated happening, with its actors and date.

An event mention is one sentence (its evidence span) holding:
- a trigger: words that say something happened, of a kind ("cut … ties": break ties,
  "ambushed": attack), from lexicon.EVENT_TRIGGERS; or a statement (a speech verb or
  "statement", "address"…);
- the actors it names, in roles: places are the location, actors before the trigger its
  actor, actors after it its target (a statement's actors before it are its speaker);
- the date it resolves to, at its precision: the date mention nearest the trigger.

Rules (each pinned by a sentence in tests/test_extract_events.py):
1. Each resolved date of a sentence goes to its nearest trigger, which keeps only its
   nearest date ("from Aug. 4 to Aug. 8" is one visit). A date before its trigger counts
   three times as far as one after it (dates follow their verbs), and a noun ("the coup",
   "an ultimatum") counts as farther than a verb: it often names an event reported
   elsewhere. A participle describing someone ("the ousted president") is no trigger. A date does not reach across
   another clause ("following", "after", "amid", a dash…), across a comma backwards unless
   it is a fronted or parenthetical adverbial ("On July 25, …", "the junta, on Friday,
   ordered"), or across a quotation mark; dates after "since", "until", "by" date nothing, nor does a
   dateline ("KYIV, Aug. 12, 2024 —"): it dates the writing.
2. A dated statement hands its date to the act it reports: the first verb trigger after
   the speech verb, else before it, that no date went to, in the same clause chain, not in
   a relative clause ("the officers who seized power said …") nor in quotation marks
   ("Mali 'decided to sever ties', the ministry said on Monday" dates the statement).
   "Mali is severing relations, Maiga announced on Aug. 4" is a break of ties on Aug. 4.
3. A sentence whose dated mentions are all statements (or which has none) also reports its
   main act undated: its first verb trigger outside a relative clause. A noun alone ("It
   was the latest coup in the Sahel") reports no undated event, and a statement needs its
   own date: "Kestan was wrong, Varga said" is no event.
4. A dated statement about "the decision" ("the move", "this step") dates the undated act
   the sentence before reported: "Mali cut ties with Ukraine. The decision was announced on
   Sunday evening."
5. A mention names at least one actor; a sentence quoted from a known speaker that names
   none has the speaker as its actor ("“We marched on March 2,” Brell said").

Pure: text, actor mentions and date mentions in, `EventMention`s out. Reconciling them with
the dossier's events is dossier/timeline.py's job.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dossier.extract.dates import DateMention
from dossier.extract.lexicon import (
    EVENT_ANAPHORS,
    EVENT_NOUNS,
    EVENT_TRIGGERS,
    MORE_TITLES,
    PREPOSITIONS,
    ROLES,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
    TITLES,
)
from dossier.extract.opcount import OPS
from dossier.extract.quotes import ActorRef
from dossier.extract.spans import SpanIndex
from dossier.extract.text import sentence_bounds

STATEMENT = "statement"  # the kind of a mention whose only trigger is a speech verb


@dataclass(frozen=True)
class EventMention:
    """A sentence reporting a happening: text[start:end] == text."""

    start: int
    end: int
    text: str
    trigger: str  # the words that say what happened, as written
    kind: str  # the trigger's kind ("break ties", "attack", "statement", …)
    date: str | None  # ISO at `precision`, None when the sentence gives no resolved date
    precision: str | None
    actors: tuple[tuple[int, str], ...]  # (actor id, role), each actor once, in text order


# -- triggers ----------------------------------------------------------------------------------

_GAP = r"(?:[^\S\n]*,?[^\S\n]+[\w’'-]+){0,6}?[^\S\n]*,?[^\S\n]+"  # up to six words of one clause


def _phrase_pattern(phrase: str) -> str:
    parts = []
    for word in phrase.split():
        if word == "…":
            parts.append(_GAP)
            continue
        if parts and parts[-1] != _GAP:
            parts.append(r"[^\S\n]+")
        forms = sorted(word.split("/"), key=len, reverse=True)
        parts.append("(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms) + ")")
    return "".join(parts)


def _trigger_table() -> list[tuple[str, str]]:
    """(kind, phrase) for every trigger, longest phrases first so that they win ("seized
    power" is a coup, "seized" alone a seizure)."""
    table = [(kind, phrase) for kind, phrases in EVENT_TRIGGERS.items() for phrase in phrases]
    table += [(STATEMENT, verb) for verb in SPEECH_VERBS] + [(STATEMENT, noun) for noun in STATEMENT_NOUNS]
    return sorted(table, key=lambda kp: (-len(kp[1].split()), -len(kp[1])))


def _by_first_word() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Each word a trigger can start with (folded) -> the (kind, phrase pattern) pairs that
    start with it, in the table's order: a text is read word by word, and only the phrases
    its words can start are tried, longest first."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for kind, phrase in _trigger_table():
        pattern = re.compile(_phrase_pattern(phrase) + r"(?![\w-])", re.IGNORECASE)
        for form in phrase.split()[0].split("/"):
            table.setdefault(form.casefold(), []).append((kind, pattern))
    return table


_BY_FIRST_WORD = _by_first_word()
_WORD = re.compile(r"[\w-]+")
_NOUN_WORDS = frozenset(w for phrase in EVENT_NOUNS for w in phrase.split()[:1]) | frozenset(STATEMENT_NOUNS)
_DETERMINER_BEFORE = re.compile(r"(?:\b(?:the|a|an|this|that|its|their|his|her|our|last\s+\w+’s|last\s+\w+'s)|’s|'s)\s+$", re.I)
# A participle before a title or role describes someone, it reports nothing: "the ousted
# President Bazoum", "toppled leader Damiba", "the deposed president".
_PARTICIPLE_BEFORE_ROLE = re.compile(
    r"(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bis\s)(?<!\bare\s)(?<!\bbe\s)(?<!\bhas\s)(?<!\bhad\s)(?<!\bhave\s)"
    r"[\w-]+(?:ed|en)\s+(?:junta\s+|interim\s+|military\s+|former\s+)?(?:"
    + "|".join((*TITLES, *MORE_TITLES, *ROLES, "leader", "ruler", "government", "regime", "president", "premier"))
    + r")\b",
    re.IGNORECASE,
)
# "following claims", "amid reports": a speech verb after a preposition is a noun.
_PREPOSITION_BEFORE = re.compile(r"\b(?:" + "|".join(PREPOSITIONS) + r"|following|amid|despite)\s+$", re.IGNORECASE)
_NEGATION_BEFORE = re.compile(r"\b(?:not|never|no\s+longer|n[’']t)\s+(?:\w+ly\s+|yet\s+|been\s+)?$", re.IGNORECASE)
_NOUN_PENALTY = 60  # characters: how much farther a noun trigger counts than a verb


@dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    kind: str
    noun: bool  # a noun ("the coup"): it names an event, often one reported elsewhere
    relative: bool = False  # in a relative clause ("the officers who seized power")

    def distance(self, date: DateMention) -> int:
        """How far a date is from this trigger, in characters: a date usually follows its
        verb ("seized control in Niamey on July 26 and have given …"), so one before it
        counts three times; a noun counts as farther away than a verb."""
        if date.start >= self.end:
            gap = date.start - self.end
        else:
            gap = 3 * max(self.start - date.end, 0)
        return gap + (_NOUN_PENALTY if self.noun else 0)


# Words between a trigger and a date that start a clause about something else: "cut ties,
# following claims of its role in clashes last month" does not date the break.
_OTHER_CLAUSE = re.compile(
    r"\b(?:following|after|before|since|amid|over|because|despite|when|while|whereas|although|in\s+response\s+to)\b|[;—–(]",
    re.IGNORECASE,
)
# Words right before a date that make it no date of an event: a start ("head of the guard
# since 2011"), an end or a deadline ("until", "by", "no later than").
_NOT_AN_EVENT_DATE = re.compile(r"\b(?:since|until|till|by|than)\s+(?:the\s+)?$", re.IGNORECASE)


# What comes right before a fronted or parenthetical date: the sentence start or a comma,
# and maybe a preposition ("On July 25, …", "the junta, on Friday, ordered").
_ADVERBIAL_OPENING = re.compile(r"(?:^|,)\s*(?:(?:late|early)\s+)?(?:on|in|at|during|since)?\s*$", re.IGNORECASE)
# A trigger in a relative clause tells who someone is, not what the sentence reports: "the
# officers who have seized power said on Saturday …".
_RELATIVE_BEFORE = re.compile(r"\b(?:who|which|that)\s+(?:(?:have|has|had|was|were|is|are)\s+)?(?:been\s+)?$", re.IGNORECASE)


# A dateline: the date that opens a story's first line, after a place ("KYIV, Aug. 12,
# 2024 —", "Ouagadougou, Oct 1 (AFP)") or a label ("date 2023-08-14"). It dates the writing.
_DATELINE_BEFORE = re.compile(r"(?:^|\n)[^\S\n]*(?:date[^\S\n]+|[A-Z][\w .'’-]{0,40},[^\S\n]*)?$")
_DATELINE_AFTER = re.compile(r"[^\S\n]*(?:\([^)\n]{1,30}\)[^\S\n]*)?(?:[—–:-]|\n|$)")


def _dateline(text: str, date: DateMention) -> bool:
    before = text[max(0, date.start - 60) : date.start]
    if not _DATELINE_BEFORE.search(before):
        return False
    return before.rstrip().endswith("date") or bool(_DATELINE_AFTER.match(text, date.end))


def _dates_trigger(
    text: str, sentence_start: int, trigger: _Trigger, date: DateMention, quoted: Sequence[tuple[int, int]]
) -> bool:
    """Whether a date of the sentence can date this trigger: no other clause between them;
    a date before the trigger across a comma only as a fronted or parenthetical adverbial
    ("On July 25, clashes erupted", "the junta, on Friday, ordered", but not "Damiba, who
    seized power in January, fled"); and a statement's date follows its verb ("said on
    Sunday") or sits right before it ("on Sunday said"): "In late 2023 rebels sought help,
    Nasr said" does not date what Nasr said. Nor does a date outside a quotation date the
    quoted words, nor one inside it words outside it."""
    if _quote_of(trigger.start, quoted) != _quote_of(date.start, quoted):
        return False
    after = date.start >= trigger.end
    between = text[trigger.end : date.start] if after else text[date.end : trigger.start]
    if _OTHER_CLAUSE.search(between):
        return False
    if after:
        return True
    if "," in between and not _ADVERBIAL_OPENING.search(text[sentence_start : date.start]):
        return False
    return trigger.kind != STATEMENT or len(between.split()) <= 2 and "," not in between


def _quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans between quotation marks in text[start:end], as offsets into text."""
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"[“\"][^“”\"]*[”\"]", text[start:end])]


def _between(text: str, a: _Trigger, b: _Trigger) -> str:
    return text[a.end : b.start] if a.start < b.start else text[b.end : a.start]


def _quote_of(at: int, quoted: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    return next((q for q in quoted if q[0] <= at < q[1]), None)


def _matches(text: str):
    """(kind, match) of every trigger in text, left to right, not overlapping."""
    taken = 0
    for word in _WORD.finditer(text):
        if word.start() < taken:
            continue
        for kind, pattern in _BY_FIRST_WORD.get(word.group().casefold(), ()):
            m = pattern.match(text, word.start())
            if m:
                taken = m.end()
                yield kind, m
                break


def _triggers(text: str) -> list[_Trigger]:
    found = []
    for kind, m in _matches(text):
        first = m.group().split()[0].casefold()
        if kind == STATEMENT and _PREPOSITION_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            continue  # "following claims", "amid reports": the reason for something, not a statement
        if _NEGATION_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            continue  # "did not directly accuse", "has never attacked": nothing happened
        if _PARTICIPLE_BEFORE_ROLE.match(text, m.start()):
            continue  # "the ousted president", "elected leader": it describes someone
        noun = first in _NOUN_WORDS or bool(_DETERMINER_BEFORE.search(text[max(0, m.start() - 20) : m.start()]))
        relative = bool(_RELATIVE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]))
        found.append(_Trigger(m.start(), m.end(), kind, noun, relative))
    return found


def classify(text: str) -> str | None:
    """The kind of happening a short text (an event's title) reports: its first verb
    trigger's kind, else its first noun's, else "statement" for a speech verb; None if none."""
    triggers = _triggers(text)
    for wanted in (lambda t: t.kind != STATEMENT and not t.noun, lambda t: t.kind != STATEMENT, lambda t: True):
        for t in triggers:
            if wanted(t):
                return t.kind
    return None


# -- mentions ----------------------------------------------------------------------------------


def _roles(trigger: _Trigger, actors: Sequence[ActorRef]) -> tuple[tuple[int, str], ...]:
    roles: dict[int, str] = {}
    before = "speaker" if trigger.kind == STATEMENT else "actor"
    for a in actors:
        if a.actor_id not in roles:
            roles[a.actor_id] = "location" if a.kind == "place" else before if a.start <= trigger.start else "target"
    return tuple(roles.items())


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence without the white space around it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_mentions(
    text: str, bounds: tuple[int, int], triggers: list[_Trigger], dates: list[DateMention], actors: list[ActorRef]
) -> list[EventMention]:
    if not triggers or not actors:
        return []
    start, end = _span(text, *bounds)
    resolved = [
        d for d in dates
        if d.date and not _NOT_AN_EVENT_DATE.search(text[max(0, d.start - 20) : d.start]) and not _dateline(text, d)
    ]
    chosen: dict[_Trigger, DateMention | None] = {}
    quoted = _quoted(text, start, end)
    for date in resolved:  # rule 1: each date to its nearest trigger, which keeps its nearest date
        near = [t for t in triggers if _dates_trigger(text, start, t, date, quoted)]
        if not near:
            continue
        trigger = min(near, key=lambda t: t.distance(date))
        if trigger not in chosen or trigger.distance(date) < trigger.distance(chosen[trigger]):
            chosen[trigger] = date
    mentions = []
    for trigger, date in sorted(chosen.items(), key=lambda td: td[0].start):
        if trigger.kind == STATEMENT:  # rule 2: the reported act takes the statement's date
            free = [
                t for t in triggers
                if t.kind != STATEMENT and not t.noun and not t.relative and t not in chosen
                and _quote_of(t.start, quoted) is None and not _OTHER_CLAUSE.search(_between(text, t, trigger))
            ]
            after = [t for t in free if t.start > trigger.start]
            act = (after or free[::-1] or [None])[0]
            if act is not None:
                chosen[act] = date
                trigger = act
        mentions.append(_mention(text, start, end, trigger, date, actors))
    acts = [t for t in triggers if t.kind != STATEMENT]
    main = next((t for t in acts if not t.noun and not t.relative), None)
    if main is not None and main not in chosen and all(m.kind == STATEMENT for m in mentions):
        # rule 3: the sentence's main act, undated
        mentions.append(_mention(text, start, end, main, None, actors))
    return sorted(mentions, key=lambda m: text.find(m.trigger, m.start))


def _mention(
    text: str, start: int, end: int, trigger: _Trigger, date: DateMention | None, actors: Sequence[ActorRef]
) -> EventMention:
    return EventMention(
        start,
        end,
        text[start:end],
        text[trigger.start : trigger.end],
        trigger.kind,
        date.date if date else None,
        date.precision if date else None,
        _roles(trigger, actors),
    )


_ANAPHOR = re.compile(r"\b(?:the|this|that|its|their)\s+(?:" + "|".join(EVENT_ANAPHORS) + r")\b", re.IGNORECASE)


def _date_the_act_before(
    text: str, bounds: tuple[int, int], found: list[EventMention], mentions: list[EventMention], previous: list[int]
) -> None:
    """Rule 5: a dated statement about "the decision" dates the act the sentence before
    reported undated ("Mali cut ties. The decision was announced on Sunday.")."""
    statement = next((m for m in found if m.kind == STATEMENT and m.date), None)
    if statement is None or not _ANAPHOR.search(text, *bounds):
        return
    act = next((i for i in previous if mentions[i].kind != STATEMENT and mentions[i].date is None), None)
    if act is not None:
        mentions[act] = replace(mentions[act], date=statement.date, precision=statement.precision)
        found.remove(statement)  # the announcement is the act, as in rule 2


class _Quoted:
    """Quotes with a known speaker, found by position: the first given that holds it. By
    bisection, as a long text has thousands."""

    def __init__(self, speakers: Sequence[ActorRef]):
        self.order = sorted(range(len(speakers)), key=lambda i: speakers[i].start)
        self.speakers = speakers
        self.starts = [speakers[i].start for i in self.order]
        self.longest = max((q.end - q.start for q in speakers), default=0)

    def at(self, pos: int) -> ActorRef | None:
        """The first quote (in the order given) with start <= pos < end; one holding pos
        starts less than `longest` before it."""
        window = self.order[bisect_right(self.starts, pos - self.longest) : bisect_right(self.starts, pos)]
        OPS["quotes near an event"] += len(window)
        holding = [i for i in window if pos < self.speakers[i].end]
        return self.speakers[min(holding)] if holding else None


def find_events(
    text: str,
    actors: Sequence[ActorRef],
    dates: Sequence[DateMention],
    skip: Sequence[tuple[int, int]] = (),
    speakers: Sequence[ActorRef] = (),
) -> list[EventMention]:
    """The event mentions of text, in text order: one or more per sentence that reports a
    happening (see the module's rules). actors and dates are the mentions already found in
    text; skip lists (start, end) ranges of page chrome, whose sentences are left out;
    speakers are the quotes with a known speaker (start, end: the quoted text): a sentence
    quoted from someone that names no actor ("We embarked on a march on June 23") has its
    speaker as its actor."""
    triggers = _triggers(text)
    if not triggers:
        return []
    actors = sorted(actors, key=lambda a: a.start)
    dates = sorted(dates, key=lambda d: d.start)
    actor_starts = [a.start for a in actors]
    date_starts = [d.start for d in dates]
    in_chrome = SpanIndex(skip)
    quoted = _Quoted(speakers)
    mentions: list[EventMention] = []
    previous: list[int] = []  # indexes in mentions of the previous sentence's
    ti = 0
    for a, b in sentence_bounds(text):
        here = []
        while ti < len(triggers) and triggers[ti].start < b:
            if triggers[ti].start >= a:
                here.append(triggers[ti])
            ti += 1
        if not here or in_chrome.overlaps(a, b):
            continue
        in_sentence = [x for x in actors[bisect_left(actor_starts, a) : bisect_left(actor_starts, b)] if x.end <= b]
        if not in_sentence:
            quoted_by = quoted.at(here[0].start)
            in_sentence = [replace(quoted_by, start=here[0].start, end=here[0].start)] if quoted_by else []
        sentence_dates = dates[bisect_left(date_starts, a) : bisect_left(date_starts, b)]
        found = _sentence_mentions(text, (a, b), here, sentence_dates, in_sentence)
        _date_the_act_before(text, (a, b), found, mentions, previous)
        previous = list(range(len(mentions), len(mentions) + len(found)))
        mentions += found
    return mentions
