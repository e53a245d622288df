"""Exports stay safe under GFM autolinkers: a URL, `www.` host or e-mail address quoted from
a source never becomes a link, and a citation right after one is never swallowed.

Rendered with markdown-it plus linkify (linkify-it-py), which links bare URLs, `www.`
hosts, bare domains and e-mail addresses, as GitHub and cmark-gfm do."""

from __future__ import annotations

import re

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from dossier import export
from dossier.cli import cli

GFM = MarkdownIt("gfm-like", {"linkify": True}).use(footnote_plugin)

URLISH = [
    "https://example.com/news/2024/08/05/story.html",
    "http://localhost:8000/a",
    "//cdn.example.org/x.js",
    "www.bbc.co.uk",
    "kyivindependent.com",
    "press@mfa.gov.ua",
    "mailto:desk@example.net",
    "ftp://files.example.com",
    "пример.рф",
]


def _links(tokens) -> list:
    return [c for t in tokens if t.children for c in t.children if c.type == "link_open"]


def _text(tokens) -> str:
    return "".join(c.content for t in tokens if t.children for c in t.children if c.type == "text")


def test_each_kind_of_autolinkable_text_stays_plain_text_and_reads_back_the_same():
    for url in URLISH:
        line = export.inline(f"Read it at {url} today")
        tokens = GFM.parse(line)
        assert _links(tokens) == [], (url, line)
        assert _text(tokens) == f"Read it at {url} today"


def test_citation_right_after_a_url_survives_as_a_footnote_reference():
    body = "\n".join(
        [f"{export.inline('see ' + url)}[^s{n}]" for n, url in enumerate(URLISH, 1)]
        + [""]
        + [f"[^s{n}]: Source {n}." for n in range(1, len(URLISH) + 1)]
    )
    tokens = GFM.parse(body)
    refs = [c for t in tokens if t.children for c in t.children if c.type == "footnote_ref"]
    assert len(refs) == len(URLISH)
    assert _links(tokens) == []


def test_ordinary_prose_with_abbreviations_and_numbers_is_not_escaped():
    assert export.inline("The U.S. gave 3.5 million, said Mr. Smith.") == "The U.S. gave 3.5 million, said Mr. Smith."


PIECES = [*URLISH, " ", "\n", ".", "/", ":", "@", "[^s1]", "word", "www.", "http:", "//", "a.b", "e.g."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join))
def test_no_autolinker_finds_a_link_in_escaped_text_and_the_citation_stays(hostile):
    for line in (export.inline(hostile), *export.block_lines(hostile, empty="")):
        tokens = GFM.parse(f"{line}[^s1]\n\n[^s1]: The source.")
        assert _links(tokens) == [], (hostile, line)
        refs = [c for t in tokens if t.children for c in t.children if c.type == "footnote_ref"]
        assert len(refs) == 1, (hostile, line)


def test_exported_source_with_urls_in_its_text_links_only_its_own_metadata_url(tmp_path):
    article = tmp_path / "urls.txt"
    article.write_text(
        "Kyiv, 5 August 2024. The ministry posted its statement at https://mfa.gov.ua/en/news/1 and "
        "www.mfa.gov.ua, and asked reporters to write to press@mfa.gov.ua.\n\n"
        '"We reject this," the ministry said in the statement on https://mfa.gov.ua.\n',
        encoding="utf-8",
    )
    db = tmp_path / "story.db"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["ingest", "--db", str(db), "--url", "https://example.com/urls", "--title", "Urls", str(article)]
    )
    assert result.exit_code == 0, result.output
    out = runner.invoke(cli, ["export", "--db", str(db), "--all"])
    assert out.exit_code == 0, out.output
    tokens = GFM.parse(out.output)
    hrefs = {c.attrs["href"] for c in _links(tokens)}
    assert hrefs <= {"https://example.com/urls"}, hrefs
    cited = set(re.findall(r"\[\^(s\d+)\](?!:)", out.output))
    refs = {c.meta["label"] for t in tokens if t.children for c in t.children if c.type == "footnote_ref"}
    assert cited and cited == refs
