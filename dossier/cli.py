"""The command line: a thin click group. Bare `dossier` opens the browser.

Every command calls one library function; DossierError becomes a one-line message on
stderr and exit code 2. Each command imports the library it uses when it runs, so
`--help` loads no engine, and Textual loads for the browse command only.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import sys
from dataclasses import asdict, is_dataclass
from datetime import date
from pathlib import Path

import click
from click.shell_completion import CompletionItem
from click_default_group import DefaultGroup

from dossier import __version__, locate
from dossier.errors import DossierError
from dossier.text import fold, visible
from dossier.model import ACTOR_KINDS, format_date

class UserError(click.ClickException):
    """A DossierError on its way to the terminal: one line, exit code 2."""

    exit_code = 2


def _locate(db: Path | None, dossier_dir: Path | None, writes: str | None) -> Path:
    if writes:
        return locate.for_writing(db, dossier_dir, writes).path
    return locate.for_reading(db, dossier_dir).path


def _dossier_options(writes: str | None = None):
    """--db and --dossier, resolved (dossier.locate) into the command's `db_path` argument.

    writes: the command's name when it changes the database: it then needs one named."""
    where = (
        "Required: writing commands never guess."
        if writes
        else f"Default: ${locate.ENV_VAR}, else ./data/dossier.db, else the shipped sample."
    )

    def decorate(f):
        @functools.wraps(f)
        def command(*args, db: Path | None, dossier_dir: Path | None, **kwargs):
            return f(*args, db_path=_locate(db, dossier_dir, writes), **kwargs)

        command = click.option(
            "--dossier",
            "dossier_dir",
            metavar="DIR",
            type=click.Path(path_type=Path),
            help="A dossier folder holding dossier.db.",
        )(command)
        return click.option(
            "--db",
            "db",
            metavar="PATH",
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"The dossier database. {where}",
        )(command)

    return decorate


db_option = _dossier_options()


def json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")(f)


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _format_options(f):
    """--json (one document), --csv (a header and rows) or --nl (one JSON object per line)."""
    for flag, what in reversed(
        [("json", "Print a JSON list."), ("csv", "Print CSV with a header row."), ("nl", "Print one JSON object per line.")]
    ):
        f = click.option(f"--{flag}", "fmt", flag_value=flag, help=what)(f)
    return f


def _echo_rows(rows: list[dict], fmt: str) -> None:
    """rows as JSON, CSV (lists joined with "; ") or newline-delimited JSON."""
    if fmt == "json":
        _echo_json(rows)
    elif fmt == "nl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
        click.echo(out.getvalue(), nl=False)


