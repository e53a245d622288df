"""The timeline across sources: what each article's event mentions add to the dossier's events.

An event mention (dossier.extract.events) either is evidence of an event the dossier already
has, curated or proposed, or proposes a new one. Ingest and build place mentions the same
way, source by source, inside the source's own transaction:

1. A sentence a curated snippet of the same source already covers reports that snippet's
   event (this happens in build, where the curator read the sources).
2. Otherwise candidates are the events that share an actor with the mention (a place only
   as a place) and whose date is compatible with its date: either is unknown, one contains
   the other ("Aug 2024" and "6 Aug 2024"), or two days are at most one apart (outlets
   disagree by a day).
3. Each candidate is scored on four things: the kind of happening (the same kind; a
   statement against anything; unknown), the actors (whether the subjects agree, and the
   share in common: "Niger cut ties" is not "Mali cut ties"), the wording (rapidfuzz's token
   set ratio against the event's title and first pieces of evidence) and the date (equal,
   contained, a day apart, unknown). The best candidate at THRESHOLD or above gets the
   mention as evidence, with its span and the date it gives. An undated mention, or one a
   day apart, must be of the same kind, and an undated one score UNDATED_THRESHOLD.
4. A dated mention that matches nothing proposes an event (with `propose`), unless it is
   only a "said" (lexicon.COMMON_SPEECH_VERBS: nearly every article says someone "said on
   Monday"); its title is
   the mention's sentence without its dateline, its date the mention's, its actors the
   mention's in their roles, status "proposed". The next sources' mentions find it as a
   candidate, so mentions that agree across sources become one event, and a single source
   is enough to propose one. A later mention that gives the event's date, names who acted
   and says it in fewer words gives the event its title.
5. An event's date is the most precise any of its evidence gives; different dates at that
   precision are not averaged: the one most pieces of evidence give wins (the earliest on a
   tie), and the event's detail shows which source gives which. A curated date is refined
   only by a more precise date inside it (with `refine_curated`, which ingest sets and
   build does not: the curator read those sources), and a curated event keeps its title
   and actors.

Figures go to events here too (`link_claims`): a figure belongs to the event reported in
its sentence, else in its paragraph, and a count of casualties only to a violent event
(lexicon.VIOLENT_EVENT_KINDS), else to the nearest one reported before it in the source.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from dossier import store
from dossier.extract.claims import reports_casualties
from dossier.extract.dates import PRECISION_RANK
from dossier.extract.events import STATEMENT, EventMention, classify
from dossier.extract.lexicon import COMMON_SPEECH_VERBS, VIOLENT_EVENT_KINDS
from dossier.extract.opcount import OPS
from dossier.extract.spans import GrowingSpans
from dossier.extract.text import sentence_bounds
from dossier.text import fold

if TYPE_CHECKING:
    import sqlite_utils

THRESHOLD = 0.6
UNDATED_THRESHOLD = 0.7  # a mention without a date must agree more on everything else
_WEIGHTS = {"kind": 0.35, "actors": 0.25, "text": 0.2, "date": 0.2}
_TITLE_LENGTH = 120


@dataclass(frozen=True)
class Placement:
    """Where one event mention went."""

    event_id: int
    created: bool  # a new proposed event
    score: float  # how well it matched (1.0 for a new event)
    added: bool  # its span became evidence (False: the source already evidenced it there)


def date_fit(a: str | None, b: str | None) -> float | None:
    """How well two ISO dates (at any precision) agree: 1 equal, 0.7 one contains the other,
    0.3 days one apart, 0.5 when one is unknown; None when they conflict."""
    if a is None or b is None:
        return 0.5
    if a == b:
        return 1.0
    if a.startswith(b) or b.startswith(a):
        return 0.7
    if len(a) == len(b) == 10 and abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= 1:
        return 0.3
    return None


def _kind_fit(a: str | None, b: str | None) -> float:
    if a is not None and a == b:
        return 0.5 if a == STATEMENT else 1.0  # any two statements are alike: their speakers tell
    if a is None or b is None:
        return 0.3
    if STATEMENT in (a, b):
        return 0.2
    return 0.0


@lru_cache(maxsize=8192)
def _words(text: str) -> str:
    """A text's words, folded, for comparing wordings (cached: the same evidence texts come
    up for mention after mention)."""
    return " ".join(re.findall(r"\w+", fold(text)))


@lru_cache(maxsize=8192)
def _wording(words: str, text: str) -> float:
    """How alike a mention's words and an event's text are, 0..100 (cached: a long source
    compares its mentions with the same few events' texts again and again)."""
    return fuzz.token_set_ratio(words, _words(text))


def _actor_fit(roles: Sequence[tuple[int, str]], event_roles: Sequence[tuple[int, str]]) -> float | None:
    """Half whether the subjects agree (1 shared, 0.5 one has none, -0.5 both named and
    disjoint: "Niger cut ties" is not "Mali cut ties"), half the Jaccard index of the actors.
    None when no actor is shared: a place shared only as the other's participant ("in Mali"
    and "Mali announced") does not count."""
    def split(rs):
        return {a for a, r in rs if r != "location"}, {a for a, r in rs if r == "location"}

    (mine, my_places), (theirs, their_places) = split(roles), split(event_roles)
    shared = (mine & theirs) | (my_places & their_places)
    if not shared:
        return None
    subjects = {a for a, r in roles if r in ("actor", "speaker")}
    their_subjects = {a for a, r in event_roles if r in ("actor", "speaker")}
    if not subjects or not their_subjects:
        subject = 0.5
    else:
        subject = 1.0 if subjects & their_subjects else -0.5
    return 0.5 * subject + 0.5 * len(shared) / len((mine | my_places) | (theirs | their_places))


def score(mention: EventMention, roles: Sequence[tuple[int, str]], event: dict) -> float | None:
    """How likely the mention reports this candidate event, 0..1; None when it cannot."""
    fit = date_fit(mention.date, event["date"])
    if fit is None:
        return None
    actors = _actor_fit(roles, [tuple(x) for x in event["actors"]])
    if actors is None:
        return None
    kind = _kind_fit(mention.kind, event["kind"])
    if (mention.date is None or fit < 0.5) and kind < 1:
        # Without a date, or a day apart, a mention is evidence only of the same kind of happening.
        return None
    parts = {"kind": kind, "actors": actors, "date": fit}
    total = sum(_WEIGHTS[k] * v for k, v in parts.items())
    if total + _WEIGHTS["text"] < (THRESHOLD if mention.date is not None else UNDATED_THRESHOLD):
        return None  # no wording could make up for it: spare the comparison
    words = _words(mention.text)
    texts = [event["title"], *(event["texts"] or [])]
    total += _WEIGHTS["text"] * max(_wording(words, t) for t in texts) / 100
    return total if mention.date is not None or total >= UNDATED_THRESHOLD else None


# A dateline or index line before the first words of a story: "PORT ARDEN, March 12, 2025 —",
# "MOSCOW (Reuters) –", "Niamey:", "Ouagadougou.-", "date 2023-07-30".
_DATELINE = re.compile(
    r"^(?:date\s+\d{4}-\d{2}-\d{2}\s+)?"
    r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}(?:\s*\([^)\n]{1,30}\))?(?:,[^—–:\n]{1,30})?\s*(?:[—–:]|--?|\.-)\s+)?"
)


