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
from .check.translations import page_language
from .format import (
    date_text,
    fact_html,
    figure_html,
    machine_value,
    period_text,
    value_text,
)
from .locale import EN, Locale
from .model import UNITS, Fact
from .published import topic_address
from .render import (
    label_html,
    period_html,
    source_ref_html,
    statement_text,
    text_html,
)
from .text import esc
from .translations import LANGUAGE_NAMES

STATUS_EXPLAINED = EN.status_explained  # the English words, under their old name


def _locale(page) -> Locale:
    """The locale a page is written in: its own or its site's, else English."""
    return getattr(page, "locale", None) or getattr(page.site, "locale", None) or EN


def title_of(f: Fact, locale: Locale = EN) -> str:
    """'EV deliveries, Q3 2025': the fact page's heading and title, as plain text."""
    when = period_text(f, locale=locale)
    label = locale.text(f, "label")
    return locale.say("title", label=label, when=when) if when else label


def page_title(f: Fact, locale: Locale = EN) -> str:
    """The page's title carries the figure too, so a search for it finds the fact first."""
    return locale.say("page_title", title=title_of(f, locale),
                      value=value_text(f, unit=True, locale=locale))


def description_of(store, f: Fact, locale: Locale = EN) -> str:
    """One sentence for search engines and link previews: figure, period and who states it."""
    return locale.say("description", title=page_title(f, locale),
                      attribution=cite.attribution(store, f, locale),
                      status=locale.statuses[f.status])


def fact_page(page, fid: str) -> str:
    """The body of one fact's page. `page` is a site.Page bound to the fact's own address."""
    return "".join(fact_page_parts(page, fid))


def fact_page_parts(page, fid: str) -> tuple[str, str]:
    """A fact page's body in two: what search reads (heading, figure, note, sources) and the
    sections it leaves out (each marked data-search-exclude)."""
    site, store, L = page.site, page.store, _locale(page)
    f = store.facts[fid]
    sources_href = page.up + "sources.html"
    heading = (f'<h1 id="{esc(fid)}">{label_html(f, L)}'
               + (f"{esc(L.comma)}{period_html(f, L)}" if period_text(f, locale=L) else "")
               + "</h1>")
    unit = UNITS[f.unit]
    exact = machine_value(f) + ("" if unit.kind == "date" else f" {f.unit}")
    figure = fact_html(store, fid, None, unit=True, locale=L)
    summary = (f'<p class="fact-value">{figure}</p>'
               f'<dl class="fact-fields"><dt>{L.html("stored_value")}</dt><dd>'
               f'<code class="example">{esc(exact)}</code></dd>'
               f"<dt>{L.html('status')}</dt><dd>{esc(L.status_explained[f.status])}</dd>"
               + (f'<dt>{L.html("checked")}</dt><dd><time datetime="{esc(f.checked)}" '
                  f'data-version="{esc(f.checked)}">{esc(date_text(f.checked, L))}</time></dd>'
                  if f.checked else "")
               + f'<dt>{L.html("id")}</dt><dd><code class="fact-id">{esc(fid)}</code></dd></dl>')
    note = (f'<p class="fact-note">{text_html(store, L.text(f, "note"), page.link, locale=L)}'
            "</p>" if f.note else "")
    searched = (heading, summary, note, _sources(page, f, sources_href))
    left_out = (_history(page, f), _series(page, f), _checks(page, f), _shown_on(page, f),
                _cite(page, f), _report(site, f, L))
    return "".join(searched), "".join(left_out)


