"""The audit of built HTML: figures a reader meets anywhere must be traced, and no page runs
script. Each case is a small page that must fail (or pass) with the words given."""

from __future__ import annotations

import pytest

from factbook import load_store
from factbook.audit import audit_page

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit")
    (root / "facts").mkdir()
    (root / "facts" / "base.yaml").write_text((FIXTURES / "base.yaml").read_text())
    (root / "facts" / "more.yaml").write_text("""
entities:
  - {id: plant, name: Phase 2, kind: plant}
facts:
  - {id: base.share, subject: xiaomi-ev, label: Margin, value: 0.255, unit: percent,
     period: 2025-Q3, status: single_source, sources: [{source: S05, states: 0.255}]}
  - {id: base.money, subject: xiaomi-ev, label: Revenue, value: 113100000000, unit: CNY,
     period: 2025-Q3, status: single_source, sources: [{source: S05, states: 113100000000}]}
  - {id: base.day, subject: xiaomi-ev, label: Launch, value: "2024-03-28", unit: date,
     status: single_source, sources: [{source: S05, states: "2024-03-28"}]}
""")
    return load_store(root / "facts", root)


def page(body: str, head: str = "<title>Home - factbook</title>") -> str:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


def messages(store, html: str) -> list[str]:
    return [p.message for p in audit_page(html, "site/index.html", store)]


@pytest.mark.parametrize("body,words", [
    ('<a href="javascript:alert(document.domain)">x</a>', "javascript: address in href"),
    ('<a href=" JaVaScRiPt:alert(this)">x</a>', "javascript: address in href"),
    ('<img src="data:image/svg+xml;base64,AAAA" alt="">', "data: address in src"),
    ('<span onmouseover="alert(this)">x</span>', "event attribute onmouseover"),
    ('<iframe srcdoc="&lt;b&gt;"></iframe>', "srcdoc"),
    ('<a href="java&#10;script:alert(document.domain)">nl</a>', "javascript: address in href"),
    ('<a href="java\tscript:alert(this)">tab</a>', "javascript: address in href"),
    ('<!--> <a href="javascript:alert(this)">cm</a> -->', "javascript: address in href"),
    ('<svg><a><animate attributeName="href" values="javascript:alert(this)"/></a></svg>',
     "animates an attribute"),
    ('<svg><a><set attributeName="href" to="javascript:alert(this)"/></a></svg>',
     "javascript: address in to"),
    ('<style>.x::after { content: attr(data-x) }</style>', "shows an attribute as text"),
    ('<span style="content: attr(title)">x</span>', "shows an attribute as text"),
])
def test_script_in_a_page_fails(store, body, words):
    assert any(words in m for m in messages(store, page(body))), messages(store, page(body))


def test_script_outside_the_article_fails_too(store):
    html = '<html><body><a href="javascript:void(0)">x</a><article></article></body></html>'
    assert any("javascript:" in m for m in messages(store, html))


@pytest.mark.parametrize("body,figure", [
    ('<input placeholder="46,249 cars">', "46,249"),
    ('<svg><text x="0">46,249</text></svg>', "46,249"),
    ('<style>.x::after { content: "46,249" }</style>', '"46,249"'),
    ('<span style="--a: 1; content: \'46,249\'">x</span>', "'46,249'"),
    ("It sold ４６,２４９ cars.", "４６,２４９"),
    ("It sold 十二万三千 cars.", "十二万三千"),
    ("About 萬億 cars.", "萬億"),
    ("It sold ㉑ cars.", "㉑"),
    ('<input value="55555" readonly>', "55555"),
    ("<!--> It sold 98765 cars. -->", "98765"),
    ("It sold ② cars.", "②"),
    ("Up 10² times.", "10²"),
])
def test_figures_hidden_anywhere_a_reader_sees_them_fail(store, body, figure):
    found = messages(store, page(body))
    assert any(f"untraced figure '{figure}'" in m for m in found), found


