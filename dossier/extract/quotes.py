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
A pronoun goes back to the last person named as subject or speaker. Otherwise (scare
quotes) there is no speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from dossier.extract.opcount import OPS
from dossier.extract.spans import SpanIndex
from dossier.extract.text import sentence_bounds

SPEECH_VERBS = (
    "said says say stated added adds told tells wrote writes noted notes accused accuses "
    "accusing described describes describing characterized characterised characterizes called calls "
    "calling condemned condemns decried decries claimed claims claiming confirmed confirms reported "
    "reports reporting disclosed discloses warned warns insisted insists denied denies announced "
    "announces declared declares argued argues explained explains predicted predicts alleged alleges "
    "acknowledged acknowledges tweeted posted urged vowed reads read criticized criticised labelled "
    "labeled dubbed branded asserted asserts affirmed maintained suggested suggests indicated "
    "emphasized emphasised stressed stresses deemed termed slammed hailed admitted recalled told "
    "requested requesting requests demanded demanding demands asked asking insisting saying "
    "adding noting stating telling warning arguing explaining"
).split()
_VERB = r"(?:" + "|".join(sorted(set(SPEECH_VERBS), key=len, reverse=True)) + r")"
_VERB_RE = re.compile(rf"\b{_VERB}\b", re.I)
PRONOUNS = {"he", "she", "they", "him", "her", "it"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "former", "then"}
# A preposition right before a name makes it an object ("spokesperson for Mali's government"),
# not the subject of the verb.
_PREPOSITIONS = {
    "for", "of", "from", "to", "at", "in", "on", "by", "against", "about", "over", "into",
    "toward", "towards", "than", "between", "among", "under", "after", "before",
}
_DESCRIBED = re.compile(
    r"\b(?:representative|spokes(?:person|man|woman)|official|officer|member|minister|ambassador|"
    r"envoy|source|adviser|advisor|aide|commander|leader|head|chief)s?\s+(?:from|of|for|at)\s+(?:the\s+)?$",
    re.I,
)
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
    how: str  # which rule found the speaker, for users asking "why this speaker?"


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
    """Resolves speakers for one text, remembering who spoke last for pronouns."""

    def __init__(self, text: str, mentions: Sequence[ActorRef], quoted: Sequence[tuple[int, int]] = ()):
        self.text = text
        # A name inside a quotation is what someone said, never who is speaking.
        inside = SpanIndex(quoted)
        self.mentions = sorted((m for m in mentions if not inside.covers(m.start)), key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]
        self.last_person: ActorRef | None = None
        self.last_speaker: ActorRef | None = None

    def _mention_at(self, pos: int) -> ActorRef | None:
        k = bisect_left(self._starts, pos)
        return self.mentions[k] if k < len(self._starts) and self._starts[k] == pos else None

    def _between(self, a: int, b: int) -> list[ActorRef]:
        first, last = bisect_left(self._starts, a), bisect_right(self._starts, b)
        return [m for m in self.mentions[first:last] if m.end <= b]

    def _before(self, pos: int):
        """The mentions ending before pos, nearest first, one at a time."""
        for k in range(bisect_right(self._starts, pos) - 1, -1, -1):
            OPS["speaker lookback"] += 1
            if self.mentions[k].end <= pos:
                yield self.mentions[k]

    def _is_subject(self, m: ActorRef) -> bool:
        before = re.split(r"[.!?\n:;]", self.text[max(0, m.start - 40) : m.start])[-1]
        words = [w.lower() for w in re.findall(r"\w+", before)]
        while words and words[-1] in _DETERMINERS:
            words.pop()
        if words and words[-1] in _PREPOSITIONS:
            return False
        after = self.text[m.end : m.end + 2]
        return not after.startswith(("’s", "'s", "’ ", "' "))

    def _pronoun(self, word: str = "he") -> ActorRef | None:
        if word.lower() in ("it", "they"):  # an organisation, a state, a group: the last speaker
            return self.last_speaker
        return self.last_person or (self.last_speaker if self.last_speaker and self.last_speaker.kind == "person" else None)

    def _noun_phrase(self, phrase: str, before: int) -> ActorRef | None:
        """`the ministry` -> the last actor mentioned before whose name holds that word."""
        head = phrase.split()[-1].lower()
        for m in self._before(before):
            if head in self.text[m.start : m.end].lower() or head in m.name.lower():
                return m
        if head in {"statement", "communique", "communiqué", "release", "ministry", "government"}:
            for m in self._before(before):
                if m.kind in ("organization", "state", "armed_group"):
                    return m
        return None

    def after(self, q_end: int, sent_end: int) -> tuple[ActorRef | None, str] | None:
        """`”, X said` / `,” said X` / `,” he added` right after the closing mark."""
        tail_start = q_end + 1
        tail = self.text[tail_start:sent_end]
        acc = re.match(r"[\s,.;:—–-]*according to\s+", tail, re.I)
        if acc:
            ref = self._mention_at(tail_start + acc.end())
            if ref is not None:
                return ref, "according to"
        m = re.match(rf"[\s,.;:!?—–-]*(?P<subj>.*?)\s+{_VERB}\b", tail, re.I | re.S)
        if m and len(m.group("subj")) <= 60 and m.group("subj"):
            subj = m.group("subj")
            pos = tail_start + m.start("subj")
            if subj.lower() in PRONOUNS:
                return self._pronoun(subj), "pronoun after quote"
            det = re.match(r"(?:the|a|an)\s+", subj, re.I)
            ref = self._mention_at(pos) or (self._mention_at(pos + det.end()) if det else None)
            if ref is not None and pos + len(subj) <= ref.end + 1:
                return ref, "name after quote"
            np = re.fullmatch(r"(?:the|a|an|this|its|their)\s+([\w’'-]+(?:\s+[\w’'-]+)?)", subj, re.I)
            if np:
                return self._noun_phrase(np.group(1), tail_start), "described after quote"
        m = re.match(rf"[\s,.;:!?—–-]*{_VERB}\s+(?P<rest>.*)", tail, re.I | re.S)
        if m:
            pos = tail_start + m.start("rest")
            rest = m.group("rest")
            word = rest.split(" ", 1)[0].strip(",.").lower()
            if word in PRONOUNS:
                return self._pronoun(word), "pronoun after quote"
            ref = self._mention_at(pos)
            if ref is not None:
                return ref, "name after quote"
            np = re.match(r"(?:the|a|an)\s+([\w’'-]+)", rest, re.I)
            if np:
                return self._noun_phrase(np.group(1), tail_start), "described after quote"
        return None

    def before(self, q_start: int, sent_start: int) -> tuple[ActorRef | None, str] | None:
        """The subject of the nearest speech verb before the quote in its sentence."""
        head = self.text[sent_start : q_start - 1]
        if re.search(r":\s*$", head):  # X: “…”
            refs = self._between(sent_start, q_start)
            if refs:
                return refs[-1], "name before colon"
        verbs = list(_VERB_RE.finditer(head))
        if not verbs:
            acc = re.search(r"\baccording to\s+", head, re.I)
            ref = self._mention_at(sent_start + acc.end()) if acc else None
            return (ref, "according to") if ref else None
        verb = verbs[-1]
        verb_at = sent_start + verb.start()
        word_before = re.findall(r"[A-Za-z]+", self.text[sent_start:verb_at])
        if word_before and word_before[-1].lower() in PRONOUNS:
            return self._pronoun(word_before[-1]), "pronoun before quote"
        candidates = self._between(sent_start, verb_at)
        subjects = [r for r in candidates if self._is_subject(r)]
        if subjects and verb.group().lower().endswith("ing") and self.text[:verb_at].rstrip().endswith(","):
            # ", claiming they …": a participle after a comma belongs to the sentence's subject.
            return subjects[0], "subject of the sentence"
        if not subjects and word_before and word_before[0].lower() in PRONOUNS:
            return self._pronoun(word_before[0]), "pronoun before quote"
        if not subjects:
            # "…,' said Ornella Moderan, a researcher, adding that …": the speaker follows the verb.
            for v in reversed(verbs):
                after = re.match(r"\s+", self.text[sent_start + v.end() :])
                ref = self._mention_at(sent_start + v.end() + (after.end() if after else 0))
                if ref is not None:
                    return ref, "name after speech verb"
        if subjects:
            return subjects[-1] if not self._appositive(subjects, verb_at) else subjects[0], "subject of speech verb"
        for r in reversed(candidates):
            if _DESCRIBED.search(self.text[max(sent_start, r.start - 60) : r.start]):
                return r, "described speaker's organisation"
        return None

    def _appositive(self, subjects: list[ActorRef], verb_at: int) -> bool:
        """`X, spokesperson for Y, stated` — the verb's subject is X, before the commas."""
        last = subjects[-1]
        between = self.text[last.end : verb_at]
        if re.fullmatch(r"[\s,]*", between):
            return False  # "…, Colonel Maiga, told": the name right before the verb is its subject
        return between.count(",") >= 1 and len(subjects) > 1 and "," in self.text[subjects[0].end : last.start]

    def note(self, ref: ActorRef | None) -> None:
        if ref is not None:
            self.last_speaker = ref
            if ref.kind == "person":
                self.last_person = ref

    def see_sentence(self, a: int, b: int) -> None:
        """Remember the last person who is a sentence's subject, for later pronouns."""
        for r in self._between(a, b):
            if r.kind == "person" and self._is_subject(r):
                self.last_person = r
                return


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
    for start, end in spans:
        sent_start, sent_end = _sentence_of(start, bounds)
        while unread < len(bounds) and bounds[unread][1] <= sent_start:
            a, b = bounds[unread]
            if seen_sentence <= a:
                speakers.see_sentence(a, b)
            unread += 1
        seen_sentence = max(seen_sentence, sent_start)
        found = speakers.after(end, sent_end) or speakers.before(start, sent_start)
        ref, how = found if found else (None, "")
        if ref is None and previous is not None and previous.speaker_id is not None:
            opens_sentence = not text[sent_start : start - 1].strip()
            follows = not text[previous.context_end : sent_start].strip()
            if opens_sentence and follows and not _VERB_RE.search(text[end:sent_end]):
                ref = first_mention.get(previous.speaker_id)
                how = "continues the previous quote"
        speakers.note(ref)
        quote = Quote(
            start=start,
            end=end,
            text=text[start:end],
            speaker_id=ref.actor_id if ref else None,
            context_start=sent_start,
            context_end=sent_end,
            how=how if ref else "no speaker",
        )
        quotes.append(quote)
        previous = quote
    return quotes