def _sources(page, f: Fact, sources_href: str) -> str:
    store, L = page.store, _locale(page)
    items = []
    for r in f.sources:
        s = store.sources.get(r.source)
        if s is None:
            continue
        title = f'<cite data-source="{esc(s.id)}">{esc(L.text(s, "title"))}</cite>'
        if s.url:
            title = f'<a href="{esc(s.url)}" rel="nofollow noopener">{title}</a>'
        when = (f'{esc(L.comma)}<time datetime="{esc(s.published)}" data-source="{esc(s.id)}">'
                f"{esc(date_text(s.published, L))}</time>" if s.published else "")
        where = (f' <span class="fact-locator" data-source="{esc(s.id)}">'
                 f"{esc(L.paren(r.locator))}</span>" if r.locator else "")
        states = (f'<span class="fact-states" data-source="{esc(s.id)}" data-fact="{esc(f.id)}">'
                  f"{esc(statement_text(f, r, L))}</span>")
        copy = ""
        if s.copy_of and s.copy_of in store.sources:
            original = source_ref_html(store, s.copy_of, sources_href, locale=L)
            copy = f' <small>{L.html("copy_of", source=original)}</small>'
        quoted = esc(L.quotes[0]) + title + esc(L.quotes[1])
        items.append("<li>" + L.html("source_entry",
                                     source=source_ref_html(store, s.id, sources_href, locale=L),
                                     title=quoted, when=when, states=states, where=where,
                                     copy=copy) + "</li>")
    if f.derive:
        items.append(f"<li>{L.html('derived_by', formula=_code(f.derive.formula))}</li>")
    # Not a heading: the sources belong to the page's one search entry.
    return (f'<p class="fact-sources-title" id="sources"><strong>{L.html("sources")}</strong>'
            f'</p><ul class="fact-sources">{"".join(items)}</ul>')


def _code(text: str) -> str:
    return f'<code class="example">{esc(text)}</code>'


def _history(page, f: Fact) -> str:
    store, L = page.store, _locale(page)
    rows = []
    if f.supersedes and f.supersedes in store.facts:
        figure = fact_html(store, f.supersedes, page.link(f.supersedes), unit=True, locale=L)
        rows.append(f"<li>{L.html('replaced_earlier', figure=figure)}</li>")
    for newer in page.site.superseded_by.get(f.id, []):  # an index: no scan per page
        figure = fact_html(store, newer, page.link(newer), unit=True, locale=L)
        rows.append(f"<li>{L.html('replaced_by_later', figure=figure)}</li>")
    return (f'<h2 id="history" data-search-exclude>{L.html("history")}</h2>'
            f'<ul data-search-exclude>{"".join(rows)}</ul>' if rows else "")


def _series(page, f: Fact) -> str:
    store, L = page.store, _locale(page)
    out = []
    for s in store.series.values():
        if f.id not in s.facts:
            continue
        current = ' class="fact-current"'
        rows = "".join(
            f'<tr{current if fid == f.id else ""}><td>'
            f"{period_html(store.facts[fid], L)}</td>"
            f"<td>{fact_html(store, fid, page.link(fid), unit=True, locale=L)}</td></tr>"
            for fid in s.facts if fid in store.facts)
        out.append(f'<table class="fact-table fact-series"><caption>{esc(L.text(s, "label"))}'
                   f"</caption><thead><tr><th>{L.html('col_when')}</th>"
                   f"<th>{L.html('col_figure')}</th></tr></thead>"
                   f"<tbody>{rows}</tbody></table>")
    return (f'<h2 id="series" data-search-exclude>{L.html("in_series")}</h2>'
            '<div data-search-exclude>' + "".join(out) + "</div>") if out else ""


def _checks(page, f: Fact) -> str:
    L = _locale(page)
    kinds = page.site.checks.get(f.id, [])
    heading = f'<h2 id="checks" data-search-exclude>{L.html("checks")}</h2>'
    if not kinds:
        return f'{heading}<p data-search-exclude>{L.html("no_check")}</p>'
    words = L.enum.join(L.check_words.get(k, k) for k in kinds)
    return f'{heading}<p data-search-exclude>{L.html("checked_by", words=esc(words))}</p>'


def _shown_on(page, f: Fact) -> str:
    """The pages of this edition that show the fact (docs/x.md, or docs/x.zh.md in Chinese)."""
    edition = getattr(page.site, "edition", "")
    pages = sorted(u for u in page.site.project.context.used.get(f.id, ())
                   if u.startswith("docs/") and u.endswith(".md")
                   and (page_language(u, set(LANGUAGE_NAMES)) or "") == edition)
    if not pages:
        return ""
    links = "".join(
        f'<li><a href="{esc(page.up + _html_of(p))}">{esc(page.site.page_title(p))}</a></li>'
        for p in pages)
    return (f'<h2 id="shown-on" data-search-exclude>{_locale(page).html("shown_on")}</h2>'
            f"<ul data-search-exclude>{links}</ul>")


