"""A page for every fact, and the compact facts index that lists them.

A fact's page shows its figure and exact stored value, its status in words, every source with
what it states, its history, the series it belongs to, the checks that guard it, the pages that
show it, a way to report an error, and a citation that credits the sources first. Retired ids
keep a page that says what replaced them. Everything taken from data is escaped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import quote

from . import cite
from .format import (
    STATUS_WORDS,
    date_text,
    fact_html,
    figure_html,
    machine_value,
    period_text,
    value_text,
)
from .model import UNITS, Fact
from .render import (
    CHECK_WORDS,
    label_html,
    period_html,
    source_ref_html,
    statement_text,
    text_html,
)
from .text import esc

STATUS_EXPLAINED = {
    "confirmed": "Confirmed: at least two independent sources state this figure.",
    "single_source": "Single source: only one source read so far states this figure; quote it "
                     "with that source named.",
    "company_claim": "Company claim: the figure is the company's own statement, not checked "
                     "independently.",
    "estimate": "Estimate: a forecast or a modelled figure, not a measurement.",
    "derived": "Derived: computed from other facts by the formula shown, and checked against "
               "it on every build.",
    "disputed": "Disputed: sources disagree; the note says how.",
    "plan": "Plan or target: a stated aim, not an outcome.",
}


def title_of(f: Fact) -> str:
    """'EV deliveries, Q3 2025': the fact page's heading and title, as plain text."""
    when = period_text(f)
    return f"{f.label}, {when}" if when else f.label


def page_title(f: Fact) -> str:
    """The page's title carries the figure too, so a search for it finds the fact first."""
    return f"{title_of(f)}: {value_text(f, unit=True)}"


def description_of(store, f: Fact) -> str:
    """One sentence for search engines and link previews: figure, period and who states it."""
    return f"{page_title(f)}. {cite.attribution(store, f)}. Status: {STATUS_WORDS[f.status]}."


def markdown_source(title: str, body: str, searchable: bool = True,
                    description: str | None = None) -> str:
    """A generated page: the title and description (escaped: the theme writes them into the
    page unescaped) and a body of finished HTML in one block, so Markdown has nothing to
    re-read."""
    # A fact page is what a search for its figure or label should find first.
    search = "" if searchable else "search:\n  exclude: true\n"
    meta = (f"description: {json.dumps(esc(description), ensure_ascii=False)}\n"
            if description else "")
    return (f"---\ntitle: {json.dumps(esc(title), ensure_ascii=False)}\n{meta}{search}---\n\n"
            f'<div class="fact-page">{body}</div>\n')


def fact_page(page, fid: str) -> str:
    """The body of one fact's page. `page` is a site.Page bound to the fact's own address."""
    site, store = page.site, page.store
    f = store.facts[fid]
    sources_href = page.up + "sources.html"
    heading = (f'<h1 id="{esc(fid)}">{label_html(f)}'
               + (f", {period_html(f)}" if period_text(f) else "") + "</h1>")
    unit = UNITS[f.unit]
    exact = machine_value(f) + ("" if unit.kind == "date" else f" {f.unit}")
    figure = fact_html(store, fid, None, unit=True)
    summary = (f'<p class="fact-value">{figure}</p>'
               f'<dl class="fact-fields"><dt>Stored value</dt><dd><code class="example">'
               f"{esc(exact)}</code></dd>"
               f"<dt>Status</dt><dd>{esc(STATUS_EXPLAINED[f.status])}</dd>"
               + (f'<dt>Checked</dt><dd><time datetime="{esc(f.checked)}" '
                  f'data-version="{esc(f.checked)}">{esc(date_text(f.checked))}</time></dd>'
                  if f.checked else "")
               + f'<dt>Id</dt><dd><code class="fact-id">{esc(fid)}</code></dd></dl>')
    note = (f'<p class="fact-note">{text_html(store, f.note, page.link)}</p>' if f.note else "")
    parts = [heading, summary, note, _sources(page, f, sources_href), _history(page, f),
             _series(page, f), _checks(page, f), _shown_on(page, f), _cite(page, f),
             _report(site, f)]
    return "".join(p for p in parts if p)


