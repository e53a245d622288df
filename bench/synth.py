"""A deterministic synthetic dossier for benchmarks: news-like sources, quotes, actors, events.

`make_corpus` writes a dossier database (the real schema, via `dossier.store.create_schema`,
and the search vocabulary written whole, as `dossier build` writes it)
with thousands of sources of 300-800 words built from a few thousand English word forms and
the actors' names. People have first names and surnames in several transliterations
(Andriy/Andrii/Andrey), places have accented and plain spellings (Tinzaouatène/Tinzaouaten),
organisations have acronyms; each source keeps one spelling per actor, as outlets do, so
FTS5's vocabulary and the fuzzy matching see what they would see on real data. Every quote is
a span of its source's text with real offsets, and every mention records where a name occurs.

`make_alias_list` returns alias strings (same generators) for the fuzzy-matching comparison.

    python -m bench.synth /tmp/synth.db --sources 10000 --quotes 100000
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import re
import sqlite3
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from bench import words as W
from dossier.text import fold
from dossier.store import create_schema, update_vocabulary

SEED = 20240804
BATCH = 250  # sources generated and inserted per batch, to keep memory flat


# -- names ---------------------------------------------------------------------------------


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


_SLAVIC_RULES = [("shch", "sch"), ("kh", "h"), ("zh", "j"), ("ch", "tch"), ("ts", "tz"), ("yu", "iu"),
                 ("ya", "ia"), ("yi", "i"), ("y", "i"), ("h", "g"), ("v", "w")]
_SAHEL_RULES = [("ou", "u"), ("dj", "j"), ("é", "e"), ("è", "e"), ("ï", "i"), ("ô", "o"), ("ou", "w")]


def _variants(rng: random.Random, word: str, rules: list[tuple[str, str]], n: int) -> list[str]:
    """Up to n other spellings of word, each from one or two transliteration rules."""
    out: list[str] = []
    applicable = [r for r in rules if r[0] in word.lower()]
    rng.shuffle(applicable)
    for count in (1, 2):
        for combo in itertools.combinations(applicable, count):
            w = word
            for a, b in combo:
                w = w.replace(a, b).replace(a.capitalize(), b.capitalize())
            if w != word and w not in out:
                out.append(w)
            if len(out) >= n:
                return out
    return out


class NameMaker:
    """Makes people, organisations, places and media names with their spellings."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.surnames: list[list[str]] = [list(g) for g in W.SURNAMES]
        self._surname_keys = {g[0] for g in self.surnames}

    def _new_surname(self) -> list[str]:
        rng = self.rng
        for _ in range(100):
            if rng.random() < 0.6:
                stem = rng.choice(W.SLAVIC_STEMS)
                endings = rng.choice(W.SLAVIC_ENDINGS)
                base = stem + endings[0]
                group = [base, *(stem + e for e in endings[1:])]
                group += _variants(rng, base, _SLAVIC_RULES, 3)
            else:
                syl = [rng.choice(W.SAHEL_SYLLABLES) for _ in range(rng.choice((2, 2, 3)))]
                base = "".join(syl).capitalize()
                group = [base, *_variants(rng, base, _SAHEL_RULES, 2)]
            if base not in self._surname_keys:
                self._surname_keys.add(base)
                return list(dict.fromkeys(group))[:4]
        return [f"Name{len(self._surname_keys)}"]

    def surname(self) -> list[str]:
        # Common surnames recur (many Traorés), rare ones are new: roughly Zipf.
        if self.rng.random() < 0.35 and self.surnames:
            i = min(int(self.rng.paretovariate(1.1)) - 1, len(self.surnames) - 1)
            return self.surnames[i]
        group = self._new_surname()
        self.surnames.append(group)
        return group

    def person(self, n_aliases: int) -> tuple[str, list[str], str]:
        rng = self.rng
        first = rng.choice(W.FIRST_NAMES)
        last = self.surname()
        name = f"{first[0]} {last[0]}"
        others = [f"{f} {s}" for f in first for s in last if (f, s) != (first[0], last[0])]
        rng.shuffle(others)
        extra = [f"{rng.choice(W.TITLES)} {last[0]}", f"{first[0][0]}. {last[0]}"]
        aliases = list(dict.fromkeys([name, *others[: max(0, n_aliases - 2)], *extra]))
        aliases = aliases[: max(1, n_aliases - 1)] + [last[0]]
        return name, list(dict.fromkeys(aliases)), last[0]

    def place(self, n_aliases: int) -> tuple[str, list[str]]:
        rng = self.rng
        if rng.random() < 0.55:
            parts = [rng.choice(W.PLACE_PARTS_SAHEL) for _ in range(rng.choice((2, 3, 3)))]
            name = "".join(parts).capitalize()
            spaced = parts[0].capitalize() + " " + "".join(parts[1:]).capitalize()
            aliases = [name, _strip_accents(name), _strip_accents(spaced), *_variants(rng, name, _SAHEL_RULES, 2)]
        else:
            parts = [rng.choice(W.PLACE_PARTS_SLAVIC) for _ in range(rng.choice((2, 2, 3)))]
            name = "".join(parts).capitalize()
            aliases = [name, *_variants(rng, name, [("iv", "ov"), ("ia", "ye"), ("kh", "h"), ("i", "o"),
                                                    ("zh", "j"), ("y", "i")], 3)]
        return name, list(dict.fromkeys(aliases))[:n_aliases]

    def organisation(self, place: str, place_variant: str, n_aliases: int, armed: bool = False) -> tuple[str, list[str]]:
        rng = self.rng
        prefix = rng.choice(W.ORG_PREFIXES)
        core = rng.choice(["Front", "Movement", "Brigade", "Legion", "Militia", "Army", "Coalition"]) if armed else rng.choice(W.ORG_CORES)
        shape = rng.random()
        if shape < 0.4:
            name = f"{prefix} {core} for the {rng.choice(W.ORG_CAUSES)} of {place}"
        elif shape < 0.7:
            name = f"{prefix} {core} of {place}"
        else:
            name = f"{prefix} {core} for {rng.choice(W.ORG_CAUSES)}"
        acronym = "".join(w[0] for w in name.split() if w[0].isupper() and w not in ("The",))
        aliases = [name, _strip_accents(acronym).upper()]
        if place_variant != place and place in name:
            aliases.append(name.replace(place, place_variant))
        aliases += [f"{prefix} {core}", f"the {acronym}"]
        return name, list(dict.fromkeys(aliases))[:n_aliases]

    def media(self, place: str, n_aliases: int) -> tuple[str, list[str]]:
        suffix = self.rng.choice(W.MEDIA_SUFFIXES)
        name = f"{place} {suffix}"
        aliases = [name, f"The {name}", _strip_accents(name), "".join(w[0] for w in name.split()) + suffix[0]]
        return name, list(dict.fromkeys(aliases))[:n_aliases]


