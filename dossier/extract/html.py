"""Article text out of an HTML page, with a map back into the raw HTML.

Scripts, styles, navigation, headers, footers, asides and forms are dropped; block
elements become line breaks; entities are decoded. Each piece of text keeps the offset in
the raw HTML it came from, so a span of the article can be found in the page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "button", "template", "iframe"}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "blockquote", "tr", "table", "figure", "figcaption", "pre", "hr", "main", "dd", "dt",
}
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "track"}


class _Collector(HTMLParser):
    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=True)
        self.raw = raw
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.pieces: list[tuple[str, int]] = []  # (text, raw offset)
        self.skipping = 0
        self.title: str | None = None
        self._in_title = False

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP and tag not in _VOID:
            self.skipping += 1
        elif tag == "title":
            self._in_title = True
        if tag in _BLOCK and not self.skipping:
            self.pieces.append(("\n", self._offset()))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        elif tag == "title":
            self._in_title = False
        if tag in _BLOCK and not self.skipping:
            self.pieces.append(("\n", self._offset()))

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = " ".join(data.split()) or None
            return
        if not self.skipping and data:
            self.pieces.append((data, self._offset()))


def html_to_text(raw: str) -> tuple[str, str | None, list[tuple[int, int, int]]]:
    """Return (article text, page title, map) where map holds (text_start, raw_start, length)."""
    collector = _Collector(raw)
    collector.feed(raw)
    collector.close()
    out: list[str] = []
    mapping: list[tuple[int, int, int]] = []
    length = 0
    for piece, raw_at in collector.pieces:
        # Runs of whitespace inside a block collapse to one space; block breaks to one newline.
        if piece == "\n":
            if out and not out[-1].endswith("\n"):
                out.append("\n")
                length += 1
            continue
        text = re.sub(r"\s+", " ", piece)
        if out and out[-1].endswith("\n"):
            text = text.lstrip()
        if not text:
            continue
        mapping.append((length, raw_at, len(text)))
        out.append(text)
        length += len(text)
    return "".join(out).strip("\n") + "\n", collector.title, mapping


def looks_like_html(text: str) -> bool:
    """True for a page rather than prose that happens to contain a tag."""
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or (head.count("<p") + head.count("<div")) >= 2
