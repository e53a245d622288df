"""Signed pickles (dossier.signed) and the gazetteer's cities kept with them: read back only
when this user's dossier signed them, made again otherwise."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets

import pytest

from dossier import signed
from dossier.extract import gazetteer


@pytest.fixture
def fresh_cities():
    gazetteer._cities.cache_clear()
    yield
    gazetteer._cities.cache_clear()


def test_a_signed_pickle_reads_back_and_a_changed_byte_is_refused():
    blob = signed.dumps({"Bamako": 1})
    assert signed.loads(blob) == {"Bamako": 1}
    changed = blob[:-1] + bytes([blob[-1] ^ 1])
    assert signed.loads(changed) is None
    assert signed.loads(b"") is None and signed.loads("text") is None


def test_the_cities_kept_are_read_back_by_the_next_process(fresh_cities, monkeypatch):
    made = gazetteer._cities()
    name = gazetteer._cities_name()
    assert name and (signed.cache_folder() / name).exists()
    gazetteer._cities.cache_clear()  # as a new process

    def unread():
        raise AssertionError("made again")

    monkeypatch.setattr(gazetteer, "_read_cities", unread)
    assert gazetteer._cities() == made
    assert gazetteer.place("Bamako").country == "ML"


def test_a_cities_file_signed_by_someone_else_is_never_unpickled(fresh_cities, tmp_path):
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.mkdir, (str(marker),))

    payload = pickle.dumps(Payload())
    folder = signed.cache_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = gazetteer._cities_name()
    for blob in (hmac.new(secrets.token_bytes(32), payload, hashlib.sha256).digest() + payload, payload):
        (folder / name).write_bytes(blob)
        gazetteer._cities.cache_clear()
        cities = gazetteer._cities()
        assert not marker.exists()
        assert cities == gazetteer._read_cities()
        assert signed.loads((folder / name).read_bytes()) == cities  # made again, and kept signed


def test_cities_kept_from_another_file_or_code_are_removed_when_they_are_made_again(fresh_cities):
    folder = signed.cache_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cities-0123.pickle").write_bytes(b"older")
    gazetteer._cities()
    assert sorted(p.name for p in folder.glob("cities-*.pickle")) == [gazetteer._cities_name()]


def test_without_a_cache_folder_the_cities_are_made_and_nothing_is_kept(fresh_cities, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert gazetteer._cities() == gazetteer._read_cities()
    assert blocked.read_text() == ""