# The recurring cast of the story: fictional people, real organisations, places and states.
CORE_PEOPLE = [
    ("Andriy Yusenko", ["Andrii Yusenko", "Andrey Yusenko", "Yusenko"],
     "Spokesman for Ukraine's military intelligence agency."),
    ("Oleksandr Khomenko", ["Aleksandr Khomenko", "Oleksandr Homenko", "Khomenko"],
     "Ukrainian deputy foreign minister."),
    ("Mamadou Koïta", ["Mamadou Koita", "Mamadu Koïta", "Koïta"], "Spokesman for Mali's transitional government."),
    ("Fatoumata Traoré", ["Fatimata Traore", "Fatoumata Traore", "Traoré"], "Malian human rights lawyer."),
    ("Ibrahim Ag Alhousseini", ["Ibrahima Ag Alhousseyni", "Brahim Ag Alhousseini", "Ag Alhousseini"],
     "Tuareg rebel commander in the Kidal region."),
    ("Serhiy Pyvovar", ["Sergei Pivovar", "Serhii Pyvovar", "Pyvovar"], "Ukrainian ambassador to Senegal."),
    ("Yuliia Zelenchuk", ["Yulia Zelenchuk", "Julia Selentschuk", "Zelenchuk"], "Analyst of Russian operations in Africa."),
    ("Dmytro Kravets", ["Dmitry Kravets", "Dmitri Kravetz", "Kravets"], "Russian paramilitary commander in Mali."),
]
CORE_GROUPS = [
    ("Wagner Group", "armed_group", ["Wagner", "PMC Wagner", "Vagner"], "Russian private military company."),
    ("Africa Corps", "armed_group", ["Afrika Korps", "Russian Africa Corps"], "Russian paramilitary force in the Sahel."),
    ("Jama'at Nusrat al-Islam wal-Muslimin", "armed_group", ["JNIM", "GSIM", "Jamaat Nusrat al-Islam"],
     "Al-Qaeda affiliate active across the Sahel."),
    ("Malian Armed Forces", "organization", ["FAMa", "Forces Armées Maliennes", "Malian army"], "Mali's army."),
    ("Main Intelligence Directorate of Ukraine", "organization", ["GUR", "HUR", "Ukrainian military intelligence"],
     "Ukraine's military intelligence agency."),
    ("Coordination of Azawad Movements", "armed_group", ["CMA", "Coordination des Mouvements de l'Azawad"],
     "Alliance of Tuareg separatist groups."),
    ("Islamic State Sahel Province", "armed_group", ["ISSP", "IS Sahel", "Islamic State in the Sahel"],
     "Islamic State's Sahel branch."),
    ("Economic Community of West African States", "organization", ["ECOWAS", "CEDEAO"], "Regional bloc."),
]


