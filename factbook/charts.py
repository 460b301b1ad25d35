"""Charts, sparklines, key-number cards, spec boxes and the timeline, drawn from the store.

Design: SVG written here, not a plotting library. The charts are bars and rows of bars, which
take a page of code; matplotlib would add a large dependency, bake colours into the file (the
site has a light and a dark scheme) and needs care to stay byte-identical (hash salt, ids,
dates in metadata). Written by hand, every mark is one element that carries its fact:

    <a href="facts/<id>.html"><rect class="chart-mark" data-fact="<id>" data-value="<value>">
      <title>label, period: value. Source: … Status: …</title></rect></a>

and every figure printed in a chart is a <text data-fact> showing that fact's value, so the
provenance audit reads a chart like prose (and checks data-value against the store). Colours
are CSS classes (g0…g3) whose colours come from the stylesheet's variables for each scheme; the
SVG has a viewBox and no fixed width, so it scales down to a phone.

There is no numeric axis: a tick value is a number no fact states, so each bar is labelled with
its own figure instead. Thresholds ("more than 40,000") are hatched bars with a dashed edge, the
bound written in their label; single-source and estimated or derived figures carry a sign that
the legend explains. Everything from the store is escaped with `text.esc`.

Every word a chart shows (legend, description, captions, table headings, event kinds) and every
figure and period comes from a `Locale`: each drawing function takes `locale=`, and without one
speaks the page's locale (`page.locale`, else its site's), else English.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from . import render as R
from .export import CSV_COLUMNS, fact_record
from .format import fact_html, period_text, tooltip, value_text
from .format import machine_value as _machine
from .locale import EN, Locale
from .model import UNITS, Fact, Store
from .pages import SERIES
from .periods import PeriodError, format_span, iso_start, parse_date, parse_period
from .text import csv_cell, esc

WIDTH = 480
WRAP = 44  # characters on a line of a category name: fits a phone at its larger type
KINDS = ("columns", "rows")
BY = ("period", "fact")
SERIES_PREFIX = SERIES  # "series:<id>"
THRESHOLDS = {"more_than", "at_least", "at_most", "less_than"}
SINGLE = "single_source"
SOFT = {"estimate", "derived", "plan", "disputed"}
SIGN_SINGLE, SIGN_SOFT = "\u2020", "*"  # † and *
EVENT_KINDS = ("company", "plant", "launch", "delivery", "production", "target", "finance",
               "export", "recall")  # the timeline's filter buttons, in this order
# The English names, kept under their old name for callers that read them.
EVENT_WORDS = {k: EN.say("event_" + k) for k in EVENT_KINDS}


class ChartError(ValueError):
    """A chart that cannot be drawn from what it was given."""


def page_locale(page, locale: Locale | None = None) -> Locale:
    """The locale to draw in: the one given, else the page's or its site's, else English."""
    return locale or getattr(page, "locale", None) or \
        getattr(getattr(page, "site", None), "locale", None) or EN


@dataclass
class Group:
    name: str
    facts: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """What a chart shows: groups of bars by category, and reference lines across categories."""

    groups: list[Group]
    categories: list[tuple[str, str, str]]  # (key, text, first fact id)
    cell: dict[tuple[str, int], str]  # (category key, group index) -> fact id
    lines: list[str]
    line_span: dict[str, tuple[int, int]]  # fact id -> first and last category index


# ------------------------------------------------------------------ reading the request


def resolve(store: Store, ids: tuple[str, ...], by: str = "period", locale: Locale = EN
            ) -> tuple[list[Group], list[str]]:
    """The groups a chart's arguments name: each 'series:<id>' is a group; loose fact ids are
    grouped by label (by period) or by subject (by fact)."""
    if not ids:
        raise ChartError("a chart needs at least one series or fact id")
    groups: dict[str, Group] = {}
    order: list[str] = []
    for arg in ids:
        if not isinstance(arg, str):
            raise ChartError(f"{arg!r} is not an id")
        if arg.startswith(SERIES_PREFIX):
            sid = arg[len(SERIES_PREFIX):]
            s = store.series.get(sid)
            if s is None:
                raise ChartError(f"unknown series {sid!r} (see facts/series.yaml)")
            key = arg
            groups[key] = Group(locale.text(s, "label"),
                                [f for f in s.facts if f in store.facts])
        else:
            f = store.facts.get(arg)
            if f is None:
                raise ChartError(f"unknown fact id {arg!r} (fix the id, or add the fact)")
            if by == "fact":
                e = store.entities.get(f.subject)
                key, name = "s:" + f.subject, locale.text(e, "name") if e else f.subject
            else:
                key, name = "l:" + f.label, locale.text(f, "label")
            groups.setdefault(key, Group(name))
            if arg not in groups[key].facts:
                groups[key].facts.append(arg)
        if key not in order:
            order.append(key)
    out = [groups[k] for k in order]
    facts = [fid for g in out for fid in g.facts]
    units = {UNITS[store.facts[fid].unit].kind for fid in facts}
    if len(units) > 1 or any(store.facts[fid].unit in ("date", "year") or
                             isinstance(store.facts[fid].value, str) for fid in facts):
        raise ChartError("a chart compares numbers of one kind: "
                         + ", ".join(sorted({store.facts[f].unit for f in facts})))
    return out, facts


def _span(f: Fact):
    try:
        if f.period is not None:
            return parse_period(str(f.period))
        if f.as_of is not None:
            return parse_date(str(f.as_of))
    except PeriodError:
        return None
    return None


def plan(store: Store, groups: list[Group], by: str = "period", locale: Locale = EN) -> Plan:
    """Lay the facts out: categories in date order; a fact whose period covers several
    categories is drawn as a line across them (a year's target over its months)."""
    spans = {fid: _span(store.facts[fid]) for g in groups for fid in g.facts}
    if by == "fact":
        cats = [(fid, _fact_name(store, store.facts[fid], locale), fid) for g in groups
                for fid in g.facts]
        cell = {(fid, gi): fid for gi, g in enumerate(groups) for fid in g.facts}
        return Plan(groups, cats, cell, [], {})
    missing = [fid for fid, s in spans.items() if s is None]
    if missing:
        raise ChartError(f"{missing[0]} has no period or date to place it (use by=\"fact\")")
    points: dict[str, tuple] = {}
    for g in groups:
        for fid in g.facts:
            s = spans[fid]
            points.setdefault(s.text, (s.start, s.end, s, fid))
    keys = sorted(points, key=lambda k: (points[k][0], points[k][1]))
    # A span holding two or more of the others is a line, not a category.
    lines = [k for k in keys if sum(1 for o in keys if o != k and points[k][2].contains(
        points[o][2])) >= 2]
    keys = [k for k in keys if k not in lines]
    cats = [(k, _period_words(points[k][2], locale), points[k][3]) for k in keys]
    cell: dict[tuple[str, int], str] = {}
    line_ids, line_span = [], {}
    for gi, g in enumerate(groups):
        for fid in g.facts:
            s = spans[fid]
            if s.text in lines:
                inside = [i for i, k in enumerate(keys) if s.contains(points[k][2])]
                line_ids.append(fid)
                line_span[fid] = (inside[0], inside[-1])
            elif (s.text, gi) in cell:
                raise ChartError(f"{fid} and {cell[(s.text, gi)]} fall in one period of one "
                                 "group")
            else:
                cell[(s.text, gi)] = fid
    return Plan(groups, cats, cell, line_ids, line_span)


def _period_words(span, locale: Locale = EN) -> str:
    return format_span(span, short=True, locale=locale)


def _fact_name(store: Store, f: Fact, locale: Locale = EN) -> str:
    """A bar's name by fact: its label, with its subject's name when the label lacks it."""
    e = store.entities.get(f.subject)
    label = locale.text(f, "label")
    if e:
        name = locale.text(e, "name")
        if name.lower() not in label.lower() and not any(
                a.lower() in label.lower() for a in (e.name, *e.aliases)):
            return locale.say("chart_named", name=name, label=label)
    return label


# ------------------------------------------------------------------ marks and labels


def _num(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _value_lines(f: Fact, digits: int | None = None, locale: Locale = EN) -> tuple[str, str]:
    """The bound word(s) and the number, apart, with the fact's sign: ('more than', '40,000')."""
    full = value_text(f, unit=False, digits=digits, locale=locale)
    bare = value_text(f, unit=False, bound=False, digits=digits, locale=locale)
    words = full[: -len(bare)].strip() if full.endswith(bare) else ""
    return words, (bare if words else full) + _sign(f)


def _sign(f: Fact) -> str:
    if f.status == SINGLE:
        return " " + SIGN_SINGLE
    if f.status in SOFT:
        return " " + SIGN_SOFT
    return ""


def _mark_class(f: Fact, gi: int) -> str:
    kind = "threshold" if f.bound in THRESHOLDS else "exact"
    return f"chart-mark g{gi % 4} {kind}"


def _title(store: Store, f: Fact, locale: Locale = EN) -> str:
    return locale.say("chart_mark", value=value_text(f, unit=True, locale=locale),
                      tooltip=tooltip(store, f, locale))


def _rect(page, f: Fact, gi: int, x: float, y: float, w: float, h: float, slug: str,
          locale: Locale = EN) -> str:
    # An inline style, so that the class's colour does not cover the hatching.
    fill = f' style="fill:url(#{slug}-hatch-{gi % 4})"' if f.bound in THRESHOLDS else ""
    return (f'<a href="{esc(page.link(f.id))}" class="chart-link">'
            f'<rect class="{_mark_class(f, gi)}" data-fact="{esc(f.id)}" '
            f'data-value="{esc(_machine(f))}" x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" '
            f'height="{_num(max(h, 1))}"{fill}><title>{esc(_title(page.store, f, locale))}</title>'
            "</rect></a>")


def _label(f: Fact, x: float, y: float, anchor: str, two_lines: bool,
           digits: int | None = None, cls: str = "chart-value", locale: Locale = EN) -> str:
    words, number = _value_lines(f, digits, locale)
    attrs = (f'class="{cls}" data-fact="{esc(f.id)}" x="{_num(x)}" y="{_num(y)}" '
             f'text-anchor="{anchor}"')
    if words and two_lines:
        return (f'<text {attrs}><tspan class="chart-bound" x="{_num(x)}" dy="-1.1em">'
                f'{esc(words)}</tspan><tspan x="{_num(x)}" dy="1.1em">{esc(number)}</tspan>'
                "</text>")
    body = f"{words}{locale.bound_join}{number}" if words else number.strip()
    return f"<text {attrs}>{esc(body)}</text>"


def _defs(slug: str) -> str:
    pats = "".join(
        f'<pattern id="{slug}-hatch-{g}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect class="hatch-bg" width="6" height="6"/>'
        f'<line class="hatch g{g}" x1="0" y1="0" x2="0" y2="6"/></pattern>' for g in range(4))
    return f"<defs>{pats}</defs>"


def _scale(store: Store, ids: list[str]) -> tuple[float, float]:
    values = [float(store.facts[f].value) for f in ids]
    return min(0.0, *values), max(0.0, *values) or 1.0


# ------------------------------------------------------------------ the two layouts


def columns_svg(page, p: Plan, slug: str, locale: Locale = EN) -> tuple[str, int]:
    store, L = page.store, locale
    ids = list(p.cell.values()) + p.lines
    lo, hi = _scale(store, ids)
    # Below a negative bar its label needs room above the period names.
    top, bottom, left, right = 40, 44 + (30 if lo < 0 else 0), 4, 4
    height = 300
    plot = height - top - bottom
    def y(v: float) -> float:
        return top + (hi - v) / (hi - lo) * plot
    n = len(p.categories)
    slot = (WIDTH - left - right) / max(n, 1)
    out = [f'<line class="chart-axis" x1="{left}" x2="{WIDTH - right}" y1="{_num(y(0))}" '
           f'y2="{_num(y(0))}"/>']
    two = slot < 120
    for ci, (key, text, first) in enumerate(p.categories):
        here = [(gi, p.cell[(key, gi)]) for gi in range(len(p.groups)) if (key, gi) in p.cell]
        w = min(slot * 0.8 / len(here), 64)
        x0 = left + ci * slot + (slot - w * len(here)) / 2
        for j, (gi, fid) in enumerate(here):
            f = store.facts[fid]
            v = float(f.value)
            x = x0 + j * w
            y1, y2 = sorted((y(v), y(0)))
            out.append(_rect(page, f, gi, x + 1, y1, w - 2, y2 - y1, slug, L))
            ly = y1 - 6 if v >= 0 else y2 + 16
            if v < 0 and _value_lines(f, locale=L)[0] and two:
                ly += 14
            out.append(_label(f, x + w / 2, ly, "middle", two, locale=L))
        out.append(_category_text(store, first, text, left + ci * slot + slot / 2,
                                  height - 26, two))
    for fid in p.lines:
        f = store.facts[fid]
        a, b = p.line_span[fid]
        x1, x2, yy = left + a * slot + 2, left + (b + 1) * slot - 2, y(float(f.value))
        out.append(_line(page, f, x1, yy, x2, yy, L))
        out.append(_label(f, x2, yy - 5, "end", False, digits=0, cls="chart-value chart-line",
                          locale=L))
    return "".join(out), height


def rows_svg(page, p: Plan, slug: str, locale: Locale = EN) -> tuple[str, int]:
    store, L = page.store, locale
    # The room right of the longest bar holds "more than 600,000 †" at a phone's larger type.
    left, label_room, bar, gap, head = 4, 180, 18, 5, 20
    ids = list(p.cell.values()) + p.lines
    lo, hi = _scale(store, ids)
    length = WIDTH - left - label_room
    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * length
    out, yy, spans = [], 8, []
    for key, text, first in p.categories:
        here = [(gi, p.cell[(key, gi)]) for gi in range(len(p.groups)) if (key, gi) in p.cell]
        lines = textwrap.wrap(text, _wrap_width(text)) or [text]
        out.append(_category_text(store, first, text, left, yy + 14, False, anchor="start",
                                  lines=lines))
        yy += head + 18 * (len(lines) - 1)
        start = yy
        for gi, fid in here:
            f = store.facts[fid]
            v = float(f.value)
            x1, x2 = sorted((x(v), x(0)))
            out.append(_rect(page, f, gi, x1, yy, x2 - x1, bar, slug, L))
            out.append(_label(f, max(x2, x(0)) + 6, yy + bar - 4, "start", False, locale=L))
            yy += bar + gap
        spans.append((start, yy - gap))
        yy += 10
    height = yy + 4
    out.insert(0, f'<line class="chart-axis" x1="{_num(x(0))}" x2="{_num(x(0))}" y1="4" '
                  f'y2="{height - 4}"/>')
    for fid in p.lines:
        f = store.facts[fid]
        a, b = p.line_span[fid]
        xx = x(float(f.value))
        out.append(_line(page, f, xx, spans[a][0] - 18, xx, spans[b][1] + 4, L))
        out.append(_label(f, xx + 5, spans[a][0] - 6, "start", False, digits=0,
                          cls="chart-value chart-line", locale=L))
    return "".join(out), height


def _wrap_width(text: str) -> int:
    """Characters on a line of a category name: a wide (CJK) character takes two."""
    return WRAP // 2 if any(unicodedata.east_asian_width(ch) in "WF" for ch in text) else WRAP


def _line(page, f: Fact, x1: float, y1: float, x2: float, y2: float,
          locale: Locale = EN) -> str:
    return (f'<a href="{esc(page.link(f.id))}" class="chart-link"><line class="chart-mark '
            f'chart-target" data-fact="{esc(f.id)}" data-value="{esc(_machine(f))}" '
            f'x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}">'
            f"<title>{esc(_title(page.store, f, locale))}</title></line></a>")


def _category_text(store: Store, fid: str, text: str, x: float, y: float, two: bool,
                   anchor: str = "middle", lines: list[str] | None = None) -> str:
    """A category's name under its bars: the period of the first fact in it, or a label
    (wrapped onto lines, so that a long label stays inside a phone's width)."""
    attrs = (f'class="chart-category" data-fact="{esc(fid)}" x="{_num(x)}" y="{_num(y)}" '
             f'text-anchor="{anchor}"')
    if lines and len(lines) > 1:
        spans = "".join(f'<tspan x="{_num(x)}"{" dy=" + chr(34) + "1.15em" + chr(34) if i else ""}>'
                        f"{esc(line)} </tspan>" for i, line in enumerate(lines))
        return f"<text {attrs}>{spans}</text>"
    parts = text.rsplit(" ", 1)
    if two and len(parts) == 2 and re.fullmatch(r"\d{4}", parts[1]):
        return (f'<text {attrs}><tspan x="{_num(x)}">{esc(parts[0])}</tspan>'
                f'<tspan x="{_num(x)}" dy="1.15em">{esc(parts[1])}</tspan></text>')
    # Chinese puts the year first: 2025年 over 第三季度.
    m = re.fullmatch(r"(\d{4}年)(\S+)", text) if two else None
    if m:
        return (f'<text {attrs}><tspan x="{_num(x)}">{esc(m[1])}</tspan>'
                f'<tspan x="{_num(x)}" dy="1.15em">{esc(m[2])}</tspan></text>')
    return f"<text {attrs}>{esc(text)}</text>"


# ------------------------------------------------------------------ the figure around a chart


def slug_of(title: str) -> str:
    """A chart's name in ids and file names: its title's Latin letters and digits; a title in
    other letters (中文) adds a short hash of itself, so two such titles never share a name."""
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    s = s[:60].rstrip("-")
    if any(ch.isalnum() and not ch.isascii() for ch in title):
        digest = hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]
        return f"{s[:51].rstrip('-')}-{digest}" if s else f"chart-{digest}"
    return s or "chart"


def chart_html(page, ids: tuple[str, ...], title: str, kind: str = "columns",
               by: str = "period", register=None, locale: Locale | None = None) -> str:
    """A chart as a <figure>: title and unit, the SVG, a legend, the date the figures were
    checked up to, the sources, a CSV of its facts and a collapsible table of them."""
    if kind not in KINDS:
        raise ChartError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if by not in BY:
        raise ChartError(f"by {by!r} is not one of {', '.join(BY)}")
    if not title or not str(title).strip():
        raise ChartError("a chart needs a title (title=\"…\")")
    store, L = page.store, page_locale(page, locale)
    groups, facts = resolve(store, ids, by, L)
    p = plan(store, groups, by, L)
    slug = slug_of(str(title))
    if register is not None:
        register(slug, facts)
    body, height = (rows_svg if kind == "rows" or by == "fact" else columns_svg)(page, p, slug,
                                                                                 L)
    tid, did = f"chart-{slug}-title", f"chart-{slug}-desc"
    svg = (f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {height}" role="group" '
           f'aria-labelledby="{tid}" aria-describedby="{did}" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="{tid}">{esc(title)}</title>'
           f'<desc id="{did}">{esc(describe(store, p, kind, by, L))}</desc>{_defs(slug)}'
           f"{body}</svg>")
    unit = store.facts[facts[0]].unit
    table = data_table(page, facts, L)
    return (f'<figure class="chart" id="chart-{slug}">'
            f'<figcaption><span class="chart-title">{esc(title)}</span> '
            f'<span class="chart-unit">{L.html("chart_unit", unit=esc(L.units[unit].plural))}'
            f"</span></figcaption>{svg}{legend(store, p, L)}{meta(page, facts, slug, L)}"
            f'<details class="chart-data"><summary>{L.html("chart_table")}'
            f'</summary><div class="chart-table">{table}</div></details></figure>')


def data_table(page, facts: list[str], locale: Locale | None = None) -> str:
    """The chart's figures as a table: each figure in provenance markup, its label linked to
    its page. The figures are not links themselves: a folded table holds nothing to tab to or
    tap by mistake, and the chart's bars already lead to the same pages."""
    store, L = page.store, page_locale(page, locale)
    rows = []
    for fid in facts:
        f = store.facts[fid]
        sids = [s for s in dict.fromkeys(r.source for r in f.sources) if s in store.sources]
        srcs = esc(L.enum).join(R.source_ref_html(store, s, page.up + "sources.html",
                                                  label_id=R.repeated(store, f, s), locale=L)
                                for s in sids)
        rows.append(f'<tr><td><a href="{esc(page.link(fid))}">{R.label_html(f, L)}</a></td>'
                    f"<td>{fact_html(store, fid, None, unit=True, locale=L)}</td>"
                    f"<td>{R.period_html(f, L)}</td><td>{srcs or L.html('derived')}</td></tr>")
    head = "".join(f"<th>{L.html(k)}</th>"
                   for k in ("col_what", "col_figure", "col_when", "col_sources"))
    return (f'<table class="fact-table chart-figures"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def describe(store: Store, p: Plan, kind: str, by: str, locale: Locale = EN) -> str:
    """The chart's description for screen readers, in words without figures (the figures are
    in the table beside it)."""
    L = locale
    what = L.say("chart_rows" if kind == "rows" or by == "fact" else "chart_columns")
    order = L.say("chart_in_date_order" if by == "period" else "chart_one_per_figure")
    return L.say("chart_description", what=what, order=order,
                 groups=L.semicolon.join(g.name for g in p.groups),
                 lines=L.say("chart_lines") if p.lines else "")


def legend(store: Store, p: Plan, locale: Locale = EN) -> str:
    """The chart's key: a swatch per group of bars, a line per group drawn as lines, and the
    hatching and signs it uses."""
    L = locale
    barred = {gi for (_, gi) in p.cell}
    items = [f'<li><span class="swatch g{gi % 4}" aria-hidden="true"></span>{esc(g.name)}</li>'
             for gi, g in enumerate(p.groups) if gi in barred]
    items += [f'<li><span class="swatch line" aria-hidden="true"></span>'
              f'{L.html("legend_line", name=esc(g.name))}</li>'
              for gi, g in enumerate(p.groups) if gi not in barred and g.facts]
    facts = [store.facts[fid] for fid in [*p.cell.values(), *p.lines]]
    if any(f.bound in THRESHOLDS for f in facts):
        items.append('<li><span class="swatch threshold" aria-hidden="true"></span>'
                     f'{L.html("legend_threshold")}</li>')
    if any(f.status == SINGLE for f in facts):
        items.append(f'<li>{esc(SIGN_SINGLE)} {L.html("legend_single")}</li>')
    if any(f.status in SOFT for f in facts):
        items.append(f'<li>{esc(SIGN_SOFT)} {L.html("legend_soft")}</li>')
    return f'<ul class="chart-legend">{"".join(items)}</ul>'


def meta(page, facts: list[str], slug: str, locale: Locale | None = None) -> str:
    """Under a chart: the day its figures were checked up to, its sources and its CSV."""
    store, L = page.store, page_locale(page, locale)
    checked = sorted(store.facts[f].checked for f in facts if store.facts[f].checked)
    when = ""
    if checked:
        day = checked[-1]
        try:
            words = format_span(parse_date(day), locale=L)
            when = L.html("chart_checked", date=f'<time datetime="{esc(day)}" data-version="'
                                                f'{esc(day)}">{esc(words)}</time>')
        except PeriodError:
            when = ""
    sids = [s for s in dict.fromkeys(r.source for f in facts for r in store.facts[f].sources)
            if s in store.sources]
    publishers = [store.sources[s].publisher for s in sids]
    refs = esc(L.enum).join(
        R.source_ref_html(store, s, page.up + "sources.html",
                          label_id=publishers.count(store.sources[s].publisher) > 1, locale=L)
        for s in sids) or L.html("chart_no_sources")
    # An apostrophe is inert in element text: the English words stay as they always were.
    download = L.html("chart_download").replace("&#x27;", "'")
    return (f'<p class="chart-meta">{when}{L.html("chart_sources", refs=refs)}<a '
            f'class="chart-csv" href="{page.up}data/charts/{esc(slug)}.csv" download>'
            f"{download}</a></p>")


def chart_csv(store: Store, ids: list[str], base_url: str = "", locale: Locale = EN) -> str:
    """Exactly a chart's facts, with the columns of data/facts.csv, in the locale's words."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for fid in ids:
        row = fact_record(store.facts[fid], base_url, locale)
        row["sources"] = "; ".join(
            s["id"] + ("" if s["bound"] == "exact" else f" ({s['bound']})") + f": {s['states']}"
            for s in row["sources"])
        writer.writerow({k: "" if row[k] is None else csv_cell(row[k]) for k in CSV_COLUMNS})
    return out.getvalue()


# ------------------------------------------------------------------ sparklines and cards


def sparkline(page, ids: list[str], highlight: str | None = None,
              locale: Locale | None = None) -> str:
    """A small chart of a series for a card: one traced bar per figure, no text."""
    store, L = page.store, page_locale(page, locale)
    facts = [store.facts[f] for f in ids]
    lo, hi = _scale(store, ids)
    w, h, n = 120, 32, len(facts)
    slot = w / max(n, 1)
    bars = []
    for i, f in enumerate(facts):
        v = float(f.value)
        top = 2 + (hi - v) / (hi - lo) * (h - 4)
        zero = 2 + hi / (hi - lo) * (h - 4)
        y1, y2 = sorted((top, zero))
        cls = "chart-mark spark" + (" now" if f.id == highlight else "") + (
            " threshold" if f.bound in THRESHOLDS else "")
        bars.append(f'<rect class="{cls}" data-fact="{esc(f.id)}" data-value="'
                    f'{esc(_machine(f))}" x="{_num(i * slot + 1)}" y="{_num(y1)}" '
                    f'width="{_num(max(slot - 2, 1))}" height="{_num(max(y2 - y1, 1))}">'
                    f"<title>{esc(_title(store, f, L))}</title></rect>")
    return (f'<svg class="sparkline" viewBox="0 0 {w} {h}" preserveAspectRatio="none" '
            'aria-hidden="true" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>')


def spark_ids(store: Store, spark: str) -> list[str]:
    """The figures of a card's sparkline: a series ('series:<id>'), or the facts that share a
    fact's label and unit, in date order."""
    if spark.startswith(SERIES_PREFIX):
        ids = resolve(store, (spark,))[0][0].facts
    else:
        if spark not in store.facts:
            raise ChartError(f"unknown fact id {spark!r} (fix the id, or add the fact)")
        f = store.facts[spark]
        ids = [g.id for g in store.facts.values() if g.label == f.label and g.unit == f.unit]
    dated = [fid for fid in ids if _span(store.facts[fid]) is not None]
    return sorted(dated, key=lambda fid: (_span(store.facts[fid]).start, fid))


def card_html(page, fid: str, title: str | None = None, spark: list[str] | None = None,
              against: str | None = None, locale: Locale | None = None) -> str:
    """A key number: what it is, the figure, its period and sources, and a sparkline."""
    store, L = page.store, page_locale(page, locale)
    f = store.facts[fid]
    head = esc(title) if title else R.label_html(f, L)
    figure = fact_html(store, fid, page.link(fid), unit=True, locale=L)
    vs = ""
    if against:
        g = store.facts[against]
        other = fact_html(store, against, page.link(against), unit=True, locale=L)
        vs = (f'<p class="card-against">'
              f'{L.html("card_against", figure=other, label=R.label_html(g, L))}</p>')
    sids = [s for s in dict.fromkeys(r.source for r in f.sources) if s in store.sources]
    # Two sources on a card; its figure's page lists them all.
    srcs = esc(L.enum).join(R.source_ref_html(store, s, page.up + "sources.html", locale=L)
                            for s in sids[:2])
    srcs = (srcs + (L.html("card_more") if len(sids) > 2 else "")) or \
        L.html("card_no_sources")
    line = sparkline(page, spark, fid, L) if spark else ""
    return (f'<div class="key-card"><p class="card-title">{head}</p>'
            f'<p class="card-figure">{figure}</p>{vs}'
            f'<p class="card-meta">{R.period_html(f, L)} · {srcs}</p>{line}</div>')


def spec_box_html(page, ids: tuple[str, ...], title: str | None = None,
                  locale: Locale | None = None) -> str:
    """A model's key facts in a box, in the manner of an encyclopedia's infobox."""
    store, L = page.store, page_locale(page, locale)
    rows = "".join(
        f"<tr><th scope=\"row\">{R.label_html(store.facts[fid], L)}</th>"
        f"<td>{fact_html(store, fid, page.link(fid), unit=True, locale=L)}</td></tr>"
        for fid in ids)
    cap = f"<caption>{esc(title)}</caption>" if title else ""
    return f'<aside class="spec-box"><table>{cap}<tbody>{rows}</tbody></table></aside>'


# ------------------------------------------------------------------ the timeline


def event_date(f: Fact, locale: Locale = EN) -> tuple[str, str]:
    """(ISO date for datetime=, words) of an event: a date fact's value, else its as-of date,
    else the start of its period."""
    if UNITS[f.unit].kind == "date":
        span = parse_date(str(f.value))
    elif f.as_of is not None:
        span = parse_date(str(f.as_of))
    elif f.period is not None:
        span = parse_period(str(f.period))
        return iso_start(span), period_text(f, locale=locale)
    else:
        raise ChartError(f"{f.id} is an event with no date, as-of date or period")
    return iso_start(span), format_span(span, locale=locale)


def _sort_key(iso: str) -> tuple:
    parts = [int(p) for p in iso.split("-")]
    return (date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1),
            len(parts))


def events(store: Store, locale: Locale = EN) -> list[tuple[str, str, Fact]]:
    """Every fact marked as an event, in date order: (iso, words, fact)."""
    out = []
    for f in store.facts.values():
        if getattr(f, "event", None):
            iso, words = event_date(f, locale)
            out.append((iso, words, f))
    out.sort(key=lambda e: (_sort_key(e[0]), e[2].id))
    return out


def event_word(kind: str, locale: Locale = EN) -> str:
    """A kind of event as the timeline names it: 'Launches', '发布'; an unknown kind as given."""
    return locale.say("event_" + kind) if kind in EVENT_KINDS else kind


def timeline_html(page, locale: Locale | None = None) -> str:
    """The dated events of the store as a list in date order, each linked to its fact; the page
    script adds buttons that filter it by kind."""
    store, L = page.store, page_locale(page, locale)
    items = []
    kinds = []
    for iso, words, f in events(store, L):
        kind = f.event
        if kind not in kinds:
            kinds.append(kind)
        figure = ""
        if UNITS[f.unit].kind != "date":
            figure = " " + fact_html(store, f.id, page.link(f.id), unit=True, locale=L)
        items.append(
            f'<li class="timeline-event" data-kind="{esc(kind)}">'
            f'<time class="timeline-date" datetime="{esc(iso)}" data-fact="{esc(f.id)}">'
            f"{esc(words)}</time> "
            f'<span class="timeline-kind kind-{esc(kind)}">{esc(event_word(kind, L))}'
            f'</span> <a class="timeline-label" href="{esc(page.link(f.id))}">'
            f"{R.label_html(f, L)}</a>{figure}</li>")
    order = [k for k in EVENT_KINDS if k in kinds]
    names = "".join(f'<li data-kind="{esc(k)}">{esc(event_word(k, L))}</li>' for k in order)
    return (f'<ul class="timeline-kinds" hidden>{names}</ul>'
            f'<ol class="timeline">{"".join(items)}</ol>')
