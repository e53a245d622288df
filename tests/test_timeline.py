"""The timeline across sources: event mentions from articles nobody curated become evidence
of the dossier's events, or proposed events, through the same code in ingest and build."""

from __future__ import annotations

import datetime
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st

from dossier import ingest, store, timeline
from dossier.extract import pipeline
from dossier.extract.events import EventMention

# An invented story told by three outlets, in their own words and date styles.
WIRE = (  # no publication date given: its own latest date anchors it; "earlier this month"
    "PORT ARDEN, March 12, 2025 — Veloria said earlier this month that it was breaking off "
    "diplomatic relations with Kestan, after months of border incidents.\n"
)
TIMES = (  # published Tuesday 11 March: "Sunday evening" is the 9th
    "Veloria has cut diplomatic ties with Kestan. Foreign Minister Ilse Varga announced the "
    "decision on Sunday evening in Port Arden, citing an attack on a border post.\n"
)
LEDGER = (  # published Monday 10 March: "late Sunday" is the 9th too
    "Veloria severed diplomatic relations with Kestan late Sunday, accusing its neighbour of "
    "arming rebels.\n"
)
ACTORS = [
    ("Veloria", "state"), ("Kestan", "state"), ("Port Arden", "place"), ("Ilse Varga", "person"),
    ("Ardent Front", "armed_group"),
]


@pytest.fixture
def story_db(tmp_path) -> Path:
    """An empty dossier whose curator has added the story's actors."""
    path = tmp_path / "story.db"
    db = ingest.open_for_ingest(path)
    try:
        with store.write_transaction(db):
            for name, kind in ACTORS:
                actor_id = db["actor"].insert({"slug": name.lower().replace(" ", "-"), "name": name, "kind": kind}).last_pk
                db["alias"].insert({"actor_id": actor_id, "alias": name, "folded": name.lower()})
    finally:
        db.conn.close()
    return path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def events(path: Path) -> list[dict]:
    db = store.open_db(path)
    try:
        return store.dump(db)["events"]
    finally:
        db.conn.close()


def names(path: Path) -> dict[int, str]:
    db = store.open_db(path)
    try:
        return {r["id"]: r["name"] for r in store.query(db, "SELECT id, name FROM actor")}
    finally:
        db.conn.close()


def test_three_outlets_telling_one_event_make_one_proposed_event_with_the_most_precise_date(story_db, tmp_path):
    ingest.ingest(story_db, [write(tmp_path, "wire.txt", WIRE)], {"outlet": "Wire"})
    ingest.ingest(story_db, [write(tmp_path, "times.txt", TIMES)], {"outlet": "Times", "published": "2025-03-11"})
    ingest.ingest(story_db, [write(tmp_path, "ledger.txt", LEDGER)], {"outlet": "Ledger", "published": "2025-03-10"})
    [event] = events(story_db)
    assert event["status"] == "proposed"
    # The best mention names it: dated to the day, with who acted, in the fewest words.
    assert event["title"] == "Veloria has cut diplomatic ties with Kestan"
    assert (event["date"], event["precision"]) == ("2025-03-09", "day")
    assert len({v["source_id"] for v in event["evidence"]}) == 3
    # Each source's evidence keeps the date it gives: the wire only knew the month.
    assert sorted(v["date"] for v in event["evidence"]) == ["2025-03", "2025-03-09", "2025-03-09"]
    who = names(story_db)
    roles = {(who[a["actor_id"]], a["role"]) for a in event["actors"]}
    assert {("Veloria", "actor"), ("Kestan", "target")} <= roles


def test_the_same_happening_by_another_actor_is_another_event(story_db, tmp_path):
    ingest.ingest(story_db, [write(tmp_path, "a.txt", LEDGER)], {"published": "2025-03-10"})
    other = "Kestan severed diplomatic relations with Veloria late Sunday in return.\n"
    ingest.ingest(story_db, [write(tmp_path, "b.txt", other)], {"published": "2025-03-10"})
    who = names(story_db)
    subjects = sorted(who[a["actor_id"]] for e in events(story_db) for a in e["actors"] if a["role"] == "actor")
    assert subjects == ["Kestan", "Veloria"]


def test_an_event_mention_without_a_date_proposes_nothing(story_db, tmp_path):
    ingest.ingest(story_db, [write(tmp_path, "a.txt", "Veloria has cut diplomatic ties with Kestan.\n")])
    assert events(story_db) == []


def test_a_failed_file_leaves_no_event_and_no_evidence(story_db, tmp_path):
    ingest.ingest(story_db, [write(tmp_path, "a.txt", LEDGER)], {"published": "2025-03-10"})
    with sqlite3.connect(story_db) as conn:  # the file's evidence fails after its event was proposed
        conn.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON evidence WHEN NEW.text LIKE '%has cut%' "
            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )
    report = ingest.ingest(story_db, [write(tmp_path, "b.txt", TIMES)], {"published": "2025-03-11"})
    assert [f.status for f in report.files] == ["error"]
    [event] = events(story_db)
    assert len(event["evidence"]) == 1
    with sqlite3.connect(story_db) as conn:
        assert conn.execute("SELECT count(*) FROM source").fetchone()[0] == 1


