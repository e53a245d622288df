"""Metadata for Datasette, so a team can share one dossier file read-only in a browser.

`dossier datasette-metadata > metadata.json`, then `datasette -i dossier.db -m metadata.json`.
It labels the rows that other rows point at (a mention shows its actor's name and its
source's title), describes each table, puts the full-text searches in raw mode (so the
prefix indexes answer `Tinz*`, and `"exact phrase"` and `-word` work), and stores three
queries: an actor's mentions, a quote group's renderings, and an event's evidence.
"""

from __future__ import annotations

from typing import Any

# table -> (label column, description)
TABLES: dict[str, tuple[str | None, str]] = {
    # The slug, not the title: every source has one, and many have no title.
    "source": ("slug", "The articles: metadata and full text. Every offset elsewhere points into `text`."),
    "actor": ("name", "People, organisations, states, armed groups, places and media, with every spelling."),
    "alias": ("alias", "Every spelling of an actor's name; `folded` is the form matching uses."),
    "mention": (None, "Where an actor is named: `text[start:end]` of the source is `surface`."),
    "quote": ("text", "Quoted words, their speaker, and the group of renderings of one utterance they belong to."),
    "quote_group": ("label", "One utterance as several sources render it (see the query quote_group_renderings)."),
    "event": ("title", "The timeline: dated at day, month or year precision, with a place."),
    "event_actor": (None, "Who took part in an event, and how: actor, target, speaker or location."),
    "evidence": (None, "The verbatim words in a source that support an event."),
    "claim": ("text", "Figures (casualties, amounts) with who claims them, for which event."),
    "date_mention": ("surface", "Dates found in the text, resolved against the publication date."),
}
OFFSETS = "Character offset into the source's text (0-based; end is exclusive)."

QUERIES: dict[str, dict[str, str]] = {
    "actor_mentions": {
        "title": "An actor's mentions",
        "description": "Every place an actor is named, by name, slug or any alias, with the words around it.",
        "sql": """SELECT s.published, s.outlet, s.slug AS source, s.title, m.surface,
  substr(s.text, max(1, m.start - 79), m.end - m.start + 160) AS context, m.start, m.end
FROM mention m JOIN actor a ON a.id = m.actor_id JOIN source s ON s.id = m.source_id
WHERE a.slug = :actor OR a.name = :actor COLLATE NOCASE
   OR a.id IN (SELECT actor_id FROM alias WHERE alias = :actor COLLATE NOCASE)
ORDER BY s.published, s.id, m.start""",
    },
    "quote_group_renderings": {
        "title": "A quote group's renderings",
        "description": "How each source renders one utterance; the group by its id, or by words of its label or renderings.",
        "sql": """SELECT g.id AS group_id, g.label, s.published, s.outlet, s.slug AS source,
  sp.name AS speaker, q.text
FROM quote q JOIN quote_group g ON g.id = q.group_id JOIN source s ON s.id = q.source_id
LEFT JOIN actor sp ON sp.id = q.speaker_id
WHERE CAST(g.id AS TEXT) = :group OR g.label LIKE '%' || :group || '%'
   OR g.id IN (SELECT group_id FROM quote WHERE text LIKE '%' || :group || '%')
ORDER BY g.id, s.published, s.outlet""",
    },
    "event_evidence": {
        "title": "An event's evidence",
        "description": "The words in each source that support an event, by the event's slug or id.",
        "sql": """SELECT e.date, e.title AS event, s.published, s.outlet, s.slug AS source,
  v.text AS evidence, v.start, v.end
FROM evidence v JOIN event e ON e.id = v.event_id JOIN source s ON s.id = v.source_id
WHERE e.slug = :event OR CAST(e.id AS TEXT) = :event
ORDER BY s.published, s.id, v.start""",
    },
}


def metadata(database: str = "dossier") -> dict[str, Any]:
    """Datasette metadata for a dossier opened under the name `database` (its file's stem)."""
    tables: dict[str, Any] = {}
    for table, (label, description) in TABLES.items():
        entry: dict[str, Any] = {"description": description}
        if label:
            entry["label_column"] = label
        if table in ("source", "actor", "quote", "event"):
            entry["searchmode"] = "raw"
        if table in ("mention", "quote", "evidence", "claim", "date_mention"):
            entry["columns"] = {"start": OFFSETS, "end": OFFSETS}
        tables[table] = entry
    return {
        "title": "dossier",
        "description": "A dossier of a news story: actors, events, sources and quotes, each fact "
        "linked to the words that support it. Search is raw FTS5: Tinz* for a prefix, "
        '"exact words" for a phrase, NOT to exclude.',
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }
