"""What one extraction read from the actor index, and whether the index, having learned more
actors since, would still answer every one of those reads the same.

Ingest with --jobs extracts articles ahead of the writer, in other processes, each with a copy
of the run's `ActorIndex` as it stood when it took the article up (`dossier.pool`). The writer
stores the articles in order; by then the run's index may have learned the actors of the
articles stored in between. Extraction is a function of the text and of what it reads from
the index: an extraction whose every read gets the same answer from the index as it is now
is the one the writer would make itself. `Reads.unchanged` decides that, exactly or on the
safe side (it may say "changed" when nothing that mattered changed, never the reverse), and
the writer extracts again on "changed".

How a read is checked, by what `reading` wraps each field of the index in:
- a lookup in a dict (names, kinds, positions, people, cores, governments, aliases, …) or an
  item of a list (owners, folded): the answer is kept, a copy, and compared with the
  index's answer now;
- a query method (`person`, `acronym`, `expansion`): its arguments and result, compared with
  the index's result now;
- the alias matcher's `find(text)`: its hits are those of one alternation of every alias,
  leftmost and longest; aliases that occur nowhere in the text change none of them. So the
  actors learned since are matched alone against the text: no hit, no change. (A hit starts
  where a word of the folded text does, with that whole word: an alias whose first word the
  text never has is not looked for);
- fuzzy linking's candidates (`AliasBlocks.candidates(key, cutoff)`): `fuzzy_link` scores
  them with `fuzz.ratio` and keeps those that reach the cutoff, the top five in alias order;
  an alias learned since is numbered after every older one, so when none of the learned
  spellings reaches the cutoff against the key, the link is the same;
- anything else (iterating a dict, its length, a field or method this module does not
  know): counted as having read all of the index, which has changed as soon as anything
  was learned.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields

from dossier.extract.actors import AliasBlocks, AliasMatcher
from dossier.extract.linking import ActorIndex
from dossier.text import fold, fold_with_map

_WORD = re.compile(r"\w+")

@dataclass
class Reads:
    """What one extraction read from the index (see the module's docstring)."""

    lookups: dict[str, dict] = field(default_factory=dict)  # field -> key -> (found, answer)
    queries: list[tuple[str, tuple, object]] = field(default_factory=list)  # method, arguments, result
    matched: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # texts the alias matcher searched, their folded words
    fuzzy: set[tuple[str, float]] = field(default_factory=set)  # (folded name, cutoff) of fuzzy links
    whole: set[str] = field(default_factory=set)  # fields read in a way not checked one read at a time

    def unchanged(self, index: ActorIndex, learned: Sequence[tuple[int, Sequence[str]]]) -> bool:
        """Whether index, which is the index these reads were made from having learned the
        actors `learned` since ((id, spellings) each), answers every read the same."""
        if not learned:
            return True
        if self.whole:
            return False
        for path, seen in self.lookups.items():
            data = _field(index, path)
            if any(_look(data, key) != answer for key, answer in seen.items()):
                return False
        if any(getattr(ActorIndex, name)(index, *args) != result for name, args, result in self.queries):
            return False
        if self.fuzzy:
            from rapidfuzz import fuzz

            keys = {fold(s) for _, spellings in learned for s in spellings}
            if any(fuzz.ratio(name, key) >= cutoff for name, cutoff in self.fuzzy for key in keys):
                return False
        if self.matched:
            firsts = {_WORD.match(fold(s).strip()) for _, spellings in learned for s in spellings}
            alone = AliasMatcher((actor_id, s) for actor_id, spellings in learned for s in spellings)
            for text, words in self.matched:
                if any(m is None or m.group() in words for m in firsts) and alone.find(text):
                    return False
        return True


def reading(index: ActorIndex) -> tuple[ActorIndex, Reads]:
    """A view of index that answers as it does and records every read into the Reads returned."""
    reads = Reads()
    return _ReadingIndex(index, reads), reads


def _field(index: ActorIndex, path: str):
    for name in path.split("."):
        index = getattr(index, name)
    return index


def _look(data, key) -> tuple[bool, object]:
    """(found, answer) of one lookup: a dict's key, or a list's position."""
    if isinstance(data, dict):
        return (True, data[key]) if key in data else (False, None)
    return (True, data[key]) if 0 <= key < len(data) else (False, None)


class _Reader:
    """A field of the index, read through: every read goes to the Reads."""

    def __init__(self, data, path: str, reads: Reads):
        self._data, self._path, self._reads = data, path, reads

    def __getattr__(self, name: str):
        self._reads.whole.add(f"{self._path}.{name}")
        return getattr(self._data, name)


class _ReadDict(_Reader):
    """A dict (or list) field: lookups are kept with their answers."""

    def __init__(self, data, path: str, reads: Reads):
        super().__init__(data, path, reads)
        self._seen = reads.lookups.setdefault(path, {})

    def _read(self, key) -> tuple[bool, object]:
        answer = self._seen.get(key)
        if answer is None:
            found, value = _look(self._data, key)
            answer = self._seen[key] = (found, copy.copy(value))
        return answer

    def get(self, key, default=None):
        found, _ = self._read(key)
        return self._data[key] if found else default

    def __getitem__(self, key):
        if isinstance(self._data, list) and not (isinstance(key, int) and key >= 0):
            self._reads.whole.add(self._path)
            return self._data[key]
        self._read(key)
        return self._data[key]

    def __contains__(self, key) -> bool:
        return self._read(key)[0]

    def __iter__(self):
        self._reads.whole.add(self._path)
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.whole.add(self._path)
        return len(self._data)

    def __bool__(self) -> bool:
        self._reads.whole.add(self._path)
        return bool(self._data)


class _ReadMatcher(_Reader):
    def find(self, text: str):
        self._reads.matched.append((text, frozenset(_WORD.findall(fold_with_map(text)[0]))))
        return self._data.find(text)


class _ReadBlocks(_Reader):
    def __init__(self, data: AliasBlocks, path: str, reads: Reads):
        super().__init__(data, path, reads)
        self.dotted = _ReadDict(data.dotted, f"{path}.dotted", reads)

    def candidates(self, key: str, cutoff: float) -> list[int]:
        self._reads.fuzzy.add((key, cutoff))
        return self._data.candidates(key, cutoff)


class _ReadingIndex(ActorIndex):
    """An ActorIndex whose fields are read through (`_Reader`s), and whose queries are recorded."""

    def __init__(self, index: ActorIndex, reads: Reads):  # not the dataclass's: no field is copied
        for f in fields(ActorIndex):
            setattr(self, f.name, _wrap(getattr(index, f.name), f.name, reads))
        self._index, self._reads = index, reads

    def person(self, words: list[str]) -> set[int]:
        return self._query("person", tuple(words))

    def acronym(self, acronym: str) -> set[int]:
        return self._query("acronym", acronym)

    def expansion(self, name: str) -> set[int]:
        return self._query("expansion", name)

    def _query(self, name: str, *args):
        result = getattr(ActorIndex, name)(self._index, *args)
        self._reads.queries.append((name, args, copy.copy(result)))
        return result


def _wrap(value, path: str, reads: Reads):
    if isinstance(value, (dict, list)):
        return _ReadDict(value, path, reads)
    if isinstance(value, AliasMatcher):
        return _ReadMatcher(value, path, reads)
    if isinstance(value, AliasBlocks):
        return _ReadBlocks(value, path, reads)
    # A field of a kind this module does not know: its reads cannot be seen, so it counts as read.
    reads.whole.add(path)
    return value


def spellings(actors: Iterable) -> list[tuple[int, tuple[str, ...]]]:
    """(id, spellings) of actors learned (objects with id, name and aliases), as `Reads.unchanged` takes them."""
    return [(a.id, (a.name, *a.aliases)) for a in actors]
