"""Ingest never lies: a failed file leaves nothing behind (in the database or in memory),
concurrent ingests both finish and report every file, and a killed run followed by a re-run
gives the same dossier as an uninterrupted one."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from dossier import store
from dossier.cli import cli

SPEAKERS = ["Zorglub Kwamenko", "Aaron Quistorp", "Melisande Otterburn", "Tobiah Vantongeren", "Ilse Brandqvist"]
PLACES = ["Karvonia", "Ostreland", "Belmarsh Heights", "Quellport"]


def _article(n: int) -> str:
    """An article in plain news style: a named speaker, a quote other articles render too, a
    place, a weekday and a figure. Every third article renders the same utterance."""
    who = SPEAKERS[n % len(SPEAKERS)]
    where = PLACES[n % len(PLACES)]
    shared = "we will never accept the blockade of the northern ports"
    wording = shared if n % 3 == 0 else f"the talks in {where} must go on after round {n}"
    return (
        f"{where.upper()}, March {1 + n % 27}, 2025 — {who} spoke to reporters on Monday.\n\n"
        f"“{wording.capitalize()},” {who} said after the meeting, which lasted {n + 2} hours.\n\n"
        f"Officials in {where} said {10 + n} people had been evacuated from the old harbour.\n"
    )


def _write_articles(folder: Path, n: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = folder / f"article-{i:03d}.txt"
        path.write_text(_article(i), encoding="utf-8")
        paths.append(path)
    return paths


def _ingest(db: Path, files: list[Path], *extra: str):
    return CliRunner().invoke(cli, ["ingest", "--db", str(db), "--json", *extra, *map(str, files)])


def _dump(path: Path) -> dict:
    db = store.open_db(path)
    try:
        return store.dump(db)
    finally:
        db.conn.close()


def _dossier_cmd() -> list[str]:
    return [sys.executable, "-m", "dossier"]


# -- 1. a failed file rolls back its in-memory state too -------------------------------------------


def test_after_a_failed_file_later_mentions_link_to_the_right_actors(tmp_path):
    db = tmp_path / "story.db"
    assert _ingest(db, _write_articles(tmp_path / "first", 1)).exit_code == 0
    with sqlite3.connect(db) as conn:  # an injected failure in the middle of a file's transaction
        conn.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON mention WHEN "
            "(SELECT text FROM source WHERE id = NEW.source_id) LIKE '%detonator%' "
            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )
    folder = tmp_path / "batch"
    folder.mkdir()
    files = [folder / "a.txt", folder / "b.txt", folder / "c.txt"]
    files[0].write_text("Wendeline Pockrass met Dorrit Haverkamp in Grisby. The detonator was found.\n")
    files[1].write_text("Casimir Ruffolo arrived in Lagos with Hortensia Blaum on Friday.\n")
    files[2].write_text("Wendeline Pockrass and Dorrit Haverkamp later spoke to Casimir Ruffolo.\n")
    result = _ingest(db, files)
    report = json.loads(result.output)
    assert [f["status"] for f in report["files"]] == ["error", "added", "added"]
    assert "injected failure" in report["files"][0]["message"]
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT m.surface, a.name FROM mention m LEFT JOIN actor a ON a.id = m.actor_id "
            "JOIN source s ON s.id = m.source_id WHERE s.file = ?",
            (str(files[2]),),
        ).fetchall()
        orphans = conn.execute("SELECT count(*) FROM mention WHERE actor_id NOT IN (SELECT id FROM actor)").fetchone()[0]
    assert orphans == 0
    linked = dict(rows)
    for name in ("Wendeline Pockrass", "Dorrit Haverkamp", "Casimir Ruffolo"):
        assert linked.get(name) == name, rows


# -- 2. concurrency ------------------------------------------------------------------------------


def test_a_new_dossier_is_written_in_wal_mode_and_the_built_one_keeps_a_rollback_journal(tmp_path, built_db):
    db = tmp_path / "story.db"
    assert _ingest(db, _write_articles(tmp_path / "a", 2)).exit_code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with sqlite3.connect(built_db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_ingest_into_a_rollback_journal_dossier_keeps_its_journal_mode(db_copy, tmp_path):
    assert _ingest(db_copy, _write_articles(tmp_path / "a", 2)).exit_code == 0
    with sqlite3.connect(db_copy) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_two_ingests_at_once_both_finish_and_report_every_file(tmp_path):
    db = tmp_path / "story.db"
    assert _ingest(db, _write_articles(tmp_path / "seed", 1)).exit_code == 0
    batches = [_write_articles(tmp_path / "one", 25, start=100), _write_articles(tmp_path / "two", 25, start=200)]
    procs = [
        subprocess.Popen([*_dossier_cmd(), "ingest", "--db", str(db), "--json", *map(str, files)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for files in batches
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
        report = json.loads(out)
        assert len(report["files"]) == 25
        assert {f["status"] for f in report["files"]} == {"added"}, report["files"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM source").fetchone()[0] == 51
        names = [r[0] for r in conn.execute("SELECT name FROM actor")]
    assert len(names) == len(set(names)), "the same name was proposed twice by the two runs"


# -- 4. crash-safe grouping ------------------------------------------------------------------------


def _wait_for_sources(db: Path, n: int, proc: subprocess.Popen, limit: float = 120) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end and proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
                if conn.execute("SELECT count(*) FROM source").fetchone()[0] >= n:
                    return
        except sqlite3.Error:
            pass
        time.sleep(0.01)


def test_a_killed_run_then_a_rerun_gives_the_same_dump_as_an_uninterrupted_run(tmp_path):
    files = _write_articles(tmp_path / "articles", 30)
    whole = tmp_path / "whole.db"  # the same two calls as below, uninterrupted
    assert _ingest(whole, files[:1]).exit_code == 0
    assert _ingest(whole, files[1:]).exit_code == 0
    expected = _dump(whole)
    assert expected["quote_groups"], "the articles render a shared utterance, so a group is expected"
    for n, kill_at in enumerate((1, 12, 29, 30)):
        db = tmp_path / f"killed-{n}.db"
        assert _ingest(db, files[:1]).exit_code == 0  # created, so the child only adds
        proc = subprocess.Popen([*_dossier_cmd(), "ingest", "--db", str(db), *map(str, files[1:])],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_sources(db, kill_at, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        rerun = _ingest(db, files)
        assert rerun.exit_code == 0, rerun.output
        assert _dump(db) == expected, f"kill after {kill_at} sources"
