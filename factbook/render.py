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
from .model import Claim, Fact, Store
from .periods import PeriodError, format_span
from .text import esc as escape

Link = Callable[[str], str]
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
CHECK_WORDS = {
    "source": "the figures its sources state",
    "derivation": "a formula over other facts",
    "rule": "a rule across facts",
    "claim": "an audited claim",
}
VERDICT_WORDS = {
    "consistent": "Consistent",
    "misstated": "Misstated",
    "mislabelled": "Mislabelled metric",
    "unsupported": "Unsupported",
    "opinion": "Opinion",
}


def text_html(store: Store, text: str | None, link: Link, slots: dict[str, str] | None = None,
              ) -> str:
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
            out.append(fact_html(store, key, link(key)))
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def range_html(store: Store, low: str, high: str, link: Link, unit: bool = True) -> str:
    """'59–62 weeks' from two facts of one unit; the unit is written once, after the range."""
    a, b = store.facts[low], store.facts[high]
    if a.unit != b.unit:
        raise ValueError(f"range of {low} ({a.unit}) and {high} ({b.unit}) mixes units")
    left = fact_html(store, low, link(low), unit=False, bound=False)
    right = fact_html(store, high, link(high), unit=unit, bound=False)
    return f'<span class="fact-range">{left}–{right}</span>'


def period_html(f: Fact) -> str:
    text = period_text(f)
    return f'<span class="fact-period" data-fact="{escape(f.id)}">{escape(text)}</span>' \
        if text else ""


def label_html(f: Fact) -> str:
    return f'<span class="fact-label" data-fact="{escape(f.id)}">{escape(f.label)}</span>'


def repeated(store: Store, f: Fact, sid: str) -> bool:
    """Whether another source of the fact has the same publisher (then its id is shown too)."""
    return any(store.sources[r.source].publisher == store.sources[sid].publisher
               for r in f.sources if r.source in store.sources and r.source != sid)


def source_ref_html(store: Store, sid: str, sources_href: str, fid: str | None = None,
                    states: str | None = None, label_id: bool = False) -> str:
    """A source named by publisher (and id, to tell two of one publisher apart), linked to its
    bibliography entry."""
    s = store.sources[sid]
    extra = ""
    if states is not None:
        extra = (f' <span class="fact-states" data-source="{escape(sid)}"'
                 f'{f" data-fact={chr(34)}{escape(fid)}{chr(34)}" if fid else ""}>'
                 f'states {escape(states)}</span>')
    return (f'<a class="source-ref" href="{escape(sources_href)}#{escape(sid)}" '
            f'data-source="{escape(sid)}">{escape(s.publisher)}'
            f'{f" ({escape(sid)})" if label_id else ""}</a>{extra}')


def statement_text(f: Fact, ref) -> str:
    return stated_text(ref.states, f.unit, ref.bound)


