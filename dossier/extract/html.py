"""Article text out of an HTML page, with a map back into the raw HTML.

Scripts, styles, navigation, headers, footers, asides and forms are dropped; block
elements become line breaks; entities are decoded. Each piece of text keeps the offset in
the raw HTML it came from, so a span of the article can be found in the page.

The page's metadata is read in the same pass, from what publishers put there for search
engines and social networks: `<meta>` tags (Open Graph `og:*`, `article:published_time`,
`author`), `<link rel="canonical">`, and JSON-LD (`NewsArticle`: headline, author,
datePublished, publisher). Where they disagree, JSON-LD wins over Open Graph, which wins over
the `<title>` element; the title loses the site's name appended to it ("… | Example News").
The standard library's parser is enough here, and it is the one that gives the offsets map.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

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
        self.metas: dict[str, str] = {}  # first content of each <meta property|name>, lowercased key
        self.canonical: str | None = None
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("meta", "link", "script"):
            self._head_tag(tag, {k.lower(): (v or "") for k, v in attrs})
        if tag in _SKIP and tag not in _VOID:
            self.skipping += 1
        elif tag == "title":
            self._in_title = True
        if tag in _BLOCK and not self.skipping:
            self.pieces.append(("\n", self._offset()))

    def _head_tag(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            value = " ".join(attrs.get("content", "").split())
            if key and value:
                self.metas.setdefault(key, value)
        elif tag == "link" and "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            self.canonical = self.canonical or attrs["href"].strip()
        elif tag == "script" and attrs.get("type", "").lower() == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json_ld = False
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        elif tag == "title":
            self._in_title = False
        if tag in _BLOCK and not self.skipping:
            self.pieces.append(("\n", self._offset()))

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld[-1] += data
            return
        if self._in_title:
            self.title = " ".join(data.split()) or None
            return
        if not self.skipping and data:
            self.pieces.append((data, self._offset()))


def html_to_text(raw: str) -> tuple[str, dict[str, str], list[tuple[int, int, int]]]:
    """Return (article text, page metadata, map) where map holds (text_start, raw_start, length).

    The metadata has whichever of title, outlet, author, published (YYYY-MM-DD) and url the
    page states."""
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
    return "".join(out).strip("\n") + "\n", page_meta(collector), mapping


_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting", "report"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SITE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ")


def page_meta(c: _Collector) -> dict[str, str]:
    """The page's title, outlet, author, published date and URL, where it states them."""
    ld = _json_ld_article(c.json_ld)
    m = c.metas
    outlet = _name(ld.get("publisher")) or m.get("og:site_name") or m.get("application-name")
    title = _text(ld.get("headline")) or m.get("og:title") or m.get("twitter:title") or c.title
    authors = [a for a in (_name(x) for x in _as_list(ld.get("author"))) if a]
    author = ", ".join(authors) or m.get("author") or _not_url(m.get("article:author")) or m.get("dc.creator")
    published = _day(_text(ld.get("datePublished")) or m.get("article:published_time") or m.get("date") or m.get("dc.date"))
    url = c.canonical or m.get("og:url") or _text(ld.get("url")) or _name(ld.get("mainEntityOfPage"), "@id")
    found = {
        "title": _without_site(title, outlet) if title else None,
        "outlet": outlet,
        "author": author,
        "published": published,
        "url": url,
    }
    return {k: " ".join(v.split()) for k, v in found.items() if v and v.strip()}


def _json_ld_article(blocks: list[str]) -> dict[str, Any]:
    """The first article object among the page's JSON-LD blocks (inside @graph too), or {}."""
    for block in blocks:
        try:
            data = json.loads(block)
        except ValueError:
            continue
        stack = _as_list(data)
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            types = {str(t).lower() for t in _as_list(item.get("@type"))}
            if types & _ARTICLE_TYPES:
                return item
            stack.extend(_as_list(item.get("@graph")))
    return {}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _name(value: Any, key: str = "name") -> str | None:
    """A JSON-LD person or organisation's name (or a plain string)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get(key)
    return _text(value)


def _not_url(value: str | None) -> str | None:
    """article:author is often a profile URL rather than a name."""
    return None if value is None or re.match(r"https?://", value) else value


def _day(value: str | None) -> str | None:
    """YYYY-MM-DD from an ISO date or date-time."""
    match = _DATE.match(value.strip()) if value else None
    return match.group() if match else None


def _without_site(title: str, outlet: str | None) -> str:
    """The title without the site's name appended to it: "Mali cuts ties | Example News"."""
    for sep in _SITE_SEPARATORS:
        head, found, tail = title.rpartition(sep)
        if not found or not head.strip():
            continue
        # With the outlet known, only its name goes; without it, only a "|" suffix, which
        # titles themselves rarely contain (a dash often belongs to the headline).
        if (outlet and tail.strip().casefold() == outlet.strip().casefold()) or (not outlet and sep == " | "):
            return head.strip()
    return title


def looks_like_html(text: str) -> bool:
    """True for a page rather than prose that happens to contain a tag."""
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or (head.count("<p") + head.count("<div")) >= 2