def title_of(mention: EventMention) -> str:
    """A proposed event's title: the mention's sentence on one line without its dateline,
    shortened at a word."""
    text = " ".join(mention.text.split()).rstrip(".")
    text = text[_DATELINE.match(text).end() :] or text
    text = text[:1].upper() + text[1:]
    if len(text) <= _TITLE_LENGTH:
        return text
    cut = text.rfind(" ", 0, _TITLE_LENGTH - 1)
    return text[: cut if cut > 0 else _TITLE_LENGTH - 1].rstrip(" ,;:") + "…"


def _slug(title: str, date: str | None) -> str:
    words = re.findall(r"[a-z0-9]+", fold(title))[:8]
    return "-".join([*(date.split("-") if date else []), *words])[:70] or "event"


def place_mentions(
    db: sqlite_utils.Database,
    source_id: int,
    mentions: Sequence[EventMention],
    real_ids: dict[int, int] | None = None,
    propose: bool = True,
    refine_curated: bool = True,
) -> list[Placement | None]:
    """Add each of a source's event mentions to the event it reports (see the module's
    rules); real_ids maps provisional actor ids to stored ones. Returns where each went."""
    placed: list[Placement | None] = []
    curated = bool(mentions) and store.has_curated_evidence(db, source_id)
    # The dates of the events this source gives evidence to, tallied as it is added: a long
    # source adds thousands of pieces to one event, and reading them all again after each
    # one made placing its mentions quadratic.
    tallies: dict[int, EvidenceDates] = {}
    # The candidates of each (actors, date, kind) asked, while no event's date, actors or
    # existence changes: a long source's mentions ask the same questions again and again.
    asked: dict[tuple[tuple[int, ...], str | None, str | None], list[int]] = {}
    evidenced = _SourceEvidence(db, source_id)
    # Each candidate's details (`store.candidate_events`) while the event is unchanged: only
    # the event a mention is placed in changes, and the candidates of the next mentions are
    # mostly the same few events.
    details: dict[int, dict] = {}
    for mention in mentions:
        roles = [((real_ids or {}).get(a, a), role) for a, role in mention.actors]
        actors = {a for a, _ in roles}
        best, best_score = None, THRESHOLD
        # A sentence the source already evidences (a curated snippet) reports that event.
        for event in store.curated_evidence_at(db, source_id, mention.start, mention.end) if curated else ():
            if date_fit(mention.date, event["date"]) is not None:
                best, best_score = event, 1.0
                break
        # Without a date only the same kind of happening can match (see `score`).
        kind = mention.kind if mention.date is None else None
        candidates = []
        if best is None:
            key = (tuple(sorted(actors)), mention.date, kind)
            if key not in asked:
                asked[key] = store.event_candidate_ids(db, list(key[0]), mention.date, kind)
            missing = [i for i in asked[key] if i not in details]
            if missing:
                details.update((r["id"], r) for r in store.candidate_events(db, missing))
            candidates = [details[i] for i in sorted(asked[key]) if i in details]
        for event in candidates:
            s = score(mention, roles, event)
            if s is not None and s >= best_score:
                best, best_score = event, s
        if best is not None:
            added = evidenced.add(best["id"], mention)
            # Its first pieces of evidence are among its details: a new one may be one of them.
            if added and len(details.get(best["id"], {}).get("texts", ())) < store.CANDIDATE_TEXTS:
                details.pop(best["id"], None)
            changes = db.conn.total_changes
            if best["status"] == "proposed":
                before = db.conn.total_changes
                store.add_event_actors(db, best["id"], roles)
                if db.conn.total_changes != before:
                    asked.clear()
            if best["status"] == "proposed" or refine_curated:  # the same for every mention of one event
                tally = tallies.get(best["id"])
                if tally is None:
                    tally = tallies[best["id"]] = EvidenceDates(store.evidence_dates(db, best["id"]))
                elif added and mention.date is not None:
                    tally.add(mention.date, mention.precision)
                if date_event(db, best, tally):
                    asked.clear()
            if best["status"] == "proposed":
                _retitle(db, best["id"], mention, roles)
            if db.conn.total_changes != changes:  # its actors, date or title
                details.pop(best["id"], None)
            placed.append(Placement(best["id"], False, best_score, added))
        elif propose and mention.date is not None and not _only_said(mention):
            title = title_of(mention)
            place = next((a for a, role in roles if role == "location"), None)
            event_id = store.insert_event(
                db,
                {
                    "slug": _slug(title, mention.date),
                    "date": mention.date,
                    "precision": mention.precision,
                    "title": title,
                    "summary": None,
                    "place_id": place,
                    "status": "proposed",
                    "kind": mention.kind,
                },
                roles,
            )
            evidenced.add(event_id, mention)
            asked.clear()
            placed.append(Placement(event_id, True, 1.0, True))
        else:
            placed.append(None)
    return placed


