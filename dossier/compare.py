"""Quote comparison: which quotes render the same utterance, and how the renderings differ.

Grouping joins quotes whose speakers are compatible (the same actor, a state and its
government, an organisation and its spokesperson) and whose words are close: word-set
similarity with rapidfuzz, or a short fragment contained in a longer rendering. Where the
speakers do not tell (one is unknown, or only guessed by a weak rule) the text decides, on
the content words the renderings share. A rendering joins a group only through its pivot,
the rendering closest to the others, and merges go best pair first, so one loose pair cannot
chain two utterances together. A source may put several renderings in one group only when
each is a part of the pivot or matches it (a headline's few words and the full sentence).

Alignment is word-level: equal, replace, insert and delete runs between a pivot rendering
and each other one; a difference only of case, accents or punctuation is minor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from dossier import store
from dossier.errors import DossierError
from dossier.extract.actors import AliasMatcher, governments
from dossier.extract.lexicon import FUNCTION_WORDS, OFFICES, TITLE_PREFIXES, TITLES
from dossier.extract.opcount import OPS
from dossier.text import fold
from dossier.model import source_label
from dossier.speakers import SpeakerCircles

if TYPE_CHECKING:  # the annotation only: grouping does not load the linker
    from dossier.extract.linking import ActorIndex

JOIN_AT = 62  # similarity (0-100) from which two compatible renderings are one utterance
SAME_SOURCE_AT = 95  # two quotes of one source join only when they are the same words
# Where a speaker is unknown the text alone decides: renderings join only when they are
# close (this similarity) and distinctive (the shorter has this many words).
UNKNOWN_SPEAKER_AT = 75
DISTINCTIVE_WORDS = 4
# Text alone also needs shared content (content_words): a fragment (or an abridgement)
# holding this many content words, or renderings sharing this many content words, weighed
# by the share of the shorter one's they are (shared × share ≥ CONTENT_EVIDENCE).
FRAGMENT_CONTENT = 3
SHARED_CONTENT = 5
CONTENT_EVIDENCE = 4.5
# A speaker found by a weaker rule (a pronoun, the subject of a partial quote: quotes.RULES)
# is a guess: it supports a match but never vetoes one; the text decides instead.
VETO_CONFIDENCE = 0.8


@dataclass(frozen=True)
class QuoteInfo:
    id: int
    source_id: int
    speaker_id: int | None
    text: str
    confidence: float = 1.0  # how sure the speaker is (quotes.RULES)

    def vetoes(self) -> bool:
        """Whether its speaker is sure enough to keep it from another speaker's renderings."""
        return self.speaker_id is not None and self.confidence >= VETO_CONFIDENCE


@dataclass(frozen=True)
class Op:
    """One run of an alignment: `pivot` and `other` are the words on each side."""

    op: str  # "equal" | "replace" | "insert" | "delete"
    pivot: str
    other: str
    minor: bool = False  # only case, accents or punctuation differ


@dataclass
class Rendering:
    """One source's rendering of an utterance, as the compare screen shows it."""

    quote_id: int
    source_id: int
    source: str  # the source's title or lead
    outlet: str | None
    published: str | None
    speaker: str | None  # the speaker as this source names them
    text: str
    context: str  # the sentence around it
    start: int
    end: int
    similarity: float = 1.0  # to the pivot, 0..1
    ops: list[Op] = field(default_factory=list)
    fragment: bool = False  # its words are all in the pivot's, in order: a part of it, not a match

    def likeness(self) -> str:
        """How it compares with the pivot, as shown: "fragment of pivot" or a similarity."""
        return "fragment of pivot" if self.fragment else f"similarity {self.similarity:.2f}"


@dataclass
class CompareView:
    """Renderings of one utterance side by side, aligned to a pivot."""

    label: str
    speaker: str | None
    renderings: list[Rendering]
    pivot: int = 0  # index into renderings
    group_id: int | None = None  # None for an ad-hoc comparison of two marked quotes

    def source_ids(self) -> list[int]:
        """Every source this comparison refers to."""
        return [r.source_id for r in self.renderings]

    def differences(self) -> list[tuple[int, int]]:
        """(rendering index, op index) of every substantive difference, in reading order."""
        out = []
        for r, rendering in enumerate(self.renderings):
            for o, op in enumerate(rendering.ops):
                if op.op != "equal" and not op.minor:
                    out.append((r, o))
        return out


# -- words ---------------------------------------------------------------------------------------

def words(text: str) -> list[str]:
    """Folded words without punctuation: what similarity is measured on."""
    return re.findall(r"[^\W_]+", fold(text))


_OFFICE_WORDS = frozenset(fold(w) for w in (*OFFICES, *TITLES))
_TITLE_PREFIX_WORDS = frozenset(fold(w) for w in TITLE_PREFIXES)


def names_an_office(text: str) -> bool:
    """Whether a quotation only names an office ("president of the Transitional Council",
    "the interim head of the bloc"): a title in quotation marks is what someone is called,
    not something said, so two outlets writing it are not one utterance."""
    ws = words(text)
    while ws and (ws[0] == "the" or ws[0] in _TITLE_PREFIX_WORDS):
        ws = ws[1:]
    return len(ws) >= 3 and ws[0] in _OFFICE_WORDS and ws[1] == "of"


