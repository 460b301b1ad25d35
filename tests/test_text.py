"""The one place that makes data text safe where it lands: HTML and Markdown, the terminal,
CSV, and the characters the store refuses."""

from __future__ import annotations

import sys
import unicodedata

import markdown
import pytest

from factbook.text import UNSAFE, csv_cell, esc, figures, terminal, unsafe_char


@pytest.mark.parametrize("data", [
    "[x](javascript:alert(document.domain))", "![x](https://evil.example/p.png)",
    "{: onclick=alert(this) }", "*a* _b_ `c` **d**", "<b>bold</b> &amp; &", "a | b | c",
    "line\n\n- item\n# heading", "{{ config }} {% if x %}", "\\*escaped\\*",
])
def test_markdown_and_html_in_data_come_out_as_the_same_text(data):
    # As the macros' output is read: inline in a paragraph, with the site's extensions.
    html = markdown.markdown(f"Before <span>{esc(data)}</span> after",
                             extensions=["attr_list", "tables", "admonition"])
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tags, self.text = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, attrs))

        def handle_data(self, d):
            self.text.append(d)

    t = Text()
    t.feed(html)
    assert [tag for tag, _ in t.tags] == ["p", "span"], html
    assert all(attrs == [] for _, attrs in t.tags), html
    assert "".join(t.text) == f"Before {data} after"


def test_the_refused_characters_are_every_control_and_format_character():
    expected = {chr(c) for c in range(sys.maxunicode + 1)
                if unicodedata.category(chr(c)) in ("Cc", "Cf") and chr(c) != "\n"}
    expected |= {"\u2028", "\u2029"}
    matched = {ch for ch in expected if UNSAFE.fullmatch(ch)}
    assert matched == expected
    assert unsafe_char("abc\u202edef") == "U+202E"
    assert unsafe_char("ok\ntext, 中文 and émigré") is None


def test_the_terminal_sees_escapes_never_codes():
    assert terminal("a\x1b[31mb\x07") == "a\\x1b[31mb\\x07"
    assert terminal("plain\nlines") == "plain\nlines"


@pytest.mark.parametrize("cell,out", [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), (" =cmd", "' =cmd"), ("-5", "-5"),
    ("+1.5e3", "+1.5e3"), ("plain", "plain"),
    (-5, -5), (0.255, 0.255),
])
def test_csv_cells_never_start_a_formula(cell, out):
    assert csv_cell(cell) == out


def test_figures_finds_every_kind_of_digit_in_linear_time():
    text = ("SU7 sold 46,249; ４６ and ② and 10² and 十二万三千 and 萬億 and ㉑ word; a lone "
            "Chinese numeral is a number word, as 'three' is: 萬 and 廿")
    assert figures(text) == [
        "SU7", "46,249;", "４６", "②", "10²", "十二万三千", "萬億", "㉑"]
    assert figures("x" * 2_000_000) == []


def test_the_numerals_are_every_character_unicode_gives_a_value():
    from factbook.text import FIGURE_CHAR

    expected = {chr(c) for c in range(sys.maxunicode + 1)
                if unicodedata.numeric(chr(c), None) is not None}
    assert {ch for ch in expected if FIGURE_CHAR.fullmatch(ch)} == expected
    assert not FIGURE_CHAR.search("Xiaomi SU sold cars, 小米汽车")


def test_one_line_keeps_data_on_its_line():
    from factbook.text import one_line

    assert one_line("evil\nfacts/base.yaml:1: forged") == "evil\\nfacts/base.yaml:1: forged"


def test_the_numerals_found_only_in_figures_are_figures_in_chinese():
    # 廿五 (twenty-five), 壹佰万 (one million, the financial forms), 叁仟: numerals, never words
    assert figures("另说廿五辆、壹佰万辆，也有叁仟辆") == ["廿五", "壹佰万", "叁仟"]
    # the forms ordinary words hold stay words: 大陆, 队伍, 收拾, 放肆
    assert figures("大陆的队伍收拾行李，放肆") == []


def test_a_formula_behind_an_ideographic_space_is_defused():
    assert csv_cell("\u3000=HYPERLINK(\"http://x\")") == "'\u3000=HYPERLINK(\"http://x\")"
    assert csv_cell("\u00a0@SUM(A1)") == "'\u00a0@SUM(A1)"
    assert csv_cell("交付量 = 出货量") == "交付量 = 出货量"


def test_characters_that_show_nothing_are_refused_too():
    for ch in ("\u3164", "\u115f", "\u2800", "\u034f", "\u180b", "\ufe0f", "\U000e0100"):
        assert unsafe_char(f"小米汽车{ch}") == f"U+{ord(ch):04X}"
    assert unsafe_char("小米汽车 SU7 Ultra, 6分46.874秒") is None


def test_private_use_characters_in_data_cannot_pass_for_a_figure():
    from factbook.adapter import Stash

    assert esc("Model \U000f0000 X\U0010fffd") == "Model &#983040; X&#1114109;"
    stash = Stash()
    mark = stash.put("index.html", '<a class="fact-figure">1,140</a>')
    page = f"<p>{mark} and a label: {esc(chr(ord(mark)))}</p>"
    _, shown = stash.html("index.html", page)
    assert shown == '<p><a class="fact-figure">1,140</a> and a label: &#983040;</p>'
