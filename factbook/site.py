"""The site layer: everything a page can show, built once from a checked project.

`Site` owns the address scheme (where a fact, a source or a claim lives), the indexes derived
from the check (which checks guard each fact, which facts cite each source, where each fact is
used) and the build's settings (site address, data version). `Site.at(page)` gives the macros
as methods bound to one page, so relative links are right; each is plain Python, testable
without a site generator. The MkDocs adapter (macros.py) only forwards calls to these methods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from . import lazy, shell
from .locale import EN, ZH, Locale
from .published import fact_address
from .text import esc

# What makes pages, charts and data files, read on first use (factbook.lazy): a build whose
# pages were all kept needs none of it.
charts = lazy.module(f"{__package__}.charts")
export = lazy.module(f"{__package__}.export")
factpage = lazy.module(f"{__package__}.factpage")
jsonld = lazy.module(f"{__package__}.jsonld")
R = lazy.module(f"{__package__}.render")
F = lazy.module(f"{__package__}.format")
translations = lazy.module(f"{__package__}.translations")

FACTS_PAGE = "facts.html"
SOURCES_PAGE = "sources.html"
AUDIT_PAGE = "audit.html"
OFFLINE_ZIP = "factbook-offline.zip"
LOCALES = {"en": EN, "zh": ZH}  # the editions' languages, by code (mkdocs.yml: plugins: i18n)


def edition_locale(store, code: str) -> Locale:
    """The locale of one edition, with the store's words in that language where it has them."""
    return translations.for_locale(store, LOCALES[code])


class UnknownId(ValueError):
    """A page names an id the store does not hold."""


