"""Real-world input: Cyrillic code pages, web pages' own metadata, outlets from URLs, and
sources named by outlet and title, never by a line of their text."""

from __future__ import annotations

import json

import pytest

from dossier import ingest, store, views
from dossier.extract.html import html_to_text
from dossier.model import SOURCE_LABEL_SQL, source_label
from dossier.readers import decode, outlet_from_url, read_article

UKRAINIAN = (
    "КИЇВ — Міністерство закордонних справ України заявило, що рішення Малі розірвати "
    "дипломатичні відносини є поспішним. «Ми відкидаємо ці звинувачення», — сказав речник "
    "МЗС Олег Ніколенко журналістам у понеділок.\n"
)
RUSSIAN = (
    "Министерство иностранных дел Мали заявило о разрыве дипломатических отношений с Украиной. "
    "По словам представителя правительства, Киев признал причастность к нападению на военных.\n"
)


@pytest.mark.parametrize(
    ("text", "codec", "reported"),
    [
        (UKRAINIAN, "cp1251", "windows-1251"),
        (RUSSIAN, "cp1251", "windows-1251"),
        (RUSSIAN, "koi8_r", "koi8-r"),
        (RUSSIAN, "iso8859_5", "iso8859-5"),
    ],
    ids=["ukrainian-cp1251", "russian-cp1251", "russian-koi8r", "russian-iso8859-5"],
)
def test_cyrillic_code_pages_decode_to_the_right_letters(tmp_path, text, codec, reported):
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(codec))
    article = read_article(path)
    assert article.text == text
    assert article.encoding == reported


def test_western_text_still_reads_as_windows_1252(tmp_path):
    text = "Le gouvernement malien a annoncé la rupture – « une décision souveraine », a-t-il dit.\n"
    assert decode(text.encode("cp1252"), tmp_path / "a.txt") == (text, "windows-1252")
    assert decode(text.encode("utf-8"), tmp_path / "a.txt") == (text, "utf-8")


def test_the_ingest_report_names_the_encoding_and_the_text_is_stored_right(db_copy, tmp_path):
    db_path = db_copy
    path = tmp_path / "kyiv.txt"
    path.write_bytes(UKRAINIAN.encode("cp1251"))
    report = ingest.ingest(db_path, [path], {"outlet": "Ukrinform"})
    assert report.files[0].status == "added"
    assert "decoded as windows-1251" in report.files[0].message
    db = store.open_db(db_path)
    (text,) = db.execute("SELECT text FROM source WHERE slug = ?", (report.files[0].slug,)).fetchone()
    assert "Ніколенко" in text and "Ð" not in text


PAGE = """<!doctype html><html><head>
<title>Mali cuts ties with Ukraine | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Mali cuts ties with Ukraine">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-08-05T09:30:00+00:00">
<link rel="canonical" href="https://example.com/world/mali-ukraine">
</head><body><article><h1>Mali cuts ties with Ukraine</h1>
<p>Mali said on Sunday it was severing diplomatic relations with Ukraine.</p></article></body></html>
"""

JSON_LD_PAGE = """<html><head><title>Ambush near Tinzaouaten - Wire Service</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Wire Service"},
  {"@type": "NewsArticle", "headline": "Ambush near Tinzaouaten",
   "author": [{"@type": "Person", "name": "A. Traoré"}, {"@type": "Person", "name": "B. Koné"}],
   "datePublished": "2024-07-29", "publisher": {"@type": "Organization", "name": "Wire Service"},
   "mainEntityOfPage": {"@id": "https://wire.example/ambush"}}]}</script>
<script>var tracking = "<p>not text</p>";</script>
</head><body><p>Rebels said they had killed dozens of Wagner fighters near Tinzaouaten.</p>
<p>The army confirmed heavy losses.</p></body></html>
"""


def test_html_metadata_comes_from_meta_tags_and_canonical_link():
    text, meta, mapping = html_to_text(PAGE)
    assert meta == {
        "title": "Mali cuts ties with Ukraine",
        "outlet": "Example News",
        "author": "Jane Doe",
        "published": "2024-08-05",
        "url": "https://example.com/world/mali-ukraine",
    }
    assert "severing diplomatic relations" in text
    for text_start, raw_start, length in mapping:  # the map back into the page still holds
        assert " ".join(PAGE[raw_start : raw_start + length].split()).startswith(text[text_start : text_start + length].strip()[:10])