def facts_table(store: Store, ids: list[str], link: Link, sources_href: str,
                caption: str | None = None, style: str = "auto") -> str:
    """A table of facts: what, value, period, sources."""
    rows = []
    for fid in ids:
        f = store.facts[fid]
        srcs = ", ".join(source_ref_html(store, sid, sources_href, label_id=repeated(store, f, sid))
                         for sid in dict.fromkeys(r.source for r in f.sources)) or "derived"
        rows.append(
            f"<tr><td>{label_html(f)}</td>"
            f"<td>{fact_html(store, fid, link(fid), style=style, unit=True)}</td>"
            f"<td>{period_html(f)}</td><td>{srcs}</td></tr>"
        )
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (f'<table class="fact-table">{cap}<thead><tr><th>What</th><th>Figure</th>'
            f'<th>When</th><th>Sources</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


SOURCE_KINDS = {
    "filing": "Filings", "press_release": "Press releases", "industry_data": "Industry data",
    "news": "News", "analysis": "Analysis", "aggregator": "Aggregators and copies",
    "blog": "Blogs", "audited": "The audited article",
}
SHOWN_SUPPORTS = 4  # past these, the facts a source supports fold away


def sources_list(store: Store, cited_by: dict[str, list[str]], link_index: Link) -> str:
    """The bibliography by kind of source (Markdown headings give the table of contents):
    publisher, title, address, date, and the facts each supports, by label and period."""
    by_kind: dict[str, list[str]] = {k: [] for k in SOURCE_KINDS}
    for s in store.sources.values():
        by_kind.setdefault(s.kind, []).append(_source_item(store, s, cited_by, link_index))
    return "\n\n".join(
        f"## {escape(SOURCE_KINDS.get(kind, kind))} {{#kind-{kind.replace('_', '-')}}}\n\n"
        f'<ol class="bibliography">{"".join(items)}</ol>'
        for kind, items in by_kind.items() if items)


def _source_item(store: Store, s, cited_by: dict[str, list[str]], link_index: Link) -> str:
    when = ""
    if s.published:
        try:
            when = (f', <time datetime="{escape(s.published)}" data-source="{escape(s.id)}">'
                    f"{escape(date_text(s.published))}</time>")
        except PeriodError:
            when = ""
    title = f'<cite data-source="{escape(s.id)}">{escape(s.title)}</cite>'
    if s.url:
        title = f'<a href="{escape(s.url)}" rel="nofollow noopener">{title}</a>'
    author = f"{escape(s.author)}, " if s.author else ""
    note = (f' <em class="source-note" data-source="{escape(s.id)}">{escape(s.note)}</em>'
            if s.note else "")
    copy = ""
    if s.copy_of and s.copy_of in store.sources:
        copy = (f' A copy of <a href="#{escape(s.copy_of)}">'
                f"{escape(store.sources[s.copy_of].publisher)}</a>; it confirms nothing alone.")
    facts = [store.facts[fid] for fid in dict.fromkeys(cited_by.get(s.id, []))
             if fid in store.facts]

    def entry(f) -> str:
        when = period_text(f, short=True)
        return (f'<li><a href="{escape(link_index(f.id))}">'
                f"{escape(f.label)}{', ' + escape(when) if when else ''}</a></li>")

    uses = ""
    if facts:
        shown = "".join(entry(f) for f in facts[:SHOWN_SUPPORTS])
        rest = "".join(entry(f) for f in facts[SHOWN_SUPPORTS:])
        more = (f"<details><summary>and {len(facts) - SHOWN_SUPPORTS} more</summary>"
                f"<ul>{rest}</ul></details>" if rest else "")
        # The labels and periods come from the store: the list is traced as a whole.
        uses = (f'<div class="source-supports" data-search-exclude data-source="{escape(s.id)}">'
                f"Supports:<ul>{shown}</ul>{more}</div>")
    return (f'<li id="{escape(s.id)}" data-source="{escape(s.id)}"><span class="source-id">'
            f"{escape(s.id)}</span> {author}<strong>{escape(s.publisher)}</strong>: "
            f"{title}{when}.{copy}{note}{uses}</li>")


def claim_stated_html(store: Store, c: Claim) -> str:
    """The figure an audited source gives, marked as coming from that source."""
    if c.states is None:
        return ""
    text = claim_figure_text(store, c)
    return (f'<span class="claim-figure" data-source="{escape(c.source)}" '
            f'data-claim="{escape(c.id)}">{escape(text)}</span>')


def scorecard_html(store: Store) -> str:
    """How many claims got each verdict, most serious first; each count links to the claims."""
    order = ["misstated", "mislabelled", "unsupported", "opinion", "consistent"]
    counts = {v: [c.id for c in store.claims.values() if c.verdict == v] for v in order}
    def links(ids: list[str]) -> str:
        return ", ".join(f'<a href="#{escape(i)}" data-claim="{escape(i)}">{escape(i)}</a>'
                         for i in ids)

    items = "".join(
        f'<li><span class="verdict verdict-{v}">{escape(VERDICT_WORDS[v])}</span> '
        f'<data class="verdict-count" value="{len(ids)}" data-claim="{escape(" ".join(ids))}">'
        f'{len(ids)}</data> <span class="scorecard-claims">{links(ids)}</span></li>'
        for v, ids in counts.items() if ids)
    total = len(store.claims)
    return (f'<div class="scorecard"><p>The article makes <data value="{total}" '
            f'data-claim="all">{total}</data> checkable claims. Their verdicts:</p>'
            f'<ul class="scorecard-list">{items}</ul></div>')


def claims_table(store: Store, link: Link, sources_href: str) -> str:
    """The audit: each claim as its heading, what the sources say, the verdict and why."""
    values = {fid: f.value for fid, f in store.facts.items()}
    units = {fid: f.unit for fid, f in store.facts.items()}
    out = []
    for c in store.claims.values():
        says = text_html(store, c.says, link, {"states": claim_stated_html(store, c)})
        found = []
        if c.about in store.facts:
            f = store.facts[c.about]
            found.append(f"{label_html(f)}: {fact_html(store, f.id, link(f.id), unit=True)}"
                         + (f" ({period_html(f)})" if period_text(f) else ""))
        if c.matches in store.facts:
            f = store.facts[c.matches]
            found.append(f"The figure fits {label_html(f)}: "
                         f"{fact_html(store, f.id, link(f.id), unit=True)}")
        for sid in c.evidence:
            if sid in store.sources:
                found.append(("see " if found else "See ")
                             + source_ref_html(store, sid, sources_href))
        computed = compute_verdict(c, values, units)
        how = "verdict computed from the figures" if computed else "an editorial verdict"
        out.append(
            f'<section class="claim" id="{escape(c.id)}">'
            f'<h3 class="claim-says"><span class="verdict verdict-{escape(c.verdict)}">'
            f"{escape(VERDICT_WORDS[c.verdict])}</span> {says} "
            f'<small class="claim-id" data-claim="{escape(c.id)}">{escape(c.id)}</small></h3>'
            + (f'<p class="claim-found"><strong>The sources:</strong> '
               f'{"; ".join(found)}.</p>' if found else "")
            + f'<p class="claim-reason"><strong>Why:</strong> {text_html(store, c.reason, link)}'
            f' <small>({how})</small></p></section>'
        )
    return "\n".join(out)


def checked_html(store: Store) -> str:
    """'26 November 2026': the latest day on which a fact was compared with its sources."""
    day = checked_up_to(store)
    if day is None:
        return '<span class="checked-up-to">no date recorded</span>'
    return (f'<time class="checked-up-to" datetime="{escape(day)}" data-version="{escape(day)}">'
            f"{escape(date_text(day))}</time>")


def gaps_html(store: Store) -> str:
    """The known gaps: for each series, the periods with no figure, as a list."""
    gaps = series_gaps(store)
    if not gaps:
        return '<p class="known-gaps">Every declared series is complete up to ' \
               f"{checked_html(store)}.</p>"
    items = []
    for gap in gaps:
        periods = ", ".join(
            f'<span class="gap-period" data-version="{escape(p.text)}">'
            f"{escape(format_span(p))}</span>" for p in gap.periods)
        items.append(f'<li data-series="{escape(gap.series)}"><strong>{escape(gap.label)}'
                     f"</strong>: no figure recorded for {periods}.</li>")
    return '<ul class="known-gaps">' + "".join(items) + "</ul>"


def verdict_html(c: Claim, audit_href: str) -> str:
    """The verdict of a claim as the audit words it, so every page says the same."""
    word = VERDICT_WORDS[c.verdict].lower()
    return (f'<a class="verdict-ref verdict-{escape(c.verdict)}" href="{escape(audit_href)}#'
            f'{escape(c.id)}" data-claim="{escape(c.id)}">{escape(word)}</a>')
