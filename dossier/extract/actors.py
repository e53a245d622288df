"""Find every word-bounded occurrence of known actor aliases in a text."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from dossier.extract.opcount import OPS
from dossier.extract.spans import SpanIndex
from dossier.extract.text import fold, fold_with_map


@dataclass(frozen=True)
class AliasHit:
    """One occurrence of an alias: offsets into the original text and the actors it names."""

    start: int
    end: int
    surface: str
    actor_ids: tuple[int, ...]


class AliasMatcher:
    """Matches folded aliases in folded text, longest alias first, without overlaps."""

    def __init__(self, aliases: Iterable[tuple[int, str]]):
        owners: dict[str, set[int]] = defaultdict(set)
        for actor_id, alias in aliases:
            key = fold(alias).strip()
            if key:
                owners[key].add(actor_id)
        self._owners = {k: tuple(sorted(v)) for k, v in owners.items()}
        # Longest first, so "Tuareg rebels" wins over "Tuareg" at the same position.
        alternation = "|".join(re.escape(k) for k in sorted(self._owners, key=lambda k: (-len(k), k)))
        self._pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)") if alternation else None

    def find(self, text: str) -> list[AliasHit]:
        """Return every alias occurrence in text, in order."""
        if self._pattern is None or not text:
            return []
        folded, index = fold_with_map(text)
        hits = []
        for m in self._pattern.finditer(folded):
            start = m.start() if index is None else index[m.start()]
            end = m.end() if index is None else index[m.end() - 1] + 1
            hits.append(AliasHit(start, end, text[start:end], self._owners[m.group(0)]))
        return hits


_WORD_CHAR = re.compile(r"\w")


def word_occurrences(folded: str, words: Sequence[str]) -> Iterator[tuple[int, int, int]]:
    """(n, start, end) of each word-bounded occurrence of words[n] in folded, the matches
    `re.finditer` would give for each word alone, in text order.

    One pass over the text, looking up at each word start the slices as long as some word:
    a text naming thousands of people is not scanned once per surname."""
    if not words:
        return
    number = {word: n for n, word in enumerate(words)}
    lengths = sorted({len(word) for word in words})
    starts = re.compile(r"(?<!\w)[" + re.escape("".join({word[0] for word in words})) + "]")
    free_from: dict[str, int] = {}  # a word's matches never overlap one another
    for m in starts.finditer(folded):
        at = m.start()
        for size in lengths:
            OPS["surname lookups"] += 1
            end = at + size
            if end > len(folded):
                break
            word = folded[at:end]
            if word not in number or free_from.get(word, 0) > at:
                continue
            if end < len(folded) and _WORD_CHAR.match(folded, end):
                continue
            free_from[word] = end
            yield number[word], at, end


def governments(actors: Iterable[tuple[int, str, Iterable[str]]]) -> dict[int, int]:
    """State id -> id of the organisation that is its government, where the aliases say so.

    A state "says" things through its government ("Mali described …"), so a quote whose
    subject is a state is attributed to that state's government when the dossier has one
    whose name or alias names the state and the word "government" ("Mali’s government").
    actors: (id, kind, aliases) triples.
    """
    states: dict[int, set[str]] = {}
    orgs: dict[int, list[str]] = {}
    for actor_id, kind, aliases in actors:
        folded = [fold(a) for a in aliases]
        if kind == "state":
            states[actor_id] = {f for f in folded if len(f) >= 3}
        elif kind == "organization":
            orgs[actor_id] = [f for f in folded if re.search(r"\bgovernment\b", f)]
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
_NAME_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z]\.(?=\s+[A-Z])|[A-Z][\w’'-]*\w|[A-Z])"
_CONNECTOR = r"(?:al-|ag|bin|ibn|de|del|da|van|von|der|of|for|the)"
_DEMONYM = re.compile(r"^(?:[A-Z]\w*(?:ian|ese|ish|ean|can|ern)|West|East|North|South|Central|Former|Interim|Acting|Deputy|Vice|Sub)$")
_TITLE_WORD = re.compile(
    r"^(?:(?:President|Colonel|Col\.?|General|Gen\.?|Lieutenant|Lt\.?|Captain|Capt\.?|Major|Maj\.?|Brigadier|Brig\.?|"
    r"Minister|Prime|Foreign|Defence|Defense)-)*"
    r"(?:President|Colonel|Col\.?|General|Gen\.?|Lieutenant|Lt\.?|Captain|Capt\.?|Major|Maj\.?|Brigadier|Brig\.?|"
    r"Minister|Prime|Foreign|Defence|Defense|Secretary|State|"
    r"Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Sen\.?|Senator|Ambassador|Secretary|Chancellor|King|Queen|Prince|Pope|Imam|Sheikh|"
    r"Spokesman|Spokeswoman|Spokesperson|Leader|Commander|Chief)$"
)
_NAME_RE = re.compile(rf"\b{_NAME_TOKEN}(?:\s+(?:{_CONNECTOR}\s+)*{_NAME_TOKEN})*")
_ACRONYM = re.compile(r"^[A-Z]{2,7}$")
_COMMON_START = set(
    "The A An In On At But And When While After Before As If Since Although Though Meanwhile However "
    "This That These Those It Its He She They We Our His Her Their There Here Then Also Yet So Or Nor "
    "For Of To From By With Without Under Over Between During Despite Among Across Following Last Next "
    "Earlier Later Recently Historically Today Yesterday According Many Some Most Several Other Another "
    "Both Each Every No Not Only One Two Three Four Five Six Seven Eight Nine Ten Dozens Hundreds What "
    "Who Why How Where Which Once Mr Ms Mrs Dr".split()
)
_NOT_NAMES = set(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday TV AM PM OK II III IV".split()
)
PERSON_TITLES = re.compile(
    r"(?:President|Colonel|Col\.|General|Gen\.|Lieutenant|Captain|Major|Minister|Prime Minister|"
    r"spokes(?:man|woman|person)|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Sen\.|Senator|Rep\.|ambassador|envoy|"
    r"leader|chief|commander|analyst|researcher|fellow|director|official|journalist|reporter|"
    r"Ambassador|Secretary|Chancellor|King|Queen|Prince|Pope|Imam|Sheikh)\W*(?:\w+\W+){0,2}$",
)
_TITLE_RIGHT_BEFORE = re.compile(
    r"(?:President|Colonel|Col\.|General|Gen\.|Minister|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Senator|Ambassador|"
    r"spokes(?:man|woman|person))\s+$"
)
_ORG_WORDS = set(
    "Ministry Agency Group Center Centre Council Army Forces Force Front Movement Party Union Company "
    "Institute University Committee Bank Organization Organisation Coalition Alliance Association "
    "Commission Court Parliament Assembly Service Services Department Office Foundation Fund Corporation "
    "Inc Ltd Brigade Battalion Network Mission Authority Community Bloc League Pact Secretariat".split()
)
_MEDIA_WORDS = set("Times Post News Press Journal Herald Tribune Gazette Radio Television Broadcasting".split())
_STATE_WORDS = set("Republic Kingdom Emirates States Federation".split())
_PLACE_BEFORE = re.compile(r"(?:\bin|\bnear|\bvillage of|\btown of|\bcity of|\bregion of|\bprovince of|\bto|\bfrom)\s+$")


@dataclass(frozen=True)
class NameSpan:
    """A capitalised name in the text that no alias matched."""

    start: int
    end: int
    surface: str
    kind: str  # a guess from the context: person, organization, state, place, media or unknown


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos]
    return pos == 0 or bool(re.search(r"(?:[.!?]\s+|\n\s*|[“\"]\s*)$", before))


def guess_kind(text: str, start: int, surface: str) -> str:
    """Guess what kind of actor a name is from its words and the words before it."""
    words = surface.split()
    if _ACRONYM.match(surface):
        return "organization"
    if words[-1] in _MEDIA_WORDS:
        return "media"
    if any(w in _ORG_WORDS for w in words):
        return "organization"
    if any(w in _STATE_WORDS for w in words):
        return "state"
    before = text[max(0, start - 40) : start]
    if PERSON_TITLES.search(before) or re.match(r"^\s*,?\s*(?:said|told|says|added)\b", text[start + len(surface) : start + len(surface) + 12]):
        return "person"
    if _PLACE_BEFORE.search(before) and len(words) <= 2:
        return "place"
    if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
        return "person"
    return "unknown"


def find_names(text: str, taken: Sequence[tuple[int, int]], skip: Sequence[tuple[int, int]] = ()) -> list[NameSpan]:
    """Capitalised names (two or more words, an acronym, or one word after a title) outside
    the spans already taken by known aliases and outside page chrome."""
    blocked = SpanIndex([*taken, *skip, *_headline_lines(text)])
    out: list[NameSpan] = []
    for m in _NAME_RE.finditer(text):
        words = m.group(0).split()
        offsets = [m.start() + o.start() for o in re.finditer(r"\S+", m.group(0))]
        # Drop what precedes the name proper: a sentence-opening word ("The"), a demonym or
        # a title ("Russian President Vladimir Putin" -> "Vladimir Putin").
        i = 0
        while i < len(words) - 1 and (
            words[i] in _COMMON_START or words[i] in _NOT_NAMES or _DEMONYM.match(words[i]) or _TITLE_WORD.match(words[i])
        ):
            i += 1
        j = len(words)
        while j > i and (re.fullmatch(_CONNECTOR, words[j - 1]) or words[j - 1] in _NOT_NAMES):
            j -= 1
        words = words[i:j]
        if not words or words[0] in _COMMON_START or words[0] in _NOT_NAMES or _DEMONYM.match(words[0]) and len(words) == 1:
            continue
        start = offsets[i]
        end = offsets[j - 1] + len(words[-1])
        if words[-1].endswith(("’s", "'s")):
            end -= 2
        surface = text[start:end]
        if "\n" in surface or blocked.overlaps(start, end):
            continue
        single = len(words) == 1
        if single and _ACRONYM.match(surface) and re.match(r"\s*[,(—–-]", text[end : end + 3]) and (
            start == 0 or text[start - 1] == "\n"
        ):
            continue  # a dateline ("KYIV, Aug. 12 —"), not an organisation
        if single and not _ACRONYM.match(surface) and not _TITLE_RIGHT_BEFORE.search(text[max(0, start - 30) : start]):
            continue  # one capitalised word is too often just a sentence start or an adjective
        out.append(NameSpan(start, end, surface, guess_kind(text, start, surface)))
    return out


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Lines In Title Case (headlines, teasers): their capitals say nothing about names."""
    spans, pos = [], 0
    for line in text.split("\n"):
        words = re.findall(r"[A-Za-z][\w’'-]*", line)
        if len(words) >= 3 and not re.search(r"[.!?]\s*$", line.strip()):
            capital = sum(1 for w in words if w[0].isupper())
            if capital / len(words) >= 0.6:
                spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def fuzzy_link(surface: str, index: Sequence[str], owners: Sequence[tuple[int, ...]], cutoff: float = 86) -> tuple[tuple[int, ...], float] | None:
    """Link a name to a known alias spelled another way ("Andrey Yusov" ~ "Andriy Yusov").

    Word counts must agree, and a longer form of a shorter alias that only adds an ending
    ("Russian" for "Russia", "Malians") is a demonym, not a spelling.
    """
    from rapidfuzz import fuzz, process

    key = fold(surface)
    if "." not in key and key.replace(" ", "").isalpha() and len(key) <= 6:
        # "US" is the "U.S." of another outlet: compare acronyms without their dots.
        dotted = [i for i, alias in enumerate(index) if alias.replace(".", "") == key and "." in alias]
        if len(dotted) == 1:
            return owners[dotted[0]], 0.95
    n_words = len(key.split())
    best = None
    for alias, score, i in process.extract(key, index, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5):
        if len(alias.split()) != n_words:
            continue
        if key.startswith(alias) and len(key) - len(alias) <= 3:
            continue
        if best is None or score > best[1]:
            best = (owners[i], score)
    return (best[0], round(best[1] / 100, 3)) if best else None