def similarity(a: str, b: str) -> float:
    """How alike two renderings are, 0-100: word-set overlap, or containment of a short
    fragment ("hasty" in "short-sighted and hasty"), spelling variants included."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    ja, jb = " ".join(wa), " ".join(wb)
    score = fuzz.token_set_ratio(ja, jb)
    short, long = (ja, jb) if len(ja) <= len(jb) else (jb, ja)
    squeezed_short, squeezed_long = short.replace(" ", ""), long.replace(" ", "")
    if squeezed_short and squeezed_short in squeezed_long:
        score = max(score, 100.0)  # a fragment of the longer rendering
    elif len(short.split()) >= 3:
        score = max(score, fuzz.partial_ratio(short, long) * 0.95)
    return float(score)


def is_fragment(part: str, whole: str) -> bool:
    """Whether part's words are a shorter run inside whole's ("hasty" of "short-sighted and hasty")."""
    a, b = "".join(words(part)), "".join(words(whole))
    return bool(a) and len(a) < len(b) and a in b


_FUNCTION_WORDS = frozenset(FUNCTION_WORDS)


def content_words(joined: str) -> list[str]:
    """The distinct words of a rendering (words joined by spaces) that carry content: four
    letters or more and no function word."""
    return list(dict.fromkeys(w for w in joined.split() if len(w) >= 4 and w not in _FUNCTION_WORDS))


def same_word(a: str, b: str) -> bool:
    """Whether two renderings use one word: the same, another spelling ("Kamboinsin",
    "Kamboinssin") or another form of one stem ("orchestrating", "orchestrated")."""
    if a == b:
        return True
    if min(len(a), len(b)) >= 6 and a[:6] == b[:6]:
        return True
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 85


def shared_content(a: str, b: str) -> tuple[int, float]:
    """How many content words of the rendering with fewer of them the other one uses, and
    what share of its content words that is."""
    ca, cb = content_words(a), content_words(b)
    short, long = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    if not short:
        return 0, 0.0
    exact = set(long)
    found = sum(1 for w in short if w in exact or any(same_word(w, x) for x in long))
    return found, found / len(short)


def shares_content(a: str, b: str) -> bool:
    """Whether two renderings (words joined by spaces) have a content word in common, or one
    is a part of the other."""
    short, long = sorted((a, b), key=len)
    return abridges(short, long) or shared_content(a, b)[0] > 0


def speakers_agree(a: QuoteInfo, b: QuoteInfo, compatible: Callable[[int | None, int | None], bool]) -> bool | None:
    """True when both speakers are known and may be one; False when both are sure
    (VETO_CONFIDENCE) and may not be one: a veto; None when the text alone decides (a
    speaker is unknown, or a guess, or one is a person and the other a body the dossier does
    not tie him to: a spokesman named by one outlet, his junta by another)."""
    if a.speaker_id is None or b.speaker_id is None:
        return None
    if compatible(a.speaker_id, b.speaker_id):
        return True
    if sure_speaker(a, compatible) and sure_speaker(b, compatible) and two_voices(a.speaker_id, b.speaker_id, compatible):
        return False
    return None


def two_voices(a: int | None, b: int | None, compatible: Callable[[int | None, int | None], bool]) -> bool:
    """Whether speakers a and b are known to be two: not one, and not a person and a body the
    dossier does not tie him to (he may be reading its statement)."""
    if a is None or b is None or compatible(a, b):
        return False
    persons = getattr(compatible, "persons", ())
    return (a in persons) == (b in persons)


def sure_speaker(q: QuoteInfo, compatible: Callable[[int | None, int | None], bool]) -> bool:
    """Whether q's speaker may veto: found by a sure rule, and no place ("Ouagadougou said"
    is whoever governs there, which the dossier does not know)."""
    return q.vetoes() and q.speaker_id not in getattr(compatible, "places", ())


def abridges(short: str, long: str) -> bool:
    """Whether the words of short (joined by spaces) are the longer rendering's, in order, a
    few left out: "come to their senses to avoid war" of "to come to their senses to avoid a
    fratricidal war". The words it skips are fewer than the words it keeps."""
    if short.replace(" ", "") in long.replace(" ", ""):
        return True
    want, have = short.split(), long.split()
    for start in (i for i, w in enumerate(have) if w == want[0]):
        i, j = 0, start
        while i < len(want) and j < len(have) and j - start < 2 * len(want):
            i += have[j] == want[i]
            j += 1
        if i == len(want):
            return True
    return False


def text_alone(a: str, b: str, score: float) -> float:
    """The similarity of two renderings (words joined by spaces) whose speakers do not tell:
    score when the words carry it, else 0. A fragment or abridgement of the other must hold
    FRAGMENT_CONTENT content words ("restore constitutional order"); other renderings must
    share SHARED_CONTENT content words, weighed by the share of the shorter one's they are
    (CONTENT_EVIDENCE), so that a few common words in two long quotes are not one utterance."""
    short, long = sorted((a, b), key=len)
    if abridges(short, long):
        return 100.0 if len(content_words(short)) >= FRAGMENT_CONTENT else 0.0
    shared, covered = shared_content(a, b)
    return score if shared >= SHARED_CONTENT and shared * covered >= CONTENT_EVIDENCE else 0.0


# -- grouping ------------------------------------------------------------------------------------