class _SourceEvidence:
    """The spans of one source that are evidence of each event, read from the database once
    per event and kept as they are added: a long source adds thousands of pieces to one
    event, and asking the database whether each overlaps one already there read all of
    them again (`store.add_evidence`'s check)."""

    def __init__(self, db: sqlite_utils.Database, source_id: int):
        self.db, self.source_id = db, source_id
        self.spans: dict[int, GrowingSpans] = {}

    def add(self, event_id: int, mention: EventMention) -> bool:
        """Add the mention as evidence of the event unless the source already evidences it
        with a span overlapping the mention's. Returns whether it was added."""
        spans = self.spans.get(event_id)
        if spans is None:
            spans = self.spans[event_id] = GrowingSpans(store.evidence_spans(self.db, event_id, self.source_id))
        if spans.overlaps(mention.start, mention.end):
            return False
        store.insert_evidence(self.db, event_id, self.source_id, mention.start, mention.end, mention.text,
                              mention.date, mention.precision, mention.kind)
        spans.add(mention.start, mention.end)
        return True


def _only_said(mention: EventMention) -> bool:
    """A statement made only with one of the commonest speech verbs ("X said on Monday that
    …"): nearly every article has some, so alone it is evidence of an event, never a new one."""
    return mention.kind == STATEMENT and mention.trigger.casefold() in COMMON_SPEECH_VERBS




class EvidenceDates:
    """The (date, precision) pairs an event's evidence gives, in the order given, tallied:
    which is the event's date (`best`) costs the distinct dates, not the pieces of evidence."""

    def __init__(self, dates: Sequence[tuple[str, str]] = ()):
        self.counts: Counter[tuple[str, str]] = Counter()
        self.first: dict[tuple[str, str], int] = {}  # the order in which each was first given
        for date, precision in dates:
            self.add(date, precision)

    def add(self, date: str, precision: str) -> None:
        OPS["event dates tallied"] += 1
        self.first.setdefault((date, precision), len(self.first))
        self.counts[(date, precision)] += 1

    def best(self) -> tuple[str, str] | None:
        """The most precise; of several at that precision, the one given most often, the
        earliest given on a tie. None if none."""
        if not self.counts:
            return None
        finest = min(PRECISION_RANK.get(p, 3) for _, p in self.counts)
        at_finest = [dp for dp in self.counts if PRECISION_RANK.get(dp[1], 3) == finest]
        return max(at_finest, key=lambda dp: (self.counts[dp], -self.first[dp]))


