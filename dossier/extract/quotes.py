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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from dossier.extract.lexicon import (
    ADVISER_ROLES,
    MEMBER_ROLES,
    PREPOSITIONS,
    ROLES,
    SPEECH_VERBS,
    SPEECH_VERBS_FOR_QUOTES,
)
from dossier.extract.opcount import OPS
from dossier.extract.spans import SpanIndex
from dossier.extract.text import sentence_bounds

_VERB = r"(?:" + "|".join(sorted({*SPEECH_VERBS, *SPEECH_VERBS_FOR_QUOTES}, key=len, reverse=True)) + r")"
_VERB_RE = re.compile(rf"\b{_VERB}\b", re.I)
PRONOUNS = {"he", "she", "they", "him", "her", "it"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "former", "then"}
# A preposition right before a name makes it an object ("spokesperson for Mali's government"),
# not the subject of the verb.
_PREPOSITIONS = set(PREPOSITIONS)
# "a representative from Y disclosed …": the speaker is described by a role in Y.
_DESCRIBED = re.compile(
    rf"\b(?:{'|'.join((*ROLES, *MEMBER_ROLES, *ADVISER_ROLES))})s?\s+(?:from|of|for|at)\s+(?:the\s+)?$",
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
_SPACES = re.compile(r"\s+")
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
        self._passing: dict[tuple, tuple[int, list[int]]] = {}  # see _last_before
        self._sentence: _Sentence | None = None
        self._commas = [m.start() for m in re.finditer(",", text)]
        self.last_person: ActorRef | None = None
        self.last_speaker: ActorRef | None = None

    def _mention_at(self, pos: int) -> ActorRef | None:
        k = bisect_left(self._starts, pos)
        return self.mentions[k] if k < len(self._starts) and self._starts[k] == pos else None

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
        return not after.startswith(("’s", "'s", "’ ", "' "))

    def _pronoun(self, word: str = "he") -> ActorRef | None:
        if word.lower() in ("it", "they"):  # an organisation, a state, a group: the last speaker
            return self.last_speaker
        return self.last_person or (self.last_speaker if self.last_speaker and self.last_speaker.kind == "person" else None)

    def _noun_phrase(self, phrase: str, before: int) -> ActorRef | None:
        """`the ministry` -> the last actor mentioned before whose name holds that word."""
        head = phrase.split()[-1].lower()
        named = self._last_before(
            before, ("names", head), lambda m: head in self.text[m.start : m.end].lower() or head in m.name.lower()
        )
        if named is not None:
            return named
        if head in {"statement", "communique", "communiqué", "release", "ministry", "government"}:
            return self._last_before(before, ("body",), lambda m: m.kind in ("organization", "state", "armed_group"))
        return None

    def after(self, q_end: int, sent_end: int) -> tuple[ActorRef | None, str] | None:
        """`”, X said` / `,” said X` / `,” he added` right after the closing mark."""
        tail_start = q_end + 1
        tail = self.text[tail_start : min(sent_end, tail_start + ATTRIBUTION_WINDOW)]
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

    def before(self, q_start: int, sent_start: int, sent_end: int) -> tuple[ActorRef | None, str] | None:
        """The subject of the nearest speech verb before the quote in its sentence."""
        OPS["speaker reads"] += 1
        sentence = self.sentence(sent_start, sent_end)
        head_end = q_start - 1  # the text before the opening mark
        if sentence.last_visible(head_end, sent_start) == ":":  # X: “…”
            ref = next(sentence.ending_by(sentence.mentions, q_start, reverse=True), None)
            if ref:
                return ref, "name before colon"
        n_verbs = bisect_right(sentence.verb_ends, head_end)
        if not n_verbs:
            acc = sentence.according if sentence.according and sentence.according.end() <= head_end else None
            ref = self._mention_at(acc.end()) if acc else None
            return (ref, "according to") if ref else None
        verb = sentence.verbs[n_verbs - 1]
        verb_at = verb.start()
        n_words = bisect_right(sentence.word_ends, verb_at)  # the words before the verb
        if n_words and sentence.words[n_words - 1].group().lower() in PRONOUNS:
            return self._pronoun(sentence.words[n_words - 1].group()), "pronoun before quote"
        subjects = sentence.ending_by(sentence.subjects, verb_at)
        first = next(subjects, None)
        if first and verb.group().lower().endswith("ing") and sentence.last_visible(verb_at, 0) == ",":
            # ", claiming they …": a participle after a comma belongs to the sentence's subject.
            return first, "subject of the sentence"
        if not first and n_words and sentence.words[0].group().lower() in PRONOUNS:
            return self._pronoun(sentence.words[0].group()), "pronoun before quote"
        if not first:
            # "…,' said Ornella Moderan, a researcher, adding that …": the speaker follows the verb.
            ref = sentence.named_after[n_verbs - 1]
            if ref is not None:
                return ref, "name after speech verb"
        if first:
            last = next(sentence.ending_by(sentence.subjects, verb_at, reverse=True))
            several = next(subjects, None) is not None
            return first if sentence.appositive(first, last, several, verb_at) else last, "subject of speech verb"
        described = next(sentence.ending_by(sentence.described, verb_at, reverse=True), None)
        if described:
            return described, "described speaker's organisation"
        return None

    def sentence(self, start: int, end: int) -> _Sentence:
        """The facts of the sentence text[start:end], kept while quotes are read in it."""
        if self._sentence is None or self._sentence.start != start:
            self._sentence = _Sentence(self, start, end)
        return self._sentence

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


class _Sentence:
    """What the rules before a quote read in its sentence, found once for the sentence: the
    quotes of one long sentence then cost a bisection each, not a read of the sentence."""

    def __init__(self, speakers: _Speakers, start: int, end: int):
        OPS["speaker reads"] += end - start
        self.text = text = speakers.text
        self.start = start
        self._commas = speakers._commas
        # A sentence starts after a non-word character, so these match as in the sentence alone.
        self.verbs = list(_VERB_RE.finditer(text, start, end))
        self.verb_ends = [v.end() for v in self.verbs]
        self.words = list(_LETTERS.finditer(text, start, end))
        self.word_ends = [w.end() for w in self.words]
        self.according = _ACCORDING.search(text, start, end)
        first, last = bisect_left(speakers._starts, start), bisect_left(speakers._starts, end)
        self.mentions = speakers.mentions[first:last]
        self.subjects = [m for m in self.mentions if speakers._is_subject(m)]
        self.described = [m for m in self.mentions if _DESCRIBED.search(text[max(start, m.start - 60) : m.start])]
        # For each verb: the mention right after the last verb up to it that has one.
        self.named_after: list[ActorRef | None] = []
        for v in self.verbs:
            after = _SPACES.match(text, v.end())
            ref = speakers._mention_at(after.end() if after else v.end())
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
    for start, end in spans:
        sent_start, sent_end = _sentence_of(start, bounds)
        while unread < len(bounds) and bounds[unread][1] <= sent_start:
            a, b = bounds[unread]
            if seen_sentence <= a:
                speakers.see_sentence(a, b)
            unread += 1
        seen_sentence = max(seen_sentence, sent_start)
        found = speakers.after(end, sent_end) or speakers.before(start, sent_start, sent_end)
        ref, how = found if found else (None, "")
        if ref is None and previous is not None and previous.speaker_id is not None:
            opens_sentence = _blank(text, sent_start, start - 1)
            follows = _blank(text, previous.context_end, sent_start)
            if opens_sentence and follows and not speakers.sentence(sent_start, sent_end).verb_after(end):
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
