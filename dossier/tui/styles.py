"""What each kind of thing is drawn with, as theme variables: every theme colours the rows,
the detail, the reader and the comparison its own way, and a change of theme recolours them
at once (Textual resolves `$variables` in Content styles when it draws).
"""

from __future__ import annotations

MENTION = "$text-primary"
QUOTE = "$text-warning"
EVENT = "$text-success"
CLAIM = "$text-accent"
MARK = "bold $text-accent"  # the gutter sign of a marked quote
ADDED = "bold $text-success"  # words a rendering adds to the pivot
REMOVED = "strike $text-error"  # words the pivot has and a rendering lacks

# A span of a source by its kind, in a list (detail rows) and in the reader's text.
KIND_STYLE = {"quote": QUOTE, "evidence": EVENT, "mention": MENTION, "claim": CLAIM}
READER_STYLE = {"mention": f"underline {MENTION}", "quote": QUOTE, "evidence": "on $success-muted", "claim": CLAIM}