def test_the_page_title_and_navigation_are_read(store):
    html = ('<html><head><title>Sold 46,249 - factbook</title></head><body>'
            '<nav><a class="md-nav__link" href="x.html">Top 10 models</a></nav>'
            "<article><p>Text</p></article></body></html>")
    found = messages(store, html)
    assert any("untraced figure '46,249'" in m for m in found), found
    assert any("untraced figure '10'" in m for m in found), found


def test_declared_names_and_traced_figures_pass(store):
    html = page('<p>Phase 2 opened. <data class="fact" value="75869" data-fact="base.q1">75,869'
                '</data>; <data value="0.255" data-fact="base.share">25.5%</data>; '
                '<data value="113100000000" data-fact="base.money">about 113.1 billion yuan'
                '</data>; <time datetime="2024-03-28" data-fact="base.day">28 March 2024</time>'
                "</p>")
    assert messages(store, html) == []


@pytest.mark.parametrize("body,words", [
    ('<data value="75869" data-fact="base.q1">99,999</data>', "shows '99,999'"),
    ('<data data-fact="base.q1">75,869</data>', "value attribute None differs"),
    ('<data value="0.255" data-fact="base.share">35.5%</data>', "shows '35.5%'"),
    ('<data value="113100000000" data-fact="base.money">about 9.1 billion</data>', "shows"),
    ('<time datetime="2025-03-28" data-fact="base.day">28 March 2025</time>', "datetime"),
    ('<data value="1" data-fact="nope.nope">1</data>', "unknown fact"),
])
def test_provenance_markup_must_show_its_own_fact(store, body, words):
    found = messages(store, page(body))
    assert any(words in m for m in found), found


def test_a_million_character_line_is_read_in_linear_time(store):
    # A regex like \S*\d\S* takes quadratic time on one long word with no digit.
    html = page("<p>" + "a" * 1_000_000 + " 7</p>")
    assert [m for m in messages(store, html) if "untraced figure '7'" in m]


def test_every_page_is_read_for_script_and_all_but_the_error_page_for_figures(store, tmp_path):
    from factbook.audit import audit_site

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "evil.html").write_text(page('<a href="javascript:x()">x</a> 98765'))
    (tmp_path / "old.htm").write_text(page("It sold 46,249."))
    (tmp_path / "404.html").write_text(page('404 <a href="javascript:x()">home</a>'))
    problems, pages = audit_site(tmp_path, store)
    found = sorted((p.path, p.message.split(":")[0]) for p in problems)
    assert pages == 3
    assert any(p.path.endswith("assets/evil.html") and "javascript" in p.message
               for p in problems), found
    assert any(p.path.endswith("assets/evil.html") and "98765" in p.message for p in problems)
    assert any(p.path.endswith("old.htm") and "46,249" in p.message for p in problems)
    assert any(p.path.endswith("404.html") and "javascript" in p.message for p in problems)
    assert not any(p.path.endswith("404.html") and "'404'" in p.message for p in problems)


@pytest.mark.parametrize("head,words", [
    ('<base href="https://evil.example/">', "<base> would change"),
    ('<script src="https://evil.example/x.js"></script>', "loads code from another site"),
    ('<script src="//evil.example/x.js"></script>', "loads code from another site"),
])
def test_a_page_head_cannot_redirect_links_or_load_outside_code(store, head, words):
    found = messages(store, page("<p>Text</p>", head=f"<title>Home</title>{head}"))
    assert any(words in m for m in found), found


@pytest.mark.parametrize("text,figure", [
    ("交付了三千辆", "三千"),
    ("累计十二万三千辆", "十二万三千"),
    ("营收超过１２３亿元", "１２３亿"),
    ("交付约4.6万辆", "4.6万"),
    ("二十七分钟内", "二十七"),
    ("第五十万辆车下线", "五十万"),
    ("大定订单达２万", "２万"),
    ("小米在2025年第三季度", "2025"),
])
def test_chinese_numerals_and_full_width_digits_typed_by_hand_fail(store, text, figure):
    found = messages(store, page(f"<p>{text}</p>"))
    assert any(f"untraced figure '{figure}'" in m for m in found), found


