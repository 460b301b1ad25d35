"""Data text stays text: one place that makes strings from the store safe where they land.

- `esc`: HTML and Markdown. Macro output is read again by Python-Markdown (and attr_list), so
  escaping HTML alone would let `[x](javascript:…)`, `*`, `_`, backticks or `{: onclick=… }` in a
  label become markup. Every character Markdown gives a meaning is written as a numeric character
  reference, which Markdown keeps as it is and the browser shows as the character.
- `terminal`: what a terminal shows; control characters are written as escapes, never sent.
- `csv_cell`: a spreadsheet cell that cannot start a formula (OWASP's CSV-injection rule).
- `unsafe_char`: control, bidi-override and zero-width characters the store refuses.
- `figures`: digit runs in text, found in linear time.
"""

from __future__ import annotations

import re

from .numerals import NUMERIC

# &, <, >, quotes for HTML; the rest for Markdown, its extensions (attr_list's {: }, tables' |)
# and Jinja ({{ }}, {% %}). A line break would let a line of data start a list or a heading.
_ESCAPES = {ord(ch): f"&#{ord(ch)};" for ch in "`*_[]{}|\\\n"} | {
    ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#x27;"}


# Unicode's private use planes 15 and 16: the build's adapter marks figures with them
# (factbook.adapter.Stash), so data never carries one as a character.
_PRIVATE = re.compile("[\U000f0000-\U0010ffff]")


def esc(text: object) -> str:
    """Text from the store as inert HTML: no tag, entity, Markdown, attr_list or Jinja syntax,
    and no character of the private use planes 15 and 16 (a reference shows the same)."""
    out = str(text).translate(_ESCAPES)
    if out and max(out) >= "\U000f0000":
        out = _PRIVATE.sub(lambda m: f"&#{ord(m.group())};", out)
    return out


def attr(text: object) -> str:
    """Text for a quoted HTML attribute value (ids, addresses): HTML-escaped, Markdown-inert."""
    return esc(text)


# Control characters (C0, DEL, C1), line and paragraph separators, bidi embeddings, overrides and
# isolates, zero-width characters, the byte order mark, interlinear annotations and tag
# characters. A test compares this class with every Cc and Cf code point in unicodedata.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\t\r"
    # and the characters that show nothing though they are letters or marks: Hangul fillers,
    # the blank Braille pattern, the grapheme joiner, Khmer's invisible vowels, variation
    # selectors (小米汽车 followed by one looks like 小米汽车 and is another name)
    "\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180b-\u180d\u180f\ufe00-\ufe0f"
    "\U000e0100-\U000e01ef]"
)


def unsafe_char(text: str) -> str | None:
    """The first forbidden character of text, named as U+202E, or None."""
    m = UNSAFE.search(text)
    return f"U+{ord(m.group(0)):04X}" if m else None


def one_line(text: object) -> str:
    """Text for one line of a report: control characters and line breaks become escapes, so
    data can neither colour the terminal nor forge a line of its own."""
    return terminal(text).replace("\n", "\\n")


def terminal(text: object) -> str:
    """Text for a terminal line: any control or invisible character becomes a visible escape."""
    s = str(text)
    if not UNSAFE.search(s):
        return s
    return UNSAFE.sub(lambda m: repr(m.group(0))[1:-1] if m.group(0) != "\t" else "\\t", s)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LEAD = re.compile(r"^[^\S\t\r\n]+")  # spaces of any width (U+3000 too) before a formula
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


def csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet reads as a formula; numbers pass unchanged."""
    # Leading spaces (ideographic ones too) do not stop some spreadsheets reading a formula.
    if not isinstance(value, str) or not _LEAD.sub("", value).startswith(_FORMULA_START):
        return value
    if _NUMBER.match(value):
        return value
    return "'" + value


# What counts as a figure: any character Unicode gives a numeric value (digits in every
# script, superscripts, circled numbers, Roman and CJK numerals).
FIGURE_CHAR = re.compile("[" + NUMERIC + "]")
_SPACE = re.compile(r"\s")


def figures(text: str) -> list[str]:
    """The whitespace-delimited words of text that hold a figure, in linear time.

    A digit is found first, then the word around it is widened to the nearest whitespace; the
    scan resumes after that word, so no character is looked at more than a few times. Chinese
    runs no spaces between words, so a word holding Chinese is read by `chinese_figures`.
    """
    out: list[str] = []
    pos, n = 0, len(text)
    while pos < n:
        m = FIGURE_CHAR.search(text, pos)
        if m is None:
            break
        start = m.start()
        while start > pos and not text[start - 1].isspace():
            start -= 1
        end_m = _SPACE.search(text, m.end())
        end = end_m.start() if end_m else n
        word = text[start:end]
        if _HAN.search(word):
            out.extend(chinese_figures(word))
        elif FIGURE_CHAR.search(word):
            out.append(word)
        pos = end
    return out


# Chinese is read as English is: digits are figures, and so is a run of two or more numerals
# (三千, 二十七, 十二万三千, 4.6万) — the written form of a figure. A lone numeral is a
# number word, as "three" or "third" is in English (三款, 两家, 第三, 十年, 四驱), and so are
# the fixed words below. The financial forms (陆, 伍, 拾 …) and rare numeric characters (什)
# are left out: ordinary words hold them (大陆, 队伍, 收拾, 什么, 放肆); the rest of them
# (壹, 贰, 叁, 柒, 捌, 玖, 佰, 仟) and 廿, 卅 are numerals only.
CJK_NUMERALS = "〇零一二三四五六七八九十百千万亿两兩萬億壹贰貳叁參柒捌玖佰仟廿卅"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DIGIT = "(?:(?![\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[" + NUMERIC + "])"
_NUMBER_RUN = re.compile(
    "(?:" + _DIGIT + "|[" + CJK_NUMERALS + "]|(?<=[0-9０-９])[.,．，](?=[0-9０-９]))+")
# Where a run of digits in Chinese text ends: a Chinese character, or Chinese and full-width
# punctuation (，：（） “”), never a full-width digit or letter.
_CJK_STOP = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\u2018\u2019"
                       "\u201c\u201d\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
_FIXED_WORDS = {"万一", "一一", "千万", "一二", "三四", "十一"}  # in case; one by one; must;
# tier one and two (cities); three or four; National Day (the holiday)


def chinese_figures(word: str) -> list[str]:
    """The figures in a run of text holding Chinese: digits, with the letters and signs around
    them (SU7, 108,796, １２３), and runs of two or more Chinese numerals or of numerals with
    digits (三千, 十二万三千, 4.6万); a lone numeral is a word (三款, 第三), as in English."""
    out, covered = [], 0
    for m in _NUMBER_RUN.finditer(word):
        if m.start() < covered:
            continue
        run = m.group()
        if not _HAN.search(run):  # digits only: widen to the letters and signs around them
            left, right = m.start(), m.end()
            while left > covered and not _CJK_STOP.match(word[left - 1]):
                left -= 1
            while right < len(word) and not _CJK_STOP.match(word[right]):
                right += 1
            out.append(word[left:right])
            covered = right
            continue
        if len(run) >= 2 and run not in _FIXED_WORDS:
            out.append(run)
        covered = m.end()
    return out


def longest_first(names) -> list[str]:
    """Names longest first, those of one length in a fixed order (a set's order varies from
    run to run, and where two names overlap the first one read decides)."""
    return sorted(names, key=lambda n: (-len(n), n))
