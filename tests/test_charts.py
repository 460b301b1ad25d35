"""Charts, cards and spec boxes: drawn from the store, every mark traced, read by the audit."""

from __future__ import annotations

import csv
import io
import re
import shutil
from html.parser import HTMLParser

import pytest

from factbook import open_project
from factbook.audit import audit_page
from factbook.charts import ChartError
from factbook.format import machine_value
from factbook.site import Site

from .conftest import HOSTILE, ROOT

# Each page that must carry charts, and how many at least.
CHART_PAGES = {"index.html": 1, "deliveries.html": 3, "finances.html": 2, "market.html": 1,
               "plants.html": 1, "models/su7.html": 1, "models/yu7.html": 1,
               "models/su7-ultra.html": 1}
SPEC_PAGES = ["models/su7.html", "models/yu7.html", "models/su7-ultra.html"]


class Figures(HTMLParser):
    """Each <figure class="chart"> of a page: its title, description, marks, labels, table and
    CSV link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.charts: list[dict] = []
        self.path: list[str] = []
        self.cards: list[dict] = []
        self.spec: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag == "figure" and "chart" in classes:
            self.charts.append({"id": a.get("id"), "marks": [], "values": [], "text": {},
                                "links": [], "table": 0, "csv": None, "svg": {}})
        chart = self.charts[-1] if self.charts and "figure" in self.path else None
        if tag == "div" and "key-card" in classes:
            self.cards.append({"marks": []})
        if tag == "aside" and "spec-box" in classes:
            self.spec.append("")
        if chart is not None:
            if tag == "svg":
                chart["svg"] = a
            if "chart-mark" in classes:
                chart["marks"].append(a)
            if tag == "text" and "chart-value" in classes:
                chart["values"].append(a)
            if tag == "a" and "chart-link" in classes:
                chart["links"].append(a.get("href"))
            if tag == "a" and "chart-csv" in classes:
                chart["csv"] = a.get("href")
            if tag == "details" and "chart-data" in classes:
                chart["table"] += 1
            if tag in ("title", "desc") and "svg" in self.path:
                chart["text"]["current"] = tag
        elif self.cards and "div" in self.path and "chart-mark" in classes:
            self.cards[-1]["marks"].append(a)
        if tag not in ("rect", "line", "path", "br", "img", "input", "meta", "link"):
            self.path.append(tag)

    def handle_endtag(self, tag):
        if tag in self.path:
            while self.path and self.path.pop() != tag:
                pass

    def handle_data(self, data):
        if self.charts and "figure" in self.path:
            chart = self.charts[-1]
            kind = chart["text"].get("current")
            if kind and self.path and self.path[-1] == kind and "svg" in self.path:
                chart["text"][kind] = chart["text"].get(kind, "") + data
        if self.spec and "aside" in self.path:
            self.spec[-1] += data


def figures_of(html: str) -> Figures:
    parser = Figures()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def store():
    return open_project(ROOT).store


@pytest.mark.parametrize("page", sorted(CHART_PAGES))
def test_every_chart_page_carries_traced_charts(built, store, page):
    site, _ = built
    html = (site / page).read_text(encoding="utf-8")
    found = figures_of(html).charts
    assert len(found) >= CHART_PAGES[page]
    for chart in found:
        svg = chart["svg"]
        assert svg.get("aria-labelledby") and svg.get("aria-describedby")
        assert chart["text"].get("title", "").strip(), chart["id"]
        assert len(chart["text"].get("desc", "")) > 40, chart["id"]
        assert chart["table"] == 1
        assert chart["marks"], chart["id"]
        for mark in chart["marks"]:
            f = store.facts[mark["data-fact"]]
            assert mark["data-value"] == machine_value(f)
        # Every mark is a link to its fact's page, and every mark has its printed figure.
        marked = [m["data-fact"] for m in chart["marks"]]
        assert sorted(h.rsplit("/", 1)[-1][:-5] for h in chart["links"]) == sorted(marked)
        assert sorted(v["data-fact"] for v in chart["values"]) == sorted(marked)
        # The CSV holds exactly the chart's facts.
        target = (site / page).parent / chart["csv"]
        rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
        assert sorted(r["id"] for r in rows) == sorted(set(marked))
        assert all(r["value"] == machine_value(store.facts[r["id"]]) for r in rows)


def test_a_threshold_is_not_drawn_like_a_count(built, store):
    site, _ = built
    chart = figures_of((site / "deliveries.html").read_text(encoding="utf-8")).charts[1]
    for mark in chart["marks"]:
        f = store.facts[mark["data-fact"]]
        if mark.get("class", "").startswith("chart-mark") and "chart-target" not in mark["class"]:
            hatched = "threshold" in mark["class"].split()
            assert hatched == (f.bound in ("more_than", "at_least", "at_most", "less_than"))
            assert ("url(#" in mark.get("style", "")) == hatched
    html = (site / "deliveries.html").read_text(encoding="utf-8")
    assert "more than" in re.sub(r"<[^>]+>", " ", html.split('class="chart"')[2])


def test_cards_and_spec_boxes(built, store):
    site, _ = built
    home = figures_of((site / "index.html").read_text(encoding="utf-8"))
    assert 4 <= len(home.cards) <= 6
    assert sum(1 for c in home.cards if c["marks"]) >= 4
    for card in home.cards:
        for mark in card["marks"]:
            assert mark["data-value"] == machine_value(store.facts[mark["data-fact"]])
    for page in SPEC_PAGES:
        boxes = figures_of((site / page).read_text(encoding="utf-8")).spec
        assert len(boxes) == 1 and re.search(r"\d", boxes[0])
    # "figures checked up to" comes before the first card.
    text = (site / "index.html").read_text(encoding="utf-8")
    assert text.index("checked-up-to") < text.index("key-card")


def _project_copy(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "facts", root / "facts")
    return root


def _site(root) -> Site:
    return Site(open_project(root), "https://example.org/", "2026-01-01")


def test_changing_a_fact_changes_its_chart(tmp_path):
    root = _project_copy(tmp_path)
    fid = "xiaomi.ev.deliveries.2025-q3"
    before_project = open_project(root)
    old = int(before_project.store.facts[fid].value)
    args = ("series:xiaomi.ev.deliveries.quarterly",)
    before = _site(root).at("deliveries.html").chart(*args, title="Deliveries by quarter")
    path = root / "facts" / "deliveries.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {fid}\n")
    end = text.index("\n  - id:", start)
    new = old * 2
    path.write_text(text[:start] + text[start:end].replace(str(old), str(new)) + text[end:],
                    encoding="utf-8")
    after_project = open_project(root)
    assert int(after_project.store.facts[fid].value) == new
    after = Site(after_project, "https://example.org/", "2026-01-01").at(
        "deliveries.html").chart(*args, title="Deliveries by quarter")
    assert before != after

    def bar(html: str, which: str = fid) -> dict:
        return next(m for m in figures_of(html).charts[0]["marks"] if m["data-fact"] == which)

    def ratio(html: str) -> float:  # the bar against its neighbour: the scale follows the max
        return float(bar(html)["height"]) / float(bar(html, "xiaomi.ev.deliveries.2025-q2")[
            "height"])

    assert bar(before)["data-value"] == str(old) and bar(after)["data-value"] == str(new)
    assert ratio(after) == pytest.approx(2 * ratio(before), rel=0.02)
    assert f"{new:,}" in after and f"{new:,}" not in before


def test_a_chart_is_the_same_every_time(tmp_path):
    root = _project_copy(tmp_path)
    args = ("series:xiaomi.ev.deliveries.monthly", "xiaomi.ev.target.2025.monthly-average")
    one = _site(root).at("deliveries.html").chart(*args, title="Monthly", kind="rows")
    two = _site(root).at("deliveries.html").chart(*args, title="Monthly", kind="rows")
    assert one == two


@pytest.mark.parametrize(("args", "kw", "needle"), [
    (("series:no.such.series",), {}, "unknown series 'no.such.series'"),
    (("no.such.fact",), {}, "unknown fact id 'no.such.fact'"),
    (("xiaomi.ev.deliveries.2025-q3", "su7.launch"), {}, "a chart compares numbers"),
    (("xiaomi.ev.deliveries.2025-q3",), {"kind": "pie"}, "kind 'pie'"),
    (("xiaomi.ev.deliveries.2025-q3",), {"title": ""}, "needs a title"),
])
def test_a_wrong_chart_is_one_line_for_the_editor(tmp_path, args, kw, needle):
    page = _site(_project_copy(tmp_path)).at("deliveries.html")
    with pytest.raises(ChartError) as e:
        page.chart(*args, **({"title": "A chart"} | kw))
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_an_empty_spec_box_is_one_line_for_the_editor(tmp_path):
    page = _site(_project_copy(tmp_path)).at("models/su7.html")
    with pytest.raises(ChartError, match="a spec box needs at least one fact id"):
        page.spec_box(title="SU7 at a glance")


def test_one_name_cannot_stand_for_two_charts(tmp_path):
    site = _site(_project_copy(tmp_path))
    site.at("a.html").chart("xiaomi.ev.deliveries.2025-q3", title="Same")
    site.at("a.html").chart("xiaomi.ev.deliveries.2025-q3", title="Same")
    with pytest.raises(ChartError):
        site.at("b.html").chart("xiaomi.ev.deliveries.2025-q2", title="Same")


def _wrap(body: str) -> str:
    return f"<html><body><article>{body}</article></body></html>"


def test_the_audit_reads_chart_marks(tmp_path):
    site = _site(_project_copy(tmp_path))
    store = site.store
    fid = "xiaomi.ev.deliveries.2025-q3"
    html = site.at("deliveries.html").chart("series:xiaomi.ev.deliveries.quarterly",
                                            title="Deliveries by quarter")
    assert audit_page(_wrap(html), "p.html", store) == []
    value = machine_value(store.facts[fid])
    forged = html.replace(f'data-value="{value}"', 'data-value="1"', 1)
    assert any("data-value 1" in p.message for p in audit_page(_wrap(forged), "p", store))
    shown = f"{int(value):,}"
    relabelled = html.replace(f">{shown}<", ">999,999<", 1)
    assert any("chart label shows" in p.message
               for p in audit_page(_wrap(relabelled), "p", store))
    untraced = html.replace(f'data-fact="{fid}" data-value', 'data-value', 1)
    assert any("carries no data-fact" in p.message
               for p in audit_page(_wrap(untraced), "p", store))
    category = re.sub(r'(class="chart-category" data-fact="[^"]+"[^>]*>)<tspan([^>]*)>Q\d',
                      r"\1<tspan\2>Q9", html, count=1)
    assert category != html
    assert any("chart category" in p.message for p in audit_page(_wrap(category), "p", store))


HOSTILE_EVENTS = HOSTILE.replace("    status: single_source\n",
                                 "    status: single_source\n    event: launch\n")


def test_hostile_labels_inject_nothing(make_store):
    root = make_store({"hostile.yaml": HOSTILE_EVENTS})
    project = open_project(root)
    site = Site(project, "https://example.org/", "2026-01-01")
    page = site.at("index.html")
    html = "".join([
        page.chart("evil.one", "x.y", "share.md", title="Evil <script>alert(1)</script>"),
        page.chart("evil.one", "x.y", title="Evil [x](javascript:alert(1))", by="fact"),
        page.card("evil.one", spark="evil.one", against="x.y"),
        page.spec_box("evil.one", "x.y", title="*box*"),
        page.timeline(),
    ])
    assert "<script" not in html and "<b>" not in html and "<img" not in html
    assert 'onmouseover="' not in html and "](javascript" not in html
    tags = set(re.findall(r"<([a-zA-Z]+)", html))
    assert tags <= {"figure", "figcaption", "span", "svg", "title", "desc", "defs", "pattern",
                    "rect", "line", "a", "text", "tspan", "ul", "li", "p", "time", "details",
                    "summary", "table", "caption", "thead", "tbody", "tr", "th", "td", "data",
                    "div", "aside", "ol"}
    problems = audit_page(_wrap(html), "p.html", project.store)
    assert [p for p in problems if "run no script" in p.message] == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text
    csv_text = site.chart_files()[0][1]
    assert "\n=" not in csv_text and ",=" not in csv_text