def test_chinese_words_that_hold_a_numeral_character_are_not_figures(store):
    # As "three models" or "the third quarter" in English, a lone numeral is a word: 三款,
    # 两家, 第三季度, 四驱, 四舍五入; so are 零售 (retail), 一些 (some), 统一 (unified),
    # 十分 (very), 百分比, 二手车 (used car), 万一 (in case), and the financial and rare
    # numeral characters in 大陆, 陆续, 队伍, 收拾, 什么.
    text = ("零售销量与一些统一的口径十分接近，百分比，两者，二手车，进一步，万一，三款车型，"
            "两家公司，第三季度，四驱，四舍五入，大陆，陆续，队伍，收拾，什么")
    assert messages(store, page(f"<p>{text}</p>")) == []


def test_a_long_chinese_line_is_read_in_linear_time(store):
    html = page("<p>" + "一些零售" * 250_000 + "三千辆</p>")
    assert [m for m in messages(store, html) if "untraced figure '三千'" in m]


def test_an_audit_reads_again_only_the_pages_that_changed(store, tmp_path, monkeypatch):
    """What a page was found to hold is given again only for the same page bytes, address,
    Markdown file, store and engine: any change reads the page again."""
    from factbook import audit

    read = []
    real = audit.audit_page
    monkeypatch.setattr(audit, "audit_page", lambda html, rel, *a, **k: (
        read.append(rel.split("/", 1)[1]), real(html, rel, *a, **k))[1])
    site, docs = tmp_path / "site", tmp_path / "docs"
    site.mkdir()
    docs.mkdir()
    (site / "index.html").write_text(page("Home."))
    (site / "a.html").write_text(page("It sold 98765 cars."))
    (docs / "a.md").write_text("# A\n\nIt sold 98765 cars.\n")

    def audit_now(key="store-1"):
        read.clear()
        problems, _ = audit.audit_site(site, store, tmp_path, store_key=key)
        return sorted(read), [(p.path, p.line, p.message.split(" in ")[0]) for p in problems]

    first = audit_now()
    assert first == (["a.html", "index.html"], [("docs/a.md", 3, "untraced figure '98765'")])
    assert audit_now() == ([], first[1])  # nothing changed: nothing read
    (site / "index.html").write_text(page("Home, 4,321 times."))
    assert audit_now() == (["index.html"], [("docs/a.md", 3, "untraced figure '98765'"),
                                            ("site/index.html", 1, "untraced figure '4,321'")])
    (site / "index.html").write_text(page("Home."))
    (docs / "a.md").write_text("# A\n\nIntro.\n\nIt sold 98765 cars.\n")  # the line moved
    assert audit_now() == (["a.html", "index.html"],
                           [("docs/a.md", 5, "untraced figure '98765'")])
    assert audit_now("store-2")[0] == ["a.html", "index.html"]  # another store: read anew
    # The same bytes at another address are another page, and bytes cannot move unseen from
    # the end of the Markdown file to the start of the page (each part is framed by its size).
    for name in ("b.html", "c.html"):
        (site / name).write_text(page("It sold 4,321 cars."))
    assert audit_now()[1] == audit_now()[1] == [
        ("docs/a.md", 5, "untraced figure '98765'"), ("site/b.html", 1, "untraced figure '4,321'"),
        ("site/c.html", 1, "untraced figure '4,321'")]
    (site / "b.html").unlink()
    (site / "c.html").unlink()
    (docs / "a.md").write_text("# A\n\0")
    (site / "a.html").write_text(page("Clean."))
    assert audit_now()[1] == []
    (docs / "a.md").write_text("# A\n")
    (site / "a.html").write_text("\0" + page("Clean."))
    assert audit_now()[0] == ["a.html"]
    monkeypatch.setenv("FACTBOOK_CACHE", "off")
    assert audit_now()[0] == ["a.html", "index.html"]
    assert audit_now()[0] == ["a.html", "index.html"]
