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


# -- 6. messages that tell the truth -----------------------------------------------------------------


def _error_from(conn: sqlite3.Connection, sql: str) -> sqlite3.Error:
    try:
        conn.execute(sql)
    except sqlite3.Error as exc:
        return exc
    raise AssertionError(f"{sql} did not fail")


def test_each_kind_of_database_failure_gets_its_own_message(tmp_path):
    path = tmp_path / "x.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t (v TEXT UNIQUE)")
    conn.execute("INSERT INTO t VALUES ('a')")
    constraint = _error_from(conn, "INSERT INTO t VALUES ('a')")
    conn.execute("PRAGMA max_page_count = 2")
    full = _error_from(conn, "INSERT INTO t SELECT hex(randomblob(4000)) FROM (SELECT 1 UNION SELECT 2 UNION SELECT 3)")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    waiter = sqlite3.connect(path, timeout=0)
    locked = _error_from(waiter, "SELECT * FROM t")
    holder.execute("ROLLBACK")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x07" * 2000)
    damaged = _error_from(sqlite3.connect(junk), "SELECT * FROM sqlite_master")
    messages = {name: str(store.explain(exc, path)) for name, exc in
                [("constraint", constraint), ("full", full), ("locked", locked), ("damaged", damaged)]}
    assert "broke one of the database's rules" in messages["constraint"]
    assert "disk holding" in messages["full"] and "full" in messages["full"]
    assert "locked by another process" in messages["locked"]
    assert "damaged" in messages["damaged"]
    assert len(set(messages.values())) == 4


def test_missing_file_dangling_link_and_link_loop_are_told_apart(tmp_path):
    loop_a, loop_b, dangling = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "gone.txt"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    dangling.symlink_to(tmp_path / "nowhere.txt")
    report = json.loads(_ingest(tmp_path / "s.db", [loop_a, dangling, tmp_path / "never.txt"]).output)
    messages = [f["message"] for f in report["files"]]
    assert "loops back on itself" in messages[0]
    assert "symbolic link to" in messages[1] and "nowhere.txt" in messages[1]
    assert "no such file" in messages[2]


def test_a_file_name_with_escape_sequences_is_shown_not_obeyed(tmp_path):
    name = tmp_path / "red\x1b[31mtext\rcut.txt"
    name.write_text("Amadou Traore spoke in Bamako on Monday.\n", encoding="utf-8")
    missing = tmp_path / "gone\x1b]8;;http://x\x07.txt"
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "s.db"), str(name), str(missing)])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\r" not in result.output and "\x07" not in result.output
    assert "red" in result.output and "gone" in result.output


def test_a_failure_after_the_files_still_prints_the_report_and_exits_3(tmp_path, monkeypatch):
    from dossier import compare

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    files = _write_articles(tmp_path / "a", 12)
    db = tmp_path / "story.db"
    monkeypatch.setattr(compare, "regroup", broken)
    result = _ingest(db, files)
    assert result.exit_code == 3
    report = json.loads(result.output)
    assert [f["status"] for f in report["files"]] == ["added"] * 12
    assert "Grouping the new quotes failed" in report["errors"][0] and "full" in report["errors"][0]
    monkeypatch.undo()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM pending_quote").fetchone()[0] == 12
    again = _ingest(db, files)  # nothing new, but the pending quotes are grouped now
    assert again.exit_code == 0 and json.loads(again.output)["errors"] == []
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM pending_quote").fetchone()[0] == 0
    clean = tmp_path / "clean.db"
    assert _ingest(clean, files).exit_code == 0
    assert _dump(db)["quote_groups"] == _dump(clean)["quote_groups"] != []


# -- 3. readers during an ingest ---------------------------------------------------------------------

NEWS = "Zorglub Kwamenko, the envoy, said on Monday that “the ports stay closed.”\n"


def test_a_search_index_built_before_an_ingest_never_crashes_on_its_new_actors(db_copy, tmp_path):
    from dossier.search import Searcher

    db = store.open_db(db_copy)
    try:
        searcher = Searcher(db)
        article = tmp_path / "new.txt"
        article.write_text(NEWS, encoding="utf-8")
        assert _ingest(db_copy, [article]).exit_code == 0
        results = searcher.search("Kwamenko -Yusov")  # an exclusion looks at every hit's name
        assert "Zorglub Kwamenko" in [h.name for h in results.actors]
    finally:
        db.conn.close()


def test_a_session_sees_another_process_ingest_through_a_cheap_change_check(db_copy, tmp_path):
    from dossier.session import Session

    session = Session(db_copy)
    try:
        assert session.changes() is None
        article = tmp_path / "new.txt"
        article.write_text(NEWS, encoding="utf-8")
        assert _ingest(db_copy, [article]).exit_code == 0
        change = session.changes()
        assert change is not None and change.new_sources == 1
        assert session.changes() is None  # said once
        assert "Zorglub Kwamenko" in [h.name for h in session.search("Kwamenko").actors]
    finally:
        session.close()