class DossierGroup(DefaultGroup):
    """The command group. A bare `dossier` (or options only) opens the browser; a database or
    dossier folder as the only argument opens it; a mistyped command gets "did you mean".
    DossierError becomes a clean one-line error for every command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.resilient_parsing:  # shell completion: offer the commands, not browse's options
            return click.Group.parse_args(self, ctx, args)
        if len(args) == 1 and args[0] not in self.commands and _names_a_dossier(args[0]):
            path = Path(args[0])
            args = [self.default_cmd_name, "--dossier" if path.is_dir() else "--db", args[0]]
        return super().parse_args(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str):
        if cmd_name in self.commands or cmd_name.startswith("-"):
            return super().get_command(ctx, cmd_name)  # options go to the default command
        return None  # click then says "No such command" and suggests close names

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DossierError as exc:
            raise UserError(str(exc)) from None


def _complete(table: str):
    """Shell completion for an actor's name or slug, or an event's or source's slug, from the
    dossier the command line names so far (or the default one)."""

    def complete(ctx: click.Context, _param, incomplete: str) -> list[CompletionItem]:
        from dossier import store

        try:
            db = store.open_db(locate.for_reading(ctx.params.get("db"), ctx.params.get("dossier_dir")).path)
        except DossierError:
            return []  # a completion never prints an error into the user's command line
        try:
            names = store.completion_names(db, table)
        finally:
            db.conn.close()
        start = fold(incomplete)
        return [CompletionItem(value, help=what) for value, what in names if fold(value).startswith(start)]

    return complete


def _names_a_dossier(arg: str) -> bool:
    path = Path(arg)
    return path.is_file() or (path.is_dir() and (path / locate.DB_FILE).is_file()) or arg.endswith(".db")


def _color(ctx: click.Context, _param, value: bool | None) -> None:
    """--color/--no-color, else NO_COLOR (any value) turns styling off; click strips it in pipes."""
    if value is None and os.environ.get("NO_COLOR"):
        value = False
    if value is not None:
        ctx.color = value


@click.group(
    name="dossier",
    cls=DossierGroup,
    default="browse",
    default_if_no_args=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "-V", "--version", prog_name="dossier")
@click.option(
    "--color/--no-color",
    default=None,
    expose_value=False,
    is_eager=True,
    callback=_color,
    help="Colour and bold in the output. Default: on at a terminal, off in pipes and when NO_COLOR is set.",
)
def cli() -> None:
    """Browse, search and export a dossier built from news articles.

    Run with no command to open the browser. The dossier is the one --db PATH or --dossier
    DIR names, else $DOSSIER_DB, else ./data/dossier.db, else the sample shipped with dossier.

    \b
    Examples:
      dossier                       # open the browser
      dossier other.db              # open another dossier
      dossier serch Yusov           # a typo: "Did you mean 'search'?"
      dossier --no-color compare    # no colour (so does NO_COLOR=1)
      dossier dump > dossier.json   # everything as one JSON document
    """


@cli.command()
@db_option
def browse(db_path: Path) -> None:
    """Open the terminal browser on a dossier database (the default command).

    It needs a terminal; in a pipe or a script, use search, export or dump instead.

    \b
    Examples:
      dossier browse --db data/dossier.db
      dossier browse --dossier ~/cases/mali
    """
    from dossier.tui.start import browse  # Textual loads only for this command

    browse(db_path)  # its DossierError becomes a UserError in the group


@cli.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "--db",
    "db",
    metavar="PATH",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"The database to write. Default: ${locate.ENV_VAR}, else DATA/dossier.db (never the shipped sample).",
)
@click.option(
    "--dossier", "dossier_dir", metavar="DIR", type=click.Path(path_type=Path), help="Build the dossier folder DIR into DIR/dossier.db."
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder holding sources/ (articles + sources.toml) and curation/ (*.toml). "
    "Default: ./data, else the shipped sample's.",
)
@json_option
def build(folder: Path | None, db: Path | None, dossier_dir: Path | None, data_dir: Path | None, as_json: bool) -> None:
    """Rebuild the dossier database from the curated data folder, deterministically.

    FOLDER (or --dossier) is a dossier folder: its sources/ and curation/ are built into
    its dossier.db. The new database replaces the old one only when the whole build
    succeeds. An event whose evidence snippet is not found verbatim in its source fails the
    build; a decision that no longer applies is reported. Outside a folder with data/, it
    rebuilds the shipped sample from its articles into --db.

    \b
    Examples:
      dossier build ~/cases/niger
      dossier build --data data --db data/dossier.db
      dossier build --db ~/sample.db        # anywhere: the shipped sample, rebuilt
    """
    from dossier.build import build as run_build

    if folder is not None and (dossier_dir is not None or data_dir is not None):
        raise UserError("Give the folder once: as FOLDER, or with --dossier or --data.")
    dossier_dir = folder or dossier_dir
    data_dir, db_path = locate.for_building(db, dossier_dir, data_dir or dossier_dir)

    interactive = not as_json and sys.stderr.isatty()

    def progress(n: int, total: int, slug: str) -> None:
        if interactive:  # one line, rewritten in place; nothing in logs or pipes
            click.echo(f"\r[{n}/{total}] {slug}"[:79].ljust(79), nl=n == total, err=True)

    report = run_build(data_dir, db_path, progress)
    summary = {
        "db": str(report.path),
        "sources": report.sources,
        "actors": report.actors,
        "aliases": report.aliases,
        "events": report.events,
        "evidence": report.evidence,
        "mentions": report.mentions,
        "quotes": report.quotes,
        "quote_groups": report.quote_groups,
        "dates": report.dates,
        "claims": report.claims,
        "seconds": round(report.seconds, 3),
        "bytes": report.bytes,
        "proposed": report.proposed,
        "stale": report.stale,
    }
    if as_json:
        _echo_json(summary)
    else:
        click.echo(
            f"Built {report.path}: {report.sources} sources, {report.actors} actors "
            f"({report.aliases} aliases{f', {report.proposed} more proposed' if report.proposed else ''}), {report.events} events ({report.evidence} evidence), "
            f"{report.mentions} mentions, {report.quotes} quotes in {report.quote_groups} groups, "
            f"{report.dates} dates, {report.claims} figures "
            f"in {report.seconds:.2f} s ({report.bytes / 1024:.0f} KiB)."
        )
        for line in report.stale:
            click.echo(visible(f"! {line}"), err=True)


@cli.command()
@click.argument("query", required=False, default="")
@db_option
@click.option(
    "--kind",
    "kinds",
    type=click.Choice(["actor", "event", "source", "quote"]),
    multiple=True,
    help="Only this kind of hit (repeat for several). Default: all four.",
)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits per kind.")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read one query per line; print one JSON document per line.")
@json_option
def search(query: str, db_path: Path, kinds: tuple[str, ...], limit: int, from_stdin: bool, as_json: bool) -> None:
    r"""Search actors, events, sources and quotes, tolerating typos and other spellings.

    Words are matched in any order; "quoted words" form a phrase; -word excludes. Names
    match in any transliteration ("Andrey Yusov" finds Andriy Yusov), and rare or misspelled
    words are expanded to close words in the dossier ("Tinzawaten" finds Tinzaouatène).

    \b
    Examples:
      dossier search "Andrey Yusov"
      dossier search Tinzawaten --kind source --json
      printf 'GUR\nPrigozin\n' | dossier search --stdin
    """
    from dossier import search as engine
    from dossier import store

    db = store.open_db(db_path)
    try:
        searcher = engine.Searcher(db)
        wanted = kinds or engine.KINDS
        if from_stdin:
            for line in sys.stdin:
                result = searcher.search(line.rstrip("\r\n"), wanted, limit)
                click.echo(json.dumps(result.to_json(), ensure_ascii=False))
            return
        result = searcher.search(query, wanted, limit)
        if as_json:
            _echo_json(result.to_json())
        else:
            parsed = engine.parse_query(query)
            unranked = None
            if parsed.empty:  # nothing to rank by: the dossier's plain lists, less what it leaves out
                unranked = "has only words to leave out" if parsed.excluded else "has no word to search for"
            _print_results(result, unranked)
    finally:
        db.conn.close()


def _highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in spans:
        out += [_plain(text[pos:start]), click.style(_plain(text[start:end]), bold=True, underline=True)]
        pos = end
    out.append(_plain(text[pos:]))
    return "".join(out)


def _plain(text: str) -> str:
    """Source text for a terminal: control characters (escape sequences) shown, not obeyed."""
    return visible(text).replace("\n", " ")


def _print_results(result, unranked: str | None = None) -> None:
    """The hits by kind, each with its score; unranked: why the query ranks nothing (no word
    to search for, or only words to leave out), so these are the dossier's plain lists, shown
    without scores."""
    listing = unranked is not None
    if listing:
        click.echo(click.style(f"{result.query!r} {unranked}; the dossier's lists follow, unranked.", dim=True))
    if result.expansions:
        for term, extra in result.expansions.items():
            click.echo(click.style(f"also searched for {term!r}: ", dim=True) + ", ".join(extra))
    sections = [
        ("Actors", result.actors, lambda h: f"{_plain(h.name)}  ({h.kind}" + (f"; matched {_plain(h.matched)!r})" if h.matched else ")")),
        ("Events", result.events, lambda h: f"{format_date(h.date, h.precision):>11}  {_plain(h.title)}"),
        (
            "Sources",
            result.sources,
            lambda h: f"{_plain(h.title or h.slug)} · {h.outlet or 'unknown outlet'} · {h.published or 'undated'}\n"
            f"      {_highlighted(h.snippet, h.highlights)}",
        ),
        (
            "Quotes",
            result.quotes,
            lambda h: f"{_plain(h.speaker or 'unattributed')}: “{_highlighted(h.snippet, h.highlights)}”",
        ),
    ]
    shown = False
    for title, hits, line in sections:
        if not hits:
            continue
        shown = True
        click.echo(click.style(f"{title} ({len(hits)})", bold=True))
        for hit in hits:
            click.echo(f"  {line(hit)}" if listing else f"  {hit.score:5.2f}  {line(hit)}")
    if not shown:
        click.echo(f"Nothing matches {result.query!r}. Try fewer words, or a shorter form of a name.")


def _metadata_options(f):
    """--title, --outlet, --author, --published and --url: an article's metadata."""
    for name, what in reversed([
        ("title", "Title of the article (one file)."),
        ("outlet", "Outlet that published it."),
        ("author", "Author or byline."),
        ("published", "Publication date, YYYY-MM-DD."),
        ("url", "Where it was published."),
    ]):
        f = click.option(f"--{name}", help=what)(f)
    return f


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_dossier_options(writes="ingest")
@_metadata_options
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML ([[source]] tables) or JSON (a list) of per-file metadata: file, title, outlet, author, published, url.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes in all: above 1, that many minus one read and extract the files while this one stores them. The dossier is the same.",
)
@json_option
def ingest(files, db_path, title, outlet, author, published, url, manifest, jobs, as_json) -> None:
    """Add articles (plain text, Markdown or HTML) to a dossier.

    Each article is cleaned (escape sequences and control characters removed), stripped of
    page chrome for extraction, and searched for actor mentions, quotes and speakers, dates
    and figures. Each file is stored all or nothing: a bad file changes nothing, and the same
    content twice is a no-op. The database is created if it does not exist. Into a dossier
    folder (`dossier init`), each new file and its metadata are kept in its sources/, and its
    database is rebuilt from the folder.

    \b
    Examples:
      dossier ingest --db story.db article.txt page.html
      dossier ingest --db story.db --outlet AP --published 2024-08-05 ap.txt
      dossier ingest --db story.db --manifest sources.toml articles/*.txt
      dossier ingest --dossier ~/cases/niger articles/*.html
      dossier ingest --db story.db --jobs 2 articles/*.txt
    """
    from dossier import folder as folders
    from dossier import ingest as pipeline
    from dossier.text import visible
    from dossier.curation import load_manifest

    if published:
        try:
            date.fromisoformat(published)
        except ValueError:
            raise UserError(f"--published must be a date as YYYY-MM-DD, not {published!r}.") from None
    if title and len(files) > 1:
        raise UserError("--title names one article; give one file, or use --manifest for several.")
    meta = {"title": title, "outlet": outlet, "author": author, "published": published, "url": url}
    per_file = load_manifest(manifest) if manifest else None
    show_bar = not as_json and len(files) > 1 and sys.stderr.isatty()
    # Into a dossier folder, each file is kept in its sources/ and the database rebuilt from it.
    folder = folders.folder_of(db_path)
    run = pipeline.ingest if folder is None else lambda _db, *args, **kw: folders.ingest(folder, *args, **kw)
    with click.progressbar(length=len(files), label="Ingesting", file=sys.stderr, hidden=not show_bar) as bar:
        report = run(db_path, files, meta, per_file, progress=lambda _: bar.update(1), jobs=jobs)
    totals = report.totals
    if as_json:
        _echo_json({"db": report.db, "files": [asdict(f) for f in report.files], "totals": totals, "errors": report.errors})
    else:
        for f in report.files:
            mark = {"added": "+", "duplicate": "=", "error": "!"}[f.status]
            detail = f" ({f.message})" if f.message else ""
            counts = ", ".join(f"{v} {k}" for k, v in f.counts.items())
            name = f"{f.file} -> {f.slug}" if f.slug else f.file
            # File names and messages may hold escape sequences: shown, never obeyed.
            click.echo(visible(f"{mark} {name}{': ' + counts if counts else ''}{detail}"), err=f.status == "error")
        click.echo(
            f"{totals['added']} added, {totals['duplicate']} already there, {totals['error']} failed · "
            f"{totals['mentions']} mentions, {totals['quotes']} quotes, {totals['dates']} dates, "
            f"{totals['claims']} figures · {visible(report.db)}"
        )
        for error in report.errors:
            click.echo(visible(f"! {error}"), err=True)
    if totals["error"]:
        sys.exit(2)
    if report.errors:
        sys.exit(3)


