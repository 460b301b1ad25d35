"""The locale layer: English on its boundaries, and a second locale (Chinese) through the very
same engine code, which leaves no English word in a figure or a fact page."""

import re
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from factbook import export
from factbook.factpage import fact_page
from factbook.format import (
    converted_html,
    fact_html,
    number_text,
    period_text,
    shows_value,
    tooltip,
    value_text,
)
from factbook.locale import EN, ZH
from factbook.model import UNITS, Fact, Source, Store
from factbook.periods import format_span, parse_period


def fact(value, unit="vehicles", bound="exact", period="2025-Q3", **kw):
    return Fact(id="x.y", subject="s", label="L", value=value, unit=unit, bound=bound,
                status="confirmed", period=period, **kw)


# ------------------------------------------------------------------ English numbers


@pytest.mark.parametrize("value,words", [
    (999_999, "999,999"),
    (1_000_000, "1 million"),
    (999_999_999, "1 billion"),  # not "1,000 million"
    (999_949_999, "999.9 million"),
    (1_250_000, "1.25 million"),
    (12_345_678, "12.3 million"),
    (-1234.5, "\u22121,234.5"),
    (-0.0001, "0"),  # rounds to nothing: no minus sign before a zero
    (-12_345_678, "\u221212.3 million"),  # as many decimals as the positive figure
    (0.5, "0.5"),
])
def test_english_numbers(value, words):
    assert number_text(value) == words


def test_a_rounded_figure_says_about_and_an_exact_one_does_not():
    assert value_text(fact(999_999)) == "999,999"
    assert value_text(fact(999_999_999)) == "about 1 billion"
    assert value_text(fact(67_674_745)) == "about 67.7 million"
    assert value_text(fact(2_000_000)) == "2 million"
    assert value_text(fact(46249), style="short") == "46,249"


@pytest.mark.parametrize("value,words", [
    (0.223, "22.3%"), (0.5, "50%"), (1.0, "100%"), (0.0005, "0.05%"), (-0.024, "\u22122.4%"),
])
def test_english_percents(value, words):
    assert value_text(fact(value, "percent")) == words


@pytest.mark.parametrize("bound,words", [
    ("exact", "40,000 vehicles"), ("approx", "about 40,000 vehicles"),
    ("at_least", "at least 40,000 vehicles"), ("more_than", "more than 40,000 vehicles"),
    ("at_most", "at most 40,000 vehicles"), ("less_than", "less than 40,000 vehicles"),
])
def test_english_bounds(bound, words):
    assert value_text(fact(40000, bound=bound), unit=True) == words


def test_english_units_and_money():
    assert value_text(fact(1, unit="vehicles"), unit=True) == "1 vehicle"
    assert value_text(fact(113_100_000_000, "CNY", "approx")) == "about 113.1 billion yuan"
    assert value_text(fact(15_900_000_000, "USD")) == "US$15.9 billion"
    assert value_text(fact(800, "km")) == "800 km"


@pytest.mark.parametrize("period,long,short", [
    ("2025", "2025", "2025"),
    ("2025-H1", "H1 2025", "H1 2025"),
    ("2025-H2", "H2 2025", "H2 2025"),
    ("2025-Q3", "Q3 2025", "Q3 2025"),
    ("2025-11", "November 2025", "Nov 2025"),
    ("2025-11-20", "20 November 2025", "20 Nov 2025"),
    ("2025-01/2025-11", "January–November 2025", "Jan–Nov 2025"),
    ("2024/2025", "2024–2025", "2024–2025"),
    ("2025-11-01/2025-11-20", "1–20 November 2025", "1–20 Nov 2025"),
    ("2024-11/2025-02", "November 2024 – February 2025", "Nov 2024 – Feb 2025"),
    ("2024-Q4/2025-Q1", "Q4 2024 – Q1 2025", "Q4 2024 – Q1 2025"),
])
def test_english_periods(period, long, short):
    assert format_span(parse_period(period)) == long
    assert format_span(parse_period(period), short=True) == short


def test_english_dates_and_as_of():
    assert value_text(fact("2024-03-28", "date")) == "28 March 2024"
    assert value_text(fact("2023-12", "date")) == "December 2023"
    assert value_text(fact("2023", "date")) == "2023"
    assert value_text(fact(2027, "year")) == "2027"
    as_of = Fact(id="x.y", subject="s", label="L", value=1, unit="vehicles", status="confirmed",
                 as_of="2025-09-30")
    assert period_text(as_of) == "as of 30 September 2025"


