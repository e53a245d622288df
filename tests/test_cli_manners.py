"""CLI manners a user of sqlite-utils, Datasette or gh expects: NO_COLOR, no TUI without a
terminal, shell completion, "did you mean", a database as the only argument, list commands
with --json/--csv/--nl, and help texts that read right."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from dossier.tui import start as start_module
from dossier.cli import cli

ESC = "\x1b["


def _invoke(args, env=None, color=False, **kwargs):
    return CliRunner().invoke(cli, args, env={"NO_COLOR": None, **(env or {})}, color=color, **kwargs)


# -- colour --------------------------------------------------------------------------------------


def test_compare_prints_colour_at_a_terminal_and_none_with_no_color(built_db):
    args = ["compare", "barbaric", "--db", str(built_db)]
    assert ESC in _invoke(args, color=True).output  # CliRunner's color=True: as at a terminal
    plain = _invoke(args, env={"NO_COLOR": "1"}, color=True)
    assert plain.exit_code == 0 and "barbaric" in plain.output and ESC not in plain.output


def test_no_color_flag_and_color_flag_override_the_default(built_db):
    args = ["compare", "barbaric", "--db", str(built_db)]
    assert ESC not in _invoke(["--no-color", *args], color=True).output
    forced = _invoke(["--color", *args], env={"NO_COLOR": "1"})  # not a terminal, NO_COLOR set
    assert ESC in forced.output


def test_search_honours_no_color_in_a_real_process(built_db):
    proc = subprocess.run(
        [sys.executable, "-m", "dossier", "--color", "search", "Yusov", "--db", str(built_db)],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": ""},
    )
    assert ESC in proc.stdout  # --color forces styling even into a pipe
    proc = subprocess.run(
        [sys.executable, "-m", "dossier", "search", "Yusov", "--db", str(built_db)],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 0 and "Yusov" in proc.stdout and ESC not in proc.stdout


# -- browse without a terminal ------------------------------------------------------------------


def test_bare_dossier_without_a_terminal_says_so_and_exits_2(built_db):
    proc = subprocess.run(
        [sys.executable, "-m", "dossier", "--db", str(built_db)],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""  # not 20 KB of escape sequences
    assert "needs a terminal" in proc.stderr and "dossier search" in proc.stderr


# -- shell completion ----------------------------------------------------------------------------


def _complete(args, incomplete, env=None):
    with pytest.MonkeyPatch.context() as mp:
        for key, value in (env or {}).items():
            mp.setenv(key, value)
        comp = ShellComplete(cli, {}, "dossier", "_DOSSIER_COMPLETE")
        return [c.value for c in comp.get_completions(args, incomplete)]


def test_completion_offers_subcommands_not_the_default_commands_options():
    assert _complete([], "se") == ["search", "serve"]
    everything = _complete([], "")
    assert {"browse", "search", "events", "sources", "export", "datasette-metadata"} <= set(everything)
    assert "--db" not in everything


def test_completion_offers_actor_names_and_slugs_event_and_source_slugs(built_db):
    db = ["--db", str(built_db)]
    assert _complete(["export", *db, "--actor"], "andr") == ["Andriy Yusov", "andriy-yusov"]
    assert _complete(["export", *db, "--actor"], "Andr") == ["Andriy Yusov", "andriy-yusov"]
    assert _complete(["export", *db, "--event"], "tinz") == ["tinzaouaten-ambush"]
    assert "002_3aa92f0507b7d3d3" in _complete(["export", *db, "--source"], "00")
    assert "Andriy Yusov" in _complete(["merge", *db], "Andriy")


def test_completion_reads_the_dossier_from_the_environment_and_never_fails(built_db, tmp_path):
    assert "andriy-yusov" in _complete(["export", "--actor"], "andriy-", env={"DOSSIER_DB": str(built_db)})
    assert _complete(["export", "--db", str(tmp_path / "missing.db"), "--actor"], "a") == []


def test_bash_completion_script_names_the_program():
    result = _invoke([], env={"_DOSSIER_COMPLETE": "bash_source"}, prog_name="dossier")
    assert "_DOSSIER_COMPLETE" in result.output and "complete" in result.output


# -- mistyped commands and a database as the argument ---------------------------------------------


def test_a_mistyped_command_gets_did_you_mean():
    result = _invoke(["serch", "Yusov"])
    assert result.exit_code == 2
    assert "No such command 'serch'" in result.output and "'search'" in result.output
    assert "browse" not in result.output


@pytest.fixture
def opened(monkeypatch) -> list:
    """The databases `browse` opens, as if at a terminal, without starting the app."""
    import dossier.tui.app as app_module

    paths: list = []

    class App:
        def __init__(self, path):
            paths.append(path)

        def run(self):
            pass

    monkeypatch.setattr(start_module, "require_terminal", lambda: None)
    monkeypatch.setattr(app_module, "make_app", App)
    return paths


def test_a_database_path_as_the_only_argument_opens_it(built_db, opened):
    result = _invoke([str(built_db)])
    assert result.exit_code == 0, result.output
    assert opened == [built_db]


def test_a_dossier_folder_as_the_only_argument_opens_its_database(built_db, tmp_path, opened):
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "dossier.db").write_bytes(built_db.read_bytes())
    assert _invoke([str(folder)]).exit_code == 0
    assert opened == [folder / "dossier.db"]


def test_a_missing_database_as_the_only_argument_is_a_clear_error(tmp_path):
    result = _invoke([str(tmp_path / "nope.db")])
    assert result.exit_code == 2
    assert result.output.startswith("Error: No dossier database at")


# -- list commands -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["events", "sources", "actors"])
def test_list_commands_print_json_csv_and_newline_delimited_json_alike(built_db, command):
    db = ["--db", str(built_db)]
    as_json = json.loads(_invoke([command, *db, "--json"]).output)
    as_nl = [json.loads(line) for line in _invoke([command, *db, "--nl"]).output.splitlines()]
    as_csv = list(csv.DictReader(io.StringIO(_invoke([command, *db, "--csv"]).output)))
    assert as_json == as_nl and len(as_csv) == len(as_json) > 0
    assert [r["slug"] for r in as_csv] == [r["slug"] for r in as_json]
    assert list(as_csv[0]) == list(as_json[0])


def test_events_lists_the_timeline_with_dates_at_their_precision(built_db):
    out = _invoke(["events", "--db", str(built_db)]).output.splitlines()
    assert len(out) == 23
    assert any("25 Jul 2024" in line and "tinzaouaten-ambush" in line for line in out)
    rows = json.loads(_invoke(["events", "--db", str(built_db), "--json"]).output)
    assert set(rows[0]) == {"id", "slug", "date", "precision", "title", "summary", "place", "sources", "status"}


def test_sources_lists_every_source_newest_first(built_db):
    rows = json.loads(_invoke(["sources", "--db", str(built_db), "--json"]).output)
    assert len(rows) == 5
    assert set(rows[0]) == {"id", "slug", "title", "outlet", "author", "published", "url", "mentions", "quotes", "events"}
    dated = [r["published"] for r in rows if r["published"]]
    assert dated == sorted(dated, reverse=True)
    text = _invoke(["sources", "--db", str(built_db)]).output
    assert "Mali cuts Diplomatic Ties" in text and "Mali has announced" not in text


# -- help ----------------------------------------------------------------------------------------


def test_short_help_and_version_options():
    assert _invoke(["-h"]).output.startswith("Usage: dossier")
    assert _invoke(["search", "-h"]).output.startswith("Usage: dossier search")
    from dossier import __version__

    for flag in ("-V", "--version"):
        assert _invoke([flag]).output.strip() == f"dossier, version {__version__}"


@pytest.mark.parametrize("query", ['"', "", "  ", "?!"])
def test_a_query_with_no_word_lists_the_dossier_unranked_and_says_why(built_db, query):
    result = _invoke(["search", query, "--db", str(built_db), "--kind", "actor"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{query!r} has no word to search for; the dossier's lists follow, unranked."
    assert lines[1].startswith("Actors (")
    hits = lines[2:]
    assert hits and all(not line.strip()[0].isdigit() for line in hits)  # no 0.00 score column
    assert all("matched ''" not in line for line in hits)


def test_a_query_that_only_leaves_words_out_lists_the_rest_unranked_and_says_why(built_db):
    result = _invoke(["search", "--db", str(built_db), "--kind", "actor", "--", "-Wagner"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "'-Wagner' has only words to leave out; the dossier's lists follow, unranked."
    assert lines[2:] and all(not line.strip()[0].isdigit() for line in lines[2:])
    assert not any("Wagner" in line for line in lines[2:])


def test_a_query_with_words_keeps_its_scores_and_what_matched(built_db):
    result = _invoke(["search", "Yusov", "--db", str(built_db), "--kind", "actor"])
    assert "has no word to search for" not in result.output
    assert "2.00  Andriy Yusov  (person; matched 'Yusov')" in result.output


def test_search_help_shows_its_stdin_example_on_one_line():
    out = _invoke(["search", "--help"]).output
    assert r"printf 'GUR\nPrigozin\n' | dossier search --stdin" in out


def test_the_readme_gives_the_schema_version_that_dump_writes(built_db):
    from dossier.store import SCHEMA_VERSION

    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    dumped = json.loads(_invoke(["dump", "--db", str(built_db)]).output)
    assert dumped["schema_version"] == SCHEMA_VERSION
    assert f'"schema_version": {SCHEMA_VERSION},' in readme


def test_writing_commands_help_says_the_database_is_required_not_created():
    merge = _invoke(["merge", "--help"]).output
    assert "created by ingest" not in merge and "Required" in merge


def test_every_command_accepts_dossier_and_db_except_the_group():
    # init makes a folder rather than opening a dossier: it takes the folder as its argument.
    for name in set(cli.list_commands(click.Context(cli))) - {"init"}:
        params = {p.name for p in cli.get_command(click.Context(cli), name).params}
        assert {"db", "dossier_dir"} <= params, name