@cli.command()
@db_option
@click.option("--proposed", is_flag=True, help="Only the actors ingest proposed, awaiting review.")
@_format_options
def actors(db_path: Path, proposed: bool, fmt: str | None) -> None:
    """List the dossier's actors: kind, status, mentions and aliases.

    Ingest proposes an actor for every name it cannot link to a known one; review them
    here and fold duplicates together with `dossier merge`.

    \b
    Examples:
      dossier actors --proposed
      dossier actors --json | jq '.[] | select(.kind == "person") | .name'
      dossier actors --csv > actors.csv
    """
    from dossier import store

    def line(r: dict) -> str:
        others = [a for a in r["aliases"] if a != r["name"]]
        also = f"  aka {', '.join(_plain(a) for a in others)}" if others else ""
        return f"{r['mentions']:5}  {_plain(r['name'])}  [{r['kind']}, {r['status']}]  {r['slug']}{also}"

    rows = _read(db_path, lambda db: store.actor_rows(db, proposed_only=proposed))
    _print_list(rows, fmt, line, "No proposed actors." if proposed else "No actors in this dossier yet.")


@cli.command()
@db_option
@_format_options
def events(db_path: Path, fmt: str | None) -> None:
    """List the dossier's events as a timeline: date, sources reporting each, title, slug.

    Dates are shown at their precision (day, month or year); undated events come last.

    \b
    Examples:
      dossier events
      dossier events --nl | jq -r 'select(.sources > 1) | .slug'
      dossier events --csv > timeline.csv
    """
    from dossier import store

    def line(e) -> str:
        place = f" ({_plain(e.place)})" if e.place else ""
        return f"{e.date_label:>11}  {e.sources:2}▪  {_plain(e.title)}{place}  {e.slug}"

    _print_list(_read(db_path, store.list_events), fmt, line, "No events in this dossier yet.")