@dataclass
class SynthActor:
    id: int
    name: str
    kind: str
    aliases: list[str]
    description: str
    weight: float
    surname: str | None = None


def make_actors(rng: random.Random, n: int, aliases_per_actor: int = 4) -> list[SynthActor]:
    """n actors: the core cast, real places and states, then generated ones of every kind."""
    names = NameMaker(rng)
    actors: list[SynthActor] = []
    taken: set[str] = set()

    def add(name: str, kind: str, aliases: list[str], description: str, weight: float, surname: str | None = None) -> None:
        if name in taken or len(actors) >= n:
            return
        taken.add(name)
        aliases = list(dict.fromkeys([name, *aliases]))
        actors.append(SynthActor(len(actors) + 1, name, kind, aliases, description, weight, surname))

    for name, aliases, desc in CORE_PEOPLE:
        add(name, "person", aliases, desc, 60.0, aliases[-1])
    for name, kind, aliases, desc in CORE_GROUPS:
        add(name, kind, aliases, desc, 60.0)
    for i, group in enumerate(W.STATES):
        add(group[0], "state", group[1:], f"Country; {i + 1} in the synthetic list.", 80.0 / (i + 1) + 2)
    for i, group in enumerate(W.PLACES):
        add(group[0], "place", group[1:], "Town or city named in the reporting.", 40.0 / (i + 1) + 1)

    places = [a for a in actors if a.kind == "place"]
    state_names = [a.name for a in actors if a.kind == "state"]
    remaining = n - len(actors)
    plan = ["person"] * int(remaining * 0.62) + ["organization"] * int(remaining * 0.16) + \
        ["place"] * int(remaining * 0.12) + ["armed_group"] * int(remaining * 0.06)
    plan += ["media"] * (remaining - len(plan))
    rng.shuffle(plan)
    attempts = 0
    while len(actors) < n and attempts < n * 20:
        attempts += 1
        kind = plan[len(actors) - (n - remaining)] if len(actors) - (n - remaining) < len(plan) else "person"
        rank = len(actors) + 1
        weight = 20.0 / rank ** 0.5  # earlier generated actors recur more
        if kind == "person":
            name, aliases, surname = names.person(aliases_per_actor)
            role = rng.choice(W.PERSON_ROLES).format(
                org=rng.choice(W.ORG_CORES).lower(), state=rng.choice(state_names),
                nat=W.NATIONALITY.get(rng.choice(state_names), "Malian"), place=rng.choice(places).name,
            )
            add(name, kind, aliases, role[0].upper() + role[1:] + ".", weight, surname)
        elif kind == "place":
            name, aliases = names.place(aliases_per_actor)
            before = len(actors)
            add(name, kind, aliases, f"Locality in the {rng.choice(places).name} area.", weight)
            if len(actors) > before:
                places.append(actors[-1])
        elif kind == "media":
            place = rng.choice(places)
            name, aliases = names.media(place.name, aliases_per_actor)
            add(name, kind, aliases, f"News outlet based in {place.name}.", weight)
        else:
            place = rng.choice(places)
            name, aliases = names.organisation(place.name, rng.choice(place.aliases), aliases_per_actor,
                                               armed=kind == "armed_group")
            add(name, kind, aliases, f"{'Armed group' if kind == 'armed_group' else 'Organisation'} "
                f"active around {place.name}.", weight)
    return actors


