"""Reading article files, for build and ingest alike: `read_article(path)` checks the file
(missing, a folder, an unsupported type, too big, empty), hands its bytes to the reader
its suffix names in `READERS`, and returns an `Article`. A reader turns bytes into text:
`read_text` decodes them (UTF-8, UTF-16 with a BOM, else the encoding charset-normalizer
detects, such as Windows-1251 for Cyrillic; binary refused),
`read_html` also strips the page down to its article. A new input format is one reader
function and one row in `READERS`.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dossier.errors import DossierError
from dossier.extract.html import html_to_text, looks_like_html
from dossier.text import visible

MAX_BYTES = 50 * 1024 * 1024  # larger files are refused rather than read into memory


@dataclass
class Article:
    """A file read and decoded, ready for extraction."""

    path: str
    text: str
    encoding: str
    meta: dict = field(default_factory=dict)
    raw: str | None = None  # the HTML, when the text was extracted from a page
    raw_map: list[tuple[int, int, int]] | None = None


def read_text(path: Path, raw: bytes) -> Article:
    """Plain text or Markdown; a file that turns out to be a web page is read as one."""
    text, encoding = decode(raw, path)
    if looks_like_html(text):
        return _page(path, text, encoding)
    return Article(str(path), text, encoding)


def read_html(path: Path, raw: bytes) -> Article:
    """A web page: its article text, with the raw HTML and a map back into it."""
    return _page(path, *decode(raw, path))


def _page(path: Path, html: str, encoding: str) -> Article:
    body, meta, mapping = html_to_text(html)
    if not body.strip():
        raise DossierError(f"{_shown(path)}: the page holds no article text.")
    return Article(str(path), body, encoding, meta, raw=html, raw_map=mapping)


Reader = Callable[[Path, bytes], Article]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".markdown": read_text,
    "": read_text,
    ".html": read_html,
    ".htm": read_html,
}


def read_article(path: Path, meta: dict | None = None) -> Article:
    """Read an article file of a type in READERS, or raise DossierError saying why not.

    meta: what the caller knows (title, outlet, ...); it wins over what the file says."""
    shown = _shown(path)
    if not path.exists():
        raise DossierError(_why_missing(path))
    if path.is_dir():
        raise DossierError(f"{shown} is a folder; name the article files in it (e.g. {shown}/*.txt).")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(suffix for suffix in READERS if suffix)
        raise DossierError(f"{shown}: unsupported file type {_shown(path.suffix)!r}; use {known} (or no suffix).")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DossierError(f"{shown} is {size / 1e6:.0f} MB; articles over {MAX_BYTES // 1_000_000} MB are refused.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DossierError(f"Cannot read {shown}: {exc.strerror}.") from None
    if not raw.strip():
        raise DossierError(f"{shown} is empty.")
    article = reader(path, raw)
    article.meta = {**article.meta, **(meta or {})}
    article.meta.setdefault("file", str(path))
    if not article.meta.get("outlet") and article.meta.get("url"):
        article.meta["outlet"] = outlet_from_url(article.meta["url"])
    return article


def outlet_from_url(url: str) -> str | None:
    """The outlet a URL names when nothing else does: its host without "www." (apnews.com)."""
    host = urlsplit(url.strip()).hostname or ""
    host = host.removeprefix("www.").removeprefix("m.")
    return host or None


def _shown(path: Path | str) -> str:
    """A file name fit for a message: escape sequences and control characters made visible."""
    return visible(str(path))


def _why_missing(path: Path) -> str:
    """A missing file, a link to one, or a loop of links: each said as it is."""
    if path.is_symlink():
        try:
            path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return f"{_shown(path)} is a symbolic link that loops back on itself; it leads to no file."
        return f"{_shown(path)} is a symbolic link to {_shown(os.readlink(path))}, which does not exist."
    return f"{_shown(path)}: no such file."


def decode(raw: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 or UTF-16 (with a BOM), else in the encoding charset-normalizer
    detects (Windows-1251, KOI8-R, ...), else Windows-1252; refuse binary data.

    Returns (text, encoding name for the report)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    sample = raw[:8192]
    if sample.count(b"\x00") > max(1, len(sample) // 100):
        raise DossierError(f"{_shown(path)} looks like a binary file (it holds NUL bytes), not an article.")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        western = raw.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    detected = _detect(raw)
    if detected is not None and detected[0] != western:
        return _refuse_binary(detected[0], path), detected[1]
    if western is not None:
        # Western text: the detector often names a sibling code page (cp1250) that decodes
        # it to the same characters; the report names the usual one.
        return _refuse_binary(western, path), "windows-1252"
    return _refuse_binary(raw.decode("latin-1"), path), "latin-1"


def _detect(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding name) by charset-normalizer, or None when it finds no fitting encoding."""
    from charset_normalizer import from_bytes  # here: only non-UTF-8 files pay for loading it

    best = from_bytes(raw).best()
    if best is None:
        return None
    name = best.encoding.replace("_", "-")
    if name.startswith("cp125"):  # Python's cp1251 is what the world calls windows-1251
        name = "windows-" + name[2:]
    return str(best), name


def _refuse_binary(text: str, path: Path) -> str:
    sample = text[:4096]
    odd = sum(1 for ch in sample if not (ch.isprintable() or ch in "\n\r\t"))
    if sample and odd / len(sample) > 0.1:
        raise DossierError(f"{_shown(path)} looks like a binary file, not an article.")
    return text
