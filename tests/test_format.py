import pytest

from factbook.format import fact_html, number_text, value_text
from factbook.model import Fact, Source, Store


def fact(value, unit, bound="exact", **kw):
    return Fact(id="t.x", subject="s", label="L", value=value, unit=unit, bound=bound,
                status="confirmed", period="2025-Q3", **kw)


@pytest.mark.parametrize("value,unit,bound,words", [
    (46249, "vehicles", "exact", "46,249"),
    (40000, "vehicles", "more_than", "more than 40,000"),
    (113_100_000_000, "CNY", "approx", "about 113.1 billion yuan"),
    (67_674_745, "vehicles", "approx", "about 67.7 million"),
    (15_900_000_000, "USD", "approx", "about US$15.9 billion"),
    (0.223, "percent", "exact", "22.3%"),
    (2.78, "seconds", "exact", "2.78 s"),
    (531130, "m2", "exact", "531,130 m²"),
    (62, "weeks", "at_most", "at most 62 weeks"),
    ("2024-03-28", "date", "exact", "28 March 2024"),
    ("2023-12", "date", "exact", "December 2023"),
    (2027, "year", "exact", "2027"),
    (-0.024, "percent", "approx", "about \u22122.4%"),
    (-300_000_000, "CNY", "approx", "about \u2212300 million yuan"),
])
def test_values_read_naturally(value, unit, bound, words):
    assert value_text(fact(value, unit, bound)) == words


@pytest.mark.parametrize("value,unit,kw,words", [
    (29166.67, "vehicles_per_month", {}, "about 29,167 vehicles a month"),  # an average
    (29166.67, "vehicles_per_month", {"digits": 2}, "29,166.67 vehicles a month"),  # asked for
    (29166.5, "vehicles", {"style": "short"}, "about 29,167"),
    (2.5, "vehicles_per_day", {}, "2.5 vehicles a day"),  # few: the decimals say something
    (2_250_000.5, "vehicles", {}, "about 2.25 million"),  # scaled, as any figure is
    (29166.67, "CNY", {}, "29,166.67 yuan"),  # money is not a count
])
def test_a_count_shown_in_full_is_whole(value, unit, kw, words):
    assert value_text(fact(value, unit), unit=True if "vehicles_per" in unit else None,
                      **kw) == words


def test_a_bound_is_never_rounded_past_what_it_says():
    assert value_text(fact(150.5, "vehicles", "more_than")) == "more than 150.5"
    assert value_text(fact(150.5, "vehicles", "at_most")) == "at most 150.5"


@pytest.mark.parametrize("style", ["full", "auto", "short"])
def test_a_figure_of_any_size_is_written(style):
    for value in (3e28, 3e40, 1.7e308):
        text = value_text(fact(value, "vehicles"), style=style)
        assert text and text[0].isdigit() or text.startswith("about "), text
    assert value_text(fact(3e28, "vehicles"), style="full") == f"{3e28:,.0f}"


def test_styles():
    assert number_text(113_100_000_000, "full") == "113,100,000,000"
    assert number_text(46249, "short") == "46,249"
    assert number_text(2_750_000_000_000) == "2.75 trillion"


def store_with(f):
    s = Store()
    s.facts[f.id] = f
    s.sources["S05"] = Source(id="S05", title="T", publisher="Wire <b>", kind="news",
                              published="2025-11-19")
    return s


def test_markup_carries_the_fact_and_escapes_data():
    f = fact(46249, "vehicles", sources=[{"source": "S05", "states": 46249}])
    f.label = "<script>alert(1)</script>"
    html = fact_html(store_with(f), "t.x", "facts.html#t.x")
    assert '<data class="fact" value="46249" data-fact="t.x">46,249</data>' in html
    assert 'href="facts.html#t.x"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Wire &lt;b&gt;, 19 November 2025" in html


def test_dates_render_as_time_elements():
    f = fact("2024-03-28", "date", sources=[{"source": "S05", "states": "2024-03-28"}])
    html = fact_html(store_with(f), "t.x")
    assert '<time class="fact" datetime="2024-03-28" data-fact="t.x">28 March 2024</time>' in html


def test_currency_with_its_conversion():
    rev = fact(113_100_000_000, "CNY", "approx")
    rate = Fact(id="fx.r", subject="s", label="Rate", value=7.113, unit="CNY_per_USD",
                status="derived", period="2025-Q3", derive={"formula": "1"})
    s = store_with(rev)
    s.facts["fx.r"] = rate
    html = fact_html(s, "t.x", usd="fx.r")
    assert ">about 113.1 billion yuan</data>" in html
    assert 'data-rate="fx.r">(about US$15.9 billion)</span>' in html


def test_a_range_writes_its_unit_once_and_links_both_ends():
    from factbook.render import range_html

    s = Store()
    for fid, v in (("w.lo", 59), ("w.hi", 62)):
        s.facts[fid] = Fact(id=fid, subject="s", label="Wait", value=v, unit="weeks",
                            bound="at_least" if fid == "w.lo" else "at_most",
                            status="confirmed", as_of="2025-07-06")
    html = range_html(s, "w.lo", "w.hi", lambda f: f"facts.html#{f}")
    assert ">59</data>" in html and ">62 weeks</data>" in html
    assert 'href="facts.html#w.lo"' in html and 'href="facts.html#w.hi"' in html
    assert "–" in html


def test_an_as_of_date_can_stand_alone_under_a_heading_that_names_it():
    from factbook.locale import ZH
    from factbook.render import period_html

    said = Fact(id="t.said", subject="s", label="L", value=2027, unit="year",
                status="confirmed", as_of="2025-03-07")
    assert ">as of 7 March 2025<" in period_html(said)
    assert ">7 March 2025<" in period_html(said, as_of=False)
    assert ">2025年3月7日<" in period_html(said, ZH, as_of=False)
    quarter = fact(1, "vehicles")  # a period is the period either way
    assert period_html(quarter, as_of=False) == period_html(quarter)