@dataclass(repr=False)
class Site:
    """The checked project as a site: addresses, derived indexes and settings."""

    project: object  # factbook.Project, checked
    site_url: str = ""
    issued: str = ""
    issues_url: str = ""  # where readers report an error ("…/issues"); none: no link
    titles: dict[str, str] = field(default_factory=dict)
    locale: Locale = EN  # every word the site writes: numbers, dates, periods, phrases
    # Past this many facts the facts index lists topics, each on pages of at most this many
    # rows (about 480 bytes a row: 800 rows keep a page near 400 KB).
    index_limit: int = 800
    # The edition: '' for the default language, else the code its pages carry (docs/x.zh.md).
    edition: str = ""
    # Every chart drawn in this build, by its name: the facts whose CSV the build writes.
    charts: dict[str, list[str]] = field(default_factory=dict)
    registered: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # every call
    # A digest of everything the site was made from (files, engine, settings), set by whoever
    # built it; '' when unknown. Output keyed by it may be reused (factbook.kept).
    inputs: str = ""

    def __repr__(self) -> str:
        # Short: a generator may print its variables (mkdocs-macros turns each into text on
        # every build, which took seconds for a large store).
        # Nor does it read the store, which may not be read yet (project.Deferred).
        return f"<Site {self.edition or 'default'} edition>"

    def __post_init__(self) -> None:
        if self.issues_url and not re.fullmatch(r"https?://[^\s\"'<>]+", self.issues_url):
            raise ValueError(f"issues_url {self.issues_url!r} is not an http(s) address")
        if isinstance(self.index_limit, bool) or not isinstance(self.index_limit, int) or \
                self.index_limit < 1:
            raise ValueError(f"facts_index_limit {self.index_limit!r} is not a whole number "
                             "above zero")
    @property
    def store(self):
        return self.project.store

    # The check's report holds the derived indexes; the site reads them, never recomputes.
    @property
    def checks(self) -> dict[str, tuple[str, ...]]:
        return self.project.context.checks

    @property
    def cited_by(self) -> dict[str, tuple[str, ...]]:
        return self.project.context.cited_by

    @property
    def superseded_by(self) -> dict[str, tuple[str, ...]]:
        return self.project.context.superseded_by

    # ------------------------------------------------------------ the address scheme

    @staticmethod
    def fact_address(fid: str) -> str:
        """Where a fact (or a retired id) lives, relative to the site root; the permalink is
        site_url + this."""
        return fact_address(fid)

    def permalink(self, fid: str) -> str:
        return self.site_url + self.fact_address(fid)

    def shell_pages(self):
        """Every page that lives beside the fact pages, as (address, title, description, body,
        searched): the fact pages, the topic pages of a split index and the retired ids' pages.
        Texts are plain (description None: the site's), the body finished HTML, `searched` the
        part of the body search reads (None: the page is left out of search)."""
        L = self.locale
        for fid, f in self.store.facts.items():
            address = self.fact_address(fid)
            searched, rest = factpage.fact_page_parts(self.at(address), fid)
            yield (address, factpage.page_title(f, L), factpage.description_of(self.store, f, L),
                   searched + rest, searched)
        if len(self.store.facts) > self.index_limit:
            for address, title, body in factpage.topic_pages(self.at, _topic_of,
                                                             self.index_limit):
                yield address, title, None, body, None
        for rid in self.store.retired:
            address = self.fact_address(rid)
            yield (address, L.say("retired_title"), None,
                   factpage.retired_page(self.at(address), rid), None)

    def generated_pages(self, facts: bool = True) -> list[tuple[str, str]]:
        """(source path, Markdown) of the pages shell_pages gives, for a generator that builds
        each page itself (Zensical); without facts, only the topic and retired ids' pages."""
        return [(address[:-5] + ".md",
                 shell.markdown_source(title, body, searched is not None, description))
                for address, title, description, body, searched in self.shell_pages()
                if facts or searched is None]

    def page_title(self, md: str) -> str:
        """A hand-written page's title: its first Markdown heading outside front matter,
        comments and code, if it is plain text; else its file name in words."""
        titles = self.titles
        if md not in titles:
            root = getattr(self.project, "root", None)
            title = PurePosixPath(md).name.split(".")[0].replace("-", " ").capitalize()
            try:
                text = (root / md).read_text(encoding="utf-8")
            except (OSError, TypeError, UnicodeDecodeError):
                text = ""
            text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
            text = re.sub(r"<!--.*?-->|```.*?```|~~~.*?~~~", "", text, flags=re.S)
            m = re.search(r"^# (.+?)(?:\s*\{:?\s*#[\w-]+\s*\})?\s*$", text, re.M)
            if m and not re.search(r"[{}<>]", m.group(1)):
                title = m.group(1).strip()
            titles[md] = title
        return titles[md]

    def register_chart(self, name: str, ids: list[str]) -> None:
        """Record a chart's facts for its CSV; one name cannot stand for two sets of figures."""
        if self.charts.get(name, ids) != ids:
            raise charts.ChartError(f"two charts are named '{name}' with different figures "
                                    "(give one of them another title)")
        self.charts[name] = ids
        self.registered.append((name, tuple(ids)))

    def chart_files(self) -> list[tuple[str, str]]:
        """(path under the site, CSV text) for every chart drawn, in name order."""
        return [(f"data/charts/{name}.csv",
                 charts.chart_csv(self.store, ids, self.site_url, self.locale))
                for name, ids in sorted(self.charts.items())]

    def at(self, page: str) -> Page:
        """The macros for one page (its address relative to the site root, 'models/su7.html')."""
        return Page(self, page)


