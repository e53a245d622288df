"""The command line: a thin click group. Bare `dossier` opens the browser.

Every command calls one library function; DossierError becomes a one-line message on
stderr and exit code 2. Each command imports the library it uses when it runs, so
`--help` loads no engine, and Textual loads for the browse command only.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

import click
from click_default_group import DefaultGroup

from dossier import __version__
from dossier.errors import DossierError
from dossier.text import counted, visible
from dossier.model import format_date

DEFAULT_DB = "data/dossier.db"


class UserError(click.ClickException):
    """A DossierError on its way to the terminal: one line, exit code 2."""

    exit_code = 2


def _db(required: bool):
    """--db. Commands that write take no default, so nothing writes to the shipped dossier
    unless the user names it."""

    def decorate(f):
        default = {} if required else {"default": DEFAULT_DB}
        return click.option(
            "--db",
            "db_path",
            type=click.Path(dir_okay=False, path_type=Path),
            **default,
            required=required,
            envvar="DOSSIER_DB",
            show_default=not required,
            show_envvar=True,
            help="The dossier database to write to (created by ingest if missing)."
            if required
            else "The dossier database to use.",
        )(f)

    return decorate


db_option = _db(required=False)
db_write_option = _db(required=True)


def json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")(f)


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


class DossierGroup(DefaultGroup):
    """The command group: turns DossierError into a clean one-line error for every command."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DossierError as exc:
            raise UserError(str(exc)) from None


@click.group(cls=DossierGroup, default="browse", default_if_no_args=True)
@click.version_option(__version__, prog_name="dossier")
def cli() -> None:
    """Browse, search and export a dossier built from news articles.

    Run with no command to open the browser on data/dossier.db.

    \b
    Examples:
      dossier                       # open the browser
      dossier --db other.db         # open another dossier
      dossier build                 # rebuild data/dossier.db from data/
      dossier dump > dossier.json   # everything as one JSON document
    """


@cli.command()
@db_option
def browse(db_path: Path) -> None:
    """Open the terminal browser on a dossier database (the default command).

    \b
    Example:
      dossier browse --db data/dossier.db
    """
    from dossier import store

    store.check_db(db_path)  # fail here, with a clear message, before the UI starts
    from dossier.tui.app import make_app  # Textual loads only for this command

    make_app(db_path).run()