def test_a_new_source_adds_evidence_to_a_curated_event_and_refines_its_date(built_db, tmp_path):
    path = tmp_path / "seed.db"
    shutil.copy(built_db, path)
    niger = next(e for e in events(path) if e["slug"] == "niger-cuts-ties-with-ukraine")
    assert (niger["date"], niger["status"], len(niger["evidence"])) == ("2024-08", "curated", 1)
    article = "Niger cut diplomatic ties with Ukraine on Tuesday, in solidarity with Mali, the junta said.\n"
    ingest.ingest(path, [write(tmp_path, "niger.txt", article)], {"published": "2024-08-07"})
    niger = next(e for e in events(path) if e["slug"] == "niger-cuts-ties-with-ukraine")
    assert (niger["date"], niger["precision"], niger["status"]) == ("2024-08-06", "day", "curated")
    assert len({v["source_id"] for v in niger["evidence"]}) == 2
    assert niger["title"] == "Niger cuts diplomatic ties with Ukraine in solidarity with Mali"


def test_an_events_date_is_the_most_precise_given_and_conflicts_are_not_averaged():
    assert timeline.event_date([("2024-08", "month"), ("2024-08-06", "day")]) == ("2024-08-06", "day")
    given = [("2024-08-06", "day"), ("2024-08-05", "day"), ("2024-08-05", "day"), ("2024", "year")]
    assert timeline.event_date(given) == ("2024-08-05", "day")  # the most given, never a day between
    assert timeline.event_date([("2024-08-06", "day"), ("2024-08-05", "day")]) == ("2024-08-06", "day")  # first given
    assert timeline.event_date([]) is None


def test_dates_are_compatible_when_equal_nested_or_a_day_apart():
    assert timeline.date_fit("2024-08-06", "2024-08-06") == 1.0
    assert timeline.date_fit("2024-08-06", "2024-08") == timeline.date_fit("2024", "2024-08-06") == 0.7
    assert timeline.date_fit("2024-08-06", "2024-08-07") == 0.3
    assert timeline.date_fit("2024-08-06", None) == 0.5
    assert timeline.date_fit("2024-08-06", "2024-08-08") is None
    assert timeline.date_fit("2024-07", "2024-08") is None


def _mention(text: str, kind: str, date: str | None, actors) -> EventMention:
    return EventMention(0, len(text), text, kind, kind, date, "day" if date else None, tuple(actors))


def test_an_undated_mention_needs_the_same_kind_of_happening():
    event = {"title": "Veloria cuts ties with Kestan", "texts": [], "date": "2025-03-09", "kind": "break ties",
             "actors": [[1, "actor"], [2, "target"]]}
    same = _mention("Veloria broke off relations with Kestan.", "break ties", None, [(1, "actor"), (2, "target")])
    other = _mention("Veloria accused Kestan of arming rebels.", "accuse", None, [(1, "actor"), (2, "target")])
    assert timeline.score(same, same.actors, event) >= timeline.UNDATED_THRESHOLD
    assert timeline.score(other, other.actors, event) is None


def test_a_title_is_the_mentions_sentence_shortened_at_a_word():
    long = "Veloria " + "very " * 40 + "angrily cut ties with Kestan."
    title = timeline.title_of(_mention(long, "break ties", "2025-03-09", [(1, "actor")]))
    assert len(title) <= 120 and title.endswith("…") and not title[:-1].endswith(" ")


def test_a_figure_belongs_to_the_event_of_its_sentence_and_a_toll_to_a_violent_one(story_db, tmp_path):
    article = (
        "Ardent Front fighters ambushed a Veloria convoy near Port Arden on Friday.\n\n"
        "Veloria said on Saturday that the death toll ranged from 20 to 80.\n\n"
        "Kestan deployed 300 troops to the border on Sunday.\n"
    )
    ingest.ingest(story_db, [write(tmp_path, "a.txt", article)], {"published": "2025-03-10"})
    db = store.open_db(story_db)
    rows = store.query(db, "SELECT c.text, e.kind FROM claim c LEFT JOIN event e ON e.id = c.event_id ORDER BY c.start")
    assert [(r["text"], r["kind"]) for r in rows] == [("from 20 to 80", "attack"), ("300 troops", "deploy")]


