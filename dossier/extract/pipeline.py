"""The per-article extraction: `extract()` takes an article's text to its spans.

It cleans the text, finds its chrome, then the actor mentions (exact aliases, and names
linked or proposed by `linking`), quotes, dates and figures, reading a long text in
paragraph-aligned blocks. Pure: text in, an `Extraction` out, every span an offset into the
cleaned text; storing it is ingest's job.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from dossier.extract.actors import AliasHit
from dossier.extract.claims import ActorSpan, Claim, find_claims
from dossier.extract.dates import DateMention, find_dates, reference_in_text
from dossier.extract.events import EventMention, find_events
from dossier.extract.linking import ActorIndex, Link, Lookups, Proposal, credit_governments, link_names
from dossier.extract.quotes import ActorRef, Quote, find_quotes
from dossier.extract.spans import SpanIndex
from dossier.extract.text import chrome_spans, clean_text


@dataclass
class Extraction:
    """One article's spans; every offset is into `text`, the cleaned text."""

    text: str
    cleaned: int
    chrome: list[tuple[int, int]]
    mentions: list[AliasHit] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    proposals: dict[int, Proposal] = field(default_factory=dict)  # provisional id -> proposed actor
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    actors: list[ActorRef] = field(default_factory=list)  # every actor mention, linked or proposed, in text order
    speakers: list[ActorRef] = field(default_factory=list)  # each quote with a known speaker: its span, its speaker
    reference: dt.date | None = None  # what relative dates count from
    reference_from: str | None = None  # "given" | "text" (its latest full date) | "fallback" | "story" | None


def _outside(start: int, end: int, chrome: SpanIndex) -> bool:
    return not chrome.overlaps(start, end)


def extract(
    text: str,
    reference: dt.date | None,
    index: ActorIndex,
    propose: bool = True,
    outlet: str | None = None,
    fallback: dt.date | None = None,
    dated: bool = True,
) -> Extraction:
    """Clean the text, find its chrome, then its mentions, quotes, dates and figures.

    Names that match no alias are linked to a known actor spelled another way when one is
    close enough, and otherwise (with propose) become proposed actors. outlet: the
    article's own outlet (its metadata), a media actor where the text names it. Relative
    dates count from `reference` (the publication date); without one, from the latest full
    date the text reports, else from `fallback` (the dossier's median date); `reference_from`
    says which. Without `dated`, the reference is chosen but the dates and events are left
    to a `redate` (ingest first looks for the date of the article's story).
    """
    text, cleaned = clean_text(text)
    chrome = chrome_spans(text)
    in_chrome = SpanIndex(chrome)
    mentions = [h for h in index.matcher.find(text) if _outside(h.start, h.end, in_chrome)]
    ex = Extraction(text, cleaned, chrome, mentions)
    if reference is not None:
        ex.reference_from = "given"
    else:
        reference = reference_in_text(text, chrome, near=fallback)
        if reference is not None:
            ex.reference_from = "text"
        elif fallback is not None:
            reference, ex.reference_from = fallback, "fallback"
    # Very long texts are read in paragraph-aligned blocks, so work per block stays small
    # and time grows linearly with size (a quote or sentence never spans blocks).
    lookups = Lookups()
    for start, end in _blocks(text):
        _extract_block(ex, start, end, index, propose, outlet, lookups)
    if dated:
        redate(ex, reference, ex.reference_from)
    else:
        ex.reference = reference
    return ex


# Where a reference comes from when it is a guess near the article's date, not its date.
ESTIMATED = ("fallback", "story")


def redate(ex: Extraction, reference: dt.date | None, reference_from: str | None) -> None:
    """Resolve the extraction's dates, and find its events, counting from `reference`."""
    ex.reference, ex.reference_from = reference, reference_from
    estimated = reference_from in ESTIMATED
    ex.dates = []
    for start, end in _blocks(ex.text):
        chrome = [(a - start, b - start) for a, b in ex.chrome if a < end and b > start]
        ex.dates += _shift(find_dates(ex.text[start:end], reference, chrome, estimated), start)
    ex.events = find_events(ex.text, ex.actors, ex.dates, ex.chrome, ex.speakers)


CHUNK = 100_000


def _blocks(text: str) -> list[tuple[int, int]]:
    if len(text) <= CHUNK:
        return [(0, len(text))]
    blocks, start = [], 0
    while start < len(text):
        # At a line break, else at a sentence end, else at a space: one huge line is split too.
        limit = start + 2 * CHUNK
        end = -1
        for mark in ("\n", ". ", " "):
            end = text.find(mark, start + CHUNK, limit)
            if end >= 0:
                end += len(mark)
                break
        end = min(len(text), limit) if end < 0 else end
        blocks.append((start, end))
        start = end
    return blocks


def _shift(items: list, by: int) -> list:
    """Move spans found in a block to offsets in the whole text."""
    if not by:
        return items
    out = []
    for item in items:
        changes = {"start": item.start + by, "end": item.end + by}
        if hasattr(item, "context_start"):
            changes |= {"context_start": item.context_start + by, "context_end": item.context_end + by}
        out.append(replace(item, **changes))
    return out


def _extract_block(
    ex: Extraction, start: int, end: int, index: ActorIndex, propose: bool, outlet, lookups: Lookups
) -> None:
    text = ex.text[start:end]
    # Chrome lines and alias hits come in text order without overlaps, so a block's own are
    # one run of each, found by bisection rather than by reading all of them for each block.
    first, last = bisect_right(ex.chrome, start, key=lambda c: c[1]), bisect_left(ex.chrome, end, key=lambda c: c[0])
    chrome = [(a - start, b - start) for a, b in ex.chrome[first:last]]
    first, last = bisect_left(ex.mentions, start, key=lambda h: h.start), bisect_left(ex.mentions, end, key=lambda h: h.start)
    mentions = [AliasHit(h.start - start, h.end - start, h.surface, h.actor_ids) for h in ex.mentions[first:last] if h.end <= end]
    kept = len(mentions)
    links, proposals = link_names(text, mentions, chrome, index, propose, ex.proposals, outlet, lookups)
    if len(mentions) != kept:  # some alias hits were replaced by longer fuzzy-linked names
        still = {(h.start + start, h.end + start) for h in mentions}
        ex.mentions[first:last] = [h for h in ex.mentions[first:last] if h.end > end or (h.start, h.end) in still]
    refs = [
        ActorRef(h.start, h.end, h.actor_ids[0], index.names[h.actor_ids[0]], index.kinds[h.actor_ids[0]])
        for h in mentions
    ]
    for link in links:
        if link.actor_id < 0:
            proposal = proposals[link.actor_id]
            refs.append(ActorRef(link.start, link.end, link.actor_id, proposal.name, proposal.kind))
        else:
            refs.append(ActorRef(link.start, link.end, link.actor_id, index.names[link.actor_id], index.kinds[link.actor_id]))
    refs.sort(key=lambda r: r.start)
    quotes = credit_governments(find_quotes(text, refs, chrome), index)
    ex.links += _shift(links, start)
    # Proposals made in this block carry block offsets as their evidence: move them.
    ex.proposals = {t: p if t in ex.proposals else p.shifted(start) for t, p in proposals.items()}
    ex.quotes += _shift(quotes, start)
    ex.actors += _shift(refs, start)
    by_id = {r.actor_id: r for r in refs}
    ex.speakers += [
        replace(by_id[q.speaker_id], start=q.start + start, end=q.end + start)
        for q in quotes
        if q.speaker_id in by_id
    ]
    ex.claims += _shift(find_claims(text, [ActorSpan(r.start, r.end, r.name) for r in refs], chrome), start)