def make_alias_list(n: int = 100_000, seed: int = SEED) -> list[str]:
    """n distinct alias strings (people in several spellings, places, organisations), shuffled."""
    rng = random.Random(seed + 1)
    out: dict[str, None] = {}
    for actor in make_actors(random.Random(seed), 200):
        out.update(dict.fromkeys(actor.aliases))
    names = NameMaker(rng)
    places = [g[0] for g in W.PLACES]
    while len(out) < n:
        r = rng.random()
        if r < 0.6:
            out.update(dict.fromkeys(names.person(5)[1]))
        elif r < 0.8:
            place = rng.choice(places)
            out.update(dict.fromkeys(names.organisation(place, place, 4, armed=rng.random() < 0.3)[1]))
        elif r < 0.95:
            name, aliases = names.place(4)
            places.append(name)
            out.update(dict.fromkeys(aliases))
        else:
            out.update(dict.fromkeys(names.media(rng.choice(places), 3)[1]))
    aliases = list(out)[:n]
    rng.shuffle(aliases)
    return aliases


# -- text ----------------------------------------------------------------------------------


def _plural(noun: str) -> str:
    if noun in W.IRREGULAR_PLURALS:
        return W.IRREGULAR_PLURALS[noun]
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def _verb_forms(spec: str) -> tuple[str, str, str, str]:
    """(base, third person, past, -ing) of a verb spec "base" or "base|past|ing"."""
    parts = spec.split("|")
    base = parts[0]
    third = _plural(base) if base not in ("say",) else "says"
    if len(parts) == 3:
        return base, third, parts[1], parts[2]
    if base.endswith("e"):
        past, ing = base + "d", base[:-1] + "ing"
    elif base.endswith("y") and base[-2] not in "aeiou":
        past, ing = base[:-1] + "ied", base + "ing"
    else:
        past, ing = base + "ed", base + "ing"
    return base, third, past, ing


class _Pool:
    """Zipf-weighted draws from a word list, drawn in bulk (fast, deterministic)."""

    def __init__(self, rng: random.Random, items: list, s: float = 0.9):
        self.rng = rng
        self.items = items
        self.cum = list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(len(items))))
        self._buf: list = []

    def __call__(self):
        if not self._buf:
            self._buf = self.rng.choices(self.items, cum_weights=self.cum, k=4096)
        return self._buf.pop()