@cli.command()
@db_option
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default="data",
    show_default=True,
    help="Folder holding sources/ (articles + sources.toml) and curation/ (*.toml).",
)
@json_option
def build(db_path: Path, data_dir: Path, as_json: bool) -> None:
    """Rebuild the dossier database from the curated data folder, deterministically.

    The new database replaces the old one only when the whole build succeeds. An event
    whose evidence snippet is not found verbatim in its source fails the build.

    \b
    Example:
      dossier build --data data --db data/dossier.db
    """
    from dossier.build import build as run_build

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
    }
    if as_json:
        _echo_json(summary)
    else:
        click.echo(
            f"Built {report.path}: {report.sources} sources, {report.actors} actors "
            f"({report.aliases} aliases), {report.events} events ({report.evidence} evidence), "
            f"{report.mentions} mentions, {report.quotes} quotes in {report.quote_groups} groups, "
            f"{report.dates} dates, {report.claims} figures "
            f"in {report.seconds:.2f} s ({report.bytes / 1024:.0f} KiB)."
        )


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
    """Search actors, events, sources and quotes, tolerating typos and other spellings.

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
            _print_results(result)
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


def _print_results(result) -> None:
    if result.expansions:
        for term, extra in result.expansions.items():
            click.echo(click.style(f"also searched for {term!r}: ", dim=True) + ", ".join(extra))
    sections = [
        ("Actors", result.actors, lambda h: f"{_plain(h.name)}  ({h.kind}; matched {_plain(h.matched)!r})"),
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
            click.echo(f"  {hit.score:5.2f}  {line(hit)}")
    if not shown:
        click.echo(f"Nothing matches {result.query!r}. Try fewer words, or a shorter form of a name.")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_write_option
@click.option("--title", help="Title of the article (one file).")
@click.option("--outlet", help="Outlet that published it.")
@click.option("--author", help="Author or byline.")
@click.option("--published", help="Publication date, YYYY-MM-DD.")
@click.option("--url", help="Where it was published.")
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML ([[source]] tables) or JSON (a list) of per-file metadata: file, title, outlet, author, published, url.",
)
@json_option
def ingest(files, db_path, title, outlet, author, published, url, manifest, as_json) -> None:
    """Add articles (plain text, Markdown or HTML) to a dossier.

    Each article is cleaned (escape sequences and control characters removed), stripped of
    page chrome for extraction, and searched for actor mentions, quotes and speakers, dates
    and figures. Each file is its own transaction: a bad file changes nothing, and the same
    content twice is a no-op. The database is created if it does not exist.

    \b
    Examples:
      dossier ingest --db story.db article.txt page.html
      dossier ingest --db story.db --outlet AP --published 2024-08-05 ap.txt
      dossier ingest --db story.db --manifest sources.toml articles/*.txt
    """
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
    with click.progressbar(length=len(files), label="Ingesting", file=sys.stderr, hidden=not show_bar) as bar:
        report = pipeline.ingest(db_path, files, meta, per_file, progress=lambda _: bar.update(1))
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
@json_option
def actors(db_path: Path, proposed: bool, as_json: bool) -> None:
    """List the dossier's actors: kind, status, mentions and aliases.

    Ingest proposes an actor for every name it cannot link to a known one; review them
    here and fold duplicates together with `dossier merge`.

    \b
    Examples:
      dossier actors --proposed
      dossier actors --json | jq '.[] | select(.kind == "person") | .name'
    """
    from dossier import store

    db = store.open_db(db_path)
    try:
        rows = store.actor_rows(db, proposed_only=proposed)
    finally:
        db.conn.close()
    if as_json:
        _echo_json(rows)
        return
    if not rows:
        click.echo("No proposed actors." if proposed else "No actors in this dossier yet.")
        return
    for r in rows:
        others = [a for a in r["aliases"] if a != r["name"]]
        also = f"  aka {', '.join(_plain(a) for a in others)}" if others else ""
        click.echo(f"{r['mentions']:5}  {_plain(r['name'])}  [{r['kind']}, {r['status']}]  {r['slug']}{also}")


# What merge_actors moved, by table, in words ("moved 4 mentions, 1 event role").
_MOVED = {"quote_group": "quote group", "event": "event place", "event_actor": "event role"}


@cli.command()
@click.argument("source_actor")
@click.argument("target_actor")
@db_write_option
def merge(source_actor: str, target_actor: str, db_path: Path) -> None:
    """Fold actor A into actor B: A's mentions, quotes, events and claims move to B, and
    A's name and aliases become aliases of B. Names, slugs or aliases are accepted.

    \b
    Example:
      dossier merge "Andrey Yusov" "Andriy Yusov" --db story.db
    """
    from dossier import lookup, store

    db = store.open_db(db_path, readonly=False)
    try:
        a = lookup.resolve_actor(db, source_actor)
        b = lookup.resolve_actor(db, target_actor)
        moved = store.merge_actors(db, a["id"], b["id"])
    finally:
        db.conn.close()
    counts = ", ".join(counted(n, _MOVED.get(table, table)) for table, n in moved.items() if n)
    click.echo(f"Merged {_plain(a['name'])} into {_plain(b['name'])}" + (f": moved {counts}." if counts else "."))


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
            score = "pivot" if i == view.pivot else f"{r.similarity:.2f}"
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
@click.option("--actor", "actor", metavar="NAME", help="An actor, by name, alias or slug (any spelling).")
@click.option("--event", "event", metavar="SLUG", help="An event, by slug.")
@click.option("--source", "source", metavar="SLUG", help="A source, by slug.")
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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="dossier")
