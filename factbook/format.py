"""Value + unit + bound -> words and HTML that carry their provenance.

Every figure a page shows comes out of `fact_html` as one element holding the fact id
(<data data-fact=…> for numbers, <time data-fact=…> for dates), so the built site can be audited.
Everything taken from data is HTML-escaped here.
"""

from __future__ import annotations

import math
import re

from .model import UNITS, Claim, Fact, Source, Store
from .periods import MONTHS, PeriodError, format_span, iso_start, parse_date, parse_period
from .text import esc as escape

BOUND_WORDS = {
    "exact": "",
    "approx": "about",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
}
STATUS_WORDS = {
    "confirmed": "confirmed",
    "single_source": "single source",
    "company_claim": "company claim",
    "estimate": "estimate",
    "derived": "derived",
    "disputed": "disputed",
    "plan": "plan or target",
}
SCALES = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]


class FormatError(ValueError):
    """A formatting request that does not fit the fact (a bad style, a date asked as money)."""


def group(n: float, decimals: int = 0) -> str:
    """46249 -> '46,249'; 2.78 with decimals=2 -> '2.78'."""
    text = f"{abs(n):,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return ("\u2212" + text) if n < 0 and text.strip("0.,") else text


def decimals_of(v: float, cap: int = 3) -> int:
    """How many decimals a value needs to be shown as written (at most cap)."""
    for d in range(cap + 1):
        if math.isclose(round(v, d), v, rel_tol=0, abs_tol=1e-9):
            return d
    return cap


def number_text(v: float, style: str = "auto", digits: int | None = None) -> str:
    """A number in words: full ('46,249') or short ('113.1 billion'); auto picks by size."""
    if style not in ("auto", "full", "short", "clock"):
        raise FormatError(f"style '{style}' is not one of auto, full, short, clock")
    if style == "short" or (style == "auto" and abs(v) >= 1e6):
        for scale, word in SCALES:
            if abs(v) >= scale:
                x = v / scale
                d = digits if digits is not None else min(decimals_of(x), 1 if x >= 10 else 2)
                return f"{group(x, d)} {word}"
    d = digits if digits is not None else decimals_of(v)
    return group(v, d)


def date_text(text: str) -> str:
    span = parse_date(text)
    if span.precision == "day":
        return f"{span.start.day} {MONTHS[span.start.month]} {span.start.year}"
    if span.precision == "month":
        return f"{MONTHS[span.start.month]} {span.start.year}"
    return str(span.start.year)


def value_text(f: Fact, style: str = "auto", unit: bool | None = None, bound: bool = True,
               digits: int | None = None) -> str:
    """The fact's value as words: 'more than 40,000', 'about 113.1 billion yuan', '22.3%'."""
    u = UNITS[f.unit]
    if u.kind == "date":
        body = date_text(str(f.value))
    elif u.kind == "year":
        body = str(int(f.value))
    elif u.kind == "ratio":
        pct = float(f.value) * 100
        body = group(pct, digits if digits is not None else min(decimals_of(pct), 2)) + "%"
    elif f.unit == "seconds" and style == "clock":  # lap times: 6:46.874
        minutes, rest = divmod(float(f.value), 60)
        body = f"{int(minutes)}:{'0' if rest < 10 else ''}{group(rest, decimals_of(rest))}"
    else:
        n = number_text(float(f.value), style, digits)
        show_unit = unit if unit is not None else u.kind != "count"
        if u.prefix and show_unit:
            body = f"{u.prefix}{n}"
        elif u.symbol and show_unit:
            body = f"{n} {u.symbol}"
        elif show_unit:
            one = float(f.value) == 1
            body = f"{n} {u.singular if one else u.plural}"
        else:
            body = n
    words = BOUND_WORDS[f.bound] if bound else ""
    if bound and f.bound == "exact" and u.kind not in ("date", "year") and \
            _shown_rounded(f, body, style, digits):
        words = "about"  # a figure shortened for reading is no longer exact
    return f"{words} {body}".strip()


def _number_of(text: str) -> float:
    """The value a number text shows: '67.7 million' -> 67700000.0."""
    parts = text.replace(",", "").replace("\u2212", "-").split()
    x = float(parts[0])
    scale = dict((w, s) for s, w in SCALES)
    return x * scale.get(parts[1], 1) if len(parts) > 1 else x


def _shown_rounded(f: Fact, body: str, style: str, digits: int | None) -> bool:
    if UNITS[f.unit].kind == "ratio" or f.unit == "seconds":
        return False
    return _number_of(number_text(float(f.value), style, digits)) != float(f.value)


def stated_text(value, unit: str | None, bound: str) -> str:
    """A figure as a source or a claim gives it, in words: 'more than 40,000 vehicles'."""
    if unit is None or unit not in UNITS:
        return str(value)
    figure = Fact(id="stated.figure", subject="-", label="-", value=value, unit=unit,
                  bound=bound, status="confirmed")
    return value_text(figure, unit=True)