def group_quotes(
    quotes: Sequence[QuoteInfo],
    compatible: Callable[[int | None, int | None], bool],
    seed: Sequence[Sequence[int]] = (),
    new: set[int] | None = None,
    common: int | None = None,
    frequent: frozenset[str] = frozenset(),
) -> list[list[int]]:
    """Groups (lists of quote ids) of two or more renderings of one utterance.

    seed: groups already made, kept and possibly extended. new: when given, only pairs with
    a new quote are compared (an ingest of a few articles into a big dossier). common: how
    many quotes may hold a word before it stops finding renderings (default: a share of these
    quotes); frequent: words held by more than that in the whole dossier, when only the
    quotes near the new ones are given (see `regroup`).

    Groups cannot chain: a rendering joins a group only when it matches the group's pivot
    (the rendering closest to the others) or every rendering in it, best pair first, so a
    fragment joins the one group that holds it best. Speakers only veto when both are sure
    (VETO_CONFIDENCE) and incompatible; otherwise the text decides (pair_score). Last, a
    quote left out that its own source holds in a grouped quote joins that group (echoes).

    Copies of the same words (the same folded words, from the same speaker) are compared
    once: a source repeating a quote (a pull quote, a recap) renders it once, so only its
    first copy there is grouped; copies in several sources start as one group, and only the
    first of them is compared with other texts. Work grows with the distinct texts, not
    with the copies. A quotation that only names an office (names_an_office) is no
    utterance and joins no group."""
    quotes = [q for q in quotes if not names_an_office(q.text)]

    def fits(a: int | None, b: int | None) -> bool:
        return not two_voices(a, b, compatible)

    # Compare only quotes whose speakers may be one: each speaker's circle, and the quotes
    # with no speaker, which text alone places.
    neighbours = getattr(compatible, "neighbours", None)
    if new is not None and neighbours is not None:
        fresh = [q for q in quotes if q.id in new]
        if all(sure_speaker(q, compatible) for q in fresh):  # one without a sure speaker may join any group
            wanted = {s for q in fresh for s in neighbours(q.speaker_id)}
            persons = getattr(compatible, "persons", ())
            sides = {q.speaker_id in persons for q in fresh}  # a person's quote may be a body's, and back
            seeded = {i for group in seed for i in group}  # a group kept whole, never cut
            quotes = [
                q for q in quotes
                if q.id in seeded or not sure_speaker(q, compatible) or q.speaker_id in wanted
                or (q.speaker_id not in persons) in sides
            ]  # fmt: skip
    joined = {q.id: " ".join(words(q.text)) for q in quotes}
    copies: dict[tuple[int | None, str], list[QuoteInfo]] = {}  # (speaker, words) -> first copy in each source
    in_source: set[tuple[int, int | None, str]] = set()
    for q in sorted(quotes, key=lambda q: q.id):
        if not joined[q.id] or (q.source_id, q.speaker_id, joined[q.id]) in in_source:
            continue
        if q.speaker_id is None and len(joined[q.id].split()) < DISTINCTIVE_WORDS:
            continue  # a few words in quotation marks, nobody's: a title or a scare quote
        in_source.add((q.source_id, q.speaker_id, joined[q.id]))
        copies.setdefault((q.speaker_id, joined[q.id]), []).append(q)
    first = {same[0].id for same in copies.values()}
    rep_of = {q.id: same[0].id for same in copies.values() for q in same}
    # Renderings of one utterance share a distinctive word; an index of words to quotes
    # keeps each quote's comparisons to those, however many quotes there are. A word is
    # common by how many quotes hold it, copies included.
    # What depends on one quote only is found once per quote, not once per pair it is in.
    wordset = {i: set(t.split()) for i, t in joined.items()}
    size = {i: len(t.split()) for i, t in joined.items()}  # its words
    squeezed = {i: t.replace(" ", "") for i, t in joined.items()}
    postings: dict[str, set[int]] = {}
    holding: dict[str, int] = {}
    for q in quotes:
        for w in wordset[q.id]:
            holding[w] = holding.get(w, 0) + 1
            if q.id in first:
                postings.setdefault(w, set()).add(q.id)
    common = common_share(len(quotes)) if common is None else common
    info = {q.id: q for q in quotes}
    sure = {q.id for q in quotes if sure_speaker(q, compatible)}
    speaker = {q.id: q.speaker_id for q in quotes}
    source = {q.id: q.source_id for q in quotes}
    judged: dict[int | None, set[int | None]] = {}  # speaker -> the sure speakers two_voices was asked of
    apart: dict[int | None, set[int | None]] = {}  # speaker -> those of them that are two voices with it
    met: dict[int, set[int]] = {}  # speaker -> the speakers compatible was asked of
    kin: dict[int, set[int]] = {}  # speaker -> those of them that may be one with it

    pairs = []
    for a in (info[i] for i in sorted(first)):
        if new is not None and a.id not in new:
            continue
        sharing: set[int] = set()
        few = size[a.id] <= 2
        for w in wordset[a.id]:
            if few or (holding[w] <= common and w not in frequent):
                sharing |= postings[w]
        OPS["quote pairs"] += len(sharing)
        vetoed: set[int | None] = set()
        if a.id in sure:  # speakers_agree(a, b) is not False: two_voices once per pair of speakers
            seen, vetoed = judged.setdefault(a.speaker_id, set()), apart.setdefault(a.speaker_id, set())
            fresh = {speaker[b] for b in sharing & sure} - seen
            vetoed |= {y for y in fresh if two_voices(a.speaker_id, y, compatible)}
            seen |= fresh
        # each pair once: the later quote; incrementally, every old quote and the later new ones
        others = {
            b: joined[b]
            for b in sharing
            if b != a.id
            and (b > a.id if new is None else (b not in new or b > a.id))
            and (b not in sure or speaker[b] not in vetoed)
        }
        if not others:
            continue
        text = joined[a.id]
        scores: dict[int, float] = {}
        for _, score, b in process.extract(text, others, scorer=fuzz.token_set_ratio, score_cutoff=JOIN_AT, limit=None):
            scores[b] = score
        if size[a.id] >= 3:
            longer = {b: t for b, t in others.items() if size[b] >= 3}  # a fragment joins by containment only
            # pair_score needs JOIN_AT only of speakers that agree, from two sources; of the others
            # UNKNOWN_SPEAKER_AT or more, so their partial ratio is cut off higher (a hair below
            # the exact bound, which pair_score still applies): the same pairs, compared faster
            agreeing: set[int] = set()
            if a.speaker_id is not None:
                seen, agreeing = met.setdefault(a.speaker_id, set()), kin.setdefault(a.speaker_id, set())
                fresh = {speaker[b] for b in longer} - seen - {None}
                agreeing |= {y for y in fresh if compatible(a.speaker_id, y)}
                seen |= fresh
            loose = {b: t for b, t in longer.items() if speaker[b] in agreeing and source[b] != a.source_id}
            strict = {b: t for b, t in longer.items() if b not in loose}
            for part, cutoff in ((loose, JOIN_AT / 0.95), (strict, UNKNOWN_SPEAKER_AT / 0.95 - 1e-6)):
                for _, score, b in process.extract(text, part, scorer=fuzz.partial_ratio, score_cutoff=cutoff, limit=None):
                    scores[b] = max(scores.get(b, 0), score * 0.95)
        mine = squeezed[a.id]
        for b in others:  # a fragment contained in a longer rendering, or around a shorter one
            other = squeezed[b]
            if mine in other or other in mine:
                scores[b] = 100.0
        for b, score in scores.items():
            score = pair_score(a, info[b], text, joined[b], score, compatible)
            if score:
                # Best first; among fragments, the closest fit: the rendering nearest its length.
                fit = abs(len(text) - len(joined[b]))
                pairs.append((score, fit, min(a.id, b), max(a.id, b)))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2], p[3]))
    matched = {(a, b): score for score, _, a, b in pairs}

    def judge(a: int, b: int) -> float:  # a pair not compared above: two quotes grouped before
        return pair_score(info[a], info[b], joined[a], joined[b], similarity(joined[a], joined[b]), compatible)

    groups = _Groups(quotes, fits, matched, rep_of, joined, judge, lambda q: sure_speaker(q, compatible))
    for group in seed:
        ids = [i for i in group if i in info]
        for m in ids[1:]:
            groups.absorb(ids[0], m)
    for same in copies.values():  # copies in other sources: the first copy's group, if it can
        for q in same[1:]:
            if new is None or q.id in new:
                OPS["quote pairs"] += 1
                groups.join(same[0].id, q.id)
    for _, _, a, b in pairs:
        OPS["quote pairs"] += 1
        groups.join(a, b)
    return echoes(groups.lists(), quotes, compatible)