# ------------------------------------------------------------------ Chinese numbers and dates


@pytest.mark.parametrize("value,words", [
    (9_999, "9,999"),
    (10_000, "1万"),
    (46_249, "4.6万"),
    (99_999_999, "1亿"),  # not 10000万
    (100_000_000, "1亿"),
    (113_100_000_000, "1131亿"),  # no grouping before a scale word
    (-300_000_000, "\u22123亿"),
])
def test_chinese_short_numbers(value, words):
    assert ZH.number(value, "short") == words


def test_chinese_figures_with_units_and_bounds():
    assert value_text(fact(46249), unit=True, locale=ZH) == "46,249辆"
    assert value_text(fact(46249), style="short", unit=True, locale=ZH) == "约4.6万辆"
    assert value_text(fact(113_100_000_000, "CNY", "approx"), locale=ZH) == "约1131亿元"
    assert value_text(fact(15_900_000_000, "USD"), locale=ZH) == "159亿美元"
    # a round figure is scaled as Chinese writes it; one the scale would round is written out
    assert value_text(fact(40000, bound="more_than"), unit=True, locale=ZH) == "超过4万辆"
    assert value_text(fact(40000, bound="at_least"), unit=True, locale=ZH) == "至少4万辆"
    assert value_text(fact(108796), unit=True, locale=ZH) == "108,796辆"
    assert value_text(fact(500000), unit=True, locale=ZH) == "50万辆"
    assert value_text(fact(0.223, "percent"), locale=ZH) == "22.3%"


@pytest.mark.parametrize("period,words", [
    ("2025-Q3", "2025年第三季度"),
    ("2025-H1", "2025年上半年"),
    ("2025-01/2025-11", "2025年1–11月"),
    ("2025-11", "2025年11月"),
    ("2025-11-20", "2025年11月20日"),
    ("2025", "2025年"),
])
def test_chinese_periods(period, words):
    assert format_span(parse_period(period), locale=ZH) == words


def test_chinese_dates():
    assert ZH.day(date(2025, 11, 20), "day") == "2025年11月20日"
    assert value_text(fact("2024-03-28", "date"), locale=ZH) == "2024年3月28日"
    as_of = Fact(id="x.y", subject="s", label="L", value=1, unit="vehicles", status="confirmed",
                 as_of="2025-09-30")
    assert period_text(as_of, locale=ZH) == "截至2025年9月30日"


def test_the_audit_reads_figures_back_in_either_language():
    revenue = fact(113_100_000_000, "CNY", "approx")
    assert shows_value(revenue, "约1131亿元", ZH)
    assert not shows_value(revenue, "约1132亿元", ZH)
    assert shows_value(revenue, "about 113.1 billion yuan")
    assert not shows_value(revenue, "about 113.1 million yuan")


# ------------------------------------------------------------------ completeness


def test_every_locale_has_every_word():
    for loc in (EN, ZH):
        assert set(loc.phrases) == set(EN.phrases), loc.code
        assert set(loc.units) >= set(UNITS), loc.code
        for words in ("bounds", "statuses", "status_explained", "verdicts", "verdicts_inline",
                      "verdict_names", "check_words", "source_kinds"):
            assert set(getattr(loc, words)) == set(getattr(EN, words)), (loc.code, words)
        assert set(loc.exports) == {e.name for e in export.EXPORTS}, loc.code
        for table, fields in export.TABLES.items():
            assert set(loc.dictionary[table]) == set(fields), (loc.code, table)


def test_exports_are_declared_once_and_the_old_views_follow():
    names = [e.name for e in export.EXPORTS]
    assert list(export.FILES) == names == ["facts.json", "facts.csv", "sources.json",
                                           "sources.bib", "sources.csl.json"]
    assert export.FILES["facts.csv"].startswith("The same facts as a table")
    assert [n for n, _, _ in export.DICTIONARY["facts"]] == export.CSV_COLUMNS
    assert export.dictionary(ZH)["sources"][0][:2] == ("id", "文本")


def test_locale_words_are_escaped_as_html():
    odd = replace(EN, phrases={**EN.phrases, "states": "<b>*says*</b> {figure}"})
    assert odd.html("states", figure="<data>1</data>") == \
        "&lt;b&gt;&#42;says&#42;&lt;/b&gt; <data>1</data>"


