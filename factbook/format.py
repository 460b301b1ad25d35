"""Value + unit + bound -> words and HTML that carry their provenance.

Every figure a page shows comes out of `fact_html` as one element holding the fact id
(<data data-fact=…> for numbers, <time data-fact=…> for dates), so the built site can be audited.
Everything taken from data is HTML-escaped here.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .locale import EN, FormatError, Locale, decimals_of
from .model import UNITS, Claim, Fact, Source, Store
from .periods import PeriodError, format_span, iso_start, parse_date, parse_period
from .text import esc as escape

__all__ = ["FormatError", "decimals_of"]  # re-exported: callers import them from here

# The English words, kept under their old names for callers that read them.
BOUND_WORDS = EN.bounds
STATUS_WORDS = EN.statuses
SCALES = list(EN.scales)


def group(n: float, decimals: int = 0, locale: Locale = EN) -> str:
    """46249 -> '46,249'; 2.78 with decimals=2 -> '2.78'."""
    return locale.group(n, decimals)


def number_text(v: float, style: str = "auto", digits: int | None = None,
                locale: Locale = EN) -> str:
    """A number in words: full ('46,249') or short ('113.1 billion'); auto picks by size."""
    return locale.number(v, style, digits)


@lru_cache(maxsize=65536)
def date_text(text: str, locale: Locale = EN) -> str:
    """A stored date in words: '20 November 2025', 'November 2025', '2025'. Kept per text and
    locale: Babel's formatting is the slowest step of a fact page, and a store repeats dates."""
    span = parse_date(text)
    return locale.day(span.start, span.precision)


@lru_cache(maxsize=65536)
def _span_text(period: str, short: bool, locale: Locale) -> str:
    return format_span(parse_period(period), short, locale)


def value_text(f: Fact, style: str = "auto", unit: bool | None = None, bound: bool = True,
               digits: int | None = None, locale: Locale = EN) -> str:
    """The fact's value as words: 'more than 40,000', 'about 113.1 billion yuan', '22.3%'."""
    L = locale
    u = UNITS[f.unit]
    if u.kind == "date":
        body = date_text(str(f.value), L)
    elif u.kind == "year":
        body = L.day(date(int(f.value), 1, 1), "year")
    elif u.kind == "ratio":
        pct = float(f.value) * 100
        body = L.percent_text(pct, digits if digits is not None else min(decimals_of(pct), 2))
    elif f.unit == "seconds" and style == "clock":  # lap times: 6:46.874
        minutes, rest = divmod(float(f.value), 60)
        body = L.say("clock", minutes=int(minutes),
                     seconds=f"{'0' if rest < 10 else ''}{L.group(rest, decimals_of(rest))}")
    else:
        if digits is None and u.kind == "count" and f.bound == "exact" and \
                _fraction_of_hundreds(float(f.value), style, L):
            digits = 0  # an average of 29,166.67 vehicles reads "about 29,167 vehicles"
        n = L.number(float(f.value), style, digits)
        show_unit = unit if unit is not None else u.kind != "count"
        body = L.with_unit(n, f.unit, float(f.value) == 1) if show_unit else n
    how = f.bound if bound else "exact"
    if bound and f.bound == "exact" and u.kind not in ("date", "year") and \
            _shown_rounded(f, style, digits, L):
        how = "approx"  # a figure shortened for reading is no longer exact
    return L.bounded(how, body)


def _fraction_of_hundreds(v: float, style: str, locale: Locale) -> bool:
    """Whether a count is a fraction of a hundred or more shown in full, whose decimals would
    claim a precision no count has (an average: 29,166.67 vehicles a month). Only an exact
    figure is rounded: "more than 150.5" rounded up would claim more than it says."""
    return abs(v) >= 100 and not v.is_integer() and not locale.scaled(v, style)[3]


def _shown_rounded(f: Fact, style: str, digits: int | None, locale: Locale = EN) -> bool:
    if UNITS[f.unit].kind == "ratio" or f.unit == "seconds":
        return False
    return locale.shown(float(f.value), style, digits) != float(f.value)


def stated_text(value, unit: str | None, bound: str, locale: Locale = EN) -> str:
    """A figure as a source or a claim gives it, in words: 'more than 40,000 vehicles'."""
    if unit is None or unit not in UNITS:
        return str(value)
    figure = Fact(id="stated.figure", subject="-", label="-", value=value, unit=unit,
                  bound=bound, status="confirmed")
    return value_text(figure, unit=True, locale=locale)


def claim_figure_text(store: Store, c: Claim, locale: Locale = EN) -> str:
    """The figure an audited claim gives, in words, in its own unit or its fact's."""
    about = store.facts.get(c.about or "")
    return stated_text(c.states, c.unit or (about.unit if about else None), c.bound, locale)