@cli.command()
@db_option
@_format_options
def sources(db_path: Path, fmt: str | None) -> None:
    """List the dossier's sources, newest first: date, outlet, title, slug.

    \b
    Examples:
      dossier sources
      dossier sources --json | jq '.[] | select(.outlet == "AP") | .url'
      dossier sources --csv > sources.csv
    """
    from dossier import store

    def line(s) -> str:
        named = f"{_plain(s.outlet)} · {_plain(s.title or 'untitled')}" if s.outlet else _plain(s.label)
        return f"{s.published or 'undated':>10}  {named}  {s.slug}"

    _print_list(_read(db_path, store.list_sources), fmt, line, "No sources in this dossier yet.")


def _print_list(rows: list, fmt: str | None, line, empty: str) -> None:
    """rows (dicts or dataclasses) in the format asked for, else one line(row) each."""
    if fmt:
        _echo_rows([asdict(r) if is_dataclass(r) else r for r in rows], fmt)
        return
    if not rows:
        click.echo(empty)
    for r in rows:
        click.echo(line(r))


def _read(db_path: Path, read):
    """read(db) on the database opened read-only, closed afterwards."""
    from dossier import store

    db = store.open_db(db_path)
    try:
        return read(db)
    finally:
        db.conn.close()


def _dry_run_option(f):
    return click.option("--dry-run", is_flag=True, help="Say what would change, and change nothing.")(f)


