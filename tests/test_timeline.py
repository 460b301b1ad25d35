"""The timeline page: every fact marked as an event, in date order, each entry traced."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from factbook import open_project
from factbook.charts import EVENT_WORDS, event_date, events

from .conftest import ROOT


class Entries(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[dict] = []
        self.kinds: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and "timeline-event" in (a.get("class") or ""):
            self.items.append({"kind": a.get("data-kind"), "times": [], "links": []})
        elif tag == "li" and a.get("data-kind") and not a.get("class"):
            self.kinds.append(a["data-kind"])
        elif self.items and tag == "time":
            self.items[-1]["times"].append(a)
        elif self.items and tag == "a":
            self.items[-1]["links"].append(a.get("href"))


@pytest.fixture(scope="module")
def store():
    return open_project(ROOT).store


@pytest.fixture(scope="module")
def entries(built):
    parser = Entries()
    parser.feed((built[0] / "timeline.html").read_text(encoding="utf-8"))
    return parser


def test_every_event_is_on_the_timeline_once(entries, store):
    marked = [f.id for f in store.facts.values() if f.event]
    assert len(marked) >= 20
    shown = [e["times"][0]["data-fact"] for e in entries.items]
    assert sorted(shown) == sorted(marked)
    kinds = {store.facts[fid].event for fid in marked}
    assert kinds == set(EVENT_WORDS), "every kind of event has at least one entry"
    assert entries.kinds == [k for k in EVENT_WORDS if k in kinds]


def test_the_timeline_is_in_date_order_and_traced(entries, store):
    dates = [e["times"][0]["datetime"] for e in entries.items]
    padded = [(d + "-01-01")[:10] if len(d) == 4 else (d + "-01")[:10] for d in dates]
    assert padded == sorted(padded)
    for e in entries.items:
        time = e["times"][0]
        f = store.facts[time["data-fact"]]
        assert e["kind"] == f.event
        assert time["datetime"] == event_date(f)[0]
        assert any(h.endswith(f"facts/{f.id}.html") for h in e["links"])


def test_an_event_is_dated_by_its_value_or_its_period(store):
    assert event_date(store.facts["su7.launch"])[0] == "2024-03-28"
    assert event_date(store.facts["xiaomi.ev.target.2025.v2"])[0] == "2025-03-18"
    assert event_date(store.facts["xiaomi.ev-segment.operating-profit.2025-q3"])[0] == "2025-07-01"
    order = [f.id for _, _, f in events(store)]
    assert order.index("su7.launch") < order.index("su7.deliveries-start")