@dataclass
class _Doc:
    """A text being written: its pieces, the mentions and quotes found in it so far."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0
    mentions: list[tuple[int, int, int, str]] = field(default_factory=list)  # actor, start, end, surface
    quotes: list[tuple[int, int, int, int, int]] = field(default_factory=list)  # speaker, start, end, sent start, sent end
    sentences: list[tuple[int, int]] = field(default_factory=list)
    cap: bool = False
    words: int = 0

    def put(self, text: str) -> None:
        if self.cap and text:
            text = text[0].upper() + text[1:]
            self.cap = False
        self.parts.append(text)
        self.pos += len(text)

    def text(self) -> str:
        return "".join(self.parts)


class Writer:
    """Writes news-like sentences, headlines and summaries about a cast of actors."""

    def __init__(self, rng: random.Random, actors: list[SynthActor]):
        self.rng = rng
        self.actors = actors
        self.noun = _Pool(rng, W.NOUNS, 0.85)
        self.adj = _Pool(rng, W.ADJECTIVES, 0.8)
        self.adv = _Pool(rng, W.ADVERBS, 0.8)
        self.verb = _Pool(rng, [_verb_forms(v) for v in W.VERBS], 0.85)
        self.prep = _Pool(rng, W.PREPOSITIONS, 1.0)
        self.outlet = _Pool(rng, W.OUTLETS, 0.7)
        by_kind: dict[str, list[SynthActor]] = {}
        for a in actors:
            by_kind.setdefault(a.kind, []).append(a)
        self.by_kind = {k: (v, list(itertools.accumulate(a.weight for a in v))) for k, v in by_kind.items()}
        self.cast: list[SynthActor] = []
        self.spelling: dict[int, str] = {}
        self.seen: set[int] = set()

    # -- cast --------------------------------------------------------------------------------

    def _pick(self, kind: str, k: int) -> list[SynthActor]:
        if kind not in self.by_kind:
            return []
        pool, cum = self.by_kind[kind]
        return self.rng.choices(pool, cum_weights=cum, k=k)

    def new_cast(self) -> None:
        rng = self.rng
        cast = (self._pick("person", rng.randint(2, 5)) + self._pick("state", rng.randint(1, 3))
                + self._pick("place", rng.randint(1, 3)) + self._pick("organization", rng.randint(0, 2))
                + self._pick("armed_group", rng.randint(0, 2)) + self._pick("media", rng.randint(0, 1)))
        self.cast = list({a.id: a for a in cast}.values())
        rng.shuffle(self.cast)
        # One outlet keeps one spelling per name (the point of transliteration variants).
        self.spelling = {}
        for a in self.cast:
            choices = [s for s in a.aliases if s != a.surname and not s.startswith("the ")] or a.aliases
            self.spelling[a.id] = choices[0] if rng.random() < 0.45 else rng.choice(choices)
        self.seen = set()

    def _cast_member(self, kinds: tuple[str, ...] | None = None) -> SynthActor:
        options = [a for a in self.cast if kinds is None or a.kind in kinds] or self.cast
        # The first members are the story's protagonists.
        i = min(int(self.rng.expovariate(0.35)), len(options) - 1)
        return options[i]

    def actor(self, doc: _Doc, kinds: tuple[str, ...] | None = None) -> SynthActor:
        a = self._cast_member(kinds)
        surface = self.spelling[a.id]
        if a.surname and a.id in self.seen and self.rng.random() < 0.7:
            surface = a.surname
        elif a.id in self.seen and self.rng.random() < 0.15:
            surface = self.rng.choice(a.aliases)
        self.seen.add(a.id)
        if doc.cap:
            doc.cap = False  # names keep their own case ("the GUR", "al-Islam")
            surface = surface[0].upper() + surface[1:]
        doc.mentions.append((a.id, doc.pos, doc.pos + len(surface), surface))
        doc.put(surface)
        return a

    # -- phrases -----------------------------------------------------------------------------

    def np(self, doc: _Doc, plural: bool | None = None) -> None:
        rng = self.rng
        if plural is None:
            plural = rng.random() < 0.3
        det = rng.choice(("the", "the", "their", "several", "many", "some")) if plural else rng.choice(
            ("the", "the", "the", "a", "its", "their", "this"))
        noun = self.noun()
        noun = _plural(noun) if plural else noun
        if det == "a" and noun[0] in "aeiou":
            det = "an"
        words = [det]
        if rng.random() < 0.45:
            adj = self.adj()
            if det == "a" and adj[0] in "aeiou":
                words[0] = "an"
            elif det == "an" and adj[0] not in "aeiou":
                words[0] = "a"
            words.append(adj)
        words.append(noun)
        doc.put(" ".join(words))
        r = rng.random()
        if r < 0.05:
            doc.put(" of ")
            self.actor(doc)
        elif r < 0.25:
            doc.put(f" of the {self.noun()}")

    def date(self, doc: _Doc) -> None:
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            text = f"on {rng.choice(W.WEEKDAYS)}"
        elif r < 0.7:
            text = f"on {rng.randint(1, 28)} {rng.choice(W.MONTHS)}"
        elif r < 0.85:
            text = rng.choice(("last week", "last month", "earlier this month", "at the weekend", "this year"))
        else:
            text = f"in {rng.choice(W.MONTHS)} {rng.randint(2019, 2024)}"
        doc.put(text)

    def pp(self, doc: _Doc) -> None:
        r = self.rng.random()
        if r < 0.3:
            doc.put(f" {self.prep()} ")
            self.actor(doc, ("place", "state"))
        elif r < 0.7:
            doc.put(f" {self.rng.choice(('with', 'against', 'for', 'over', 'after', 'from'))} ")
            self.np(doc)
        else:
            doc.put(" ")
            self.date(doc)

    def clause(self, doc: _Doc) -> None:
        rng = self.rng
        r = rng.random()
        if r < 0.25:
            self.actor(doc)
        elif r < 0.55 and rng.random() < 0.5:
            n = rng.choice((2, 3, 5, 12, 17, 20, 31, 47, 84, 100, 150, 300))
            doc.put(f"{rng.choice(('at least', 'more than', 'about', 'nearly'))} {n} {_plural(self.noun())}")
        else:
            self.np(doc)
        base, third, past, ing = self.verb()
        r = rng.random()
        if r < 0.55:
            verb = past
        elif r < 0.7:
            verb = f"has {past}"
        elif r < 0.8:
            verb = f"will {base}"
        elif r < 0.9:
            verb = f"{self.adv()} {past}"
        else:
            verb = f"was {ing}"
        doc.put(f" {verb} ")
        if rng.random() < 0.12:
            self.actor(doc)
        else:
            self.np(doc)
        if rng.random() < 0.6:
            self.pp(doc)

    def _start(self, doc: _Doc) -> int:
        doc.cap = True
        return doc.pos

    def _end(self, doc: _Doc, start: int, punct: str = ".") -> None:
        doc.put(punct)
        doc.sentences.append((start, doc.pos))

    def sentence(self, doc: _Doc, quote: bool) -> None:
        first_part = len(doc.parts)
        self._sentence(doc, quote)
        doc.words += sum(p.count(" ") for p in doc.parts[first_part:]) + 1

    def _sentence(self, doc: _Doc, quote: bool) -> None:
        rng = self.rng
        start = self._start(doc)
        if quote:
            self.quote_sentence(doc, start)
            return
        r = rng.random()
        if r < 0.45:
            self.clause(doc)
        elif r < 0.6:
            self.actor(doc, ("person",))
            doc.put(f" {rng.choice(('said', 'told reporters', 'stated', 'added', 'confirmed'))} ")
            self.date(doc)
            doc.put(" that ")
            doc.cap = False
            self.clause(doc)
        elif r < 0.72:
            doc.put("according to ")
            self.actor(doc)
            doc.put(", ")
            doc.cap = False
            self.clause(doc)
        elif r < 0.84:
            doc.put("in ")
            self.actor(doc, ("place", "state"))
            doc.put(", ")
            self.clause(doc)
        else:
            self.clause(doc)
            doc.put(f", {self.outlet()} reported")
        self._end(doc, start)

    def quote_sentence(self, doc: _Doc, start: int) -> None:
        rng = self.rng
        open_q, close_q = ("“", "”") if rng.random() < 0.7 else ('"', '"')
        shape = rng.random()

        def quoted() -> tuple[int, int]:
            doc.put(open_q)
            q_start = doc.pos
            doc.cap = True
            self.clause(doc)
            if rng.random() < 0.5:
                doc.put(rng.choice((", and ", "; ", ", but ")))
                self.clause(doc)
            return q_start, doc.pos

        if shape < 0.5:
            q_start, q_end = quoted()
            doc.put(f",{close_q} ")
            speaker = self.actor(doc, ("person",))
            doc.put(f" {rng.choice(('said', 'added', 'told reporters', 'wrote'))}")
        else:
            speaker = self.actor(doc, ("person", "organization", "state"))
            doc.put(f" {rng.choice(('said', 'warned', 'wrote', 'added'))}: ")
            q_start, q_end = quoted()
            doc.put(f".{close_q}")
            doc.sentences.append((start, doc.pos))
            doc.quotes.append((speaker.id, q_start, q_end, start, doc.pos))
            return
        self._end(doc, start)
        doc.quotes.append((speaker.id, q_start, q_end, start, doc.pos))

    def headline(self) -> str:
        doc = _Doc()
        doc.cap = True
        self.actor(doc)
        _, third, _, _ = self.verb()
        doc.put(f" {third} ")
        self.np(doc)
        if self.rng.random() < 0.7:
            self.pp(doc)
        return doc.text()

    def article(self, n_words: int, n_quotes: int) -> _Doc:
        rng = self.rng
        doc = _Doc()
        est_sentences = max(1, n_words // 17)
        p_quote = min(0.7, n_quotes / est_sentences * 1.15)
        while doc.words < n_words or len(doc.quotes) < n_quotes:
            if doc.parts:
                doc.put("\n")
            for _ in range(rng.randint(2, 5)):
                if doc.parts and doc.parts[-1] != "\n":
                    doc.put(" ")
                short = len(doc.quotes) < n_quotes and doc.words >= n_words
                self.sentence(doc, quote=short or rng.random() < p_quote)
        return doc


# -- the database --------------------------------------------------------------------------


def _dates(rng: random.Random) -> str:
    return f"{rng.randint(2022, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def make_corpus(
    path: str | os.PathLike[str],
    sources: int = 10_000,
    quotes: int = 100_000,
    actors: int = 5_000,
    aliases_per_actor: int = 4,
    events: int = 2_000,
    seed: int = SEED,
) -> dict[str, int | float]:
    """Write a synthetic dossier to path (replaced) and return what it holds and how long it took."""
    started = time.perf_counter()
    path = Path(path)
    rng = random.Random(seed)
    cast = make_actors(rng, actors, aliases_per_actor)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    create_schema(db)
    writer = Writer(rng, cast)
    slugs: set[str] = set()
    stats = {"sources": 0, "quotes": 0, "actors": len(cast), "aliases": 0, "events": 0, "mentions": 0, "evidence": 0}
    samples: list[tuple[int, int, int, str]] = []  # one sentence per source, for event evidence
    with db.atomic():
        actor_slugs: set[str] = set()
        actor_rows = []
        for a in cast:
            slug = _slug(a.name)
            while slug in actor_slugs:
                slug += "-x"
            actor_slugs.add(slug)
            actor_rows.append({"id": a.id, "slug": slug, "name": a.name, "kind": a.kind, "description": a.description})
        db["actor"].insert_all(actor_rows)
        alias_rows = [{"actor_id": a.id, "alias": s, "folded": fold(s)} for a in cast for s in a.aliases]
        db["alias"].insert_all(alias_rows)
        stats["aliases"] = len(alias_rows)

        base, extra = divmod(quotes, sources) if sources else (0, 0)
        source_id = 0
        added_at = "2024-12-31T00:00:00+00:00"
        for batch_start in range(0, sources, BATCH):
            source_rows, quote_rows, mention_rows = [], [], []
            for _ in range(min(BATCH, sources - batch_start)):
                source_id += 1
                writer.new_cast()
                want_quotes = base + (1 if source_id <= extra else 0)
                doc = writer.article(rng.randint(300, 800), want_quotes)
                text = doc.text()
                outlet = writer.outlet()
                published = _dates(rng)
                slug = f"{_slug(outlet)}-{published}"
                n = 2
                while slug in slugs:
                    slug = f"{_slug(outlet)}-{published}-{n}"
                    n += 1
                slugs.add(slug)
                source_rows.append({
                    "id": source_id, "slug": slug, "title": writer.headline(), "outlet": outlet,
                    "author": f"{rng.choice(W.FIRST_NAMES)[0]} {rng.choice(W.SURNAMES)[0]}",
                    "published": published, "url": f"https://news.example/{slug}", "text": text,
                    "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(), "added_at": added_at,
                })
                for speaker, q_start, q_end, s_start, s_end in doc.quotes[:want_quotes]:
                    quote_rows.append({
                        "source_id": source_id, "speaker_id": speaker, "text": text[q_start:q_end],
                        "start": q_start, "end": q_end, "context_start": s_start, "context_end": s_end,
                    })
                for actor_id, start, end, surface in doc.mentions:
                    mention_rows.append({"actor_id": actor_id, "source_id": source_id, "start": start, "end": end,
                                         "surface": surface, "method": "alias", "score": 1.0})
                s_start, s_end = rng.choice(doc.sentences)
                samples.append((source_id, s_start, s_end, text[s_start:s_end]))
            db["source"].insert_all(source_rows)
            db["quote"].insert_all(quote_rows)
            db["mention"].insert_all(mention_rows)
            stats["sources"] += len(source_rows)
            stats["quotes"] += len(quote_rows)
            stats["mentions"] += len(mention_rows)

        places = [a for a in cast if a.kind == "place"]
        event_rows, roles, evidence_rows = [], [], []
        for event_id in range(1, events + 1):
            writer.new_cast()
            precision = rng.choices(("day", "month", "year"), (80, 15, 5))[0]
            date = _dates(rng)[: {"day": 10, "month": 7, "year": 4}[precision]]
            summary = _Doc()
            for _ in range(rng.randint(1, 3)):
                writer.sentence(summary, quote=False)
                summary.put(" ")
            place = rng.choice(places)
            event_rows.append({
                "id": event_id, "slug": f"event-{event_id}-{_slug(date)}", "date": date, "precision": precision,
                "title": writer.headline(), "summary": summary.text().strip(), "place_id": place.id,
            })
            involved = {a for a, *_ in summary.mentions} - {place.id}
            for actor_id in sorted(involved)[:5]:
                roles.append({"event_id": event_id, "actor_id": actor_id,
                              "role": rng.choice(("actor", "actor", "target", "speaker"))})
            roles.append({"event_id": event_id, "actor_id": place.id, "role": "location"})
            for sid, s_start, s_end, snippet in rng.sample(samples, min(len(samples), rng.randint(1, 3))):
                evidence_rows.append({"event_id": event_id, "source_id": sid, "start": s_start, "end": s_end,
                                      "text": snippet})
        db["event"].insert_all(event_rows)
        db["event_actor"].insert_all(roles, ignore=True)
        db["evidence"].insert_all(evidence_rows)
        stats["events"] = len(event_rows)
        stats["evidence"] = len(evidence_rows)
        update_vocabulary(db, full=True)  # as build writes it: the browser and ingest read it
    conn.close()
    os.replace(tmp, path)
    stats["seconds"] = round(time.perf_counter() - started, 2)
    stats["bytes"] = path.stat().st_size
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a deterministic synthetic dossier database.")
    parser.add_argument("path")
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--aliases-per-actor", type=int, default=4)
    parser.add_argument("--events", type=int, default=2_000)
    args = parser.parse_args()
    stats = make_corpus(args.path, args.sources, args.quotes, args.actors, args.aliases_per_actor, args.events)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