class Page:
    """The macros, bound to one page of a site."""

    def __init__(self, site: Site, url: str):
        self.site, self.url = site, url or "index.html"
        self.up = "../" * self.url.count("/")
        self.store, self.locale = site.store, site.locale

    # ------------------------------------------------------------ helpers

    def link(self, fid: str) -> str:
        return self.up + self.site.fact_address(fid)

    def _fact(self, fid: object) -> str:
        if not isinstance(fid, str) or fid not in self.store.facts:
            raise UnknownId(f"unknown fact id {fid!r} (fix the id, or add the fact to facts/)")
        return fid

    # ------------------------------------------------------------ figures

    def fact(self, fid: str, style: str = "auto", unit: bool | None = None, bound: bool = True,
             digits: int | None = None, usd: str | None = None) -> str:
        """A figure from the store, linked to its permalink: {{ fact("id") }}."""
        self._fact(fid)
        if usd is not None:
            self._fact(usd)
        return F.fact_html(self.store, fid, self.link(fid), style, unit, bound, digits, usd,
                           self.locale)

    def fact_range(self, low: str, high: str, unit: bool = True) -> str:
        """Two facts as a range, '59–62 weeks': each end links to its own permalink."""
        return R.range_html(self.store, self._fact(low), self._fact(high), self.link, unit,
                            self.locale)

    def label(self, fid: str) -> str:
        """The fact's label, marked with its id."""
        return R.label_html(self.store.facts[self._fact(fid)], self.locale)

    def period(self, fid: str, as_of: bool = True) -> str:
        """The fact's period or as-of date in words ('as of 7 March 2025'); with as_of=False
        an as-of date alone ('7 March 2025'), as a column headed "When" shows it."""
        return R.period_html(self.store.facts[self._fact(fid)], self.locale, as_of)

    def source(self, sid: str) -> str:
        """A source by its publisher, linked to the bibliography."""
        if sid not in self.store.sources:
            raise UnknownId(f"unknown source id {sid!r}")
        return R.source_ref_html(self.store, sid, self.up + SOURCES_PAGE,
                                 locale=self.locale)

    def verdict(self, cid: str) -> str:
        """A claim's verdict in the audit's words, linked to its entry on the audit page."""
        if cid not in self.store.claims:
            raise UnknownId(f"unknown claim id {cid!r}")
        return R.verdict_html(self.store.claims[cid], self.up + AUDIT_PAGE, self.locale)

    def facts_table(self, *ids: str, caption: str | None = None, style: str = "auto") -> str:
        """A table of the given facts with their periods and sources."""
        for fid in ids:
            self._fact(fid)
        return R.facts_table(self.store, list(ids), self.link, self.up + SOURCES_PAGE, caption,
                             style, self.locale)

    def facts_with(self, prefix: str) -> list[str]:
        """The ids of all facts starting with prefix, in store order (for tables)."""
        return [fid for fid in self.store.facts if fid.startswith(prefix)]

    # ------------------------------------------------------------ charts and cards

    def chart(self, *ids: str, title: str = "", kind: str = "columns", by: str = "period"
              ) -> str:
        """A chart of facts or of series ('series:<id>'), drawn as SVG with every mark traced:
        {{ chart("series:xiaomi.ev.deliveries.quarterly", title="…") }}."""
        return charts.chart_html(self, ids, title, kind, by, self.site.register_chart)

    def card(self, fid: str, title: str | None = None, spark: str | None = None,
             against: str | None = None) -> str:
        """A key number with its period, sources and a sparkline of a series ('series:<id>')
        or of the facts sharing its label."""
        self._fact(fid)
        if against is not None:
            self._fact(against)
        line = charts.spark_ids(self.store, spark) if spark is not None else None
        return charts.card_html(self, fid, title, line, against)

    def spec_box(self, *ids: str, title: str | None = None) -> str:
        """A model's key facts in a box beside the text, each value from the store."""
        if not ids:
            raise charts.ChartError("a spec box needs at least one fact id")
        for fid in ids:
            self._fact(fid)
        return charts.spec_box_html(self, ids, title)

    def timeline(self) -> str:
        """Every fact marked as an event, in date order, filterable by kind."""
        return charts.timeline_html(self)

    # ------------------------------------------------------------ dates of the data

    def updated(self) -> str:
        """The date the site was built from (the last commit), as a <time> element."""
        issued = self.site.issued
        return (f'<time class="data-version" datetime="{esc(issued)}" '
                f'data-version="{esc(issued)}">{esc(F.date_text(issued, self.locale))}</time>')

    def checked_up_to(self) -> str:
        """The latest day a fact was compared with its sources, as a <time> element."""
        return R.checked_html(self.store, self.locale)

    def known_gaps(self) -> str:
        """Every period of a declared series with no figure, up to the checked-up-to date."""
        return R.gaps_html(self.store, self.locale)

    # ------------------------------------------------------------ reference pages

    def facts_index(self) -> str:
        """Every fact in a compact table by topic, each row linking to the fact's page."""
        return factpage.facts_index(self, _topic_of, self.site.index_limit)

    def sources_list(self) -> str:
        """The bibliography."""
        return R.sources_list(self.store, self.site.cited_by, self.link, self.locale)

    def scorecard(self) -> str:
        """How many of the article's claims got each verdict; away from the audit page the
        claims link to their entries there."""
        html = R.scorecard_html(self.store, self.locale)
        if self.url != AUDIT_PAGE:
            html = html.replace('href="#', f'href="{self.up}{AUDIT_PAGE}#')
        return html

    def claims_table(self) -> str:
        """The audit of the article's claims."""
        return R.claims_table(self.store, self.link, self.up + SOURCES_PAGE, self.locale,
                              self.site.project.context.verdicts)

    def downloads(self) -> str:
        """The list of data files with what each holds, and the offline copy."""
        items = "".join(
            f'<li><a href="{self.up}data/{esc(name)}" download>'
            f'<code class="example">data/{esc(name)}</code></a>: {esc(what)}</li>'
            for name, what in export.files(self.locale).items())
        # One zip holds every edition, at the top of the site; an edition opens at its folder.
        edition = f"{self.site.edition}/" if self.site.edition else ""
        index = f'<code class="example">factbook/{edition}index.html</code>'
        offline = (f'<li><a href="{self.up}{"../" if edition else ""}{OFFLINE_ZIP}" download>'
                   f'<code class="example">{OFFLINE_ZIP}</code></a>: '
                   f'{self.locale.html("offline_zip", index=index)}</li>')
        return f'<ul class="downloads">{items}{offline}</ul>'

    def data_dictionary(self) -> str:
        """A table for each export describing every field."""
        say, out = self.locale.say, []
        for table, fields in export.dictionary(self.locale).items():
            rows = "".join(f"<tr><td><code>{esc(n)}</code></td><td>{esc(t)}</td>"
                           f"<td>{_code_spans(d)}</td></tr>" for n, t, d in fields)
            files = (say("dictionary_both", json=f"{table}.json", csv=f"{table}.csv")
                     if table == "facts" else f"{table}.json")
            out.append(f'<table class="data-dictionary"><caption>{esc(files)}</caption>'
                       f"<thead><tr><th>{esc(say('col_field'))}</th><th>{esc(say('col_type'))}"
                       f"</th><th>{esc(say('col_meaning'))}</th></tr></thead>"
                       f"<tbody>{rows}</tbody></table>")
        return "\n\n".join(out)

    # ------------------------------------------------------------ structured data

    def dataset_jsonld(self) -> str:
        """schema.org Dataset for the downloads page."""
        return jsonld.script(jsonld.dataset(self.store, self.site.site_url, self.site.issued,
                                                self.locale))

    def claims_jsonld(self) -> str:
        """schema.org ClaimReview items for the audit page."""
        page = f"{self.site.site_url}{self.url}"
        return jsonld.script(jsonld.claim_reviews(self.store, page, self.site.issued,
                                                      self.locale))


def _topic_of(f) -> str:
    """A fact's topic in the facts index: the store file it is written in."""
    return PurePosixPath(f.loc.path).stem


def _code_spans(text: str) -> str:
    """Escape text and set `examples` in <code> (they show formats, not figures)."""
    parts = text.split("`")
    return "".join(f'<code class="example">{esc(p)}</code>' if i % 2 else esc(p)
                   for i, p in enumerate(parts))
