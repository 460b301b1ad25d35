"""Charts in a second language: every word of a chart, card, spec box and timeline comes from
the locale, figures scale by 万 and 亿, and English charts are what they were."""

from __future__ import annotations

import re
from types import SimpleNamespace

from factbook import charts
from factbook.locale import EN, ZH
from factbook.model import Entity, Fact, Series, Source, Store

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
NAMES = {"CSV", "SU7"}  # the data file's format; a model's name


def chinese_store() -> Store:
    s = Store()
    s.entities["xiaomi"] = Entity(id="xiaomi", name="小米集团", kind="company")
    s.entities["su7"] = Entity(id="su7", name="SU7", kind="model")
    s.sources["S01"] = Source(id="S01", title="小米集团业绩公告", publisher="小米集团",
                             kind="filing", published="2025-11-18",
                             url="https://example.org/results")
    s.sources["S02"] = Source(id="S02", title="小米交付", publisher="第一财经", kind="news",
                             published="2025-11-19")
    s.sources["S03"] = Source(id="S03", title="月度交付", publisher="汽车之家", kind="news")

    def add(fid, value, period, sources, **kw):
        kw.setdefault("unit", "vehicles")
        kw.setdefault("label", "交付量")
        kw.setdefault("subject", "xiaomi")
        kw.setdefault("status", "confirmed")
        s.facts[fid] = Fact(id=fid, value=value, period=period, checked="2025-11-26",
                            sources=[{"source": sid, "states": value} for sid in sources], **kw)

    add("d.q1", 75_869, "2025-Q1", ["S01", "S02", "S03"], event="delivery")
    add("d.q2", 81_302, "2025-Q2", ["S01"], status="single_source")
    add("d.q3", 108_796, "2025-Q3", ["S01", "S02"])
    add("d.q4", 140_000, "2025-Q4", [], bound="more_than", status="derived")
    add("d.target", 350_000, "2025", ["S01"], label="年度交付目标", status="plan")
    add("r.q3", 113_100_000_000, "2025-Q3", ["S01"], unit="CNY", bound="approx",
        label="集团总收入")
    add("r.q2", 115_960_000_000, "2025-Q2", ["S01"], unit="CNY", label="集团总收入")
    add("p.std", 215_900, None, ["S01"], unit="CNY", label="标准版售价", subject="su7",
        as_of="2025-09-30")
    s.series["d.quarterly"] = Series(id="d.quarterly", label="小米汽车季度交付量",
                                     cadence="quarter", facts=["d.q1", "d.q2", "d.q3", "d.q4"])
    return s


def page_of(store: Store, locale=None):
    named: dict = {}
    site = SimpleNamespace(register_chart=named.__setitem__, locale=locale)
    return SimpleNamespace(store=store, up="../", site=site, link=lambda fid: f"facts/{fid}.html",
                           **({"locale": locale} if locale else {}))


def visible_words(html: str) -> list[str]:
    """Latin words a reader sees or hears: element text, <title> and <desc>, not attributes or
    web addresses."""
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"https?://\S+", " ", text)
    return [w for w in LATIN_WORD.findall(text) if w not in NAMES]


def test_a_chinese_chart_has_no_english_word():
    store = chinese_store()
    page = page_of(store, ZH)
    html = charts.chart_html(page, ("series:d.quarterly", "d.target"), "小米汽车季度交付量",
                             kind="rows")
    assert visible_words(html) == []
    assert '<span class="chart-unit">单位：辆</span>' in html
    assert "以表格查看本图的数字" in html and "<th>项目</th><th>数字</th>" in html
    assert "一幅条形图，按时间顺序排列" in html and "虚线表示" in html
    # the legend: hatching, the single-source sign, the soft sign and the line
    assert "斜线：范围值（超过、至少），并非确切数量" in html
    assert "† 仅有一个来源" in html and "估计、计划或本站推算" in html
    assert "虚线：年度交付目标" in html
    assert "数字核对至<time" in html and ">2025年11月26日</time>。来源：" in html
    assert "下载本图数据（CSV）" in html
    # figures through the locale: a round threshold scaled, an exact count in full
    assert re.search(r">超过14万 &#42;</text>", html)
    assert re.search(r">108,796</text>", html)
    assert re.search(r">81,302 †</text>", html)
    assert re.search(r">35万 &#42;</text>", html)  # the target line
    assert "<title>108,796辆。交付量。2025年第三季度。来源：" in html


