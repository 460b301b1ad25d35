"""Citations and machine-readable exports: BibTeX parses, CSL-JSON items are complete, the
JSON-LD holds what schema.org consumers need, and permalinks never break."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from pybtex.database import parse_string

from factbook import open_project
from factbook.cite import fact_bibtex, fact_csl, fact_text, sources_bib, sources_csl_json
from factbook.format import period_text, value_text
from factbook.jsonld import claim_reviews, dataset

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "fact-ids.txt"


@pytest.fixture(scope="module")
def store():
    return open_project(ROOT).store


def test_sources_bibtex_parses_with_every_source(store):
    bib = parse_string(sources_bib(store), "bibtex")
    assert set(bib.entries) == set(store.sources)
    for sid, entry in bib.entries.items():
        assert entry.fields["title"], sid
        if store.sources[sid].url:
            assert entry.fields["url"] == store.sources[sid].url


def test_fact_bibtex_survives_awkward_characters(store):
    label = "Profit & loss {50%} #1_a $x ~y ^z \\"
    f = next(iter(store.facts.values())).model_copy(update={"label": label})
    entry = parse_string(fact_bibtex(store, f, "https://x.org/facts/a.html", "2026-01-02"),
                         "bibtex")
    (only,) = entry.entries.values()
    assert only.fields["url"] == "https://x.org/facts/a.html"
    # Every special character arrives escaped, and the braces still balance.
    title = only.fields["title"]
    for raw, escaped in [("&", r"\&"), ("%", r"\%"), ("#", r"\#"), ("_", r"\_"), ("$", r"\$"),
                         ("{", r"\textbraceleft{}"), ("}", r"\textbraceright{}")]:
        assert escaped in title, raw
    # BibTeX counts every brace, escaped or not: those left are balanced pairs.
    assert title.count("{") == title.count("}")


def test_csl_items_carry_id_type_title_and_a_date(store):
    items = json.loads(sources_csl_json(store))
    assert [i["id"] for i in items] == list(store.sources)
    for item, source in zip(items, store.sources.values(), strict=True):
        assert item["type"] and item["title"] == source.title
        if source.published:
            year = int(source.published[:4])
            assert item["issued"]["date-parts"][0][0] == year, source.id
        else:
            assert item["issued"] == {"literal": "no date"}, source.id
        assert ("accessed" in item) == bool(source.accessed)
    f = next(iter(store.facts.values())).model_copy(update={"checked": None})
    item = fact_csl(store, f, "https://x.org/facts/a.html", "2026-01-02")
    assert item["issued"] == {"date-parts": [[2026, 1, 2]]} and item["type"] == "dataset"


def test_a_citation_credits_the_sources_before_the_site(store):
    f = store.facts["xiaomi.ev.deliveries.2025-q3"]
    text = fact_text(store, f, "https://x.org/facts/" + f.id + ".html", "2026-01-02")
    first = store.sources[f.sources[0].source]
    assert text.startswith(first.publisher)
    assert text.index(first.publisher) < text.index("factbook")
    assert value_text(f, unit=True) in text and period_text(f) in text
    assert text.endswith("https://x.org/facts/xiaomi.ev.deliveries.2025-q3.html "
                         "(accessed [date accessed]).")
    bib = parse_string(fact_bibtex(store, f, "https://x.org/p", "2026-01-02"), "bibtex")
    (key,) = bib.entries
    assert key == "xiaomi.ev.deliveries.2025-q3"
    authors = [str(p) for p in bib.entries[key].persons["author"]]
    assert authors[0].strip("{}") == first.publisher


def test_every_fact_citation_renders_with_a_real_csl_processor(store):
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = [fact_csl(store, f, f"https://x.org/facts/{f.id}.html", "2026-01-02")
             for f in store.facts.values()]
    bib = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right"),
                                     CiteProcJSON(items), formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    rendered = {str(entry) for entry in bib.bibliography()}
    assert len(rendered) == len(items)
    q3 = next(r for r in rendered if "EV deliveries, Q3 2025" in r)
    first = store.sources[store.facts["xiaomi.ev.deliveries.2025-q3"].sources[0].source]
    assert q3.startswith(first.publisher)


def test_every_fact_bibtex_entry_parses(store):
    text = "\n\n".join(fact_bibtex(store, f, f"https://x.org/facts/{f.id}.html", "2026-01-02")
                        for f in store.facts.values())
    bib = parse_string(text, "bibtex")
    assert set(bib.entries) == set(store.facts)


def test_dataset_jsonld_has_required_fields(store):
    data = dataset(store, "https://x.org/", "2026-01-02")
    for key in ("name", "description", "license", "creator", "temporalCoverage", "distribution"):
        assert data[key], key
    start, end = data["temporalCoverage"].split("/")
    assert start < end
    assert {d["contentUrl"].rsplit("/", 1)[1] for d in data["distribution"]} >= {
        "facts.json", "facts.csv", "sources.json"}


def test_claim_reviews_cover_every_claim(store):
    reviews = claim_reviews(store, "https://x.org/audit.html", "2026-01-02")
    assert len(reviews) == len(store.claims)
    for review, claim in zip(reviews, store.claims.values(), strict=True):
        assert review["@type"] == "ClaimReview"
        assert review["url"].endswith("#" + claim.id)
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["appearance"]["@type"] == "CreativeWork"
        assert review["reviewRating"]["alternateName"]
        assert "{" not in review["claimReviewed"], review["claimReviewed"]


def test_published_ids_never_disappear(store, request):
    """Every id ever published stays a fact or a retired alias (update: --update-golden)."""
    live = set(store.facts) | set(store.retired)
    known = set(GOLDEN.read_text().split()) if GOLDEN.exists() else set()
    if request.config.getoption("--update-golden"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text("\n".join(sorted(known | set(store.facts))) + "\n")
        known = known | set(store.facts)
    gone = sorted(known - live)
    assert not gone, f"ids vanished (retire them in facts/retired.yaml): {gone}"
    new = sorted(set(store.facts) - known)
    assert not new, f"new ids not yet in {GOLDEN.name}: run pytest --update-golden"


class _JsonLd(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside = False
        self.blocks: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self.inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.blocks[-1] += data


def jsonld_of(page):
    parser = _JsonLd()
    parser.feed(page.read_text())
    return [json.loads(b) for b in parser.blocks]


def test_built_pages_carry_parseable_jsonld(built, store):
    site, _ = built
    (data,) = jsonld_of(site / "downloads.html")
    assert data["@type"] == "Dataset" and data["license"].startswith("https://creativecommons")
    for dist in data["distribution"]:
        name = dist["contentUrl"].rsplit("/", 1)[1]
        assert (site / "data" / name).is_file(), name
    (reviews,) = jsonld_of(site / "audit.html")
    assert {r["url"].rsplit("#", 1)[1] for r in reviews} == set(store.claims)


def test_every_fact_page_offers_citations(built, store):
    for fid in store.facts:
        html = (built[0] / "facts" / f"{fid}.html").read_text()
        for key in ("text", "bibtex", "csl"):
            assert f'id="cite-{key}"' in html and f'data-copy="cite-{key}"' in html, fid
    assert re.search(r'<div class="cite" data-search-exclude', html)


def test_jsonld_cannot_be_closed_or_commented_by_data():
    from factbook.jsonld import script

    html = script({"says": "</script><!--<script>alert(1)</script> & more"})
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["says"] == "</script><!--<script>alert(1)</script> & more"


# ------------------------------------------------------------------ GB/T 7714 (Chinese pages)


def _cited_store(publishers: list[str], **fact):
    from factbook.model import Fact, Source, Store

    s = Store()
    for i, name in enumerate(publishers, 1):
        s.sources[f"S{i:02d}"] = Source(id=f"S{i:02d}", title=f"标题{i}", publisher=name,
                                        kind="news", published="2025-11-19")
    s.facts["x.y"] = Fact(**({
        "id": "x.y", "subject": "s", "label": "集团总收入", "value": 113_100_000_000,
        "unit": "CNY", "bound": "approx", "status": "confirmed", "period": "2025-Q3",
        "checked": "2025-11-26",
        "sources": [{"source": sid, "states": 113_100_000_000} for sid in s.sources]} | fact))
    return s


URL = "https://example.org/facts/x.y.html"


def test_a_chinese_citation_follows_gbt_7714():
    from factbook.locale import ZH

    store = _cited_store(["小米集团", "第一财经"])
    text = fact_text(store, store.facts["x.y"], URL, "2025-12-01", ZH)
    # 作者. 题名[EB/OL]//网站. (更新日期)[引用日期]. 网址.
    assert text == ("小米集团, 第一财经. 集团总收入，2025年第三季度: 约1131亿元[EB/OL]//"
                    "factbook：小米汽车事实手册. (2025-11-26)[引用日期]. "
                    "https://example.org/facts/x.y.html.")


def test_a_chinese_citation_names_three_authors_then_deng():
    from factbook.locale import ZH

    store = _cited_store(["甲报", "乙报", "丙报", "丁报"])
    text = fact_text(store, store.facts["x.y"], URL, "2025-12-01", ZH)
    assert text.startswith("甲报, 乙报, 丙报, 等. 集团总收入")


def test_a_derived_fact_is_cited_to_the_site_and_dated_by_the_build():
    from factbook.locale import ZH

    store = _cited_store([], status="derived", checked=None, sources=[])
    text = fact_text(store, store.facts["x.y"], URL, "2025-12-01", ZH)
    assert text == ("factbook：小米汽车事实手册. 集团总收入，2025年第三季度: 约1131亿元[EB/OL]. "
                    "(2025-12-01)[引用日期]. https://example.org/facts/x.y.html.")


def test_data_cannot_break_a_gbt_citation_or_the_page():
    from types import SimpleNamespace

    from factbook.factpage import fact_page
    from factbook.locale import ZH

    store = _cited_store(["坏<b>出版社</b>\n[EB/OL]. ", "*乙*_报_ {{ x }}."])
    store.facts["x.y"] = store.facts["x.y"].model_copy(update={"label": "收入\r\n[J]. 标题"})
    text = fact_text(store, store.facts["x.y"], URL, "2025-12-01", ZH)
    assert "\n" not in text and "\r" not in text
    assert text.count("[EB/OL]") == 1 and text.count("[") == 2  # the type and the access date
    assert text.startswith("坏<b>出版社</b> ［EB/OL］, *乙*_报_ {{ x }}. 收入 ［J］. 标题，2025年")
    site = SimpleNamespace(
        locale=ZH, issued="2025-12-01", issues_url="", checks={}, superseded_by={},
        project=SimpleNamespace(context=SimpleNamespace(used={})),
        permalink=lambda fid: URL, page_title=lambda md: md)
    page = SimpleNamespace(site=site, store=store, up="../", link=lambda fid: f"{fid}.html")
    html = fact_page(page, "x.y")
    plain = re.search(r'<pre class="cite-text[^"]*" id="cite-text">(.*?)</pre>', html, re.S)[1]
    assert "<b>" not in plain and "&lt;b&gt;" in plain and "{{" not in plain
    assert "*" not in plain and "_" not in plain
    # the access date is the one slot the page script fills in, inside the standard's brackets
    assert plain.count('<span class="cite-accessed">引用日期</span>') == 1
    assert '&#91;<span class="cite-accessed">引用日期</span>&#93;' in plain


def test_an_english_citation_is_as_it_was():
    store = _cited_store(["Yicai Global", "electrive"], label="Group revenue")
    text = fact_text(store, store.facts["x.y"], URL, "2025-12-01")
    assert text == ("Yicai Global, 19 November 2025; electrive, 19 November 2025. "
                    "\u201cGroup revenue, Q3 2025: about 113.1 billion yuan.\u201d Compiled in "
                    "factbook: Xiaomi EV facts (fact x.y, confirmed, checked 26 November 2025). "
                    "https://example.org/facts/x.y.html (accessed [date accessed]).")
