"""HTML blocks built from the store for pages: fact tables, the facts index, the bibliography
and the claim audit. Generator-agnostic: each takes a `link(fid)` that returns a permalink
relative to the page being built, and escapes everything that comes from data.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .check import checked_up_to, compute_verdict, series_gaps
from .format import (
    claim_figure_text,
    date_text,
    fact_html,
    period_text,
    stated_text,
)
from .locale import EN, Locale
from .model import Claim, Fact, Store
from .periods import PeriodError, format_span
from .text import esc as escape

Link = Callable[[str], str]
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# The English words, kept under their old names for callers that read them.
CHECK_WORDS = EN.check_words
VERDICT_WORDS = EN.verdicts


def text_html(store: Store, text: str | None, link: Link, slots: dict[str, str] | None = None,
              locale: Locale = EN) -> str:
    """Escape prose from the store, turning {fact.id} into figures and {slot} into given HTML."""
    if not text:
        return ""
    out, last = [], 0
    for m in PLACEHOLDER.finditer(text):
        out.append(escape(text[last:m.start()]))
        key = m.group(1).strip()
        if slots and key in slots:
            out.append(slots[key])
        else:
            out.append(fact_html(store, key, link(key), locale=locale))
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def range_html(store: Store, low: str, high: str, link: Link, unit: bool = True,
               locale: Locale = EN) -> str:
    """'59–62 weeks' from two facts of one unit; the unit is written once, after the range."""
    a, b = store.facts[low], store.facts[high]
    if a.unit != b.unit:
        raise ValueError(f"range of {low} ({a.unit}) and {high} ({b.unit}) mixes units")
    left = fact_html(store, low, link(low), unit=False, bound=False, locale=locale)
    right = fact_html(store, high, link(high), unit=unit, bound=False, locale=locale)
    return f'<span class="fact-range">{left}–{right}</span>'


def period_html(f: Fact, locale: Locale = EN, as_of: bool = True) -> str:
    """The fact's period or as-of date in words, marked with its id; without as_of, an as-of
    date is the date alone (under a heading that says what the date is: "When")."""
    text = period_text(f, locale=locale) if as_of or f.as_of is None or f.period is not None \
        else date_text(str(f.as_of), locale)
    return f'<span class="fact-period" data-fact="{escape(f.id)}">{escape(text)}</span>' \
        if text else ""


def label_html(f: Fact, locale: Locale = EN) -> str:
    """The fact's label, marked with its id."""
    return (f'<span class="fact-label" data-fact="{escape(f.id)}">'
            f'{escape(locale.text(f, "label"))}</span>')


def repeated(store: Store, f: Fact, sid: str) -> bool:
    """Whether another source of the fact has the same publisher (then its id is shown too)."""
    return any(store.sources[r.source].publisher == store.sources[sid].publisher
               for r in f.sources if r.source in store.sources and r.source != sid)


def source_ref_html(store: Store, sid: str, sources_href: str, fid: str | None = None,
                    states: str | None = None, label_id: bool = False,
                    locale: Locale = EN) -> str:
    """A source named by publisher (and id, to tell two of one publisher apart), linked to its
    bibliography entry."""
    s = store.sources[sid]
    extra = ""
    if states is not None:
        extra = (f' <span class="fact-states" data-source="{escape(sid)}"'
                 f'{f" data-fact={chr(34)}{escape(fid)}{chr(34)}" if fid else ""}>'
                 f'{locale.html("states", figure=escape(states))}</span>')
    shown_id = escape(locale.space + locale.paren(sid)) if label_id else ""
    return (f'<a class="source-ref" href="{escape(sources_href)}#{escape(sid)}" '
            f'data-source="{escape(sid)}">{escape(locale.text(s, "publisher"))}'
            f'{shown_id}</a>{extra}')


def statement_text(f: Fact, ref, locale: Locale = EN) -> str:
    """What one source of a fact states, in words."""
    return stated_text(ref.states, f.unit, ref.bound, locale)


