"""Fact pages filled into one rendered shell (factbook.shell): the same page the theme would
have written, the same search entries, every page in the sitemap and no shell left behind."""

from __future__ import annotations

import gzip
import re

import jinja2
import pytest
from material.plugins.search.plugin import Parser

from factbook import open_project, shell
from factbook.site import Site
from factbook.text import esc

from .conftest import HOSTILE, ROOT

# The three ways the theme writes a page's title and description (overrides/main.html and
# Material's base.html): as given, and through striptags | e.
THEME = jinja2.Environment(autoescape=False).from_string(
    "<title>{{ title | striptags | e }} — Site</title>\n"
    '<meta name="description" content="{{ description }}">\n'
    '<meta property="og:title" content="{{ title | striptags | e }}">\n'
    '<meta property="og:description" content="{{ description | striptags | e }}">\n'
    '<link rel="canonical" href="https://example.org/facts/{{ page }}.html">\n'
    '<header>{{ title }}</header><article>{{ body }}</article>')

NASTY = ['EV deliveries </title><script>alert(1)</script>', 'a `tick` *star* _u_ [x](y) {x}',
         'quote " and \' and & and &amp; and <b>bold</b>', "line\u2028break  two  spaces",
         "小米SU7 “交付量”", "FBSLOT`TITLE inside a title"]


def _render(title: str, description: str, body: str, page: str) -> str:
    return THEME.render(title=esc(title), description=esc(description), body=body, page=page)


def test_a_filled_shell_is_the_page_the_theme_writes():
    made = shell.Shell(_render(shell.TITLE, shell.DESCRIPTION, shell.BODY, shell.PAGE))
    for text in NASTY:
        body = f"<h1>{esc(text)}</h1><p>x</p>"
        assert made.fill("a.b-c", text, text + " said", body) == \
            _render(text, text + " said", body, "a.b-c"), text


def test_a_page_with_no_description_gets_the_sites_as_the_theme_writes_it():
    theme = jinja2.Environment().from_string(
        '<title>{{ t }}</title><meta content="{{ d }}"><meta content="{{ d | striptags | e }}">'
        "{{ b }}")
    made = shell.Shell(theme.render(t=esc(shell.TITLE), d=esc(shell.DESCRIPTION), b=shell.BODY))
    own = "Checked figures on Xiaomi's cars & more"
    expected = jinja2.Environment().from_string(
        '<title>{{ t }}</title><meta content="{{ d }}"><meta content="{{ d | striptags | e }}">'
        "<h1>B</h1>").render(t=esc("t"), d=own)
    assert made.fill("p", "t", None, "<h1>B</h1>", own) == expected


def test_a_shell_without_its_body_slot_is_refused_in_one_line():
    with pytest.raises(shell.ShellError, match=r"holds the body slot 0 times and the title "
                                               r"slot 1 times"):
        shell.Shell(f"<title>{esc(shell.TITLE)}</title><article></article>")


def _sections(html: str) -> list[tuple]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title), "".join(s.text), s.is_excluded()) for s in parser.data]


@pytest.mark.parametrize("store", ["real", "hostile"])
def test_search_reads_a_fact_page_the_same_without_its_inline_tags(store, make_store):
    root = ROOT if store == "real" else make_store({"hostile.yaml": HOSTILE})
    site = Site(open_project(root), "https://example.org/", "2026-01-01")
    pages = [p for p in site.shell_pages() if p[4] is not None]
    assert len(pages) == len(site.store.facts)
    for address, _title, _description, _body, searched in pages:
        html = f'<div class="fact-page">{searched}</div>'
        sections = _sections(html)
        assert sections and sections[-1][2], address  # the sources are read
        assert _sections(f'<div class="fact-page">{shell.for_search(searched)}</div>') == \
            sections, address


def test_every_fact_page_is_in_the_sitemap_and_no_shell_is_published(built):
    site, _ = built
    project = open_project(ROOT)
    assert not (site / shell.SHELL_SRC).with_suffix(".html").exists()
    assert not list(site.rglob(f"*{shell.PAGE}*"))
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert shell.PAGE not in sitemap
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == sitemap
    locs = set(re.findall(r"<loc>[^<]*/(facts/[^<]+)</loc>", sitemap))
    for fid in list(project.store.facts) + list(project.store.retired):
        assert f"facts/{fid}.html" in locs, fid
        assert (site / "facts" / f"{fid}.html").is_file(), fid
    page = (site / "facts" / "xiaomi.ev.deliveries.2025-q3.html").read_text(encoding="utf-8")
    assert "FBSLOT" not in page and "fbslot" not in page
    assert '<link rel="canonical" href="' in page and \
        'facts/xiaomi.ev.deliveries.2025-q3.html">' in page