def _say(outcome, as_json: bool) -> None:
    """What a decision changed: a sentence (and where it was recorded), or its JSON."""
    if as_json:
        _echo_json(outcome.to_json())
        return
    prefix = "Would do: " if outcome.dry_run else ""
    click.echo(_plain(prefix + outcome.message))
    if outcome.recorded:
        click.echo(click.style(f"Recorded in {outcome.recorded}", dim=True), err=True)


@cli.command()
@click.argument("source_actor", shell_complete=_complete("actor"))
@click.argument("target_actor", shell_complete=_complete("actor"))
@_dossier_options(writes="merge")
@_dry_run_option
@json_option
def merge(source_actor: str, target_actor: str, db_path: Path, dry_run: bool, as_json: bool) -> None:
    """Fold actor A into actor B: A's mentions, quotes, events and claims move to B, and
    A's name and aliases become aliases of B. Names, slugs or aliases are accepted.

    Quotes are regrouped at once. In a dossier folder the decision is recorded in
    curation/decisions.toml, so a rebuild keeps it.

    \b
    Example:
      dossier merge "Andrey Yusov" "Andriy Yusov" --db story.db
    """
    from dossier import curate

    _say(curate.merge(db_path, source_actor, target_actor, dry_run), as_json)


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@json_option
def init(folder: Path, as_json: bool) -> None:
    """Make an empty dossier folder: sources/ (with sources.toml), curation/ and dossier.db.

    The database is built from the folder: share the folder (with git, say) and anyone can
    rebuild it with `dossier build --dossier FOLDER`. Ingest into it with --dossier.

    \b
    Example:
      dossier init ~/cases/niger && dossier ingest --dossier ~/cases/niger articles/*.txt
    """
    from dossier import folder as folders

    db_path = folders.init(folder)
    if as_json:
        _echo_json({"folder": str(folder), "db": str(db_path)})
    else:
        click.echo(f"Made the dossier folder {_plain(str(folder))}: sources/, curation/ and {locate.DB_FILE}.")


_ACTOR_ACTIONS = ("accept", "reject", "rename", "kind", "alias", "split")


@cli.command()
@click.argument("action", type=click.Choice(_ACTOR_ACTIONS))
@click.argument("name", shell_complete=_complete("actor"))
@click.argument("value", required=False)
@_dossier_options(writes="actor")
@click.option("--remove", is_flag=True, help="alias: take the alias away instead of adding it.")
@click.option("--name", "new_name", help="split: the new actor's name (default: the alias).")
@click.option("--kind", "new_kind", type=click.Choice(ACTOR_KINDS), help="split: the new actor's kind (default: the same).")
@_dry_run_option
@json_option
def actor(action, name, value, db_path, remove, new_name, new_kind, dry_run, as_json) -> None:
    """Decide about an actor: accept or reject a proposal, rename it, set its kind, add or
    remove an alias, or split an alias off into an actor of its own.

    NAME is a name, slug or alias. VALUE is the new name (rename), the kind (kind), the
    alias (alias, split). Rejecting removes the actor and its mentions; what it said stays,
    unattributed. Each decision is applied at once and recorded in the dossier folder.

    \b
    Examples:
      dossier actor accept "Assimi Goita" --dossier niger
      dossier actor reject "Getty Images" --dossier niger
      dossier actor rename col "Colonel Abdourahamane Tiani" --dossier niger
      dossier actor kind Wagner armed_group --dossier niger
      dossier actor alias Ukraine Kyiv --dossier niger
      dossier actor split Niger "Niger River" --kind place --dossier niger
    """
    from dossier import curate

    needs = {"rename": "the new name", "kind": "the kind", "alias": "the alias", "split": "the alias to split off"}
    if action in needs and not value:
        raise UserError(f"`dossier actor {action}` needs {needs[action]} after the actor's name.")
    if action == "kind" and value not in ACTOR_KINDS:
        raise UserError(f"The kind must be one of {', '.join(ACTOR_KINDS)}, not {value!r}.")
    args = {
        "accept": {},
        "reject": {},
        "rename": {"name": value},
        "kind": {"kind": value},
        "alias": {"alias": value},
        "split": {"alias": value, "name": new_name, "kind": new_kind},
    }[action]
    do = ("remove-alias" if remove else "add-alias") if action == "alias" else action
    _say(curate.actor_decision(db_path, do, name, dry_run, **args), as_json)


