"""The analyst's loop: a dossier folder made from articles, decisions taken through the CLI,
recorded in its curation files and replayed by a rebuild, and shared through git."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import cli

ARTICLES = {
    "one.txt": """Niger orders French ambassador out

NIAMEY, Aug 2, 2024 — Niger's military government on Friday ordered the French ambassador, Sylvain Itte, to leave within 48 hours.

"The ambassador is no longer welcome on our soil," said Amadou Abdramane, a spokesman for the junta.

Photographs from Getty Images showed crowds outside the embassy in Niamey. Abdramane said the decision was final.
""",
    "two.txt": """Thousands rally in Niamey

NIAMEY, Aug 3, 2024 — Thousands marched in Niamey on Saturday in support of the junta and against France.

"We are free at last," said Moussa Tchangari, a civil society leader. He added that "France must go."

Sylvain Itte has not commented. Colonel Amadou Abdramane told reporters the junta would review its military agreements.
""",
    "three.txt": """ECOWAS weighs response to Niger

ABUJA, Aug 4, 2024 — The Economic Community of West African States said on Sunday it was weighing its response to the coup in Niger.

"All options remain on the table," said Omar Touray, the president of the ECOWAS Commission.

Tchangari called the threat "an insult to the people of Niger."
""",
}

EVENTS = """\
# Written by hand, as an analyst would.

[[event]]
slug = "ambassador-expelled"
title = "Niger expels the French ambassador"
evidence = [{ source = "one", text = "ordered the French ambassador, Sylvain Itte, to leave within 48 hours" }]