def test_html_metadata_comes_from_json_ld_and_scripts_stay_out_of_the_text():
    text, meta, _ = html_to_text(JSON_LD_PAGE)
    assert meta == {
        "title": "Ambush near Tinzaouaten",
        "outlet": "Wire Service",
        "author": "A. Traoré, B. Koné",
        "published": "2024-07-29",
        "url": "https://wire.example/ambush",
    }
    assert "NewsArticle" not in text and "tracking" not in text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Mali cuts ties | Example News", "Mali cuts ties"),  # no site name known: a "|" suffix goes
        ("Mali cuts ties - what it means", "Mali cuts ties - what it means"),  # a dash may be the headline's
    ],
)
def test_the_title_element_loses_a_site_suffix_only_when_it_is_one(title, expected):
    _, meta, _ = html_to_text(f"<html><head><title>{title}</title></head><body><p>Text here.</p><p>More.</p></body></html>")
    assert meta["title"] == expected


def test_flags_win_over_the_pages_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_article(path, {"title": "My title", "published": "2024-08-06"})
    assert article.meta["title"] == "My title" and article.meta["published"] == "2024-08-06"
    assert article.meta["outlet"] == "Example News" and article.meta["author"] == "Jane Doe"


@pytest.mark.parametrize(
    ("url", "outlet"),
    [("https://www.apnews.com/article/x", "apnews.com"), ("http://m.dw.com/en/mali", "dw.com"), ("not a url", None)],
)
def test_the_outlet_of_a_url_is_its_host(url, outlet):
    assert outlet_from_url(url) == outlet


def test_ingest_without_an_outlet_takes_it_from_the_urls_domain(db_copy, tmp_path):
    db_path = db_copy
    path = tmp_path / "a.txt"
    path.write_text("Mali cut ties with Ukraine on Sunday, the government said.\n", encoding="utf-8")
    report = ingest.ingest(db_path, [path], {"url": "https://www.kyivindependent.com/mali"})
    db = store.open_db(db_path)
    row = db.execute("SELECT outlet, url FROM source WHERE slug = ?", (report.files[0].slug,)).fetchone()
    assert row == ("kyivindependent.com", "https://www.kyivindependent.com/mali")


def test_untitled_sources_are_named_by_outlet_never_by_their_first_line(db_copy, tmp_path):
    db_path = db_copy
    path = tmp_path / "notice.txt"
    path.write_text("This audio is created with AI assistance\n\nMali cut ties with Ukraine.\n", encoding="utf-8")
    report = ingest.ingest(db_path, [path], {"outlet": "Radio Example"})
    db = store.open_db(db_path)
    source_id = store.id_by_slug(db, "source", report.files[0].slug)
    names = {
        "list": next(s.label for s in store.list_sources(db) if s.id == source_id),
        "view": views.source_view(db, source_id).source.label,
        "palette": next(label for kind, i, label in views.catalog(db) if kind == "source" and i == source_id),
    }
    assert set(names.values()) == {"Radio Example, untitled"}, names
    assert not any("AI assistance" in json.dumps(f) for f in store.figures(db, [source_id]))


@pytest.mark.parametrize(
    ("title", "outlet", "slug"),
    [("A title", "AP", "s"), (None, "AP", "s"), ("  ", " AP\n", "s"), (None, None, "s-1"), ("", "", "s-2"), ("\tT\n", None, "s")],
)
def test_the_sql_and_python_source_names_agree(title, outlet, slug):
    db = store.sqlite3.connect(":memory:")
    db.execute("CREATE TABLE source (title, outlet, slug)")
    db.execute("INSERT INTO source VALUES (?, ?, ?)", (title, outlet, slug))
    (from_sql,) = db.execute(f"SELECT {SOURCE_LABEL_SQL} FROM source").fetchone()
    assert from_sql == source_label(title, outlet, slug)