@cli.command()
@click.argument("action", type=click.Choice(["speaker", "reject"]))
@click.argument("quote_id", type=int)
@click.argument("speaker", required=False, shell_complete=_complete("actor"))
@_dossier_options(writes="quote")
@_dry_run_option
@json_option
def quote(action, quote_id, speaker, db_path, dry_run, as_json) -> None:
    """Decide about a quote: who said it (an actor, or `none`), or that it is not a quote.

    QUOTE_ID is the quote's id, as `dossier review --json` and `dossier dump` show it.

    \b
    Examples:
      dossier quote speaker 12 "Andriy Yusov" --dossier niger
      dossier quote speaker 12 none --dossier niger
      dossier quote reject 31 --dossier niger
    """
    from dossier import curate

    if action == "reject":
        _say(curate.reject_quote(db_path, quote_id, dry_run), as_json)
        return
    if not speaker:
        raise UserError("`dossier quote speaker` needs the speaker (an actor's name, or none).")
    _say(curate.set_speaker(db_path, quote_id, None if speaker == "none" else speaker, dry_run), as_json)


@cli.command()
@click.argument("action", type=click.Choice(["link", "unlink"]))
@click.argument("source", shell_complete=_complete("source"))
@click.argument("words")
@click.argument("actor_name", metavar="[ACTOR]", required=False, shell_complete=_complete("actor"))
@_dossier_options(writes="mention")
@_dry_run_option
@json_option
def mention(action, source, words, actor_name, db_path, dry_run, as_json) -> None:
    """Link the mentions of some words in a source to another actor, or unlink them.

    \b
    Examples:
      dossier mention link ap-niger "the colonel" "Abdourahamane Tiani" --dossier niger
      dossier mention unlink ap-niger "Getty" --dossier niger
    """
    from dossier import curate

    if action == "link" and not actor_name:
        raise UserError("`dossier mention link` needs the actor the words name.")
    _say(curate.link_mention(db_path, source, words, actor_name if action == "link" else None, dry_run), as_json)


@cli.command()
@click.argument("action", type=click.Choice(["accept", "reject", "edit"]))
@click.argument("slug", shell_complete=_complete("event"))
@_dossier_options(writes="event")
@click.option("--title", help="edit: the event's title.")
@click.option("--date", "date_", metavar="DATE", help="edit: its date, YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--summary", help="edit: its summary.")
@click.option("--actor", "actors", metavar="NAME=ROLE", multiple=True, help="edit: an actor and its role (repeat; replaces them all).")
@click.option("--evidence", metavar="SOURCE=TEXT", multiple=True, help="edit: a source's exact words (repeat; replaces them all).")
@_dry_run_option
@json_option
def event(action, slug, db_path, title, date_, summary, actors, evidence, dry_run, as_json) -> None:
    """Decide about an event: accept or reject a proposed one, or edit its title, date,
    summary, actors or evidence.

    The date's precision follows its form (2024, 2024-08, 2024-08-04).

    \b
    Examples:
      dossier event accept niamey-protest --dossier niger
      dossier event edit niamey-protest --date 2024-08-04 --title "Protest in Niamey" --dossier niger
      dossier event edit niamey-protest --actor "Niger=actor" --evidence "ap-niger=Thousands marched" --dossier niger
    """
    from dossier import curate

    args: dict = {}
    if action == "edit":
        args = {"title": title, "summary": summary, "actors": _pairs(actors, "--actor") or None,
                "evidence": _pairs(evidence, "--evidence") or None}
        if date_:
            precision = {4: "year", 7: "month", 10: "day"}.get(len(date_))
            if precision is None:
                raise UserError(f"--date must be YYYY, YYYY-MM or YYYY-MM-DD, not {date_!r}.")
            args.update(date=date_, precision=precision)
        if not any(v for v in args.values()):
            raise UserError("Say what to edit: --title, --date, --summary, --actor or --evidence.")
    _say(curate.event_decision(db_path, action, slug, dry_run, **args), as_json)


