"""Charts and the timeline in a real browser: screenshots of every chart page on a desktop and a
phone, light and dark (kept in test-artifacts/screenshots/), nothing wider than a phone, a bar
that leads to its fact, the timeline's filter, and no serious accessibility violations."""

from __future__ import annotations

import pytest

from .test_browser import ARTIFACTS, _watched, file_base, serious_violations  # noqa: F401

CHART_PAGES = ["index.html", "deliveries.html", "finances.html", "market.html", "plants.html",
               "models/su7.html", "models/yu7.html", "models/su7-ultra.html", "timeline.html"]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_chart_pages_fit_and_are_kept_as_screenshots(tab, file_base, size):  # noqa: F811
    width, height = SIZES[size]
    tab.page.set_viewport_size({"width": width, "height": height})
    for w in _watched(tab, file_base):
        p = w.page
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        # Every chart in both schemes on a phone, where space is short; on a desktop in
        # the light scheme (the dark one differs only in colours, pictured on the phone).
        schemes = ("default", "slate") if size == "phone" else ("default",)
        for page, scheme in ((page, scheme) for page in CHART_PAGES for scheme in schemes):
            if scheme == "default":
                p.goto(file_base + page)
            # Material's light or dark scheme, as its toggle sets it.
            p.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            stem = page.replace("/", "-").removesuffix(".html")
            # Each chart is kept as a picture of its own (test_browser keeps whole pages).
            for i, fig in enumerate(p.locator("figure.chart").all()):
                fig.screenshot(path=str(ARTIFACTS / f"chart-{stem}-{i}-{size}-{scheme}.png"))
                box = fig.locator("svg.chart-svg").bounding_box()
                assert box["width"] <= width and box["x"] >= 0, (page, i)
                assert box["height"] > 80, (page, i)
            assert p.evaluate("document.documentElement.scrollWidth") <= width, page
        w.clean()


def test_a_bar_leads_to_its_fact(tab, file_base):  # noqa: F811
    for w in _watched(tab, file_base):
        p = w.page
        p.goto(file_base + "deliveries.html")
        mark = p.locator("figure.chart rect.chart-mark").first
        fid = mark.get_attribute("data-fact")
        mark.click()
        assert p.url.endswith(f"facts/{fid}.html")
        w.clean()


def test_the_timeline_filters_by_kind(tab, file_base):  # noqa: F811
    for w in _watched(tab, file_base):
        p = w.page
        p.goto(file_base + "timeline.html")
        total = p.locator("li.timeline-event").count()
        p.get_by_role("button", name="Recalls").click()
        shown = p.locator("li.timeline-event:visible")
        assert 0 < shown.count() < total
        assert {shown.nth(i).get_attribute("data-kind") for i in range(shown.count())} == {
            "recall"}
        assert p.get_by_role("button", name="Recalls").get_attribute("aria-pressed") == "true"
        p.get_by_role("button", name="All", exact=True).click()
        assert p.locator("li.timeline-event:visible").count() == total
        w.clean()


@pytest.mark.parametrize("page", ["deliveries.html", "finances.html", "timeline.html",
                                  "models/yu7.html"])
def test_chart_pages_have_no_serious_accessibility_violations(tab, file_base, page):  # noqa: F811
    for w in _watched(tab, file_base):
        p = w.page
        p.goto(file_base + page)
        assert serious_violations(p) == []
        w.clean()