def _html_of(md: str) -> str:
    """Where a page is built, relative to its edition's root: docs/models/su7.zh.md is
    models/su7.html (under zh/)."""
    path = PurePosixPath(md).relative_to("docs")
    stem = path.name.split(".")[0]
    return (path.parent / f"{stem}.html").as_posix()


def _cite(page, f: Fact) -> str:
    """Cite this: open, with large copy buttons. The reader's access date is filled in by the
    page script."""
    site, store, L = page.site, page.store, _locale(page)
    permalink = site.permalink(f.id)
    accessed = L.say("accessed_slot")
    slot = f'<span class="cite-accessed">{esc(accessed)}</span>'
    # Only the slot the citation ends with is filled, never text of the same form from data.
    head, _, tail = esc(cite.fact_text(store, f, permalink, site.issued, L)).rpartition(
        esc(accessed))
    plain = head + slot + tail
    bib = esc(cite.fact_bibtex(store, f, permalink, site.issued, L))
    csl = esc(json.dumps(cite.fact_csl(store, f, permalink, site.issued, L), ensure_ascii=False,
                         indent=1))
    parts = [("text", "cite_text", plain, True), ("bibtex", "cite_bibtex", bib, False),
             ("csl", "cite_csl", csl, False)]
    blocks = "".join(
        f'<div class="cite-part"><span class="cite-title">{L.html(title)}</span> '
        f'<button type="button" class="cite-copy" data-copy="cite-{key}" '
        f'data-copied="{L.html("copied")}" data-by-hand="{L.html("copy_by_hand")}">'
        f'{L.html("copy")}'
        f'</button><pre class="cite-{key}{" cite-wrap" if wrap else ""}" id="cite-{key}">'
        f"{body}</pre></div>" for key, title, body, wrap in parts)
    files = L.html("cite_files", bib=f'<a href="{page.up}data/sources.bib">sources.bib</a>',
                   csl=f'<a href="{page.up}data/sources.csl.json">sources.csl.json</a>')
    return (f'<h2 id="cite" data-search-exclude>{L.html("cite_this")}</h2><div class="cite" '
            f'data-search-exclude '
            f'data-fact="{esc(f.id)}">{blocks}<p>{files}</p></div>')


def _report(site, f: Fact, locale: Locale = EN) -> str:
    if not site.issues_url:
        return ""
    title = quote(locale.say("report_title", id=f.id))
    return (f'<p class="fact-report" data-search-exclude>'
            f'<a href="{esc(site.issues_url)}/new?title={title}">{locale.html("report")}</a>'
            f'{locale.html("report_how")}</p>')


def retired_page(page, rid: str) -> str:
    """The page of a retired id: what it was, and what replaced it."""
    store, L = page.store, _locale(page)
    r = store.retired[rid]
    target = ""
    if r.replaced_by and r.replaced_by in store.facts:
        new = store.facts[r.replaced_by]
        when = f"{esc(L.comma)}{period_html(new, L)}" if period_text(new, locale=L) else ""
        link = f'<a href="{esc(page.link(new.id))}">{label_html(new, L)}{when}</a>'
        figure = fact_html(store, new.id, page.link(new.id), unit=True, locale=L)
        target = f"<p>{L.html('retired_target', link=link, figure=figure)}</p>"
    code = f'<code class="fact-id">{esc(rid)}</code>'
    note = text_html(store, L.text(r, "note"), page.link, locale=L)
    return (f'<h1 id="{esc(rid)}">{L.html("retired_heading", id=code)}</h1>'
            f'<p>{L.html("retired_body", note=note)}</p>{target}')


def _topics(store, topic_of: Callable[[Fact], str]) -> dict[str, list[Fact]]:
    by_topic: dict[str, list[Fact]] = {}
    for f in store.facts.values():
        by_topic.setdefault(topic_of(f), []).append(f)
    return by_topic