[[event]]
slug = "ecowas-weighs"
title = "ECOWAS weighs its response"
evidence = [{ source = "three", text = "it was weighing its response to the coup in Niger" }]
"""

# One decision of each kind. The first analyst takes the first group, the second the rest.
FIRST = [
    ["actor", "accept", "Amadou Abdramane"],
    ["actor", "reject", "ECOWAS Commission"],
    ["actor", "rename", "Omar Touray", "Omar Alieu Touray"],
    ["actor", "alias", "omar-touray", "Omar Touray", "--remove"],
    ["actor", "kind", "Junta of Niger", "armed_group"],
    ["merge", "Junta of Niger", "Niger"],
    ["actor", "split", "Economic Community of West African States", "ECOWAS", "--kind", "organization"],
]
SECOND = [
    ["actor", "alias", "Moussa Tchangari", "Tchangari"],
    ["mention", "link", "two", "Sylvain Itte", "Amadou Abdramane"],
    ["mention", "unlink", "one", "Niamey"],
    ["quote", "speaker", "{insult}", "Moussa Tchangari"],
    ["quote", "speaker", "{france}", "none"],
    ["quote", "reject", "{options}"],
    ["event", "accept", "ambassador-expelled"],
    ["event", "reject", "ecowas-weighs"],
    ["event", "edit", "ambassador-expelled", "--date", "2024-08-02", "--title", "Niger orders the French envoy out",
     "--actor", "Amadou Abdramane=speaker", "--evidence", "two=Thousands marched in Niamey"],
    ["source", "edit", "two", "--outlet", "AFP", "--author", "Staff"],
    ["source", "edit", "one", "--published", "2024-08-01"],
    ["note", "actor:Moussa Tchangari", "Civil society leader; check his ties to M62."],
    ["note", "event:ambassador-expelled", "Confirmed by the Quai d'Orsay."],
    ["note", "source:three", "ECOWAS press release, reported by AP."],
    ["note", "quote:{ambassador}", "Said on state television."],
]
QUOTES = {
    "insult": "an insult to the people of Niger.",
    "france": "France must go.",
    "options": "All options remain on the table,",
    "ambassador": "The ambassador is no longer welcome on our soil,",
}


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
    return result.output


def _dump(folder: Path) -> dict:
    return json.loads(_run("dump", "--dossier", str(folder)))


def _make_folder(folder: Path, articles: Path) -> None:
    _run("init", str(folder))
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    _run("ingest", "--dossier", str(folder), *(str(articles / n) for n in ARTICLES))
    (folder / "curation" / "events.toml").write_text(EVENTS, encoding="utf-8")
    _run("build", str(folder))


def _decide(folder: Path, decisions: list[list[str]]) -> None:
    quotes = {q["text"]: q["id"] for q in _dump(folder)["quotes"]}
    ids = {key: str(quotes[text]) for key, text in QUOTES.items() if text in quotes}
    for decision in decisions:
        args = [a.format(**ids) for a in decision]
        _run(*args, "--dossier", str(folder))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    _make_folder(tmp_path / "niger", articles)
    return tmp_path / "niger"


def test_init_makes_a_folder_that_builds_to_the_same_database(tmp_path):
    _run("init", str(tmp_path / "empty"))
    assert (tmp_path / "empty" / "sources" / "sources.toml").is_file()
    assert (tmp_path / "empty" / "curation").is_dir()
    before = _dump(tmp_path / "empty")
    _run("build", str(tmp_path / "empty"))
    assert _dump(tmp_path / "empty") == before


def test_ingest_into_a_folder_keeps_the_files_and_their_metadata(folder):
    kept = sorted(p.name for p in (folder / "sources").iterdir())
    assert kept == ["one.txt", "sources.toml", "three.txt", "two.txt"]
    manifest = (folder / "sources" / "sources.toml").read_text("utf-8")
    assert 'slug = "two"' in manifest and 'published = "2024-08-03"' in manifest  # from the dateline
    assert {a["status"] for a in _dump(folder)["actors"]} == {"proposed"}


def test_every_decision_survives_a_rebuild_with_the_same_dump(folder):
    before = _dump(folder)
    _decide(folder, FIRST + SECOND)
    decided = _dump(folder)
    _run("build", str(folder))
    assert _dump(folder) == decided
    # ...and the decisions did change the dossier.
    actors = {a["name"]: a for a in decided["actors"]}
    assert actors["Amadou Abdramane"]["status"] == "curated"
    assert "ECOWAS Commission" not in actors and "Omar Touray" not in actors
    assert actors["Omar Alieu Touray"]["aliases"] == ["Omar Alieu Touray"]
    assert "Junta of Niger" not in actors and "Junta of Niger" in actors["Niger"]["aliases"]
    assert actors["ECOWAS"]["aliases"] == ["ECOWAS"]
    assert "Tchangari" in actors["Moussa Tchangari"]["aliases"]
    speakers = {q["text"]: q["speaker_id"] for q in decided["quotes"]}
    assert speakers[QUOTES["insult"]] == actors["Moussa Tchangari"]["id"]
    assert speakers[QUOTES["france"]] is None
    assert QUOTES["options"] not in speakers and QUOTES["options"] in {q["text"] for q in before["quotes"]}
    events = {e["slug"]: e for e in decided["events"]}
    assert list(events) == ["ambassador-expelled"]
    assert events["ambassador-expelled"]["date"] == "2024-08-02"
    assert [e["text"] for e in events["ambassador-expelled"]["evidence"]] == ["Thousands marched in Niamey"]
    sources = {s["slug"]: s for s in decided["sources"]}
    assert sources["two"]["outlet"] == "AFP" and sources["one"]["published"] == "2024-08-01"
    assert len(decided["notes"]) == 4
    assert not [m for m in decided["mentions"] if m["surface"] == "Niamey" and m["source_id"] == sources["one"]["id"]]


def test_decisions_from_two_copies_merged_with_git_rebuild_the_same(folder, tmp_path):
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")

    def g(where: Path, *args: str) -> None:
        done = subprocess.run([git, "-c", "user.name=Analyst", "-c", "user.email=a@example.org", *args], cwd=where,
                              capture_output=True, text=True)
        assert done.returncode == 0, (args, done.stdout, done.stderr)

    alone = tmp_path / "alone"
    shutil.copytree(folder, alone)
    _decide(alone, FIRST + SECOND)
    expected = _dump(alone)

    g(folder, "init", "-q")
    g(folder, "add", "-A")
    g(folder, "commit", "-qm", "the articles")
    second = tmp_path / "second"
    g(tmp_path, "clone", "-q", str(folder), str(second))
    _run("build", str(second))  # the database is not shared: each copy builds its own
    _decide(folder, FIRST)
    g(folder, "commit", "-qam", "first analyst")
    _decide(second, SECOND)
    g(second, "commit", "-qam", "second analyst")
    g(folder, "pull", "-q", "--no-rebase", "--no-edit", str(second))
    _run("build", str(folder))
    assert _dump(folder) == expected


def test_a_decision_that_no_longer_applies_is_reported_by_build(folder):
    _decide(folder, [["quote", "speaker", "{insult}", "Moussa Tchangari"]])
    (folder / "sources" / "three.txt").write_text(ARTICLES["three.txt"].replace("an insult", "a slap"), "utf-8")
    out = CliRunner().invoke(cli, ["build", str(folder)])
    assert out.exit_code == 0, out.output
    assert "no longer applies" in out.output and "an insult to the people of Niger." in out.output


def test_dry_run_changes_nothing(folder):
    before = _dump(folder)
    decisions = (folder / "curation" / "decisions.toml").read_text("utf-8")
    out = json.loads(_run("actor", "reject", "Abuja", "--dry-run", "--json", "--dossier", str(folder)))
    assert out["dry_run"] and "Rejected" in out["message"]
    assert _dump(folder) == before
    assert (folder / "curation" / "decisions.toml").read_text("utf-8") == decisions


def test_undo_takes_back_the_latest_decision(folder):
    before = _dump(folder)
    _run("actor", "reject", "Abuja", "--dossier", str(folder))
    assert _dump(folder) != before
    _run("undo", "--dossier", str(folder))
    assert _dump(folder) == before


def test_review_lists_proposed_actors_with_evidence(folder):
    items = json.loads(_run("review", "--json", "--dossier", str(folder)))
    actors = [i for i in items if i["kind"] == "actor"]
    assert "Amadou Abdramane" in {i["label"] for i in actors}
    assert all(i["evidence"] and i["why"] for i in actors)
    assert any(i["kind"] == "speaker" for i in items)


def test_exports_mark_proposals_and_carry_notes(folder):
    _run("note", "actor:Amadou Abdramane", "Spokesman since the coup.", "--dossier", str(folder))
    proposed = _run("export", "--actor", "Sylvain Itte", "--dossier", str(folder))
    assert "Sylvain Itte (proposed)" in proposed and "not reviewed" in proposed
    _run("actor", "accept", "Amadou Abdramane", "--dossier", str(folder))
    accepted = _run("export", "--actor", "Amadou Abdramane", "--dossier", str(folder))
    assert "(proposed)" not in accepted and "Spokesman since the coup." in accepted
    everything = _run("export", "--all", "--dossier", str(folder))
    assert "Sylvain Itte (proposed)" in everything and "Amadou Abdramane (proposed)" not in everything


def test_a_decision_on_a_name_that_is_no_actor_changes_nothing_and_suggests(folder):
    before = _dump(folder)
    result = CliRunner().invoke(cli, ["actor", "reject", "Junta of Nigeria", "--dossier", str(folder)])
    assert result.exit_code == 2
    assert "exactly" in result.output and "(junta-of-niger)" in result.output  # a suggestion, with its slug
    assert _dump(folder) == before