def facts_table(store: Store, ids: list[str], link: Link, sources_href: str,
                caption: str | None = None, style: str = "auto", locale: Locale = EN) -> str:
    """A table of facts: what, value, period, sources."""
    L = locale
    rows = []
    for fid in ids:
        f = store.facts[fid]
        srcs = escape(L.enum).join(
            source_ref_html(store, sid, sources_href, label_id=repeated(store, f, sid), locale=L)
            for sid in dict.fromkeys(r.source for r in f.sources)) or L.html("derived")
        rows.append(
            f"<tr><td>{label_html(f, L)}</td>"
            f"<td>{fact_html(store, fid, link(fid), style=style, unit=True, locale=L)}</td>"
            f"<td>{period_html(f, L)}</td><td>{srcs}</td></tr>"
        )
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    head = "".join(f"<th>{L.html(k)}</th>"
                   for k in ("col_what", "col_figure", "col_when", "col_sources"))
    return (f'<table class="fact-table">{cap}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


SOURCE_KINDS = EN.source_kinds  # the English headings, under their old name
SHOWN_SUPPORTS = 4  # past these, the facts a source supports fold away


def sources_list(store: Store, cited_by: dict[str, list[str]], link_index: Link,
                 locale: Locale = EN) -> str:
    """The bibliography by kind of source (Markdown headings give the table of contents):
    publisher, title, address, date, and the facts each supports, by label and period."""
    kinds = locale.source_kinds
    by_kind: dict[str, list[str]] = {k: [] for k in kinds}
    for s in store.sources.values():
        by_kind.setdefault(s.kind, []).append(_source_item(store, s, cited_by, link_index,
                                                           locale))
    return "\n\n".join(
        f"## {escape(kinds.get(kind, kind))} {{#kind-{kind.replace('_', '-')}}}\n\n"
        f'<ol class="bibliography">{"".join(items)}</ol>'
        for kind, items in by_kind.items() if items)


def _source_item(store: Store, s, cited_by: dict[str, list[str]], link_index: Link,
                 locale: Locale = EN) -> str:
    L = locale
    when = ""
    if s.published:
        try:
            when = (f'{escape(L.comma)}<time datetime="{escape(s.published)}" '
                    f'data-source="{escape(s.id)}">{escape(date_text(s.published, L))}</time>')
        except PeriodError:
            when = ""
    title = f'<cite data-source="{escape(s.id)}">{escape(L.text(s, "title"))}</cite>'
    if s.url:
        title = f'<a href="{escape(s.url)}" rel="nofollow noopener">{title}</a>'
    author = f"{escape(s.author)}{escape(L.comma)}" if s.author else ""
    note = (f' <em class="source-note" data-source="{escape(s.id)}">'
            f'{escape(L.text(s, "note"))}</em>' if s.note else "")
    copy = ""
    if s.copy_of and s.copy_of in store.sources:
        copy = L.html("copy_of_source", source=(
            f'<a href="#{escape(s.copy_of)}">'
            f'{escape(L.text(store.sources[s.copy_of], "publisher"))}</a>'))
    facts = [store.facts[fid] for fid in dict.fromkeys(cited_by.get(s.id, []))
             if fid in store.facts]

    def entry(f) -> str:
        when = period_text(f, short=True, locale=L)
        return (f'<li><a href="{escape(link_index(f.id))}">{escape(L.text(f, "label"))}'
                f"{escape(L.comma) + escape(when) if when else ''}</a></li>")

    uses = ""
    if facts:
        shown = "".join(entry(f) for f in facts[:SHOWN_SUPPORTS])
        rest = "".join(entry(f) for f in facts[SHOWN_SUPPORTS:])
        more = (f"<details><summary>{L.html('and_more', n=len(facts) - SHOWN_SUPPORTS)}"
                f"</summary><ul>{rest}</ul></details>" if rest else "")
        # The labels and periods come from the store: the list is traced as a whole.
        uses = (f'<div class="source-supports" data-search-exclude data-source="{escape(s.id)}">'
                f"{L.html('supports')}<ul>{shown}</ul>{more}</div>")
    return (f'<li id="{escape(s.id)}" data-source="{escape(s.id)}"><span class="source-id">'
            f"{escape(s.id)}</span> {author}<strong>{escape(L.text(s, 'publisher'))}</strong>"
            f"{escape(L.colon)}{title}{when}{escape(L.stop)}{copy}{note}{uses}</li>")


def claim_stated_html(store: Store, c: Claim, locale: Locale = EN) -> str:
    """The figure an audited source gives, marked as coming from that source."""
    if c.states is None:
        return ""
    text = claim_figure_text(store, c, locale)
    return (f'<span class="claim-figure" data-source="{escape(c.source)}" '
            f'data-claim="{escape(c.id)}">{escape(text)}</span>')


def scorecard_html(store: Store, locale: Locale = EN) -> str:
    """How many claims got each verdict, most serious first; each count links to the claims."""
    L = locale
    order = ["misstated", "mislabelled", "unsupported", "opinion", "consistent"]
    counts = {v: [c.id for c in store.claims.values() if c.verdict == v] for v in order}

    def links(ids: list[str]) -> str:
        return escape(L.enum).join(
            f'<a href="#{escape(i)}" data-claim="{escape(i)}">{escape(i)}</a>' for i in ids)

    items = "".join(
        f'<li><span class="verdict verdict-{v}">{escape(L.verdicts[v])}</span> '
        f'<data class="verdict-count" value="{len(ids)}" data-claim="{escape(" ".join(ids))}">'
        f'{len(ids)}</data> <span class="scorecard-claims">{links(ids)}</span></li>'
        for v, ids in counts.items() if ids)
    total = len(store.claims)
    count = f'<data value="{total}" data-claim="all">{total}</data>'
    return (f'<div class="scorecard"><p>{L.html("scorecard", total=count)}</p>'
            f'<ul class="scorecard-list">{items}</ul></div>')


def claims_table(store: Store, link: Link, sources_href: str, locale: Locale = EN,
                 verdicts: dict[str, str | None] | None = None) -> str:
    """The audit: each claim as its heading, what the sources say, the verdict and why.
    verdicts: what the check computed for each claim (None: editorial), from its report."""
    L = locale
    if verdicts is None:
        values = {fid: f.value for fid, f in store.facts.items()}
        units = {fid: f.unit for fid, f in store.facts.items()}
        verdicts = {c.id: compute_verdict(c, values, units) for c in store.claims.values()}
    out = []
    for c in store.claims.values():
        says = text_html(store, L.text(c, "says"), link,
                         {"states": claim_stated_html(store, c, L)}, L)
        found = _claim_found(store, c, link, sources_href, L)
        how = L.html("verdict_computed" if verdicts.get(c.id) else "verdict_editorial")
        out.append(
            f'<section class="claim" id="{escape(c.id)}">'
            f'<h3 class="claim-says"><span class="verdict verdict-{escape(c.verdict)}">'
            f"{escape(L.verdicts[c.verdict])}</span> {says} "
            f'<small class="claim-id" data-claim="{escape(c.id)}">{escape(c.id)}</small></h3>'
            + (f'<p class="claim-found"><strong>{L.html("the_sources")}</strong>{L.space}'
               f'{escape(L.semicolon).join(found)}{escape(L.stop)}</p>' if found else "")
            + f'<p class="claim-reason"><strong>{L.html("why")}</strong>{L.space}'
            f'{text_html(store, L.text(c, "reason"), link, locale=L)}'
            f'{L.space}<small>{escape(L.parens[0])}{how}{escape(L.parens[1])}</small></p>'
            "</section>"
        )
    return "\n".join(out)


def _claim_found(store: Store, c: Claim, link: Link, sources_href: str,
                 locale: Locale) -> list[str]:
    """What the sources say about a claim: its fact, the fact its figure fits, the evidence."""
    L = locale
    found = []
    if c.about in store.facts:
        f = store.facts[c.about]
        found.append(f"{label_html(f, L)}{escape(L.colon)}"
                     f"{fact_html(store, f.id, link(f.id), unit=True, locale=L)}"
                     + (f"{L.space}{escape(L.parens[0])}{period_html(f, L)}{escape(L.parens[1])}"
                        if period_text(f, locale=L) else ""))
    if c.matches in store.facts:
        f = store.facts[c.matches]
        found.append(L.html("figure_fits", label=label_html(f, L),
                            figure=fact_html(store, f.id, link(f.id), unit=True, locale=L)))
    for sid in c.evidence:
        if sid in store.sources:
            found.append(L.html("see_more" if found else "see_first",
                                source=source_ref_html(store, sid, sources_href, locale=L)))
    return found


def checked_html(store: Store, locale: Locale = EN) -> str:
    """'26 November 2026': the latest day on which a fact was compared with its sources."""
    day = checked_up_to(store)
    if day is None:
        return f'<span class="checked-up-to">{locale.html("no_date")}</span>'
    return (f'<time class="checked-up-to" datetime="{escape(day)}" data-version="{escape(day)}">'
            f"{escape(date_text(day, locale))}</time>")


def gaps_html(store: Store, locale: Locale = EN) -> str:
    """The known gaps: for each series, the periods with no figure, as a list."""
    L = locale
    gaps = series_gaps(store)
    if not gaps:
        return (f'<p class="known-gaps">'
                f'{L.html("series_complete", date=checked_html(store, L))}</p>')
    items = []
    for gap in gaps:
        periods = escape(L.enum).join(
            f'<span class="gap-period" data-version="{escape(p.text)}">'
            f"{escape(format_span(p, locale=L))}</span>" for p in gap.periods)
        series = store.series.get(gap.series, gap)  # the series' own words, in the locale
        label = f"<strong>{escape(L.text(series, 'label'))}</strong>"
        items.append(f'<li data-series="{escape(gap.series)}">'
                     f'{L.html("gap", series=label, periods=periods)}</li>')
    return '<ul class="known-gaps">' + "".join(items) + "</ul>"


def verdict_html(c: Claim, audit_href: str, locale: Locale = EN) -> str:
    """The verdict of a claim as the audit words it, so every page says the same."""
    word = locale.verdicts_inline[c.verdict]
    return (f'<a class="verdict-ref verdict-{escape(c.verdict)}" href="{escape(audit_href)}#'
            f'{escape(c.id)}" data-claim="{escape(c.id)}">{escape(word)}</a>')
