"""Ingest: files of every kind in, facts with offsets out, atomic and idempotent."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from dossier import ingest, lookup, store
from dossier.cli import cli
from dossier.extract.html import html_to_text
from dossier.extract.pipeline import _blocks

ARTICLE = (
    "KYIV, Aug. 12, 2024 — Ukraine's military intelligence spokesman Andrey Yusov said on Monday that "
    '"the operation was a success," adding that more would follow.\n\n'
    "Mali's junta spokesman, Colonel Abdoulaye Maïga, told state TV that the country "
    '"will not be intimidated." Minister Fatoumata Keita said 40 soldiers were killed last week.\n'
)


@pytest.fixture
def seed_copy(built_db, tmp_path):
    path = tmp_path / "story.db"
    shutil.copy(built_db, path)
    return path


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def run(db, *paths, **meta):
    return ingest.ingest(db, list(paths), meta)


def table_counts(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("source", "actor", "mention", "quote", "date_mention", "claim")}
    finally:
        conn.close()


def test_ingest_stores_every_span_with_offsets_that_hold(seed_copy, tmp_path):
    report = run(seed_copy, write(tmp_path, "a.txt", ARTICLE))
    assert [f.status for f in report.files] == ["added"]
    db = store.open_db(seed_copy)
    data = store.dump(db)
    texts = {s["id"]: s["text"] for s in data["sources"]}
    for table in ("mentions", "quotes", "claims", "dates"):
        for row in data[table]:
            field = "surface" if "surface" in row else "text"
            assert texts[row["source_id"]][row["start"] : row["end"]] == row[field]


def test_transliteration_links_to_the_known_actor_with_its_score(seed_copy, tmp_path):
    run(seed_copy, write(tmp_path, "a.txt", ARTICLE))
    db = store.open_db(seed_copy)
    rows = store.query(
        db,
        "SELECT a.name, m.method, m.score FROM mention m JOIN actor a ON a.id = m.actor_id WHERE m.surface = 'Andrey Yusov'",
    )
    assert rows == [{"name": "Andriy Yusov", "method": "fuzzy", "score": pytest.approx(0.917, abs=0.01)}]


def test_unknown_name_becomes_a_proposed_actor_with_its_kind(seed_copy, tmp_path):
    run(seed_copy, write(tmp_path, "a.txt", ARTICLE))
    db = store.open_db(seed_copy)
    proposed = {r["name"]: r["kind"] for r in store.actor_rows(db, proposed_only=True)}
    assert proposed.get("Fatoumata Keita") == "person"
    assert "Abdoulaye Maïga" not in proposed  # an accent away from a known alias: linked instead


def test_quotes_get_speakers_and_dates_resolve_against_the_dateline(seed_copy, tmp_path):
    report = run(seed_copy, write(tmp_path, "a.txt", ARTICLE))
    assert "published 2024-08-12 (the first full date near the top" in report.files[0].message
    db = store.open_db(seed_copy)
    quotes = store.query(
        db, "SELECT q.text, a.name FROM quote q LEFT JOIN actor a ON a.id = q.speaker_id WHERE q.source_id = 6 ORDER BY q.start"
    )
    assert quotes == [
        {"text": "the operation was a success,", "name": "Andriy Yusov"},
        {"text": "will not be intimidated.", "name": "Abdoulaye Maiga"},
    ]
    dates = {r["surface"]: r["date"] for r in store.query(db, "SELECT surface, date FROM date_mention WHERE source_id = 6")}
    assert dates["Monday"] == "2024-08-12"
    claims = store.query(db, "SELECT low, high, text FROM claim WHERE source_id = 6")
    assert claims == [{"low": 40.0, "high": 40.0, "text": "40 soldiers were killed"}]


def test_reingesting_the_same_content_is_a_no_op(seed_copy, tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    run(seed_copy, path)
    before = table_counts(seed_copy)
    report = run(seed_copy, path)
    assert report.files[0].status == "duplicate"
    assert "already in the dossier" in report.files[0].message
    assert table_counts(seed_copy) == before


def test_near_duplicate_is_flagged_with_its_twin(seed_copy, tmp_path):
    db = store.open_db(seed_copy)
    seed = db.execute("SELECT text FROM source WHERE slug = '002_3aa92f0507b7d3d3'").fetchone()[0]
    db.conn.close()
    mirror = seed.replace("Mali has announced", "Mali announced", 1) + "\nThis story was syndicated.\n"
    report = run(seed_copy, write(tmp_path, "mirror.txt", mirror))
    assert report.files[0].status == "added"
    assert report.files[0].twin_of == "002_3aa92f0507b7d3d3"


@pytest.mark.parametrize(
    ("name", "data", "complaint"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\n ", "is empty"),
        ("bin.txt", bytes(range(256)) * 20, "binary"),
        ("photo.jpg", b"\xff\xd8\xff", "unsupported file type"),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(seed_copy, tmp_path, name, data, complaint):
    before = table_counts(seed_copy)
    report = run(seed_copy, write(tmp_path, name, data))
    assert report.files[0].status == "error"
    assert complaint in report.files[0].message
    assert table_counts(seed_copy) == before


def test_missing_path_is_reported(seed_copy, tmp_path):
    report = run(seed_copy, tmp_path / "nope.txt")
    assert report.files[0].status == "error" and "no such file" in report.files[0].message


def test_windows_1252_text_is_decoded_and_says_so(seed_copy, tmp_path):
    report = run(seed_copy, write(tmp_path, "fr.txt", "Le Mali a rompu avec l’Ukraine, a déclaré le porte-parole.".encode("cp1252")))
    assert report.files[0].status == "added"
    assert "decoded as windows-1252" in report.files[0].message
    db = store.open_db(seed_copy)
    assert "déclaré" in db.execute("SELECT text FROM source ORDER BY id DESC LIMIT 1").fetchone()[0]


def test_escape_sequences_are_stripped_and_recorded(seed_copy, tmp_path):
    report = run(seed_copy, write(tmp_path, "e.txt", "Mali \x1b[31mcut\x1b[0m ties \x1b]52;c;aGk=\x07with Ukraine.\x00\n"))
    assert "removed 4" in report.files[0].message
    db = store.open_db(seed_copy)
    row = db.execute("SELECT text, cleaned FROM source ORDER BY id DESC LIMIT 1").fetchone()
    assert row == ("Mali cut ties with Ukraine.\n", 4)


def test_html_page_loses_its_chrome_and_keeps_a_map_to_the_raw_html(seed_copy, tmp_path):
    page = (
        "<html><head><title>Mali cuts ties</title><script>var x = '<p>no</p>';</script></head><body>"
        "<nav>Home | World</nav><article><h1>Mali cuts ties</h1><p>Mali&#39;s government said on Sunday it was "
        "&quot;severing relations&quot; with Ukraine.</p></article><footer>© 2024</footer></body></html>"
    )
    text, meta, mapping = html_to_text(page)
    assert meta == {"title": "Mali cuts ties"}
    assert "Home | World" not in text and "var x" not in text and "© 2024" not in text
    assert "Mali's government said" in text
    for text_start, raw_start, length in mapping:
        piece = text[text_start : text_start + length]
        assert piece.split()[0][:3] in page[raw_start : raw_start + length + 40]
    report = run(seed_copy, write(tmp_path, "p.html", page))
    assert report.files[0].status == "added"
    db = store.open_db(seed_copy)
    row = db.execute("SELECT title, raw IS NOT NULL FROM source ORDER BY id DESC LIMIT 1").fetchone()
    assert row == ("Mali cuts ties", 1)


def test_a_failure_while_storing_rolls_the_source_back(seed_copy, tmp_path, monkeypatch):
    before = table_counts(seed_copy)

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(ingest, "store_extraction", broken)
    report = run(seed_copy, write(tmp_path, "a.txt", ARTICLE))
    assert report.files[0].status == "error" and "disk I/O error" in report.files[0].message
    assert table_counts(seed_copy) == before


def test_ingest_creates_a_new_dossier_when_the_file_does_not_exist(tmp_path):
    db_path = tmp_path / "new.db"
    report = run(db_path, write(tmp_path, "a.txt", ARTICLE))
    assert report.files[0].status == "added"
    assert store.counts(store.open_db(db_path)).sources == 1


def test_cli_ingest_reports_json_and_exits_2_when_a_file_fails(seed_copy, tmp_path):
    good = write(tmp_path, "a.txt", ARTICLE)
    bad = write(tmp_path, "empty.txt", b"")
    result = CliRunner().invoke(cli, ["ingest", "--db", str(seed_copy), "--json", str(good), str(bad)])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [f["status"] for f in data["files"]] == ["added", "error"]
    assert data["totals"]["added"] == 1 and data["totals"]["quotes"] == 2


def test_cli_ingest_needs_an_explicit_database(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", str(write(tmp_path, "a.txt", ARTICLE))], env={"DOSSIER_DB": None})
    assert result.exit_code == 2
    assert "--db" in result.output


def test_cli_ingest_takes_metadata_from_flags_and_manifest(seed_copy, tmp_path):
    a = write(tmp_path, "a.txt", ARTICLE)
    b = write(tmp_path, "b.txt", ARTICLE.replace("Keita", "Traoré"))
    manifest = write(tmp_path, "m.toml", '[[source]]\nfile = "b.txt"\ntitle = "Second"\noutlet = "AP"\npublished = "2024-08-13"\n')
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "--db", str(seed_copy), "--title", "First", "--outlet", "Reuters", str(a)]).exit_code == 0
    assert runner.invoke(cli, ["ingest", "--db", str(seed_copy), "--manifest", str(manifest), str(b)]).exit_code == 0
    db = store.open_db(seed_copy)
    rows = store.query(db, "SELECT title, outlet, published FROM source WHERE id > 5 ORDER BY id")
    assert rows == [
        {"title": "First", "outlet": "Reuters", "published": "2024-08-12"},
        {"title": "Second", "outlet": "AP", "published": "2024-08-13"},
    ]


def test_actors_proposed_and_merge_fold_one_actor_into_another(seed_copy, tmp_path):
    run(seed_copy, write(tmp_path, "a.txt", ARTICLE))
    runner = CliRunner()
    listed = runner.invoke(cli, ["actors", "--db", str(seed_copy), "--proposed", "--json"])
    names = [r["name"] for r in json.loads(listed.output)]
    assert "Fatoumata Keita" in names
    merged = runner.invoke(cli, ["merge", "Fatoumata Keita", "Abdoulaye Maiga", "--db", str(seed_copy)])
    assert merged.exit_code == 0, merged.output
    db = store.open_db(seed_copy)
    maiga = lookup.resolve_actor(db, "Abdoulaye Maiga")
    aliases = [r["alias"] for r in store.query(db, "SELECT alias FROM alias WHERE actor_id = ?", (maiga["id"],))]
    assert "Fatoumata Keita" in aliases
    assert lookup.resolve_actor(db, "Fatoumata Keita")["id"] == maiga["id"]


def test_merge_says_what_moved_with_nouns_in_the_right_number(seed_copy):
    merged = CliRunner().invoke(cli, ["merge", "Wassim Nasr", "Andriy Yusov", "--db", str(seed_copy)])
    assert merged.exit_code == 0, merged.output
    moved = re.findall(r"(\d+) ([a-z ]+?)(?=[,.])", merged.output.split("moved", 1)[1])
    assert ("4", "mentions") in moved
    assert all((n == "1") != noun.endswith("s") for n, noun in moved)


def test_merge_with_an_unknown_actor_fails_cleanly(seed_copy):
    result = CliRunner().invoke(cli, ["merge", "Nobody At All", "Mali", "--db", str(seed_copy)])
    assert result.exit_code == 2
    assert "No actor matches" in result.output or "could be several" in result.output


def test_titles_are_not_part_of_a_proposed_name_and_surnames_join_full_names(tmp_path):
    text = (
        "Colonel-Major Amadou Abdramane said the army had taken over. President Mohamed Bazoum was held.\n"
        "Mr Bazoum refused to resign, his aides said, and Col-Maj Amadou Abdramane read a second statement.\n"
    )
    db_path = tmp_path / "t.db"
    run(db_path, write(tmp_path, "n.txt", text))
    db = store.open_db(db_path)
    proposed = {r["name"]: r["mentions"] for r in store.actor_rows(db, proposed_only=True)}
    assert proposed == {"Amadou Abdramane": 2, "Mohamed Bazoum": 2}


def test_an_acronym_without_dots_links_to_the_dotted_alias(seed_copy, tmp_path):
    run(seed_copy, write(tmp_path, "us.txt", "The US Secretary of State spoke. US troops stayed in Niger.\n"))
    db = store.open_db(seed_copy)
    rows = store.query(
        db, "SELECT DISTINCT a.name FROM mention m JOIN actor a ON a.id = m.actor_id WHERE m.surface = 'US'"
    )
    assert rows == [{"name": "United States"}]


def test_a_new_rendering_joins_the_existing_quote_group(seed_copy, tmp_path):
    text = (
        "BAMAKO, Aug. 6, 2024 — Colonel Abdoulaye Maiga said Ukraine took part in "
        '"a cowardly, treacherous and barbaric attack by armed terrorist groups."\n'
    )
    run(seed_copy, write(tmp_path, "m.txt", text))
    db = store.open_db(seed_copy)
    groups = store.query(
        db, "SELECT group_id, count(*) AS n FROM quote WHERE group_id IS NOT NULL GROUP BY group_id ORDER BY n"
    )
    assert [g["n"] for g in groups] == [3, 4, 5]
    new = store.query(db, "SELECT group_id FROM quote WHERE source_id = 6")[0]["group_id"]
    assert {g["group_id"]: g["n"] for g in groups}[new] == 5


def test_a_locked_database_fails_the_file_cleanly_and_changes_nothing(seed_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(store, "WRITE_TIMEOUT_MS", 50)
    before = table_counts(seed_copy)
    holder = sqlite3.connect(seed_copy, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = CliRunner().invoke(cli, ["ingest", "--db", str(seed_copy), str(write(tmp_path, "a.txt", ARTICLE))])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2
    assert "locked" in result.output and "Traceback" not in result.output
    assert table_counts(seed_copy) == before


def test_a_huge_single_line_article_is_read_in_blocks_with_offsets_that_hold(tmp_path):
    sentence = 'Yusov said "the rebels got help" on Monday, and 47 soldiers were killed. '
    text = sentence * 6000  # about 440 KB on one line
    assert len(_blocks(text)) > 2
    db_path = tmp_path / "big.db"
    report = run(db_path, write(tmp_path, "one-line.txt", text))
    assert report.files[0].status == "added"
    data = store.dump(store.open_db(db_path))
    source = data["sources"][0]["text"]
    assert len(data["quotes"]) == 6000
    for q in data["quotes"]:
        assert source[q["start"] : q["end"]] == q["text"]


def test_cli_ingest_reads_a_json_manifest_as_a_list_or_under_source(seed_copy, tmp_path):
    a = write(tmp_path, "a.txt", ARTICLE)
    b = write(tmp_path, "b.txt", ARTICLE.replace("Keita", "Traoré"))
    listed = write(tmp_path, "m.json", json.dumps([{"file": "a.txt", "title": "Listed", "outlet": "AFP"}]))
    nested = write(tmp_path, "n.json", json.dumps({"source": [{"file": "dir/b.txt", "title": "Nested"}]}))
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "--db", str(seed_copy), "--manifest", str(listed), str(a)]).exit_code == 0
    assert runner.invoke(cli, ["ingest", "--db", str(seed_copy), "--manifest", str(nested), str(b)]).exit_code == 0
    rows = store.query(store.open_db(seed_copy), "SELECT title, outlet FROM source WHERE id > 5 ORDER BY id")
    assert rows == [{"title": "Listed", "outlet": "AFP"}, {"title": "Nested", "outlet": None}]


@pytest.mark.parametrize(
    ("name", "manifest", "complaint"),
    [
        ("m.toml", '[[source]]\ntitle = "No file"\n', "m.toml, entry 1: needs a `file` name."),
        ("m.json", '[{"file": "a.txt"}, "a.txt"]', "m.json, entry 2: needs a `file` name."),
        ("m.toml", '[[source]]\nfile = "a.txt"\npublished = "13/08/2024"\n', "m.toml, a.txt: published must be YYYY-MM-DD."),
        ("m.toml", '[[source]]\nfile = "a.txt"\npublished = "2024-02-30"\n', "m.toml, a.txt: published must be YYYY-MM-DD."),
        ("m.toml", "[[source]\nfile = ", "m.toml cannot be read"),
        ("m.json", '[{"file": ', "m.json cannot be read"),
    ],
)
def test_cli_ingest_refuses_a_bad_manifest_before_touching_the_dossier(seed_copy, tmp_path, name, manifest, complaint):
    before = table_counts(seed_copy)
    path = write(tmp_path, name, manifest)
    result = CliRunner().invoke(cli, ["ingest", "--db", str(seed_copy), "--manifest", str(path), str(write(tmp_path, "a.txt", ARTICLE))])
    assert result.exit_code == 2
    assert f"Manifest {path}" in result.output and complaint in result.output
    assert table_counts(seed_copy) == before