RARE_WORD_QUOTES = 200  # a word more quotes hold than this never finds renderings, however big the dossier


def common_share(quotes: int) -> int:
    """How many of this many quotes may hold a word before it is too common to find renderings
    by: a twentieth of them, at least 50, at most RARE_WORD_QUOTES. Renderings of one utterance
    share a distinctive word; in a big dossier a word in hundreds of quotes is no evidence, and
    comparing every quote holding it made each new quote's cost grow with the dossier."""
    return min(max(50, quotes // 20), RARE_WORD_QUOTES)


def echoes(groups: list[list[int]], quotes: Sequence[QuoteInfo], compatible: Callable[[int | None, int | None], bool]) -> list[list[int]]:
    """The groups with each ungrouped quote that echoes a grouped one: its source says which
    utterance it is part of, however few its words. It echoes a grouped quote of its own
    source whose words hold it as a run ("French base" after the sentence holding it) or hold
    all its content words ("see sense" of "come to their senses"; a single word must be that
    quote's own); else, the quote holding it as a run in a group that already holds another
    part of its source (a statement its source quotes piecemeal: "immediately"). Its speaker
    is none, a guess or that quote's; of several quotes, the shortest holding it."""
    group_of = {q: n for n, ids in enumerate(groups) for q in ids}
    wordlists = {q.id: words(q.text) for q in quotes}
    squeezed = {i: "".join(w) for i, w in wordlists.items()}
    info = {q.id: q for q in quotes}
    by_source: dict[int, list[QuoteInfo]] = {}
    for q in quotes:
        if q.id in group_of:
            by_source.setdefault(q.source_id, []).append(q)
    out = [list(ids) for ids in groups]
    for q in quotes:
        if q.id in group_of or not squeezed[q.id]:
            continue

        def holds(c: QuoteInfo) -> bool:
            return (
                len(squeezed[q.id]) < len(squeezed[c.id])
                and squeezed[q.id] in squeezed[c.id]
                and (not sure_speaker(q, compatible) or (c.speaker_id is not None and compatible(q.speaker_id, c.speaker_id)))
            )

        own = wordlists[q.id]
        content = content_words(" ".join(own)) if len(own) > 1 else []  # one word echoes only itself
        mine = by_source.get(q.source_id, [])
        holders = [
            c
            for c in mine
            if holds(c) or (
                content
                and all(any(same_word(w, x) for x in wordlists[c.id]) for w in content)
                and (not sure_speaker(q, compatible) or compatible(q.speaker_id, c.speaker_id))
            )
        ]
        if not holders:
            piecemeal = {group_of[c.id] for c in mine}
            holders = [info[c] for n in sorted(piecemeal) for c in groups[n] if c in info and holds(info[c])]
        if holders:
            holder = min(holders, key=lambda c: (len(squeezed[c.id]), c.id))
            out[group_of[holder.id]].append(q.id)
    return [sorted(ids) for ids in out]


def pair_score(
    a: QuoteInfo, b: QuoteInfo, ja: str, jb: str, score: float, compatible: Callable[[int | None, int | None], bool]
) -> float:
    """score (the similarity of their words ja and jb) when quotes a and b render one
    utterance, else 0. Speakers that agree need JOIN_AT and a content word in common;
    where they do not tell, the text alone decides (text_alone); sure speakers that may
    not be one veto; two quotes of one source need SAME_SOURCE_AT."""
    agree = speakers_agree(a, b, compatible)
    if agree is False:
        return 0.0
    short, long = sorted((len(ja.split()), len(jb.split())))
    if short == 1 and long > DISTINCTIVE_WORDS and a.source_id != b.source_id:
        return 0.0  # one word inside a long statement is a word it uses, not an echo of it
    if a.source_id == b.source_id:
        needed = SAME_SOURCE_AT
    elif agree:
        needed = JOIN_AT
    else:
        needed = UNKNOWN_SPEAKER_AT if short >= DISTINCTIVE_WORDS else 101.0
    if score < needed:
        return 0.0  # (a part of the other has all its words there: its score is 100 already)
    if agree is None:
        score = text_alone(ja, jb, score)
    elif not shares_content(ja, jb):
        return 0.0  # letters that align by chance ("stab" in "stabilising"), no word in common
    return score if score >= needed else 0.0


def _part_of(a: str, b: str) -> bool:
    """Whether one of two renderings of one source (words joined by spaces) is the other's
    words or a part of them."""
    short, long = sorted((a, b), key=len)
    return abridges(short, long) or similarity(a, b) >= SAME_SOURCE_AT


class _Groups:
    """Quotes merged into groups, best pair first; a group holds only speakers that may be
    one, and renderings that all match its pivot or each other; several renderings of one
    source only when each is a part of the pivot or matches it. The pivot is the rendering
    that matches most of the group's others, and most closely: the centre of the group,
    not its loosest translation. It is found when a join needs it, at a cost of the square
    of the group's distinct renderings."""

    def __init__(
        self,
        quotes: Sequence[QuoteInfo],
        fits: Callable[[int | None, int | None], bool],
        matched: dict[tuple[int, int], float],
        rep_of: dict[int, int],
        joined: dict[int, str],
        judge: Callable[[int, int], float],
        sure: Callable[[QuoteInfo], bool],
    ):
        self.fits = fits
        self.judge = judge  # the similarity of a pair not in matched, 0 if they are not one utterance
        self.matched = matched  # (smaller id, larger id) of the first copies that match -> similarity
        self.parent = {q.id: q.id for q in quotes}
        self.members = {q.id: [q.id] for q in quotes}  # by group, in the order of their first quote
        self.sources = {q.id: {q.source_id} for q in quotes}
        self.speakers = {q.id: {q.speaker_id} if sure(q) else set() for q in quotes}  # the ones that veto
        self.source = {q.id: q.source_id for q in quotes}
        self.texts = {q.id: {rep_of.get(q.id, q.id)} for q in quotes}  # the distinct renderings
        self.joined = joined
        self.pivots: dict[int, int | None] = {q.id: rep_of.get(q.id, q.id) for q in quotes}  # None: not found yet

    def _root(self, q: int) -> int:
        while self.parent[q] != q:
            self.parent[q] = q = self.parent[self.parent[q]]
        return q

    def absorb(self, g: int, other: int) -> None:
        """Merge the group of other into g's (a seed group: no questions asked)."""
        g, other = self._root(g), self._root(other)
        if g == other:
            return
        self.parent[other] = g
        for table in (self.members, self.sources, self.speakers, self.texts):
            mine, theirs = table[g], table.pop(other)
            if len(theirs) > len(mine):  # the larger one takes in the smaller
                mine, theirs = theirs, mine
            if isinstance(mine, list):
                mine.extend(theirs)
            else:
                mine |= theirs
            table[g] = mine
        self.pivots[g] = None
        self.pivots.pop(other)

    def pivot(self, g: int) -> int:
        """The pivot of group g (a root)."""
        if self.pivots[g] is None:
            self.pivots[g] = self._centre(self.texts[g])
        return self.pivots[g]

    def _centre(self, texts: set[int]) -> int:
        """The rendering that matches most of the others, the closest to them in all; of
        those, the longest."""

        def closeness(t: int) -> tuple[int, float, int]:
            found = [x for x in (self._score(t, u) for u in texts if u != t) if x]
            return len(found), sum(found), len(self.joined.get(t, ""))

        return max(sorted(texts), key=closeness)

    def _score(self, a: int, b: int) -> float:
        """How alike two renderings are, 0 unless they are one utterance; a pair that was
        not compared (both grouped before, in an incremental run) is compared once now."""
        OPS["quote pairs"] += 1
        key = (min(a, b), max(a, b))
        if key not in self.matched:
            self.matched[key] = self.judge(*key)
        return self.matched[key]

    def _match(self, a: int, b: int) -> bool:
        return a == b or self._score(a, b) > 0

    def join(self, a: int, b: int) -> None:
        """Merge the groups of a and b when their sources, speakers and renderings allow it."""
        ga, gb = self._root(a), self._root(b)
        if ga == gb:
            return
        if not all(self.fits(x, y) for x in self.speakers[ga] for y in self.speakers[gb]):
            return
        if not self._match(self.pivot(ga), self.pivot(gb)) and not all(
            self._match(x, y) for x in self.texts[ga] for y in self.texts[gb]
        ):
            return  # no chains: one shared member is not enough
        shared = self.sources[ga] & self.sources[gb]
        if shared:
            # A source quoting one utterance piecemeal (a headline's few words, the full
            # sentence below): each of its renderings is a part of the pivot of the whole, or
            # matches it itself, not through a copy in another source: two utterances of one
            # source never meet through a third rendering.
            pivot = self._centre(self.texts[ga] | self.texts[gb])
            ours = (m for m in self.members[ga] + self.members[gb] if self.source[m] in shared)
            if not all(_part_of(self.joined[m], self.joined[pivot]) or self._match(pivot, m) for m in ours):
                return
        self.absorb(ga, gb)

    def lists(self) -> list[list[int]]:
        """The groups of renderings from two sources or more: a source repeating itself is no group."""
        return [sorted(ids) for g, ids in self.members.items() if len(self.sources[g]) > 1]


def speaker_compatibility(
    actors: Sequence[tuple[int, str, str, str | None, Sequence[str]]], governments: dict[int, int]
) -> Compatibility:
    """Who may be quoted for whom. actors: (id, name, kind, description, aliases).

    The same actor; a state and its government; an organisation and a person whose
    description names it ("spokesman for Ukraine's military intelligence"), and that
    person's organisation's state. A quote with no speaker joins only on the same words.
    """
    # The relation is dense (a big dossier's circles hold hundreds of thousands of pairs), so
    # it is made of whole sets: who each description names, who names each organisation,
    # which bodies are named after each state. It is the relation of linking each person to
    # the circle of each organisation the description names, then each body to the circle of
    # each state its name holds (tests/test_speakers_relation.py keeps that definition).
    linked: dict[int, set[int]] = {a[0]: {a[0]} for a in actors}
    partners: dict[int, set[int]] = {}  # a state and its government, each the other's
    for state, government in governments.items():
        partners.setdefault(state, set()).add(government)
        partners.setdefault(government, set()).add(state)

    def own(actor_id: int) -> set[int]:
        """An actor with its government or its state."""
        return {actor_id, *partners.get(actor_id, ())}

    # One pattern of the organisations' aliases, run over each description: linear in the
    # text, however many organisations there are. An alias matches whole words, so one with
    # a word no description has cannot match: the pattern holds only the others.
    described = {w for _, _, kind, description, _ in actors if kind == "person" and description
                 for w in re.findall(r"\w+", fold(description))}  # fmt: skip
    matcher = AliasMatcher(
        (org_id, al)
        for org_id, _, kind, _, aliases in actors
        if kind in ("organization", "state", "armed_group")
        for al in aliases
        if len(al) >= 3 and described.issuperset(re.findall(r"\w+", fold(al)))
    )
    named: dict[int, set[int]] = {}  # person -> the organisations its description names
    reach: dict[int, set[int]] = {}  # person -> those and their states or governments
    namers: dict[int, set[int]] = {}  # organisation -> the persons whose reach holds it
    for actor_id, _, kind, description, _ in actors:
        if kind != "person" or not description:
            continue
        orgs = {org_id for hit in matcher.find(description) for org_id in hit.actor_ids}
        if orgs:
            named[actor_id] = orgs
            reach[actor_id] = set().union(*map(own, orgs))
            for org_id in reach[actor_id]:
                namers.setdefault(org_id, set()).add(actor_id)
    for person, orgs in named.items():
        circle = linked[person]
        circle |= reach[person]
        for org_id in orgs:  # and every person whose reach holds one of them
            circle |= namers[org_id]
    for org_id, persons in namers.items():
        linked.setdefault(org_id, {org_id}).update(persons)
    for actor_id, others in partners.items():
        linked.setdefault(actor_id, {actor_id}).update(others)
    # A body named after a state ("Embassy of France", "Junta of Niger") speaks for it: it
    # joins the state's circle (the state, its government, the persons whose reach holds
    # it, the other bodies named after it).
    states = AliasMatcher((state_id, al) for state_id, _, kind, _, aliases in actors if kind == "state" for al in aliases)
    bodies: dict[int, set[int]] = {}  # state -> the bodies named after it
    for org_id, name, kind, _, _ in actors:
        if kind not in ("organization", "armed_group"):
            continue
        for hit in states.find(name):
            for state_id in hit.actor_ids:
                bodies.setdefault(state_id, set()).add(org_id)
    for state_id, named_after in bodies.items():
        circle = own(state_id) | namers.get(state_id, set()) | named_after
        for org_id in named_after:
            linked[org_id] |= circle
        for other in circle - named_after:
            linked.setdefault(other, {other}).update(named_after)
    kinds = {a[0]: a[2] for a in actors}
    return Compatibility(
        linked, {i for i, k in kinds.items() if k == "place"}, {i for i, k in kinds.items() if k == "person"}
    )


class Compatibility:
    """Speaker compatibility as a relation: callable on a pair, and listing an actor's circle.
    places: the actors that are places, which speak for whoever governs them; persons: the
    actors that are people, whom a quote may give where another gives the body they speak for."""

    def __init__(
        self,
        linked: dict[int, set[int]],
        places: set[int] | frozenset[int] = frozenset(),
        persons: set[int] | frozenset[int] = frozenset(),
    ):
        self.linked = linked
        self.places = places
        self.persons = persons

    def __call__(self, a: int | None, b: int | None) -> bool:
        if a is None or b is None:
            return False
        return b in self.linked.get(a, {a})

    def neighbours(self, a: int) -> set[int]:
        return self.linked.get(a, {a})


# -- alignment -----------------------------------------------------------------------------------


def align(pivot: str, other: str) -> list[Op]:
    """Word-level runs turning the pivot into the other rendering.

    Words are compared folded and without their punctuation, so "treacherous," and
    "treacherous" align as the same word (a minor difference) and "traitorous" replaces it."""
    a, b = pivot.split(), other.split()
    ka, kb = [_key(t) for t in a], [_key(t) for t in b]
    ops = []
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(ka, kb).as_list():
        left, right = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "equal":
            for x, y in zip(a[i1:i2], b[j1:j2]):
                # the same word; any other case, accents or punctuation is a minor difference
                ops.append(Op("equal", x, y) if x == y else Op("replace", x, y, minor=True))
            continue
        ops.append(Op(tag, left, right, minor=words(left) == words(right)))
    return _merge_runs(ops)


def _key(token: str) -> str:
    return "".join(words(token)) or token


def _merge_runs(ops: list[Op]) -> list[Op]:
    """Adjacent runs of the same kind read better as one."""
    merged: list[Op] = []
    for op in ops:
        if merged and merged[-1].op == op.op and merged[-1].minor == op.minor:
            last = merged[-1]
            merged[-1] = Op(op.op, f"{last.pivot} {op.pivot}".strip(), f"{last.other} {op.other}".strip(), op.minor)
        else:
            merged.append(op)
    return merged


def with_pivot(view: CompareView, pivot: int) -> CompareView:
    """The same comparison aligned to another rendering."""
    base = view.renderings[pivot]
    renderings = []
    for i, r in enumerate(view.renderings):
        ops = [] if i == pivot else align(base.text, r.text)
        score = 1.0 if i == pivot else round(similarity(base.text, r.text) / 100, 3)
        renderings.append(
            Rendering(r.quote_id, r.source_id, r.source, r.outlet, r.published, r.speaker, r.text, r.context,
                      r.start, r.end, score, ops, i != pivot and is_fragment(r.text, base.text))
        )
    return CompareView(view.label, view.speaker, renderings, pivot, view.group_id)


def default_pivot(renderings: Sequence[Rendering]) -> int:
    """The longest rendering: the others are read against the fullest version."""
    return max(range(len(renderings)), key=lambda i: (len(words(renderings[i].text)), -i)) if renderings else 0


# -- the database ------------------------------------------------------------------------------


def _compatibility(db, index: ActorIndex | None = None) -> Compatibility | SpeakerCircles:
    """The speaker relation of the dossier's actors. index: the ingest run's actor index,
    which holds every actor's name, kind, spellings and government as the database does:
    the relation is then read actor by actor as the quotes in play ask it (SpeakerCircles),
    which an ingest of a few articles into a big dossier needs of a few actors only; without
    it, every actor's is built at once (a full regroup asks it of every quote's speaker)."""
    if index is None:
        actors = store.query(db, "SELECT id, name, kind, description FROM actor")
        aliases: dict[int, list[str]] = {a["id"]: [a["name"]] for a in actors}
        for r in store.query(db, "SELECT actor_id, alias FROM alias"):
            aliases.setdefault(r["actor_id"], []).append(r["alias"])
        rows = [(a["id"], a["name"], a["kind"], a["description"], aliases[a["id"]]) for a in actors]
        return speaker_compatibility(rows, governments((r[0], r[2], r[4]) for r in rows))
    return SpeakerCircles(db, index)


def regroup(
    db,
    fixed: Sequence[tuple[str | None, list[int]]] | None = None,
    new: set[int] | None = None,
    index: ActorIndex | None = None,
) -> int:
    """Recompute every quote group. `fixed` groups (label, quote ids) come from curation and
    are kept as they are (None: keep the curated groups already stored); the other quotes
    are grouped automatically. Returns the number of groups. `new`: ids of quotes just
    added; only they are placed, among the quotes near them (`place_new_quotes`); index: the
    ingest run's actor index, in step with the database (see `_compatibility`)."""
    if new is not None:
        return place_new_quotes(db, new, index)
    if fixed is None:
        fixed = []
        for g in store.query(db, "SELECT id, label FROM quote_group WHERE curated = 1"):
            ids = [r["id"] for r in store.query(db, "SELECT id FROM quote WHERE group_id = ?", (g["id"],))]
            fixed.append((g["label"], ids))
    db.execute("UPDATE quote SET group_id = NULL")
    db.execute("DELETE FROM quote_group")
    quotes = [
        QuoteInfo(r["id"], r["source_id"], r["speaker_id"], r["text"], 1.0 if r["confidence"] is None else r["confidence"])
        for r in store.query(db, "SELECT id, source_id, speaker_id, text, confidence FROM quote ORDER BY id")
    ]
    taken = {q for _, ids in fixed for q in ids}
    groups = [(label, ids, True) for label, ids in fixed]
    automatic = group_quotes([q for q in quotes if q.id not in taken], _compatibility(db))
    groups += [(None, ids, False) for ids in automatic]
    by_id = {q.id: q for q in quotes}
    for label, ids, curated in groups:
        _store_group(db, label, ids, curated, by_id)
    return len(groups)


def _store_group(db, label: str | None, ids: list[int], curated: bool, by_id: dict[int, QuoteInfo]) -> None:
    """Write one group (labelled after its speaker and longest rendering unless curated)."""
    texts = [by_id[i] for i in ids if i in by_id]
    if not texts:
        return
    pivot = max(texts, key=lambda q: (len(words(q.text)), -q.id))
    speakers = [q.speaker_id for q in texts if q.speaker_id is not None]
    speaker = max(set(speakers), key=speakers.count) if speakers else None
    name = store.query(db, "SELECT name FROM actor WHERE id = ?", (speaker,))[0]["name"] if speaker else None
    shown = " ".join(pivot.text.split())
    shown = shown if len(shown) <= 60 else shown[:59].rstrip() + "…"
    label = label or (f"{name}: “{shown}”" if name else f"“{shown}”")
    group_id = db["quote_group"].insert({"label": label, "speaker_id": speaker, "curated": int(curated)}).last_pk
    db.execute("UPDATE quote SET group_id = ? WHERE id IN (SELECT value FROM json_each(?))", (group_id, json.dumps(ids)))


def place_new_quotes(db, new: set[int], index: ActorIndex | None = None) -> int:
    """Place quotes just added in the automatic groups, touching only what they can join.

    The quotes that can render the same utterance as a new one share a word with it that
    few quotes hold (see `group_quotes`): the full-text index finds them, and its vocabulary
    says which words are too common in the whole dossier, so the decision is the one a
    regroup of every quote makes. The groups those quotes are in are regrouped with them;
    a group that comes out the same is left as it is. Returns the number of groups written."""
    compatible = _compatibility(db, index)
    info = _quote_rows(db, new)
    curated = {r["id"] for r in store.query(db, "SELECT id FROM quote_group WHERE curated = 1")}
    population = store.query(
        db,
        "SELECT count(*) AS n FROM quote WHERE group_id IS NULL OR group_id NOT IN "
        "(SELECT id FROM quote_group WHERE curated = 1)",
    )[0]["n"]
    common = common_share(population)
    frequent, near = _near_quotes(db, [q for q, _ in info.values()], compatible, common)
    info |= _quote_rows(db, near - set(info))
    touched = {g for _, g in info.values() if g is not None and g not in curated}
    if touched:  # every rendering of a group it may join, to judge it whole
        members = store.query(
            db, "SELECT id FROM quote WHERE group_id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(touched)),)
        )
        info |= _quote_rows(db, {r["id"] for r in members} - set(info))
    before: dict[int, list[int]] = {}
    for q, g in info.values():
        if g in touched:
            before.setdefault(g, []).append(q.id)
    quotes = [q for q, g in sorted(info.values(), key=lambda r: r[0].id) if g is None or g not in curated]
    seed = [sorted(ids) for ids in before.values()]
    automatic = group_quotes(quotes, compatible, seed, new & {q.id for q in quotes}, common, frequent)
    placed = {i for ids in automatic for i in ids}
    automatic += [ids for ids in seed if len(ids) > 1 and not placed & set(ids)]  # outside the speakers' circles
    unchanged = {tuple(ids) for ids in seed} & {tuple(ids) for ids in automatic}
    gone = [g for g, ids in before.items() if tuple(sorted(ids)) not in unchanged]
    if gone:
        db.execute(
            "UPDATE quote SET group_id = NULL WHERE group_id IN (SELECT value FROM json_each(?))", (json.dumps(gone),)
        )
        db.execute("DELETE FROM quote_group WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(gone),))
    by_id = {q.id: q for q, _ in info.values()}
    written = [ids for ids in automatic if tuple(ids) not in unchanged]
    for ids in written:
        _store_group(db, None, ids, False, by_id)
    return len(written)


def _quote_rows(db, ids: set[int]) -> dict[int, tuple[QuoteInfo, int | None]]:
    """Quotes by id, with the group each is in."""
    rows = store.query(
        db,
        "SELECT id, source_id, speaker_id, text, group_id FROM quote WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(ids)),),
    )
    return {r["id"]: (QuoteInfo(r["id"], r["source_id"], r["speaker_id"], r["text"]), r["group_id"]) for r in rows}


def _near_quotes(
    db, new: Sequence[QuoteInfo], compatible: Callable[[int | None, int | None], bool], common: int
) -> tuple[frozenset[str], set[int]]:
    """The words of the new quotes held by more than `common` quotes, and the quotes that share
    a word with a new quote (any of its words when it has two or fewer, as `group_quotes`
    compares those) and whose speaker may be the same."""
    vocabulary = {w for q in new for w in words(q.text)}
    # Whether a word is frequent needs its quotes counted up to common + 1 only: counting
    # them all (fts5vocab reads every posting of "the") grew with the dossier.
    held = dict(
        db.execute(
            "SELECT value, (SELECT count(*) FROM (SELECT 1 FROM quote_fts WHERE quote_fts MATCH '\"' || value || '\"' "
            "LIMIT ?)) FROM json_each(?)",
            (common + 1, json.dumps(sorted(vocabulary))),
        ).fetchall()
    )
    frequent = frozenset(w for w in vocabulary if held.get(w, 0) > common)
    near: set[int] = set()
    neighbours = getattr(compatible, "neighbours", None)
    persons = getattr(compatible, "persons", ())
    asked: set[tuple[tuple[str, ...], int | None]] = set()
    holding: dict[str, list[tuple[int, int | None]]] = {}  # a rare word -> (id, speaker) of the quotes holding it
    kinds: dict[int, str | None] = {}  # speaker -> its kind, as the actor table says
    for q in new:
        mine = sorted(set(words(q.text)))
        wanted = mine if len(mine) <= 2 else [w for w in mine if w not in frequent]
        if not wanted or (tuple(wanted), q.speaker_id) in asked:
            continue  # copies of one quote (a recap, a pull quote) ask once
        asked.add((tuple(wanted), q.speaker_id))
        if frequent.intersection(wanted):  # a short quote's common word: its speaker narrows the search
            near |= _near_by_query(db, q, wanted, compatible)
            continue
        # A rare word's quotes are read once for every new quote holding it (a long run's
        # new quotes share many), and its speaker's circle is checked here.
        for w in wanted:
            if w not in holding:
                holding[w] = db.conn.execute(
                    "SELECT f.rowid, q.speaker_id FROM quote_fts f JOIN quote q ON q.id = f.rowid WHERE quote_fts MATCH ?",
                    (f'"{w}"',),
                ).fetchall()
        found = {row for w in wanted for row in holding[w]}
        if q.speaker_id is None or neighbours is None:
            near |= {i for i, _ in found}
            continue
        unknown = sorted({s for _, s in found if s is not None and s not in kinds})
        if unknown:
            kinds.update(dict.fromkeys(unknown))
            kinds.update(db.conn.execute("SELECT id, kind FROM actor WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(unknown),)))
        circle, person = neighbours(q.speaker_id), q.speaker_id in persons
        # its speaker's circle, or the other side of person and body (see two_voices)
        near |= {i for i, s in found if s is None or s in circle or (kinds[s] is not None and (kinds[s] == "person") != person)}
    return frequent, near


def _near_by_query(db, q: QuoteInfo, wanted: list[str], compatible: Callable[[int | None, int | None], bool]) -> set[int]:
    """The quotes holding any of the wanted words whose speaker may be q's, found by one query."""
    sql = "SELECT f.rowid AS id FROM quote_fts f JOIN quote q ON q.id = f.rowid WHERE quote_fts MATCH ?"
    params: list = [" OR ".join(f'"{w}"' for w in wanted)]
    neighbours = getattr(compatible, "neighbours", None)
    if q.speaker_id is not None and neighbours is not None:
        # its speaker's circle, or the other side of person and body (see two_voices)
        # (the kind looked up for each quote found: a list of every person or body the
        # dossier has, made for each new quote, grew with it)
        other_side = "<>" if q.speaker_id in getattr(compatible, "persons", ()) else "="
        sql += (
            " AND (q.speaker_id IS NULL OR q.speaker_id IN (SELECT value FROM json_each(?))"
            f" OR (SELECT kind FROM actor WHERE id = q.speaker_id) {other_side} 'person')"
        )
        params.append(json.dumps(sorted(neighbours(q.speaker_id))))
    return {r["id"] for r in store.query(db, sql, params)}


def compare_view(db, quote_ids: Sequence[int], label: str | None = None, group_id: int | None = None) -> CompareView:
    """Renderings of the given quotes, aligned to the longest."""
    rows = store.query(
        db,
        'SELECT q.id, q.source_id, q.text, q.start, q."end", q.context_start, q.context_end, a.name AS speaker, '
        "s.slug, s.title, s.outlet, s.author, s.published, s.url, "
        "substr(s.text, coalesce(q.context_start, q.start) + 1, "
        "coalesce(q.context_end, q.\"end\") - coalesce(q.context_start, q.start)) AS context "
        "FROM quote q JOIN source s ON s.id = q.source_id LEFT JOIN actor a ON a.id = q.speaker_id "
        "WHERE q.id IN (SELECT value FROM json_each(?)) ORDER BY s.published IS NULL, s.published, q.id",
        (json.dumps(list(quote_ids)),),
    )
    if len(rows) < 1:
        raise DossierError("No such quotes to compare.")
    renderings = [
        Rendering(
            quote_id=r["id"],
            source_id=r["source_id"],
            source=source_label(r["title"], r["outlet"], r["slug"]),
            outlet=r["outlet"],
            published=r["published"],
            speaker=r["speaker"],
            text=r["text"],
            context=" ".join((r["context"] or "").split()),
            start=r["start"],
            end=r["end"],
        )
        for r in rows
    ]
    speakers = [r.speaker for r in renderings if r.speaker]
    speaker = max(set(speakers), key=speakers.count) if speakers else None
    view = CompareView(label or (f"{speaker}" if speaker else "Quotes"), speaker, renderings, 0, group_id)
    return with_pivot(view, default_pivot(renderings))


def group_view(db, group_id: int) -> CompareView:
    """The compare view of one stored quote group."""
    group = store.query(db, "SELECT id, label FROM quote_group WHERE id = ?", (group_id,))
    if not group:
        raise DossierError(f"No quote group {group_id}.")
    ids = [r["id"] for r in store.query(db, "SELECT id FROM quote WHERE group_id = ?", (group_id,))]
    return compare_view(db, ids, group[0]["label"], group_id)


def list_groups(db, query: str = "") -> list[CompareView]:
    """Every quote group (or those whose label, speaker or renderings match the query)."""
    ids = [r["id"] for r in store.query(db, "SELECT id FROM quote_group ORDER BY id")]
    views = [group_view(db, i) for i in ids]
    if not query.strip():
        return views
    wanted = words(query)

    def matches(v: CompareView) -> bool:
        have = set(words(" ".join([v.label, v.speaker or "", *(r.text for r in v.renderings)])))
        return all(w in have for w in wanted)

    return [v for v in views if matches(v)]


def to_json(views: Sequence[CompareView]) -> dict:
    """The `dossier compare --json` shape."""
    return {
        "groups": [
            {
                "id": v.group_id,
                "label": v.label,
                "speaker": v.speaker,
                "pivot_quote_id": v.renderings[v.pivot].quote_id,
                "members": [
                    {
                        "quote_id": r.quote_id,
                        "source_id": r.source_id,
                        "outlet": r.outlet,
                        "text": r.text,
                        "similarity_to_pivot": r.similarity,
                        "ops": [{"op": o.op, "pivot": o.pivot, "other": o.other, "minor": o.minor} for o in r.ops],
                    }
                    for r in v.renderings
                ],
            }
            for v in views
        ]
    }