def _pairs(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        left, sep, right = value.partition("=")
        if not sep or not left or not right:
            raise UserError(f"{option} takes LEFT=RIGHT, not {value!r}.")
        pairs.append((left, right))
    return pairs


@cli.command()
@click.argument("action", type=click.Choice(["edit"]))
@click.argument("slug", shell_complete=_complete("source"))
@_dossier_options(writes="source")
@_metadata_options
@_dry_run_option
@json_option
def source(action, slug, db_path, title, outlet, author, published, url, dry_run, as_json) -> None:
    """Edit a source's metadata. In a dossier folder it is written to sources/sources.toml;
    a new publication date rebuilds the database (relative dates are read against it).
    An empty value ("") clears a field.

    \b
    Example:
      dossier source edit ap-niger --outlet AP --published 2024-08-05 --dossier niger
    """
    from dossier import curate

    fields = {"title": title, "outlet": outlet, "author": author, "published": published, "url": url}
    _say(curate.edit_source(db_path, slug, fields, dry_run), as_json)


@cli.command()
@click.argument("ref", metavar="KIND:ID")
@click.argument("text")
@_dossier_options(writes="note")
@_dry_run_option
@json_option
def note(ref, text, db_path, dry_run, as_json) -> None:
    """Write a note on an actor, event, source or quote; exports and the browser show it.

    KIND:ID is actor:NAME, event:SLUG, source:SLUG or quote:ID.

    \b
    Examples:
      dossier note actor:Wagner "Check the UN panel report" --dossier niger
      dossier note quote:12 "Translated from French by AFP" --dossier niger
    """
    from dossier import curate

    _say(curate.note(db_path, ref, text, dry_run), as_json)


@cli.command()
@_dossier_options(writes="undo")
@json_option
def undo(db_path: Path, as_json: bool) -> None:
    """Take back the latest decision: it leaves the curation files and the database is rebuilt.

    \b
    Example:
      dossier undo --dossier niger
    """
    from dossier import curate

    _say(curate.undo(db_path), as_json)


@cli.command()
@db_option
@json_option
def review(db_path: Path, as_json: bool) -> None:
    """List what awaits review: proposed actors, proposed events, speakers found by a
    guessing rule, and actors that may be one; each with why and its evidence.

    \b
    Examples:
      dossier review --dossier niger
      dossier review --json | jq '.[] | select(.kind == "actor") | .label'
    """
    from dossier import decisions

    items = _read(db_path, decisions.pending)
    if as_json:
        _echo_json([asdict(i) for i in items])
        return
    if not items:
        click.echo("Nothing awaits review.")
    for item in items:
        click.echo(f"{item.kind:9} {item.id:5}  {_plain(item.label)}  " + click.style(f"({_plain(item.why)})", dim=True))
        for line in item.evidence[:2]:
            click.echo(f"{'':17}{_plain(line)[:110]}")


@cli.command(name="compare")
@click.argument("query", required=False, default="")
@db_option
@json_option
def compare_cmd(query: str, db_path: Path, as_json: bool) -> None:
    """Show how sources render the same utterance: quote groups, aligned word by word.

    Lists the groups whose label, speaker or renderings contain every word of QUERY (all
    groups without one). Each rendering is aligned to the pivot, the longest rendering:
    [-deleted-] and {+inserted+} words; minor differences (case, accents, punctuation) are
    not marked.

    \b
    Examples:
      dossier compare
      dossier compare barbaric --json
    """
    from dossier import compare, store

    db = store.open_db(db_path)
    try:
        views = compare.list_groups(db, query)
    finally:
        db.conn.close()
    if as_json:
        _echo_json(compare.to_json(views))
        return
    if not views:
        click.echo(f"No quote group matches {query!r}." if query else "No quote groups in this dossier.")
        return
    for view in views:
        click.echo(click.style(_plain(view.label), bold=True) + f"  ({len(view.renderings)} renderings)")
        for i, r in enumerate(view.renderings):
            where = f"{r.outlet or 'unknown outlet'} · {r.published or 'undated'} · {_plain(r.source)[:50]}"
            score = "pivot" if i == view.pivot else ("fragment" if r.fragment else f"{r.similarity:.2f}")
            text = _plain(r.text) if i == view.pivot else _diff_text(r.ops)
            click.echo(f"  {score:>5}  {where}\n         “{text}”")
        click.echo("")


def _diff_text(ops) -> str:
    out = []
    for op in ops:
        if op.op == "equal" or op.minor:
            out.append(_plain(op.other))
            continue
        if op.pivot:
            out.append(click.style(f"[-{_plain(op.pivot)}-]", fg="red"))
        if op.other:
            out.append(click.style(f"{{+{_plain(op.other)}+}}", fg="green"))
    return " ".join(x for x in out if x)


@cli.command()
@db_option
@click.option(
    "--actor", "actor", metavar="NAME", shell_complete=_complete("actor"), help="An actor, by name, alias or slug (any spelling)."
)
@click.option("--event", "event", metavar="SLUG", shell_complete=_complete("event"), help="An event, by slug.")
@click.option("--source", "source", metavar="SLUG", shell_complete=_complete("source"), help="A source, by slug.")
@click.option("--search", "search_query", metavar="QUERY", help="The results of a search.")
@click.option("--compare", "group", metavar="GROUP", help="A quote group, by id or by words of it.")
@click.option("--all", "everything", is_flag=True, help="The whole dossier: timeline, actors and sources.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of printing.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def export(db_path, actor, event, source, search_query, group, everything, output, force) -> None:
    """Export a view of the dossier to Markdown, with footnote citations to the sources.

    Choose exactly one view. Everything taken from sources is escaped, so no article text
    can change the document's structure. Without -o the Markdown goes to stdout; an
    existing file is never overwritten without --force.

    \b
    Examples:
      dossier export --actor "Andrey Yusov" -o yusov.md
      dossier export --event tinzaouaten-ambush
      dossier export --compare barbaric -o exports/barbaric.md
      dossier export --all -o dossier.md
    """
    from dossier import export as exporter, lookup, store, views
    from dossier.search import Searcher

    chosen = [x for x in (actor, event, source, search_query, group) if x] + ([True] if everything else [])
    if len(chosen) != 1:
        raise UserError("Choose one view: --actor, --event, --source, --search, --compare or --all.")
    db = store.open_db(db_path)
    try:
        if everything:
            text = exporter.dossier_markdown(views.dossier_view(db))
        else:
            if actor:
                view = views.actor_view(db, lookup.resolve_actor(db, actor)["id"])
            elif event:
                view = views.event_view(db, lookup.resolve_slug(db, "event", event))
            elif source:
                view = views.source_view(db, lookup.resolve_slug(db, "source", source))
            elif search_query:
                view = Searcher(db).search(search_query)
            else:
                view = lookup.resolve_group(db, group)
            text, _ = exporter.view_markdown(views.exportable(db, view))
    finally:
        db.conn.close()
    if output is None:
        click.echo(text, nl=False)
        return
    written = exporter.write_markdown(output, text, force=force)
    click.echo(f"Wrote {written}", err=True)


@cli.command()
@db_option
def dump(db_path: Path) -> None:
    """Print the whole dossier as one JSON document.

    Offsets (start, end) are character offsets into the source's text.

    \b
    Example:
      dossier dump --db data/dossier.db > dossier.json
    """
    from dossier import store

    db = store.open_db(db_path)
    try:
        _echo_json(store.dump(db))
    finally:
        db.conn.close()


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
def serve(db_path: Path, host: str, port: int) -> None:
    """Serve the browser as a web page: the same app, in a browser tab (the web extra).

    Each visitor gets their own session on the dossier, read-only. It listens on this
    machine only unless --host says otherwise, and the page loads nothing from elsewhere.

    \b
    Examples:
      dossier serve                          # then open http://127.0.0.1:8000
      dossier serve --db story.db --port 8080
    """
    from dossier import store
    from dossier.tui.serve import serve as run_server  # textual-serve, not Textual itself

    store.check_db(db_path)
    run_server(db_path, host, port)


@cli.command(name="datasette-metadata")
@db_option
@click.option("--name", help="The database's name in Datasette. Default: the file name without .db.")
def datasette_metadata(db_path: Path, name: str | None) -> None:
    """Print Datasette metadata for the dossier: labels, descriptions, search, stored queries.

    Datasette then shows a mention with its actor's name and source's title, searches in
    raw FTS5 mode (Tinz* uses the prefix indexes), and offers three queries: an actor's
    mentions, a quote group's renderings, and an event's evidence.

    \b
    Example:
      dossier datasette-metadata --db data/dossier.db > metadata.json
      datasette -i data/dossier.db -m metadata.json
    """
    from dossier.datasette_metadata import metadata

    _echo_json(metadata(name or db_path.stem))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="dossier")