def _sources(page, f: Fact, sources_href: str) -> str:
    store = page.store
    items = []
    for r in f.sources:
        s = store.sources.get(r.source)
        if s is None:
            continue
        title = f'<cite data-source="{esc(s.id)}">{esc(s.title)}</cite>'
        if s.url:
            title = f'<a href="{esc(s.url)}" rel="nofollow noopener">{title}</a>'
        when = (f', <time datetime="{esc(s.published)}" data-source="{esc(s.id)}">'
                f"{esc(date_text(s.published))}</time>" if s.published else "")
        where = (f' <span class="fact-locator" data-source="{esc(s.id)}">({esc(r.locator)})'
                 "</span>" if r.locator else "")
        states = (f'<span class="fact-states" data-source="{esc(s.id)}" data-fact="{esc(f.id)}">'
                  f"{esc(statement_text(f, r))}</span>")
        copy = (f' <small>A copy of {source_ref_html(store, s.copy_of, sources_href)}.</small>'
                if s.copy_of and s.copy_of in store.sources else "")
        items.append(f"<li>{source_ref_html(store, s.id, sources_href)}: “{title}”{when}. "
                     f"States {states}{where}.{copy}</li>")
    if f.derive:
        items.append(f'<li>Derived by the formula <code class="example">'
                     f"{esc(f.derive.formula)}</code></li>")
    # Not a heading: the sources belong to the page's one search entry.
    return (f'<p class="fact-sources-title" id="sources"><strong>Sources</strong></p>'
            f'<ul class="fact-sources">{"".join(items)}</ul>')


def _history(page, f: Fact) -> str:
    store = page.store
    rows = []
    if f.supersedes and f.supersedes in store.facts:
        rows.append(f"<li>It replaced an earlier value: "
                    f"{fact_html(store, f.supersedes, page.link(f.supersedes), unit=True)}"
                    "</li>")
    for newer in page.site.superseded_by.get(f.id, []):  # an index: no scan per page
        rows.append(f"<li>It was replaced by a later value: "
                    f"{fact_html(store, newer, page.link(newer), unit=True)}</li>")
    return (f'<h2 id="history" data-search-exclude>History</h2><ul data-search-exclude>'
            f'{"".join(rows)}</ul>' if rows else "")


def _series(page, f: Fact) -> str:
    store = page.store
    out = []
    for s in store.series.values():
        if f.id not in s.facts:
            continue
        current = ' class="fact-current"'
        rows = "".join(
            f'<tr{current if fid == f.id else ""}><td>'
            f"{period_html(store.facts[fid])}</td>"
            f"<td>{fact_html(store, fid, page.link(fid), unit=True)}</td></tr>"
            for fid in s.facts if fid in store.facts)
        out.append(f'<table class="fact-table fact-series"><caption>{esc(s.label)}</caption>'
                   f"<thead><tr><th>When</th><th>Figure</th></tr></thead>"
                   f"<tbody>{rows}</tbody></table>")
    return ('<h2 id="series" data-search-exclude>In its series</h2><div data-search-exclude>'
            + "".join(out) + "</div>") if out else ""


def _checks(page, f: Fact) -> str:
    kinds = page.site.checks.get(f.id, [])
    if not kinds:
        return ('<h2 id="checks" data-search-exclude>Checks</h2><p data-search-exclude>No check '
                "compares this figure with another; it rests on its sources alone.</p>")
    words = ", ".join(CHECK_WORDS.get(k, k) for k in kinds)
    return (f'<h2 id="checks" data-search-exclude>Checks</h2><p data-search-exclude>Every build '
            f"compares this figure with {esc(words)}; a mistyped value stops the site from "
            "being published.</p>")


def _shown_on(page, f: Fact) -> str:
    pages = sorted(u for u in page.site.project.context.used.get(f.id, ())
                   if u.startswith("docs/") and u.endswith(".md"))
    if not pages:
        return ""
    links = "".join(
        f'<li><a href="{esc(page.up + _html_of(p))}">{esc(page.site.page_title(p))}</a></li>'
        for p in pages)
    return (f'<h2 id="shown-on" data-search-exclude>Shown on</h2><ul data-search-exclude>{links}'
            "</ul>")


def _html_of(md: str) -> str:
    return PurePosixPath(md).relative_to("docs").with_suffix(".html").as_posix()


