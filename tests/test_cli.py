"""The command line: help everywhere, JSON output, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from dossier.cli import cli


def _commands():
    ctx = click.Context(cli)
    return [(name, cli.get_command(ctx, name)) for name in cli.list_commands(ctx)]


def test_cli_has_the_foundation_commands():
    assert {"browse", "build", "dump"} <= {name for name, _ in _commands()}


def test_top_level_help_has_description_and_example():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "Browse, search and export" in result.output
    assert "Examples:" in result.output


@pytest.mark.parametrize("name", [name for name, _ in _commands()])
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    command = cli.get_command(click.Context(cli), name)
    assert command.help and len(command.help.split("\n")[0]) > 20, f"{name} lacks a description"
    assert "Example" in result.output and f"dossier {name}" in result.output, f"{name} lacks an example"


def test_dump_prints_the_documented_json_shape(built_db):
    result = CliRunner().invoke(cli, ["dump", "--db", str(built_db)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {
        "schema_version", "sources", "actors", "mentions", "quotes", "quote_groups", "events", "claims", "dates",
        "notes",
    }
    assert set(data["sources"][0]) == {"id", "slug", "title", "outlet", "author", "published", "url", "text"}
    assert set(data["actors"][0]) == {"id", "slug", "name", "kind", "description", "status", "aliases"}
    assert set(data["mentions"][0]) == {"actor_id", "source_id", "start", "end", "surface"}
    assert set(data["events"][0]) == {
        "id", "slug", "date", "precision", "title", "summary", "place_id", "status", "actors", "evidence",
    }
    assert set(data["events"][0]["evidence"][0]) == {"source_id", "start", "end", "text", "date", "precision"}
    assert len(data["sources"]) == 5


def test_dump_reads_the_database_from_the_environment(built_db):
    result = CliRunner().invoke(cli, ["dump"], env={"DOSSIER_DB": str(built_db)})
    assert result.exit_code == 0
    assert len(json.loads(result.output)["sources"]) == 5


@pytest.mark.parametrize("args", [["dump"], ["browse"], []])
def test_missing_database_is_one_line_on_stderr_with_exit_code_2(tmp_path, args):
    missing = str(tmp_path / "missing.db")
    result = CliRunner().invoke(cli, [*args, "--db", missing])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith("Error: No dossier database at")
    assert "Traceback" not in result.output


def test_random_bytes_database_exits_2_without_traceback(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(2048))
    proc = subprocess.run(
        [sys.executable, "-m", "dossier", "dump", "--db", str(junk)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [f"Error: {junk} is not a SQLite database. Point --db at a dossier database, or rebuild one with `dossier build --db PATH`."]


def test_build_json_reports_what_it_built(tmp_path):
    out = tmp_path / "d.db"
    result = CliRunner().invoke(cli, ["build", "--db", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["sources"] == 5 and report["actors"] >= 58 and report["mentions"] > 150
    assert out.exists()


def test_build_into_missing_folder_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--db", str(tmp_path / "no" / "such" / "d.db")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
