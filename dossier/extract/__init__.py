"""Plain-Python extraction from article text: page chrome and sentences, actor mentions and
new names, quotes and their speakers, dates, numeric claims. Word lists live in lexicon.py.
No database, no UI."""