def _cite(page, f: Fact) -> str:
    """Cite this: open, with large copy buttons. The reader's access date is filled in by the
    page script."""
    site, store = page.site, page.store
    permalink = site.permalink(f.id)
    slot = f'<span class="cite-accessed">{esc(cite.ACCESSED_SLOT)}</span>'
    # Only the slot the citation ends with is filled, never text of the same form from data.
    head, _, tail = esc(cite.fact_text(store, f, permalink, site.issued)).rpartition(
        esc(cite.ACCESSED_SLOT))
    plain = head + slot + tail
    bib = esc(cite.fact_bibtex(store, f, permalink, site.issued))
    csl = esc(json.dumps(cite.fact_csl(store, f, permalink, site.issued), ensure_ascii=False,
                         indent=1))
    parts = [("text", "Suggested citation", plain, True), ("bibtex", "BibTeX", bib, False),
             ("csl", "CSL-JSON", csl, False)]
    blocks = "".join(
        f'<div class="cite-part"><span class="cite-title">{title}</span> '
        f'<button type="button" class="cite-copy" data-copy="cite-{key}">Copy</button>'
        f'<pre class="cite-{key}{" cite-wrap" if wrap else ""}" id="cite-{key}">{body}</pre>'
        "</div>" for key, title, body, wrap in parts)
    return (f'<h2 id="cite" data-search-exclude>Cite this</h2><div class="cite" '
            f'data-search-exclude '
            f'data-fact="{esc(f.id)}">{blocks}<p>The sources of every fact are in '
            f'<a href="{page.up}data/sources.bib">sources.bib</a> and '
            f'<a href="{page.up}data/sources.csl.json">sources.csl.json</a>.</p></div>')


def _report(site, f: Fact) -> str:
    if not site.issues_url:
        return ""
    title = quote(f"Fact {f.id}: ")
    return (f'<p class="fact-report" data-search-exclude>'
            f'<a href="{esc(site.issues_url)}/new?title={title}">Report an error in this fact</a>'
            ": say what is wrong and give a source.</p>")


def retired_page(page, rid: str) -> str:
    store = page.store
    r = store.retired[rid]
    target = ""
    if r.replaced_by and r.replaced_by in store.facts:
        new = store.facts[r.replaced_by]
        when = f", {period_html(new)}" if period_text(new) else ""
        target = (f'<p>It was replaced by <a href="{esc(page.link(new.id))}">'
                  f"{label_html(new)}{when}</a>: "
                  f"{fact_html(store, new.id, page.link(new.id), unit=True)}.</p>")
    return (f'<h1 id="{esc(rid)}">Retired: <code class="fact-id">{esc(rid)}</code></h1>'
            f'<p>This id is no longer used. {text_html(store, r.note, page.link)}</p>{target}')


def facts_index(page, topic_of: Callable[[Fact], str]) -> str:
    """The compact index: one row a fact, grouped by topic, each row anchored by its id so
    links made to facts.html#<id> land on it. Markdown headings give the table of contents."""
    store = page.store
    by_topic: dict[str, list[Fact]] = {}
    for f in store.facts.values():
        by_topic.setdefault(topic_of(f), []).append(f)
    out = []
    for topic, facts in by_topic.items():
        rows = "".join(_index_row(page, f) for f in facts)
        slug = re.sub(r"[^a-z0-9-]+", "-", topic.lower()).strip("-") or "facts"
        out.append(f"## {esc(topic.replace('-', ' ').capitalize())} {{#topic-{slug}}}\n\n"
                   f'<table class="facts-index"><thead><tr><th>Fact</th><th>Figure</th>'
                   f"<th>Status</th><th>Checked</th></tr></thead><tbody>{rows}</tbody></table>")
    if store.retired:
        items = "".join(
            f'<li id="{esc(r.id)}"><a href="{esc(page.link(r.id))}"><code class="fact-id">'
            f"{esc(r.id)}</code></a></li>" for r in store.retired.values())
        out.append(f"## Retired ids {{#retired}}\n\n<ul class=\"facts-retired\">{items}</ul>")
    return "\n\n".join(out)


def _index_row(page, f: Fact) -> str:
    # Kept small: the index grows with the store. The first cell carries the fact's id for the
    # audit (labels hold no figure; the period comes from the store); the date is ISO.
    when = period_text(f, short=True)
    checked = (f'<td data-version="{esc(f.checked)}">{esc(f.checked)}</td>' if f.checked
               else "<td></td>")
    return (f'<tr id="{esc(f.id)}"><td data-fact="{esc(f.id)}"><a href="{esc(page.link(f.id))}">'
            f"{esc(f.label)}</a>" + (f" <small>{esc(when)}</small>" if when else "")
            + f"</td><td>{figure_html(page.store, f.id, unit=True)}</td>"
            f"<td>{esc(STATUS_WORDS[f.status])}</td>{checked}</tr>")
