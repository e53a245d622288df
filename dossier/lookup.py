"""Which item a user means: an actor by any of its names, an event or source by slug or id,
a quote group by id or by its words. The CLI resolves its arguments here.

A name that matches nothing exactly is searched for (typos, other spellings); when it could
mean several items, the DossierError lists them so the user can be exact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dossier import compare, store, views
from dossier.errors import DossierError
from dossier.search import Searcher

if TYPE_CHECKING:
    import sqlite_utils


def resolve_actor(db: sqlite_utils.Database, name: str, exact: bool = False) -> dict[str, Any]:
    """The one actor a user means by a slug, name or alias; DossierError listing candidates
    otherwise. Reading commands also take the one clear search hit (a typo, another
    spelling); `exact` (commands that change the dossier) takes only a slug, name or alias,
    so a mistyped name can never act on another actor."""
    rows = store.find_actors(db, name)
    if len(rows) == 1:
        return rows[0]
    if not rows:
        hits = Searcher(db).search(name, kinds=["actor"], limit=5).actors
        clear = len(hits) == 1 or (hits and hits[0].score >= 1 and hits[1].score < 1)
        if clear and not exact:
            return store.actor_ref(db, hits[0].id)
        rows = [store.actor_ref(db, h.id) for h in hits]
        if exact and rows:
            listing = "; ".join(f"{r['name']} ({r['slug']})" for r in rows)
            raise DossierError(f"No actor matches {name!r} exactly. Did you mean: {listing}? Give the exact name or slug.")
    if not rows:
        raise DossierError(f"No actor matches {name!r}. `dossier actors` lists them.")
    listing = "; ".join(f"{r['name']} ({r['slug']})" for r in rows)
    raise DossierError(f"{name!r} could be several actors: {listing}. Use the exact name or slug.")


def resolve_slug(db: sqlite_utils.Database, kind: str, ref: str) -> int:
    """The id of the event or source a user means by its slug or id; DossierError otherwise."""
    found = store.id_by_slug(db, views.KIND[kind].table, ref)
    if found is None:
        raise DossierError(f"No {kind} {ref!r}. `dossier {kind}s` lists them.")
    return found


def resolve_group(db: sqlite_utils.Database, ref: str) -> compare.CompareView:
    """The quote group a user means by its id or by words of it; DossierError unless exactly one."""
    if ref.isdigit():
        return compare.group_view(db, int(ref))
    found = compare.list_groups(db, ref)
    if len(found) != 1:
        names = "; ".join(f"{v.group_id}: {v.label}" for v in found) or "none"
        raise DossierError(f"--compare {ref!r} matches {len(found)} groups ({names}). Give its id.")
    return found[0]