def period_text(f: Fact, short: bool = False, locale: Locale = EN) -> str:
    """'Q3 2025', 'as of 30 September 2025', or '' for a date fact with no period."""
    try:
        if f.period is not None:
            return _span_text(str(f.period), short, locale)
        if f.as_of is not None:
            return locale.period("as_of", date=date_text(f.as_of, locale))
    except PeriodError:
        return str(f.period or f.as_of)
    return ""


def source_line(s: Source, locale: Locale = EN) -> str:
    """'Yicai Global, 19 November 2025' for tooltips and short citations."""
    publisher = locale.text(s, "publisher")
    if s.published:
        try:
            return locale.say("source_line", publisher=publisher,
                              date=date_text(s.published, locale))
        except PeriodError:
            pass
    return publisher


def tooltip(store: Store, f: Fact, locale: Locale = EN) -> str:
    """What a reader sees on hover or focus: the sources, the period and the status."""
    L = locale
    names = [source_line(store.sources[r.source], L) for r in f.sources
             if r.source in store.sources]
    origin = L.semicolon.join(names) if names else L.say("derived_origin")
    when = period_text(f, locale=L)
    return L.say("tooltip", label=L.text(f, "label"),
                 when=L.say("tooltip_when", when=when) if when else "", origin=origin,
                 status=L.statuses[f.status])


def machine_value(f: Fact) -> str:
    """The value attribute: the exact stored value."""
    v = f.value
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def figure_html(store: Store, fid: str, style: str = "auto", unit: bool | None = None,
                bound: bool = True, digits: int | None = None, locale: Locale = EN) -> str:
    """The figure alone as provenance markup: <data value=… data-fact=…> or <time …>."""
    f = store.facts[fid]
    text = value_text(f, style, unit, bound, digits, locale)
    attrs = f'data-fact="{escape(fid)}"'
    if UNITS[f.unit].kind == "date":
        return (f'<time class="fact" datetime="{escape(iso_start(parse_date(str(f.value))))}" '
                f'{attrs}>{escape(text)}</time>')
    return f'<data class="fact" value="{escape(machine_value(f))}" {attrs}>{escape(text)}</data>'


def fact_html(store: Store, fid: str, href: str | None = None, style: str = "auto",
              unit: bool | None = None, bound: bool = True, digits: int | None = None,
              usd: str | None = None, locale: Locale = EN) -> str:
    """One figure as provenance markup, linked to its permalink when href is given."""
    f = store.facts[fid]
    inner = figure_html(store, fid, style, unit, bound, digits, locale)
    tip = escape(tooltip(store, f, locale))
    if usd:
        inner += locale.space + converted_html(store, f, usd, locale)
    # data-tip feeds the one preview the page script opens on hover, focus and first tap;
    # without script the figure is a plain link to its page.
    if href is None:
        return f'<span class="fact-figure">{inner}</span>'
    return f'<a class="fact-figure" href="{escape(href)}" data-tip="{tip}">{inner}</a>'


def converted_html(store: Store, f: Fact, rate_id: str, locale: Locale = EN) -> str:
    """'(about US$15.9 billion)', computed from a CNY fact and an exchange-rate fact."""
    rate = store.facts[rate_id]
    if f.unit != "CNY" or rate.unit != "CNY_per_USD":
        raise FormatError(f"cannot convert {f.id} ({f.unit}) with {rate_id} ({rate.unit})")
    usd = float(f.value) / float(rate.value)
    amount = locale.number(usd, "auto", 1 if abs(usd) >= 1e6 else 0)
    text = locale.paren(locale.bounded("approx", locale.with_unit(amount, "USD", usd == 1)))
    return (f'<span class="fact-converted" data-fact="{escape(f.id)}" '
            f'data-rate="{escape(rate_id)}">{escape(text)}</span>')


def shows_value(f: Fact, text: str, locale: Locale = EN) -> bool:
    """Whether text shown for a fact displays its value (to the precision it is shown with).

    The audit uses it so that a <data data-fact=…> element cannot vouch for another figure.
    """
    u = UNITS.get(f.unit)
    if u is None or isinstance(f.value, str):
        return False
    value = float(f.value)
    if f.unit == "seconds" and (":" in text or "分" in text):  # 6:46.874, 6分46.874秒
        m = re.search(r"(\d+)[:分](\d\d(?:\.\d+)?)", text)
        if not m:
            return False
        minutes, rest = m.groups()
        return _close(int(minutes) * 60 + float(rest), value, rest)
    m = locale.shown_re.search(text)
    if not m:
        return False
    sign, digits, word = m.groups()
    digits = locale.plain_digits(digits)
    shown = float(digits) * (-1 if sign else 1)
    if u.kind == "ratio":
        return _close(shown, value * 100, digits)
    scale = locale.scale_of(word)
    return _close(shown * scale, value, digits, scale)


def _close(shown: float, value: float, digits: str, scale: float = 1) -> bool:
    places = len(digits.split(".")[1]) if "." in digits else 0
    return abs(shown - value) <= 0.5 * 10 ** -places * scale * (1 + 1e-9) + 1e-9 * abs(value)