def claim_figure_text(store: Store, c: Claim) -> str:
    """The figure an audited claim gives, in words, in its own unit or its fact's."""
    about = store.facts.get(c.about or "")
    return stated_text(c.states, c.unit or (about.unit if about else None), c.bound)


def period_text(f: Fact, short: bool = False) -> str:
    """'Q3 2025', 'as of 30 September 2025', or '' for a date fact with no period."""
    try:
        if f.period is not None:
            return format_span(parse_period(str(f.period)), short)
        if f.as_of is not None:
            return "as of " + date_text(f.as_of)
    except PeriodError:
        return str(f.period or f.as_of)
    return ""


def source_line(s: Source) -> str:
    """'Yicai Global, 19 November 2025' for tooltips and short citations."""
    when = ""
    if s.published:
        try:
            when = ", " + date_text(s.published)
        except PeriodError:
            when = ""
    return f"{s.publisher}{when}"


def tooltip(store: Store, f: Fact) -> str:
    """What a reader sees on hover or focus: the sources, the period and the status."""
    names = [source_line(store.sources[r.source]) for r in f.sources if r.source in store.sources]
    origin = "; ".join(names) if names else "derived from other facts"
    when = period_text(f)
    return f"{f.label}. {when + '. ' if when else ''}Source: {origin}. Status: " \
           f"{STATUS_WORDS[f.status]}."


def machine_value(f: Fact) -> str:
    """The value attribute: the exact stored value."""
    v = f.value
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def figure_html(store: Store, fid: str, style: str = "auto", unit: bool | None = None,
                bound: bool = True, digits: int | None = None) -> str:
    """The figure alone as provenance markup: <data value=… data-fact=…> or <time …>."""
    f = store.facts[fid]
    text = value_text(f, style, unit, bound, digits)
    attrs = f'data-fact="{escape(fid)}"'
    if UNITS[f.unit].kind == "date":
        return (f'<time class="fact" datetime="{escape(iso_start(parse_date(str(f.value))))}" '
                f'{attrs}>{escape(text)}</time>')
    return f'<data class="fact" value="{escape(machine_value(f))}" {attrs}>{escape(text)}</data>'


def fact_html(store: Store, fid: str, href: str | None = None, style: str = "auto",
              unit: bool | None = None, bound: bool = True, digits: int | None = None,
              usd: str | None = None) -> str:
    """One figure as provenance markup, linked to its permalink when href is given."""
    f = store.facts[fid]
    inner = figure_html(store, fid, style, unit, bound, digits)
    tip = escape(tooltip(store, f))
    if usd:
        inner += " " + converted_html(store, f, usd)
    # data-tip feeds the one preview the page script opens on hover, focus and first tap;
    # without script the figure is a plain link to its page.
    if href is None:
        return f'<span class="fact-figure">{inner}</span>'
    return f'<a class="fact-figure" href="{escape(href)}" data-tip="{tip}">{inner}</a>'



def converted_html(store: Store, f: Fact, rate_id: str) -> str:
    """'(about US$15.9 billion)', computed from a CNY fact and an exchange-rate fact."""
    rate = store.facts[rate_id]
    if f.unit != "CNY" or rate.unit != "CNY_per_USD":
        raise FormatError(f"cannot convert {f.id} ({f.unit}) with {rate_id} ({rate.unit})")
    usd = float(f.value) / float(rate.value)
    text = "about US$" + number_text(usd, "auto", 1 if abs(usd) >= 1e6 else 0)
    return (f'<span class="fact-converted" data-fact="{escape(f.id)}" '
            f'data-rate="{escape(rate_id)}">({escape(text)})</span>')


_SHOWN = re.compile(r"(\u2212|-)?(\d[\d,]*(?:\.\d+)?)(?:\s+(trillion|billion|million))?")


def shows_value(f: Fact, text: str) -> bool:
    """Whether text shown for a fact displays its value (to the precision it is shown with).

    The audit uses it so that a <data data-fact=…> element cannot vouch for another figure.
    """
    u = UNITS.get(f.unit)
    if u is None or isinstance(f.value, str):
        return False
    value = float(f.value)
    if f.unit == "seconds" and ":" in text:
        m = re.search(r"(\d+):(\d\d(?:\.\d+)?)", text)
        if not m:
            return False
        minutes, rest = m.groups()
        return _close(int(minutes) * 60 + float(rest), value, rest)
    m = _SHOWN.search(text)
    if not m:
        return False
    sign, digits, word = m.groups()
    shown = float(digits.replace(",", "")) * (-1 if sign else 1)
    if u.kind == "ratio":
        return _close(shown, value * 100, digits)
    scale = dict((w, s) for s, w in SCALES).get(word or "", 1)
    return _close(shown * scale, value, digits, scale)


def _close(shown: float, value: float, digits: str, scale: float = 1) -> bool:
    places = len(digits.split(".")[1]) if "." in digits else 0
    return abs(shown - value) <= 0.5 * 10 ** -places * scale * (1 + 1e-9) + 1e-9 * abs(value)
