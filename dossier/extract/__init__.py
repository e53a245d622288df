"""Plain-Python extraction: text folding, actor mentions. No database, no UI."""