# ------------------------------------------------------------------ a Chinese fact page

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Names that are the same in every language: file formats, the project, the store's unit id,
# GB/T 7714's type code for an online electronic resource ([EB/OL]).
NAMES = {"BibTeX", "CSL", "JSON", "bib", "csl", "json", "sources", "factbook", "CNY", "EB", "OL"}


def chinese_store() -> Store:
    s = Store()
    s.sources["S01"] = Source(id="S01", title="小米集团第三季度业绩公告", publisher="小米集团",
                             kind="filing", published="2025-11-18",
                             url="https://example.org/results")
    s.sources["S02"] = Source(id="S02", title="小米第三季度收入", publisher="第一财经",
                             kind="news", published="2025-11-19")
    s.facts["x.y"] = Fact(id="x.y", subject="s", label="集团总收入", value=113_100_000_000,
                          unit="CNY", bound="approx", status="confirmed", period="2025-Q3",
                          checked="2025-11-26", note="与上一季度相比增长。",
                          sources=[{"source": "S01", "states": 113_100_000_000, "bound": "approx",
                                    "locator": "第3页"},
                                   {"source": "S02", "states": 113_100_000_000,
                                    "bound": "approx"}])
    return s


def visible_words(html: str) -> list[str]:
    """Latin words a reader sees: outside tags, code (ids, stored values) and web addresses."""
    text = re.sub(r"<code[^>]*>.*?</code>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    return [w for w in LATIN_WORD.findall(text) if w not in NAMES]


def test_a_chinese_figure_has_no_english_word():
    html = fact_html(chinese_store(), "x.y", "x.y.html", locale=ZH)
    assert ">约1131亿元</data>" in html
    assert 'data-tip="集团总收入。2025年第三季度。来源：小米集团，2025年11月18日；第一财经，' \
        '2025年11月19日。状态：已证实。"' in html
    assert visible_words(html) == []
    assert LATIN_WORD.findall(re.search(r'data-tip="([^"]*)"', html).group(1)) == []


def test_a_chinese_fact_page_has_no_english_word():
    store = chinese_store()
    site = SimpleNamespace(
        locale=ZH, issued="2025-12-01", issues_url="https://example.org/issues",
        checks={"x.y": ["source", "rule"]}, superseded_by={},
        project=SimpleNamespace(context=SimpleNamespace(used={})),
        permalink=lambda fid: f"https://example.org/facts/{fid}.html",
        page_title=lambda md: md)
    page = SimpleNamespace(site=site, store=store, up="../", link=lambda fid: f"{fid}.html")
    html = fact_page(page, "x.y")
    assert "2025年第三季度" in html and "约1131亿元" in html and "引用本条" in html
    assert "与各来源所述的数字、跨事实的规则比较" in html  # a Chinese list takes 、
    assert re.search(r"称<span class=\"fact-states\"[^>]*>约1131亿元</span>", html)  # each source
    # The BibTeX and CSL-JSON blocks are machine syntax (field names); the plain citation is not.
    plain = re.search(r'<pre class="cite-text[^"]*" id="cite-text">(.*?)</pre>', html, re.S)
    # GB/T 7714: the sources as authors, the fact as a part ("//") of the site, [EB/OL]
    assert plain.group(1).startswith("小米集团, 第一财经. 集团总收入，2025年第三季度: 约1131亿元"
                                     "&#91;EB/OL&#93;//factbook：小米汽车事实手册. (2025-11-26)")
    assert visible_words(plain.group(1)) == []
    prose = re.sub(r'<pre class="cite-(bibtex|csl)".*?</pre>', " ", html, flags=re.S)
    assert visible_words(prose) == []


def test_the_site_layer_speaks_its_locale(make_store):
    # The same checked store as a Chinese site: the site's own words (downloads, the data
    # dictionary, a figure's tooltip) come from the locale, the figures from the store.
    from factbook import open_project
    from factbook.site import Site

    project = open_project(make_store({}), date(2026, 11, 26))
    zh = Site(project, "https://example.org/", "2026-11-26", locale=ZH).at("downloads.html")
    en = Site(project, "https://example.org/", "2026-11-26").at("downloads.html")
    assert "离线" in zh.downloads() and "without a connection" not in zh.downloads()
    assert "<th>字段</th>" in zh.data_dictionary() and "<th>Field</th>" in en.data_dictionary()
    figure = zh.fact("base.q1")
    assert 'data-fact="base.q1"' in figure and 'value="75869"' in figure
    assert ">75,869</data>" in figure and "2025年第一季度" in figure and "状态" in figure


# ------------------------------------------------------------------ Chinese patterns (#13)
# Expected values are written from Chinese usage (万 = 10^4, 亿 = 10^8, 万亿 = 10^12; 四舍五入,
# round half up, for shortened figures), not read off the code.


@pytest.mark.parametrize("value,words", [
    # the 万 boundary
    (9_999, "9,999"),
    (10_000, "1万"),
    (10_001, "1万"),
    (46_249, "4.6万"),
    (45_500, "4.6万"),  # 4.55万: half rounds up
    (46_500, "4.7万"),
    (46_449, "4.6万"),
    (123_456, "12.3万"),
    (999_949, "100万"),  # 99.9949万 rounds to 100.0万
    (9_999_999, "1000万"),  # 999.9999万 rounds to 1000.0万, which stays in 万
    # the 亿 boundary
    (99_940_000, "9994万"),
    (99_994_999, "9999.5万"),
    (99_999_999, "1亿"),  # 9999.9999万 rounds up into the next scale: 1亿, never 10000万
    (100_000_000, "1亿"),
    (125_000_000, "1.3亿"),  # 1.25亿: half rounds up
    (113_100_000_000, "1131亿"),
    (113_140_000_000, "1131.4亿"),
    # 万亿 for trillions, as Chinese writes a GDP
    (1_500_000_000_000, "1.5万亿"),
    (999_990_000_000, "9999.9亿"),
    (999_996_000_000, "1万亿"),  # 9999.96亿 rounds up into the next scale
    (-300_000_000, "\u22123亿"),
])
def test_chinese_short_figures_and_their_boundaries(value, words):
    assert ZH.number(value, "short") == words


@pytest.mark.parametrize("value,words", [
    # "auto" (what a page shows): below 1亿 a figure is scaled only when the scale keeps it
    # whole; from 1亿 up it is always scaled
    (9_999, "9,999"),
    (10_000, "1万"),
    (46_249, "46,249"),
    (50_000, "5万"),
    (108_796, "108,796"),
    (500_000, "50万"),
    (99_999_999, "99,999,999"),
    (100_000_000, "1亿"),
    (123_456_789, "1.2亿"),
    (0.5, "0.5"),
    (-1234.5, "\u22121,234.5"),
])
def test_chinese_figures_as_a_page_shows_them(value, words):
    assert ZH.number(value) == words


@pytest.mark.parametrize("value,unit,bound,words", [
    (113_100_000_000, "CNY", "approx", "约1131亿元"),
    (113_100_000_000, "CNY", "exact", "1131亿元"),
    (113_140_000_000, "CNY", "exact", "约1131.4亿元"),  # shortened: no longer exact
    (15_900_000_000, "USD", "exact", "159亿美元"),
    (1, "USD", "exact", "1美元"),
    (215_900, "CNY", "exact", "215,900元"),
    (46_249, "vehicles", "exact", "46,249辆"),
    (40_000, "vehicles", "more_than", "超过4万辆"),
    (40_000, "vehicles", "approx", "约4万辆"),
    (40_000, "vehicles", "at_least", "至少4万辆"),
    (40_000, "vehicles", "at_most", "最多4万辆"),
    (40_000, "vehicles", "less_than", "不到4万辆"),
    (350_000, "vehicles_per_year", "exact", "35万辆/年"),
    (0.223, "percent", "exact", "22.3%"),
    (0.25, "percent", "more_than", "超过25%"),
    (-2_100_000_000, "CNY", "exact", "\u221221亿元"),
])
def test_chinese_money_units_and_bound_words(value, unit, bound, words):
    assert value_text(fact(value, unit, bound), unit=True, locale=ZH) == words


def test_chinese_shortened_counts_say_about():
    assert value_text(fact(46_249), style="short", unit=True, locale=ZH) == "约4.6万辆"
    assert value_text(fact(46_000), style="short", unit=True, locale=ZH) == "4.6万辆"


@pytest.mark.parametrize("period,words", [
    ("2025-Q1", "2025年第一季度"),
    ("2025-Q2", "2025年第二季度"),
    ("2025-Q3", "2025年第三季度"),
    ("2025-Q4", "2025年第四季度"),
    ("2025-H1", "2025年上半年"),
    ("2025-H2", "2025年下半年"),
    ("2025-01", "2025年1月"),
    ("2025-01/2025-11", "2025年1–11月"),
    ("2025-11-01/2025-11-20", "2025年11月1–20日"),
    ("2024/2025", "2024–2025年"),
    ("2024-11/2025-02", "2024年11月至2025年2月"),
    ("2024-Q4/2025-Q1", "2024年第四季度至2025年第一季度"),
    ("2025-01-05", "2025年1月5日"),
])
def test_chinese_periods_long_and_short(period, words):
    # Chinese has no abbreviated month or quarter: the short form is the long one.
    assert format_span(parse_period(period), locale=ZH) == words
    assert format_span(parse_period(period), short=True, locale=ZH) == words


def test_chinese_dates_and_as_of_dates():
    assert value_text(fact("2025-11-20", "date"), locale=ZH) == "2025年11月20日"
    assert value_text(fact("2023-12", "date"), locale=ZH) == "2023年12月"
    assert value_text(fact("2023", "date"), locale=ZH) == "2023年"
    assert value_text(fact(2027, "year"), locale=ZH) == "2027年"
    as_of = Fact(id="x.y", subject="s", label="L", value=1, unit="vehicles", status="confirmed",
                 as_of="2025-11")
    assert period_text(as_of, locale=ZH) == "截至2025年11月"


def test_chinese_status_words():
    assert dict(ZH.statuses) == {
        "confirmed": "已证实", "single_source": "单一来源", "company_claim": "公司说法",
        "estimate": "估计", "derived": "推算", "disputed": "有争议", "plan": "计划或目标"}


def test_chinese_punctuation_is_full_width():
    assert ZH.paren("约22亿美元") == "（约22亿美元）"
    assert ZH.quote("集团总收入") == "“集团总收入”"
    assert (ZH.comma, ZH.enum, ZH.semicolon, ZH.colon, ZH.stop) == ("，", "、", "；", "：", "。")
    # A figure's tooltip: full-width stops and colons, no space after them.
    s = Store()
    s.sources["S01"] = Source(id="S01", title="T", publisher="第一财经", kind="news",
                             published="2025-11-19")
    s.facts["x.y"] = fact(108_796, sources=[{"source": "S01", "states": 108_796}])
    assert tooltip(s, s.facts["x.y"], ZH) == \
        "L。2025年第三季度。来源：第一财经，2025年11月19日。状态：已证实。"


def test_a_chinese_conversion_to_dollars():
    s = Store()
    s.facts["r"] = fact(113_100_000_000, "CNY", "approx")
    s.facts["fx"] = fact(7.1, "CNY_per_USD")
    html = converted_html(s, s.facts["r"], "fx", ZH)
    assert ">（约159.3亿美元）</span>" in html  # 113.1e9 / 7.1 = 15.93e9


@pytest.mark.parametrize("text,ok", [
    ("约4.6万辆", True), ("约4.7万辆", False), ("46,249辆", True), ("1131亿元", False),
])
def test_the_audit_reads_chinese_scales_back(text, ok):
    assert shows_value(fact(46_249), text, ZH) is ok


def test_the_audit_reads_wan_yi_back():
    assert shows_value(fact(1_500_000_000_000, "CNY"), "1.5万亿元", ZH)
    assert not shows_value(fact(1_500_000_000_000, "CNY"), "1.5亿元", ZH)


def test_a_lap_time_reads_in_minutes_and_seconds_in_chinese_and_the_audit_reads_it_back():
    lap = fact(406.874, unit="seconds", period=None)
    assert value_text(lap, style="clock", locale=ZH) == "6分46.874秒"
    assert value_text(lap, style="clock", locale=EN) == "6:46.874"
    assert shows_value(lap, "6分46.874秒", ZH) and not shows_value(lap, "6分47.874秒", ZH)


def test_chinese_writes_unit_symbols_close_up_and_brackets_without_a_space():
    assert value_text(fact(495000 / 1000, unit="kW"), locale=ZH) == "495kW"
    assert value_text(fact(265, unit="km_per_h"), locale=ZH) == "265km/h"
    assert value_text(fact(265, unit="km_per_h"), locale=EN) == "265 km/h"
    assert ZH.space == "" and EN.space == " "
