"""What an analyst's decisions do to a dossier database, and what awaits one.

`apply` is the one place a decision's effect is written down (a `[[decision]]` entry of the
curation files, see `dossier.curation.DECISIONS`): `dossier.curate` applies it at once when
the analyst decides, and build replays every decision after extraction, in the order they
were taken, reporting the ones that no longer apply (`replay`). `pending` is the review
queue: the proposals no one has decided about yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dossier import store
from dossier.curation import Decision
from dossier.errors import DossierError
from dossier.ingest import _actor_slug
from dossier.text import counted, fold

# How a merge names the rows it moved, where the table's name would not say it.
_MOVED = {"quote_group": "quote group", "event": "event place", "event_actor": "event role"}

if TYPE_CHECKING:
    import sqlite_utils

class Stale(DossierError):
    """A decision that no longer applies: what it is about is not in the dossier."""


# -- applying (live and in build) ----------------------------------------------------------------


def _actor(db: sqlite_utils.Database, slug: str) -> dict[str, Any]:
    row = store.actor_by_slug(db, slug)
    if row is None:
        raise Stale(f"there is no actor {slug!r}")
    return row


def _event(db: sqlite_utils.Database, slug: str) -> dict[str, Any]:
    row = store.event_by_slug(db, slug)
    if row is None:
        raise Stale(f"there is no event {slug!r}")
    return row


def _source_id(db: sqlite_utils.Database, slug: str) -> int:
    rows = store.query(db, "SELECT id FROM source WHERE slug = ?", (slug,))
    if not rows:
        raise Stale(f"there is no source {slug!r}")
    return rows[0]["id"]


def _quotes(db: sqlite_utils.Database, d: Decision) -> list[int]:
    ids = store.quote_ids(db, _source_id(db, d.target["source"]), d.target["quote"])
    if not ids:
        raise Stale(f"source {d.target['source']!r} has no quote {d.target['quote']!r}")
    return ids


def _accept(db, d: Decision) -> str:
    if d.kind == "actor":
        store.update_actor(db, _actor(db, d.target["actor"])["id"], status="curated")
    else:
        store.update_event(db, _event(db, d.target["event"])["id"], status="curated")
    return f"Accepted {d.kind} {d.target[d.kind]}."


def _reject(db, d: Decision) -> str:
    if d.kind == "actor":
        gone = store.delete_actor(db, _actor(db, d.target["actor"])["id"])
        return f"Rejected actor {d.target['actor']}: removed it and its {counted(gone, 'mention')}."
    store.delete_event(db, _event(db, d.target["event"])["id"])
    return f"Rejected event {d.target['event']}: removed it."


def _rename(db, d: Decision) -> str:
    actor = _actor(db, d.target["actor"])
    store.update_actor(db, actor["id"], name=d.args["name"])
    store.add_alias(db, actor["id"], d.args["name"])  # the old name stays an alias
    return f"Renamed {actor['name']} to {d.args['name']}."


def _kind(db, d: Decision) -> str:
    actor = _actor(db, d.target["actor"])
    store.update_actor(db, actor["id"], kind=d.args["kind"])
    return f"{actor['name']} is now a {d.args['kind']} (was {actor['kind']})."


def _merge(db, d: Decision) -> str:
    a, b = _actor(db, d.target["actor"]), _actor(db, d.args["into"])
    moved = store.move_actor(db, a["id"], b["id"])
    counts = ", ".join(counted(n, _MOVED.get(table, table)) for table, n in moved.items() if n)
    return f"Merged {a['name']} into {b['name']}" + (f": moved {counts}." if counts else ".")


def _split(db, d: Decision) -> str:
    actor = _actor(db, d.target["actor"])
    alias, name = d.args["alias"], d.args.get("name") or d.args["alias"]
    if not store.remove_alias(db, actor["id"], alias):
        raise Stale(f"{actor['name']} has no alias {alias!r}")
    new_id = store.new_actor(db, _actor_slug(db, name), name, d.args.get("kind") or actor["kind"])
    store.add_alias(db, new_id, alias)
    moved = store.move_mentions(db, actor["id"], fold(alias), new_id)
    return f"Split {name} off {actor['name']}, with {counted(moved, 'mention')} of {alias!r}."


def _add_alias(db, d: Decision) -> str:
    actor = _actor(db, d.target["actor"])
    store.add_alias(db, actor["id"], d.args["alias"])
    return f"{actor['name']} is also called {d.args['alias']!r}."


def _remove_alias(db, d: Decision) -> str:
    actor = _actor(db, d.target["actor"])
    if not store.remove_alias(db, actor["id"], d.args["alias"]):
        raise Stale(f"{actor['name']} has no alias {d.args['alias']!r}")
    return f"{actor['name']} is no longer called {d.args['alias']!r}."


def _link(db, d: Decision) -> str:
    source = _source_id(db, d.target["source"])
    to = d.args.get("to")
    actor = _actor(db, to) if to else None
    places = store.relink_mentions(db, source, d.target["mention"], actor["id"] if actor else None)
    if not places:
        raise Stale(f"source {d.target['source']!r} has no mention {d.target['mention']!r}")
    who = actor["name"] if actor else "nobody"
    return f"{d.target['mention']!r} in {d.target['source']} now names {who} ({places} place(s))."


def _speaker(db, d: Decision) -> str:
    ids = _quotes(db, d)
    speaker = None if d.args["speaker"] == "none" else _actor(db, d.args["speaker"])
    store.set_speaker(db, ids, speaker["id"] if speaker else None)
    return f"Quote {ids[0]} is now said by {speaker['name'] if speaker else 'nobody'}."


def _not_quote(db, d: Decision) -> str:
    ids = _quotes(db, d)
    store.delete_quotes(db, ids)
    return f"Quote {ids[0]} is not a quote: removed."


def _edit(db, d: Decision) -> str:
    event = _event(db, d.target["event"])
    fields = {k: d.args[k] for k in ("title", "date", "precision", "summary") if k in d.args}
    if fields:
        store.update_event(db, event["id"], **fields)
    if "actors" in d.args:
        roles = [(_actor(db, item["actor"])["id"], item["role"]) for item in d.args["actors"]]
        store.set_event_actors(db, event["id"], roles)
    if "evidence" in d.args:
        spans = []
        for item in d.args["evidence"]:
            source = _source_id(db, item["source"])
            text = store.query(db, "SELECT text FROM source WHERE id = ?", (source,))[0]["text"]
            start = text.find(item["text"])
            if start < 0:
                raise Stale(f"source {item['source']!r} does not contain {item['text']!r}")
            spans.append((source, start, start + len(item["text"]), item["text"]))
        store.set_event_evidence(db, event["id"], spans)
    changed = ", ".join([*fields, *(k for k in ("actors", "evidence") if k in d.args)])
    return f"Edited event {d.target['event']}: {changed or 'nothing'}."


def _note(db, d: Decision) -> str:
    if d.kind == "actor":
        item = _actor(db, d.target["actor"])["id"]
    elif d.kind == "event":
        item = _event(db, d.target["event"])["id"]
    elif d.kind == "source":
        item = _source_id(db, d.target["source"])
    else:
        item = _quotes(db, d)[0]
    store.add_note(db, d.kind, item, d.args["text"])
    return f"Noted on {d.kind} {item if d.kind == 'quote' else d.target[d.kind]}."


_APPLY: dict[str, Callable[[Any, Decision], str]] = {
    "accept": _accept,
    "reject": _reject,
    "rename": _rename,
    "kind": _kind,
    "merge": _merge,
    "split": _split,
    "add-alias": _add_alias,
    "remove-alias": _remove_alias,
    "link": _link,
    "unlink": _link,
    "speaker": _speaker,
    "not-quote": _not_quote,
    "edit": _edit,
    "note": _note,
}


def apply(db: sqlite_utils.Database, d: Decision) -> str:
    """Apply one decision in the caller's transaction; say what changed. Stale when it no
    longer applies: it then has changed nothing."""
    with _savepoint(db):
        return _APPLY[d.do](db, d)


class _savepoint:
    """A decision is all or nothing, inside whatever transaction is open."""

    def __init__(self, db):
        self.conn = db.conn

    def __enter__(self):
        self.conn.execute("SAVEPOINT decision")

    def __exit__(self, kind, exc, tb):
        if kind is not None:
            self.conn.execute("ROLLBACK TO decision")
        self.conn.execute("RELEASE decision")
        return False


def replay(db: sqlite_utils.Database, decisions: list[Decision]) -> list[str]:
    """Apply decisions in order; return a sentence for each that no longer applies."""
    stale = []
    for d in decisions:
        try:
            apply(db, d)
        except Stale as exc:
            stale.append(f"{d.label} (decided {d.at}) no longer applies: {exc}.")
    return stale


# -- the review queue ----------------------------------------------------------------------------------


@dataclass
class Pending:
    """One proposal awaiting review: what it is, its key, why it was proposed, its evidence."""

    kind: str  # "actor" | "event" | "speaker" | "duplicate"
    id: int  # the actor's, event's or quote's id (a duplicate: the first actor's)
    ref: str  # how decisions name it: the actor's or event's slug, the quote's id
    label: str
    why: str
    evidence: list[str] = field(default_factory=list)
    other: str | None = None  # a duplicate's second actor (slug)


# Speaker rules that guess (a pronoun, the previous quote, a government for its state), and
# quotes no rule found a speaker for.
LOW_CONFIDENCE = ("pronoun", "continues", "via its government", "described", "no speaker")


def pending(db: sqlite_utils.Database, limit: int = 200) -> list[Pending]:
    """What awaits review, in order: proposed actors, proposed events, speakers found by a
    guessing rule, and actors that may be one (their names fold alike or one contains the other)."""
    out: list[Pending] = []
    for r in store.proposed_actors(db, limit):
        out.append(Pending("actor", r["id"], r["slug"], r["name"], f"a name no known actor has ({r['kind']}); "
                           f"{r['mentions']} mention(s) in {r['sources']} source(s)", r["contexts"]))
    for r in store.proposed_events(db, limit):
        out.append(Pending("event", r["id"], r["slug"], r["title"], f"found in {r['sources']} source(s)", r["evidence"]))
    for r in store.guessed_speakers(db, LOW_CONFIDENCE, limit):
        out.append(Pending("speaker", r["id"], str(r["id"]), f"{r['speaker'] or 'nobody'}: “{_short(r['text'])}”",
                           f"speaker found by the {r['how']} rule", [r["context"]]))
    for a, b in store.similar_actors(db, limit):
        out.append(Pending("duplicate", a["id"], a["slug"], f"{a['name']} ~ {b['name']}",
                           "one name contains the other" if a["key"] != b["key"] else "the names fold alike",
                           [f"{a['name']} ({a['status']}, {a['mentions']} mentions)", f"{b['name']} ({b['status']}, {b['mentions']} mentions)"],
                           other=b["slug"]))
    return out


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