def event_date(dates: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
    """An event's date from the dates its evidence gives: the most precise; of several at
    that precision, the one given most often, the earliest given on a tie. None if none."""
    return EvidenceDates(dates).best()


def date_event(db: sqlite_utils.Database, event: dict, dates: EvidenceDates | None = None) -> bool:
    """Set the event's date from its evidence (dates: its tally, when the caller keeps one);
    a curated date only gets more precise. Returns whether the date changed."""
    if dates is None:
        dates = EvidenceDates(store.evidence_dates(db, event["id"]))
    found = dates.best()
    if found is None or found[0] == event["date"]:
        return False
    if event["status"] != "proposed":
        current = event["date"]
        finer = current is None or (found[0].startswith(current) and len(found[0]) > len(current))
        if not finer:
            return False
    store.set_event_date(db, event["id"], *found)
    return True


def _retitle(db: sqlite_utils.Database, event_id: int, mention: EventMention, roles: Sequence[tuple[int, str]]) -> None:
    """A proposed event takes the title of the best mention so far: one that gives its date
    and names who acted, in fewer words than the title it has."""
    event = store.query(db, "SELECT title, date FROM event WHERE id = ?", (event_id,))[0]
    title = title_of(mention)
    if (
        mention.date == event["date"]
        and any(role == "actor" for _, role in roles)
        and not title.endswith("…")
        and len(title) < len(event["title"])
    ):
        store.set_event_title(db, event_id, title)


def kind_of(title: str) -> str | None:
    """The kind of happening a curated event reports, read from its title (a summary tells
    of other happenings too: "two years before the July 2024 ambush")."""
    return classify(title)


# -- figures -----------------------------------------------------------------------------------


def link_claims(db: sqlite_utils.Database, source_id: int) -> int:
    """Give each of a source's figures the event it concerns (see the module's rules);
    return how many got one."""
    claims = store.source_claims(db, source_id)
    if not claims:
        return 0
    text = store.source_text(db, source_id)
    evidence = _Evidence(store.source_evidence(db, source_id))
    violent = _Evidence([v for v in evidence.pieces if v["kind"] in VIOLENT_EVENT_KINDS])
    sentences = sentence_bounds(text)
    starts = [a for a, _ in sentences]
    links = []
    for claim in claims:
        a, b = sentences[max(0, bisect_right(starts, claim["start"]) - 1)]
        casualty = reports_casualties(text[a:b])
        usable = violent if casualty else evidence
        event_id = _in_span(usable.inside(a, b), claim["start"])
        if event_id is None:
            p0 = text.rfind("\n", 0, claim["start"]) + 1
            p1 = text.find("\n", claim["end"])
            event_id = _in_span(usable.inside(p0, len(text) if p1 < 0 else p1), claim["start"])
        if event_id is None and casualty and usable.pieces:
            before = bisect_right(usable.starts, claim["start"])
            event_id = usable.pieces[before - 1 if before else 0]["event_id"]
        links.append((event_id, claim["id"]))
    store.set_claim_events(db, links)
    return sum(1 for event_id, _ in links if event_id is not None)


class _Evidence:
    """A source's evidence in text order (store.source_evidence), found near a figure by
    bisection: a long source has thousands of pieces and thousands of figures."""

    def __init__(self, pieces: list[dict]):
        self.pieces = pieces
        self.starts = [v["start"] for v in pieces]
        self.longest = max((v["end"] - v["start"] for v in pieces), default=0)

    def inside(self, start: int, end: int) -> list[dict]:
        """The pieces overlapping text[start:end], in text order. One that ends after start
        begins less than `longest` before it."""
        first = bisect_right(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        OPS["evidence near a figure"] += last - first
        return [v for v in self.pieces[first:last] if v["start"] < end and v["end"] > start]


def _in_span(inside: list[dict], at: int) -> int | None:
    """The event of the evidence (inside a span of text) that holds `at`, else the nearest
    one before it (a figure details what was just told), else the nearest after it."""
    holding = [v for v in inside if v["start"] <= at < v["end"]]
    before = [v for v in inside if v["end"] <= at]
    after = [v for v in inside if v["start"] > at]
    if holding:
        return holding[0]["event_id"]
    if before:
        return max(before, key=lambda v: v["end"])["event_id"]
    return min(after, key=lambda v: v["start"])["event_id"] if after else None