def test_an_undated_source_is_dated_once_its_story_has_a_dated_source(story_db, tmp_path):
    first = "Ardent Front fighters attacked a Veloria border post near Port Arden on Wednesday.\n"
    report = ingest.ingest(story_db, [write(tmp_path, "a.txt", first)])
    assert "relative dates left unresolved" in report.files[0].message
    assert events(story_db) == []  # "Wednesday" of no known week: no date, no event
    later = "Veloria said on Thursday that Ardent Front fighters had been seen near Port Arden.\n"
    report = ingest.ingest(story_db, [write(tmp_path, "b.txt", later)], {"published": "2025-03-14"})
    assert len(report.dated) == 1
    db = store.open_db(story_db)
    rows = store.query(db, "SELECT d.surface, d.date, s.dated_by FROM date_mention d JOIN source s ON s.id = d.source_id "
                           "WHERE s.published IS NULL")
    assert rows == [{"surface": "Wednesday", "date": "2025-03-12", "dated_by": "story"}]
    attack = [e for e in events(story_db) if e["date"] == "2025-03-12"]
    assert len(attack) == 1 and attack[0]["status"] == "proposed"


def test_an_undated_article_of_a_known_story_is_dated_once_against_the_storys_date(story_db, tmp_path, monkeypatch):
    dated = "Veloria said on Thursday that Ardent Front fighters had been seen near Port Arden.\n"
    ingest.ingest(story_db, [write(tmp_path, "a.txt", dated)], {"published": "2025-03-14"})
    passes = []
    original = pipeline.find_dates
    monkeypatch.setattr(pipeline, "find_dates", lambda *args, **kwargs: passes.append(args[1]) or original(*args, **kwargs))
    undated = "Ardent Front fighters attacked a Veloria border post near Port Arden on Wednesday.\n"
    report = ingest.ingest(story_db, [write(tmp_path, "b.txt", undated)])
    assert "the median publication date of 1 source(s) about the same actors" in report.files[0].message
    assert passes == [datetime.date(2025, 3, 14)]  # its dates read once, from the story's date, not the fallback's too


def test_a_proposed_events_export_says_so_and_which_source_dates_it_how(story_db, tmp_path):
    from dossier import export, views

    ingest.ingest(story_db, [write(tmp_path, "wire.txt", WIRE)], {"outlet": "Wire"})
    ingest.ingest(story_db, [write(tmp_path, "ledger.txt", LEDGER)], {"outlet": "Ledger", "published": "2025-03-10"})
    db = store.open_db(story_db)
    [event] = store.list_events(db)
    text = export.event_markdown(views.exportable(db, views.event_view(db, event.id)))
    assert "**Status:** proposed" in text
    assert "Dates it: Mar 2025" in text and "Dates it: 9 Mar 2025" in text


def test_a_plain_said_on_a_day_proposes_no_event_but_a_statement_does(story_db, tmp_path):
    said = "Ilse Varga said on Sunday that Veloria would talk to Kestan.\n"
    ingest.ingest(story_db, [write(tmp_path, "a.txt", said)], {"published": "2025-03-10"})
    assert events(story_db) == []
    statement = "Ilse Varga announced in a televised address on Sunday that Veloria would talk to Kestan.\n"
    ingest.ingest(story_db, [write(tmp_path, "b.txt", statement)], {"published": "2025-03-10"})
    assert [e["date"] for e in events(story_db)] == ["2025-03-09"]


spans = st.lists(st.tuples(st.integers(0, 300), st.integers(1, 60)), max_size=40).map(
    lambda xs: sorted(({"event_id": i, "start": a, "end": a + n} for i, (a, n) in enumerate(xs)),
                      key=lambda v: (v["start"], v["event_id"]))
)


@given(pieces=spans, start=st.integers(0, 360), length=st.integers(0, 120))
def test_evidence_near_a_figure_is_every_piece_overlapping_the_span_in_text_order(pieces, start, length):
    end = start + length
    wanted = [v for v in pieces if v["start"] < end and v["end"] > start]
    assert timeline._Evidence(pieces).inside(start, end) == wanted


@given(dates=st.lists(st.tuples(st.sampled_from(["2024-08", "2024-08-05", "2024-08-06", "2024"]),
                                st.sampled_from(["day", "month", "year", None])), max_size=30), cut=st.integers(0, 30))
def test_an_event_date_tallied_piece_by_piece_is_the_date_of_all_its_evidence(dates, cut):
    tally = timeline.EvidenceDates(dates[:cut])
    for date, precision in dates[cut:]:
        tally.add(date, precision)
    finest = min((timeline.PRECISION_RANK.get(p, 3) for _, p in dates), default=None)
    at_finest = [dp for dp in dates if timeline.PRECISION_RANK.get(dp[1], 3) == finest]
    # the most given at the finest precision, the first given on a tie
    expected = max(at_finest, key=lambda dp: (at_finest.count(dp), -at_finest.index(dp))) if dates else None
    assert tally.best() == timeline.event_date(dates) == expected


