"""Charts and the timeline in a real browser: a bar that leads to its fact and the timeline's
filter. The visits of the chart pages in test_browser (test_a_page_on_a_desktop_and_a_phone)
keep every chart as a screenshot on a desktop and a phone, light and dark
(in test-artifacts/screenshots/), check that nothing is wider than a phone, and run axe-core
over deliveries, finances, the timeline and the YU7's page."""

from __future__ import annotations

from .test_browser import _watched, file_base  # noqa: F401


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