def test_chinese_columns_put_the_year_over_the_quarter():
    page = page_of(chinese_store(), ZH)
    html = charts.chart_html(page, ("series:d.quarterly",), "季度交付量")
    assert '<tspan x="' in html
    assert re.search(r'<tspan x="[\d.]+">2025年</tspan><tspan x="[\d.]+" dy="1.15em">'
                     r"第三季度</tspan>", html)
    # A two-line bound: 超过 over the figure.
    assert re.search(r'<tspan class="chart-bound"[^>]*>超过</tspan><tspan[^>]*>14万 &#42;'
                     r"</tspan>", html)
    assert "一幅柱状图" in html and visible_words(html) == []


def test_money_in_a_chinese_chart_scales_by_yi():
    page = page_of(chinese_store(), ZH)
    html = charts.chart_html(page, ("r.q2", "r.q3"), "集团总收入")
    assert '<span class="chart-unit">单位：元</span>' in html
    assert re.search(r">约1131亿</text>", html) or re.search(r">约</tspan><tspan[^>]*>1131亿<",
                                                             html)
    assert re.search(r">约1159.6亿</text>|>约</tspan><tspan[^>]*>1159.6亿<", html)


def test_a_chinese_chart_by_fact_names_the_subject_in_chinese():
    page = page_of(chinese_store(), ZH)
    html = charts.chart_html(page, ("p.std", "r.q3"), "价格与收入", by="fact")
    assert "SU7：标准版售价" in html  # the subject's name, joined with a full-width colon
    assert ">集团总收入<" in html or ">集团总收入 <" in html  # named in its label already
    assert "每个数字一个条形" in html


def test_chinese_cards_spec_boxes_and_timeline():
    store = chinese_store()
    page = page_of(store, ZH)
    card = charts.card_html(page, "d.q1", spark=["d.q1", "d.q2", "d.q3"], against="d.target")
    assert "对比" in card and "：<span class=\"fact-label\"" in card
    # two sources named, the third folded
    assert re.search(r">小米集团</a>、<a [^>]*>第一财经</a>等</p>", card)
    assert visible_words(card) == []
    derived = charts.card_html(page, "d.q4")
    assert "本站推算" in derived and visible_words(derived) == []
    box = charts.spec_box_html(page, ("p.std", "r.q3"), title="SU7一览")
    assert "21.59万元" in box or "215,900元" in box
    assert visible_words(box) == []
    timeline = charts.timeline_html(page)
    assert '<li data-kind="delivery">交付</li>' in timeline
    assert ">2025年第一季度</time>" in timeline and visible_words(timeline) == []


def test_a_chart_speaks_its_pages_locale_unless_told():
    store = chinese_store()
    zh_page, en_page = page_of(store, ZH), page_of(store)
    args = (("series:d.quarterly",), "Deliveries")
    assert charts.chart_html(zh_page, *args) == charts.chart_html(en_page, *args, locale=ZH)
    assert charts.chart_html(en_page, *args) == charts.chart_html(zh_page, *args, locale=EN)
    english = charts.chart_html(en_page, *args)
    assert "In vehicles" in english and "The figures in this chart as a table" in english
    assert "Download this chart's data (CSV)" in english  # the apostrophe as it always was
    assert "单位" not in english
    # a page whose site has the locale
    site_only = SimpleNamespace(store=store, up="../", link=lambda fid: fid,
                                site=SimpleNamespace(locale=ZH, register_chart=None))
    assert charts.page_locale(site_only) is ZH and charts.page_locale(site_only, EN) is EN


def test_english_event_words_keep_their_old_name():
    assert charts.EVENT_WORDS["launch"] == "Launches" and list(charts.EVENT_WORDS) == list(
        charts.EVENT_KINDS)
    assert charts.event_word("recall", ZH) == "召回" and charts.event_word("odd", ZH) == "odd"


def test_chinese_titles_get_names_of_their_own():
    a, b = charts.slug_of("小米汽车季度交付量"), charts.slug_of("小米汽车月度交付量")
    assert a != b and a == charts.slug_of("小米汽车季度交付量")
    assert re.fullmatch(r"chart-[0-9a-f]{8}", a)
    mixed = charts.slug_of("YU7与特斯拉Model Y月销量")
    assert re.fullmatch(r"yu7-model-y-[0-9a-f]{8}", mixed)
    assert charts.slug_of("Deliveries by quarter") == "deliveries-by-quarter"  # as before
    assert len(charts.slug_of("长" * 200 + "x" * 200)) <= 60


def test_a_long_chinese_category_wraps_at_half_the_width():
    assert charts._wrap_width("Deliveries") == charts.WRAP
    assert charts._wrap_width("交付量") == charts.WRAP // 2
