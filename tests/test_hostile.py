"""A hostile store built into a real site: every string from the data lands as inert text.

One build covers each place data text reaches HTML (prose, tables, tooltips, the facts index and
its cite blocks, the bibliography, the audit and its JSON-LD); the exports are read back too.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from pybtex.database import parse_string

from factbook import open_project
from factbook.audit import audit_site
from factbook.export import facts_csv, sources_bib

from .conftest import LINK


class Scan(HTMLParser):
    """Every element, attribute and the visible text of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


PAGES = ["index.html", "facts.html", "sources.html", "audit.html", "facts/evil.one.html"]


@pytest.mark.parametrize("page", PAGES)
def test_markdown_and_html_in_data_stay_text(hostile_site, page):
    html = (hostile_site / "site" / page).read_text(encoding="utf-8")
    scan = Scan()
    scan.feed(html)
    for tag, attrs in scan.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (page, tag, name)
            assert not (value or "").strip().lower().startswith(("javascript:", "data:")), \
                (page, tag, name, value)
        assert tag not in ("b", "script") or "alert" not in str(attrs), page
        assert not (tag == "img" and "evil.example" in attrs.get("src", "")), page
        assert not (tag == "img" and attrs.get("src") == "x"), page
    for opening, body in re.findall(r"(<script\b[^>]*>)(.*?)</script>", html, re.S):
        if "application/ld+json" in opening:
            json.loads(body)  # data, never code: it parses as JSON and holds no raw <
            assert "<" not in body
        else:
            assert "alert(" not in body, page
    text = "".join(scan.text)
    if page in ("index.html", "sources.html", "facts/evil.one.html"):
        assert LINK in text or LINK in html.replace("&#", "")  # shown literally somewhere
    assert "<em>loud</em>" not in html and "<strong>loudly</strong>" not in html
    assert "<em>emphasis</em>" not in html
    assert "<b>bold</b>" not in html  # the label's HTML is shown, not applied


def test_the_link_is_shown_literally(hostile_site):
    scan = Scan()
    scan.feed((hostile_site / "site" / "sources.html").read_text(encoding="utf-8"))
    text = "".join(scan.text)
    assert LINK in text
    assert "![pic](https://evil.example/p.png) *loud* _under_ `code`" in text


def test_the_audit_shows_a_claim_as_written(hostile_site):
    scan = Scan()
    scan.feed((hostile_site / "site" / "audit.html").read_text(encoding="utf-8"))
    text = "".join(scan.text)
    assert "It claims [this](javascript:alert(this)) **loudly**." in text
    assert "An opinion <script>alert(this)</script>; see `this`." in text


def test_jsonld_cannot_close_its_script(hostile_site):
    html = (hostile_site / "site" / "audit.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks
    data = json.loads(blocks[0])
    assert data[0]["claimReviewed"] == "It claims [this](javascript:alert(this)) **loudly**."


def test_the_audit_of_the_hostile_site_is_clean(hostile_site):
    problems, pages = audit_site(hostile_site / "site", open_project(hostile_site).store)
    # six pages and a page for each of the five facts in each edition, and the 404 page
    assert pages == 23
    assert [str(p) for p in problems] == []


def test_exports_are_safe_to_open(tmp_path):
    from factbook.load import load_store

    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "x.yaml").write_text("""
entities: [{id: e, name: E, kind: brand}]
sources:
  - {id: S01, title: "=HYPERLINK(\\"http://evil.example\\")", publisher: "@SUM(1)", kind: news,
     url: "https://example.org/a"}
facts:
  - {id: a.b, subject: e, label: "-2+3 cars", value: -5, unit: percent, period: 2025,
     status: single_source, sources: [{source: S01, states: -5}], note: "+cmd|' /C calc'!A0"}
""")
    store = load_store(tmp_path / "facts", tmp_path)
    rows = list(csv.DictReader(io.StringIO(facts_csv(store))))
    for row in rows:
        for cell in row.values():
            if cell and cell[0] in "=+-@\t\r":
                float(cell)  # only a number may start that way
    assert rows[0]["value"] == "-5"
    assert rows[0]["label"] == "'-2+3 cars"
    bib = parse_string(sources_bib(store), "bibtex")
    assert bib.entries["S01"].fields["title"].startswith("=HYPERLINK")


def test_bibtex_fields_cannot_close_or_start_an_entry():
    from factbook.cite import source_bibtex
    from factbook.model import Source

    s = Source(id="S01", title="} @misc{evil, title={x", publisher="P\\", kind="news",
               url="https://example.org/a b}c\\d", note="%\n@preamble{x}")
    entry = source_bibtex(s)
    bib = parse_string(entry, "bibtex")
    assert list(bib.entries) == ["S01"]
    fields = bib.entries["S01"].fields
    assert fields["url"] == "https://example.org/a%20b%7Dc%5Cd"
    assert "@misc" in fields["title"]


def test_a_label_in_a_heading_cannot_open_a_script_in_the_title(hostile_site):
    html = (hostile_site / "site" / "deliv.html").read_text()
    head = html[: html.index("</head>")]
    assert "<script>alert(" not in head
    assert "&lt;/title&gt;&lt;script&gt;alert(document.domain)&lt;/script&gt;" in head


def test_shown_on_lists_pages_only_and_titles_without_markup(hostile_site):
    # share.md and deliveries.md are a fact id and a series id, not pages.
    html = (hostile_site / "site" / "facts" / "base.q2.html").read_text()
    shown = html[html.index('id="shown-on"'):]
    assert ">Detail</a>" in shown
    assert "embargoed" not in html and "internal draft" not in html and "{{" not in html


def test_a_label_outside_the_basic_plane_keeps_its_fact_page(hostile_site):
    html = (hostile_site / "site" / "facts" / "share.md.html").read_text(encoding="utf-8")
    title = "Share \U0001F600 \U0001D400, 2025: 5 vehicles — Xiaomi EV factbook"
    assert f"<title>{title}</title>" in html
    assert "title:" not in html


def test_a_date_slot_in_a_label_stays_text():
    from factbook.cite import ACCESSED_SLOT
    from factbook.factpage import fact_page
    from factbook.site import Site

    project = _project_with_label(f"EV deliveries {ACCESSED_SLOT}")
    html = fact_page(Site(project, "https://x.org/", "2026-01-02").at("facts/x.y.html"), "x.y")
    assert html.count('class="cite-accessed"') == 1


def _project_with_label(label: str):
    import tempfile
    from pathlib import Path

    from factbook import open_project

    from .conftest import FIXTURES, TODAY

    root = Path(tempfile.mkdtemp())
    (root / "facts").mkdir()
    (root / "facts" / "base.yaml").write_text((FIXTURES / "base.yaml").read_text())
    (root / "facts" / "x.yaml").write_text(
        f'facts:\n  - {{id: x.y, subject: xiaomi-ev, label: "{label}", value: 5, '
        "unit: vehicles, period: 2025, status: single_source, sources: [{source: S05, "
        "states: 5}]}\n")
    return open_project(root, TODAY)


def test_the_issue_tracker_address_must_be_http():
    from factbook.site import Site

    with pytest.raises(ValueError, match="is not an http"):
        Site(_project_with_label("EV deliveries"), "", "2026-01-02", "javascript:alert(1)//")