def _slug(topic: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", topic.lower()).strip("-") or "facts"


def _index_table(page, facts: list[Fact]) -> str:
    L = _locale(page)
    head = "".join(f"<th>{L.html(k)}</th>"
                   for k in ("col_fact", "col_figure", "col_status", "col_checked"))
    rows = "".join(_index_row(page, f) for f in facts)
    return (f'<table class="facts-index"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _parts(facts: list[Fact], limit: int) -> list[list[Fact]]:
    return [facts[i:i + limit] for i in range(0, len(facts), limit)]


def facts_index(page, topic_of: Callable[[Fact], str], limit: int | None = None) -> str:
    """The compact index: one row a fact, grouped by topic, each row anchored by its id so
    links made to facts.html#<id> land on it. Markdown headings give the table of contents.
    A store of more than `limit` facts gets a list of topics instead, each topic on pages of
    at most `limit` rows (topic_pages), so no page grows with the store."""
    store, L = page.store, _locale(page)
    by_topic = _topics(store, topic_of)
    out = []
    if limit is not None and len(store.facts) > limit:
        items = []
        for topic, facts in by_topic.items():
            parts = _parts(facts, limit)
            links = [f'<a href="{page.up}{esc(topic_address(_slug(topic), n))}">'
                     + (esc(L.topic(topic)) if len(parts) == 1 else
                        L.html("index_range", first=esc(L.text(p[0], "label")),
                               last=esc(L.text(p[-1], "label")))) + "</a>"
                     for n, p in enumerate(parts, 1)]
            lead = esc(L.topic(topic)) + esc(L.colon) if len(parts) > 1 else ""
            items.append(f"<li>{lead}{esc(L.enum).join(links)}</li>")
        out.append(f"<p>{L.html('index_split')}</p>\n\n## {L.html('index_topics')} "
                   f'{{#topics}}\n\n<ul class="facts-topics">{"".join(items)}</ul>')
    else:
        for topic, facts in by_topic.items():
            out.append(f"## {esc(L.topic(topic))} {{#topic-{_slug(topic)}}}\n\n"
                       + _index_table(page, facts))
    if store.retired:
        items = "".join(
            f'<li id="{esc(r.id)}"><a href="{esc(page.link(r.id))}"><code class="fact-id">'
            f"{esc(r.id)}</code></a></li>" for r in store.retired.values())
        out.append(f"## {L.html('retired_ids')} {{#retired}}\n\n"
                   f'<ul class="facts-retired">{items}</ul>')
    return "\n\n".join(out)


def topic_pages(page_at: Callable[[str], object], topic_of: Callable[[Fact], str],
                limit: int) -> list[tuple[str, str, str]]:
    """(address, title, body) of each page of a split facts index; page_at(address) gives the
    macros bound to that page, for its relative links."""
    out = []
    for topic, facts in _topics(page_at("facts.html").store, topic_of).items():
        for n, part in enumerate(_parts(facts, limit), 1):
            address = topic_address(_slug(topic), n)
            page = page_at(address)
            L = _locale(page)
            title = L.say("index_topic_title", topic=L.topic(topic))
            out.append((address, title, f"<h1>{esc(title)}</h1>" + _index_table(page, part)))
    return out


def _index_row(page, f: Fact) -> str:
    # Kept small: the index grows with the store. The first cell carries the fact's id for the
    # audit (labels hold no figure; the period comes from the store); the date is ISO.
    L = _locale(page)
    when = period_text(f, short=True, locale=L)
    checked = (f'<td data-version="{esc(f.checked)}">{esc(f.checked)}</td>' if f.checked
               else "<td></td>")
    return (f'<tr id="{esc(f.id)}"><td data-fact="{esc(f.id)}"><a href="{esc(page.link(f.id))}">'
            f'{esc(L.text(f, "label"))}</a>' + (f" <small>{esc(when)}</small>" if when else "")
            + f"</td><td>{figure_html(page.store, f.id, unit=True, locale=L)}</td>"
            f"<td>{esc(L.statuses[f.status])}</td>{checked}</tr>")
