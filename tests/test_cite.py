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
    entry = parse_string(fact_bibtex(f, "https://x.org/facts.html#a", "2026-01-02"), "bibtex")
    (only,) = entry.entries.values()
    assert only.fields["url"] == "https://x.org/facts.html#a"
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
    f = next(iter(store.facts.values()))
    item = fact_csl(f, "https://x.org/facts.html#" + f.id, "2026-01-02")
    assert item["issued"] == {"date-parts": [[2026, 1, 2]]} and item["type"] == "dataset"


def test_plain_citation_names_value_period_and_permalink(store):
    f = store.facts["xiaomi.ev.deliveries.2025-q3"]
    text = fact_text(store, f, "https://x.org/facts.html#" + f.id, "2026-01-02")
    assert "108,796 vehicles" in text and "Q3 2025" in text
    assert "https://x.org/facts.html#xiaomi.ev.deliveries.2025-q3" in text


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


def test_every_fact_entry_offers_citations(built, store):
    html = (built[0] / "facts.html").read_text()
    for fid in store.facts:
        assert f'id="cite-{fid}-text"' in html and f'id="cite-{fid}-bibtex"' in html, fid
        assert f'data-copy="cite-{fid}-csl"' in html, fid
    assert re.search(r'<details class="cite" data-search-exclude', html)


def test_jsonld_cannot_be_closed_or_commented_by_data():
    from factbook.jsonld import script

    html = script({"says": "</script><!--<script>alert(1)</script> & more"})
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["says"] == "</script><!--<script>alert(1)</script> & more"
