"""mkdocs-macros entry point: a thin bridge from pages to the fact engine in factbook/.

The store is loaded and checked once per build, in define_env. A broken store stops the build
after logging every problem; an unknown id in a page is logged with the page and line, so
`mkdocs build --strict` fails and names it.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections import defaultdict
from html import escape
from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError
from mkdocs_macros.errors import format_error

# mkdocs-macros imports this file by path; the engine sits beside it.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from factbook import jsonld, open_project
from factbook import render as R
from factbook.export import (
    DICTIONARY,
    FACTS_PAGE,
    FILES,
    permalink,
    version_date,
    write_all,
)
from factbook.format import date_text, fact_html
from factbook.text import terminal

log = logging.getLogger("mkdocs.plugins.factbook")
SOURCES_PAGE = "sources.html"


class MacroError(Exception):
    """A macro call that cannot work, already worded as one editor-ready line."""


@format_error.register
def _one_line(error: Exception, markdown: str, page) -> str:
    # mkdocs-macros prints a traceback by default; an editor needs the page, line and cause.
    if isinstance(error, MacroError):
        return str(error)
    line, tb = getattr(error, "lineno", None) or 0, error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return (f"docs/{page.file.src_path}:{line}: page: {terminal(error)[:200]} "
            "(check the macro call against the table in README.md)")


def define_env(env):
    root = Path(env.project_dir)
    project = open_project(root)
    for problem in project.problems:
        (log.error if problem.severity == "error" else log.info)(str(problem))
    if project.errors:
        raise PluginError(f"factbook: the fact store has {len(project.errors)} errors; "
                          "fix them (python -m factbook check) and build again")
    store = project.store
    ctx = project.context
    checks: dict[str, list[str]] = defaultdict(list)
    for checker in ctx.checkers:
        for fid in checker.ids:
            if checker.kind not in checks[fid]:
                checks[fid].append(checker.kind)
    site_url = env.conf.get("site_url") or ""
    issued = version_date(root)
    cited_by: dict[str, list[str]] = defaultdict(list)
    for f in store.facts.values():
        for r in f.sources:
            cited_by[r.source].append(f.id)

    def page_url() -> str:
        page = env.page
        return page.url if page is not None else "index.html"

    def up() -> str:
        return "../" * page_url().count("/")

    def link(fid: str) -> str:
        return f"{up()}{FACTS_PAGE}#{fid}"

    def known(fid: str) -> bool:
        if fid in store.facts:
            return True
        page = env.page
        where = page.file.src_uri if page is not None else "?"
        line = _line_of(root / "docs" / where, fid)
        log.error(f"docs/{where}:{line}: {fid}: unknown fact id on page "
                  "(fix the id, or add the fact to facts/)")
        return False

    missing = '<span class="fact-missing">[unknown fact]</span>'

    def macro(fn):
        """Register a macro whose failures name the page and line instead of a traceback."""
        @functools.wraps(fn)
        def call(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except MacroError:
                raise
            except Exception as e:  # noqa: BLE001 - any failure becomes one editor line
                page = env.page.file.src_uri if env.page is not None else "?"
                needles = [f"{fn.__name__}(", *(str(a) for a in args), *(f"{k}=" for k in kwargs)]
                line = _line_of(root / "docs" / page, *needles) or \
                    _line_of(root / "docs" / page, f"{fn.__name__}(")
                raise MacroError(f"docs/{page}:{line}: {fn.__name__}: {terminal(e)[:200]} "
                                 "(check the macro call against the table in README.md)"
                                 ) from None
        return env.macro(call)

    @macro
    def fact(fid: str, style: str = "auto", unit: bool | None = None, bound: bool = True,
             digits: int | None = None, usd: str | None = None) -> str:
        """A figure from the store, linked to its permalink: {{ fact("id") }}."""
        if not known(fid) or (usd is not None and not known(usd)):
            return missing
        return fact_html(store, fid, link(fid), style, unit, bound, digits, usd)

    @macro
    def fact_range(low: str, high: str, unit: bool = True) -> str:
        """Two facts as a range, '59–62 weeks': each end links to its own permalink."""
        if not (known(low) and known(high)):
            return missing
        return R.range_html(store, low, high, link, unit)

    @macro
    def updated() -> str:
        """The date of this version of the data (the last commit), as a <time> element."""
        return (f'<time class="data-version" datetime="{issued}" data-version="{issued}">'
                f"{escape(date_text(issued))}</time>")

    @macro
    def checked_up_to() -> str:
        """The latest day a fact was compared with its sources, as a <time> element."""
        return R.checked_html(store)

    @macro
    def known_gaps() -> str:
        """Every period of a declared series with no figure, up to the checked-up-to date."""
        return R.gaps_html(store)

    @macro
    def label(fid: str) -> str:
        """The fact's label, marked with its id."""
        return R.label_html(store.facts[fid]) if known(fid) else missing

    @macro
    def period(fid: str) -> str:
        """The fact's period or as-of date in words."""
        return R.period_html(store.facts[fid]) if known(fid) else missing

    @macro
    def source(sid: str) -> str:
        """A source by its publisher, linked to the bibliography."""
        if sid not in store.sources:
            log.error(f"docs/{env.page.file.src_uri}: {sid}: unknown source id on page")
            return missing
        return R.source_ref_html(store, sid, up() + SOURCES_PAGE)

    @macro
    def facts_table(*ids: str, caption: str | None = None, style: str = "auto") -> str:
        """A table of the given facts with their periods and sources."""
        good = [i for i in ids if known(i)]
        return R.facts_table(store, good, link, up() + SOURCES_PAGE, caption, style)

    @macro
    def facts_with(prefix: str) -> list[str]:
        """The ids of all facts starting with prefix, in store order (for tables)."""
        return [fid for fid in store.facts if fid.startswith(prefix)]

    @macro
    def facts_index() -> str:
        """Every fact with its permalink anchor, sources, checks and pages."""
        def page_href(md: str) -> str:
            rel = PurePosixPath(md).relative_to("docs").with_suffix(".html")
            return up() + rel.as_posix()
        return R.facts_index(store, lambda fid: f"#{fid}", up() + SOURCES_PAGE, ctx.used,
                             checks, page_href, lambda fid: permalink(fid, site_url), issued)

    @macro
    def sources_list() -> str:
        """The bibliography."""
        return R.sources_list(store, cited_by, link)

    @macro
    def verdict(cid: str) -> str:
        """A claim's verdict in the audit's words, linked to its entry on the audit page."""
        if cid not in store.claims:
            raise ValueError(f"unknown claim id '{cid}'")
        return R.verdict_html(store.claims[cid], up() + "audit.html")

    @macro
    def claims_table() -> str:
        """The audit of the article's claims."""
        return R.claims_table(store, link, up() + SOURCES_PAGE)

    @macro
    def downloads() -> str:
        """The list of data files with what each holds."""
        items = "".join(
            f'<li><a href="{up()}data/{name}" download>'
            f'<code class="example">data/{name}</code></a>: '
            f"{escape(what)}</li>" for name, what in FILES.items())
        offline = (f'<li><a href="{up()}factbook-offline.zip" download>'
                   '<code class="example">factbook-offline.zip</code></a>: the whole site to read '
                   "without a connection: unzip it and open <code class=\"example\">"
                   "factbook/index.html</code> in a browser. Search works there too.</li>")
        return f'<ul class="downloads">{items}{offline}</ul>'

    @macro
    def data_dictionary() -> str:
        """A table for each export describing every field."""
        out = []
        for table, fields in DICTIONARY.items():
            rows = "".join(f"<tr><td><code>{escape(n)}</code></td><td>{escape(t)}</td>"
                           f"<td>{_code_spans(d)}</td></tr>" for n, t, d in fields)
            out.append(f'<table class="data-dictionary"><caption>{escape(table)}.json and '
                       f'{escape(table)}.csv</caption><thead><tr><th>Field</th><th>Type</th>'
                       f"<th>Meaning</th></tr></thead><tbody>{rows}</tbody></table>"
                       if table == "facts" else
                       f'<table class="data-dictionary"><caption>{escape(table)}.json</caption>'
                       f"<thead><tr><th>Field</th><th>Type</th><th>Meaning</th></tr></thead>"
                       f"<tbody>{rows}</tbody></table>")
        return "\n\n".join(out)

    @macro
    def dataset_jsonld() -> str:
        """schema.org Dataset for the downloads page."""
        return jsonld.script(jsonld.dataset(store, site_url, issued))

    @macro
    def claims_jsonld() -> str:
        """schema.org ClaimReview items for the audit page."""
        page = f"{site_url}{page_url()}"
        return jsonld.script(jsonld.claim_reviews(store, page, issued))

    def on_post_build(env):
        out = Path(env.conf["site_dir"]) / "data"
        write_all(store, out, site_url)

    env.variables["factbook_on_post_build"] = on_post_build


def on_post_build(env):
    """Write the data exports next to the pages."""
    hook = env.variables.get("factbook_on_post_build")
    if hook:
        hook(env)


def _code_spans(text: str) -> str:
    """Escape text and set `examples` in <code> (they show formats, not figures)."""
    parts = escape(text).split("`")
    return "".join(f'<code class="example">{p}</code>' if i % 2 else p
                   for i, p in enumerate(parts))


def _line_of(path: Path, *needles: str) -> int:
    """The first line of a page holding every needle (0 when none does)."""
    try:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if all(n in line for n in needles):
                return i
    except OSError:
        pass
    return 0
