"""The Chinese edition (zh/): every page built in Chinese from the same store, the same values
in both editions, links that stay in the reader's language, Chinese data files, the language
switch keeping the page, Chinese search from file:// and axe on Chinese pages."""

from __future__ import annotations

import csv
import html
import io
import re
from html.parser import HTMLParser

import pytest

from factbook import open_project

from .conftest import ROOT
from .test_browser import file_base, file_watch, serious_violations  # noqa: F401

DOCS = ROOT / "docs"
ENGLISH = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")
                 if not p.name.endswith(".zh.md"))


class _Figures(HTMLParser):
    """The data-fact value of every figure, the href of every fact link, the page's lang."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, set[str]] = {}
        self.links: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "data" and "data-fact" in a:
            self.values.setdefault(a["data-fact"], set()).add(a.get("value"))
        if tag == "a" and "fact-figure" in (a.get("class") or "").split():
            self.links.append(a.get("href") or "")


def _read(path) -> _Figures:
    parser = _Figures()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_page_has_its_chinese_page():
    missing = [md for md in ENGLISH if not (DOCS / (md[:-3] + ".zh.md")).is_file()]
    assert missing == []


@pytest.mark.parametrize("md", ENGLISH)
def test_a_figure_has_one_value_in_both_editions_and_links_in_its_own(built, md):
    site, _ = built
    page = md[:-3] + ".html"
    en, zh = _read(site / page), _read(site / "zh" / page)
    assert (en.lang, zh.lang) == ("en", "zh")
    for fid in en.values.keys() & zh.values.keys():
        assert en.values[fid] == zh.values[fid], fid
    depth = page.count("/")
    for href in zh.links:  # a Chinese figure opens the Chinese fact page
        assert href.startswith("../" * depth + "facts/") and not href.startswith(
            "../" * (depth + 1)), href


def test_a_chinese_fact_page_writes_the_figure_the_chinese_way(built):
    site, _ = built
    page = html.unescape((site / "zh" / "facts" / "xiaomi.ev.deliveries.2025-q3.html")
                         .read_text("utf-8"))
    assert "2025年第三季度" in page and "108,796辆" in page and 'lang="zh"' in page
    assert 'value="108796"' in page
    assert "[EB/OL]" in page  # GB/T 7714 citation
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert "交付量" in title, title


def test_the_chinese_data_files_speak_chinese_and_point_at_chinese_pages(built):
    site, _ = built
    rows = list(csv.DictReader(io.StringIO((site / "zh" / "data" / "facts.csv").read_text(
        "utf-8"))))
    row = next(r for r in rows if r["id"] == "xiaomi.ev.deliveries.2025-q3")
    assert "交付" in row["label"] and row["value"] == "108796"
    assert row["permalink"].endswith("/zh/facts/xiaomi.ev.deliveries.2025-q3.html")
    assert len(rows) == len(open_project(ROOT).store.facts)


def test_switching_language_keeps_the_page(tab, built):
    site, _ = built
    p = tab.page
    p.goto((site / "zh" / "deliveries.html").as_uri())
    english = p.locator('.md-select a[hreflang="en"]')
    assert english.count() == 1
    p.locator(".md-header__option .md-select").first.hover()
    english.click()
    p.wait_for_url("**/deliveries.html")
    assert "/zh/" not in p.url and p.locator("html").get_attribute("lang") == "en"
    chinese = p.locator('.md-select a[hreflang="zh"]')
    p.locator(".md-header__option .md-select").first.hover()
    chinese.click()
    p.wait_for_url("**/zh/deliveries.html")


def test_chinese_search_lands_on_chinese_pages_from_the_file_system(file_watch, file_base):  # noqa: F811
    """Two searches in one visit (the index is built once a page, the costly part): a word
    that leads to the deliveries page, and one that leads to the gross-margin facts."""
    p = file_watch.page
    p.goto(file_base + "zh/index.html")
    box = p.locator("input.md-search__input")
    box.click()
    for query, target in [("交付", "zh/deliveries.html"), ("毛利率", "zh/facts/")]:
        results = p.locator(".md-search-result__item")
        box.fill("")  # the last query's results go first
        box.press("End")
        results.first.wait_for(state="detached", timeout=15000)
        box.fill(query)
        box.press("End")
        results.first.wait_for(timeout=15000)
        hrefs = [item.locator("a").first.get_attribute("href") for item in results.all()[:10]]
        assert any(target in h for h in hrefs), (query, hrefs)
        if target.endswith("facts/"):  # a gross-margin fact among the first three, in Chinese
            assert any("zh/facts/" in h and "gross-margin" in h for h in hrefs[:3]), hrefs
        else:  # every result of the first ten is about deliveries or their targets
            assert all("deliver" in h or "target" in h for h in hrefs), hrefs
    file_watch.clean()


@pytest.mark.parametrize("page", ["zh/index.html", "zh/deliveries.html", "zh/facts.html",
                                  "zh/facts/xiaomi.ev.deliveries.2025-q3.html"])
def test_no_serious_accessibility_violations_in_chinese(file_watch, file_base, page):  # noqa: F811
    p = file_watch.page
    p.goto(file_base + page)
    assert serious_violations(p) == []
    file_watch.clean()


def test_a_chinese_citation_is_dated_and_copied_in_chinese(file_watch, file_base):  # noqa: F811
    p = file_watch.page
    p.goto(file_base + "zh/facts/xiaomi.ev.deliveries.2025-q3.html")
    text = p.locator('pre[id="cite-text"]').inner_text()
    assert re.search(r"\[\d{4}-\d\d-\d\d\]\. ", text), text  # GB/T 7714: [引用日期]
    assert "引用日期" not in text and "[EB/OL]" in text
    button = p.locator('button[data-copy="cite-text"]')
    button.click()
    p.wait_for_function("b => b.textContent === '已复制' || b.textContent === '请选中后复制'",
                        arg=button.element_handle())
    file_watch.clean()


def test_a_fact_page_lists_the_pages_of_its_own_edition(built):
    site, _ = built
    fid = "xiaomi.ev.deliveries.2025-q3"
    for folder, own, other in (("", "Deliveries and targets", "交付量与目标"),
                               ("zh/", "交付量与目标", "Deliveries and targets")):
        page = html.unescape((site / folder / "facts" / f"{fid}.html").read_text("utf-8"))
        shown = page.split('id="shown-on"', 1)[1].split("</ul>", 1)[0]
        assert own in shown and other not in shown, (folder, shown)