def _evidence_table() -> sqlite_utils.Database:
    db = sqlite_utils.Database(memory=True)
    db.execute('CREATE TABLE evidence (id INTEGER PRIMARY KEY, event_id INTEGER, source_id INTEGER, start INTEGER, '
               '"end" INTEGER, text TEXT, date TEXT, precision TEXT, how TEXT)')
    return db


@given(
    stored=st.lists(st.tuples(st.integers(1, 3), st.integers(1, 2), st.integers(0, 200), st.integers(0, 40)), max_size=8),
    added=st.lists(st.tuples(st.integers(1, 3), st.integers(0, 200), st.integers(0, 40)), max_size=30),
)
def test_a_sources_evidence_kept_in_memory_is_added_where_the_databases_check_adds_it(stored, added):
    # source 1 is the one placing its mentions; pieces of source 2 never stand in its way
    by_store, by_memory = _evidence_table(), _evidence_table()
    for db in (by_store, by_memory):
        for event_id, source_id, start, length in stored:
            store.insert_evidence(db, event_id, source_id, start, start + length, "stored")
    evidenced = timeline._SourceEvidence(by_memory, 1)
    for event_id, start, length in added:
        mention = EventMention(start, start + length, "said", "said", "statement", "2024-08-05", "day", ())
        expected = store.add_evidence(by_store, event_id, 1, start, start + length, "said", "2024-08-05", "day", "statement")
        assert evidenced.add(event_id, mention) == expected
    rows = 'SELECT * FROM evidence ORDER BY id'
    assert list(by_memory.execute(rows)) == list(by_store.execute(rows))


def _timeline_rows(path: Path) -> list[list[tuple]]:
    with sqlite3.connect(path) as conn:
        return [
            conn.execute(sql).fetchall()
            for sql in ("SELECT * FROM event ORDER BY id", "SELECT * FROM event_actor ORDER BY event_id, actor_id, role",
                        "SELECT * FROM evidence ORDER BY id")
        ]


def test_a_long_sources_mentions_placed_together_go_where_each_placed_alone_goes(story_db, tmp_path, monkeypatch):
    # What place_mentions keeps between one mention and the next (each event's candidates and
    # details, the source's evidence) must place them as fresh reads of the database would.
    sundays = [f"Veloria {verb} with Kestan late Sunday{why}.\n" for verb, why in (
        ("severed diplomatic relations", ""), ("cut diplomatic ties", ", citing raids"),
        ("broke off diplomatic relations", " after the raids"), ("severed ties", ", its ministry said"))]
    # Five Mondays move the event's date from Sunday to Monday, so a Tuesday is a day from it;
    # the event already has more pieces of evidence than its details carry.
    moves = [f"Veloria severed diplomatic relations with Kestan on {day}.\n" for day in ["Monday"] * 5 + ["Tuesday"]]
    sentences = [
        LEDGER, TIMES, WIRE,
        "Veloria severed diplomatic relations with Kestan on March 9, 2025.\n",
        "Kestan severed diplomatic relations with Veloria late Sunday in return.\n",
        "Ardent Front fighters attacked a Veloria border post near Port Arden on Wednesday, March 5.\n",
        "Ilse Varga announced on Sunday that Veloria would talk to Kestan.\n",
        "Veloria cut ties with Kestan in March 2025.\n",
    ]
    text = "".join([*moves, *(sentences[(n * 5) % len(sentences)] for n in range(40))])
    together, alone = tmp_path / "together.db", tmp_path / "alone.db"
    shutil.copy(story_db, together)
    shutil.copy(story_db, alone)
    first = write(tmp_path, "first.txt", "".join(sundays))
    long = write(tmp_path, "long.txt", text)
    ingest.ingest(together, [first], {"published": "2025-03-10"})
    expected = ingest.ingest(together, [long], {"published": "2025-03-11"}).totals
    place = timeline.place_mentions

    def one_at_a_time(db, source_id, mentions, *args, **kwargs):
        return [p for m in mentions for p in place(db, source_id, [m], *args, **kwargs)]

    monkeypatch.setattr(timeline, "place_mentions", one_at_a_time)
    ingest.ingest(alone, [first], {"published": "2025-03-10"})
    assert ingest.ingest(alone, [long], {"published": "2025-03-11"}).totals == expected
    assert expected["evidence"] > 10
    assert _timeline_rows(together) == _timeline_rows(alone)


@given(words=st.text(alphabet="ab c’", max_size=12), texts=st.lists(st.text(alphabet="Ab c.", max_size=12), min_size=1, max_size=4))
def test_a_wording_compared_again_scores_as_a_fresh_comparison(words, texts):
    from rapidfuzz import fuzz

    for text in [*texts, *texts]:  # the second time from the cache
        assert timeline._wording(words, text) == fuzz.token_set_ratio(words, timeline._words(text))
