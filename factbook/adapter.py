"""What the generators' adapters share, with no generator imported: macros.py (mkdocs-macros
and Zensical's port of it) and hooks.py (MkDocs) only wire these to their events.

- `open_sites`: the checked site of each edition a configuration builds, once per process for
  the same files and settings (Zensical calls define_env for every page);
- `forward`: a macro bound to the page being rendered, whose failure is one editor line;
- `error_line`: any error in a page's template as one editor line;
- `Stash`: figures kept out of Markdown's way, one character each, and put back in the HTML;
- `fill_shell` and `finish`: the fact pages filled into the rendered shell (with their search
  entries), and the sitemap, robots.txt and offline zip once every edition is built.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

from . import cache, kept, lazy, shell
from .converted import Remembered, listening
from .pages import MACROS
from .project import digest_of, open_deferred
from .published import (
    exports_folder,
    restore_exports,
    version_date,
    write_sitemap,
    write_zip,
)
from .site import LOCALES, OFFLINE_ZIP, Site, edition_locale
from .text import esc, one_line
from .translations import language_of

charts = lazy.module(f"{__package__}.charts")  # read on first use: a kept page draws none
log = logging.getLogger("mkdocs.plugins.factbook")
HINT = "(check the macro call against the table in README.md)"


class MacroError(Exception):
    """A macro call that cannot work, already worded as one editor-ready line."""


class SiteError(ValueError):
    """The site cannot be built (a broken store, a bad setting): one line for the editor."""


# ------------------------------------------------------------------ editions and sites

def _i18n(conf):
    """mkdocs-static-i18n's plugin, when the generator runs it (Zensical lists plugins as data)."""
    plugins = conf.get("plugins") if hasattr(conf, "get") else None
    return plugins.get("i18n") if hasattr(plugins, "get") else None


def editions(conf) -> list[tuple[str, str]]:
    """(folder, language code) of each edition: the default at the root, others in their
    folder (mkdocs-static-i18n); just the root without it."""
    plugin = _i18n(conf)
    out = [("", "en")]
    for lang in getattr(getattr(plugin, "config", None), "languages", None) or ():
        if lang.build and not lang.default:
            out.append((f"{lang.locale}/", lang.locale))
        elif lang.default:
            out[0] = ("", lang.locale)
    return out


def language_folder(conf) -> str:
    """The folder of the edition being built: '' for the default language, 'zh/' for Chinese."""
    current = getattr(_i18n(conf), "current_language", None)
    return dict((code, folder) for folder, code in editions(conf)).get(current, "")


def open_sites(conf, root: Path, made_by: bytes = b"") -> dict[str, Site]:
    """The checked site of each edition, by folder, the same object for the same files,
    settings and day; made_by is the adapter's own source (how the sites are made)."""
    extra = conf.get("extra") or {}
    languages = tuple(editions(conf))
    # The settings the sites read, and no other: mkdocs-static-i18n gives each edition's
    # build its own `extra` (the language selector), and all editions share one set of sites.
    settings = (conf.get("site_url"), repr(extra.get("issues_url")),
                repr(extra.get("facts_index_limit")))
    digests = (digest_of(root, "facts"), digest_of(root, "docs"))
    key = (str(root), *digests, *settings, version_date(root), date.today(), languages,
           made_by)
    inputs = hashlib.sha256(repr(key).encode("utf-8", "surrogateescape")).hexdigest()
    gc.unfreeze()  # what an earlier build in this process froze may be garbage by now
    sites = cache.memo(key, lambda: _collected(_sites(conf, root, languages, inputs, digests)))
    # The checked store is hundreds of thousands of objects that live as long as the build:
    # the cyclic collector would walk them all again at each of its full passes, which took
    # a third of a kept build at 10,000 facts. Frozen, they are left out of its passes.
    gc.freeze()
    return sites


def _collected(sites: dict[str, Site]) -> dict[str, Site]:
    """sites, once the garbage of making them is gone (a freeze would keep it for good): a
    store loaded from YAML leaves much; one read back from the cache leaves little."""
    if not all(getattr(site.project, "cached", False) for site in sites.values()):
        gc.collect()
    return sites


def _sites(conf, root: Path, languages, inputs: str, digests: tuple[str, str]
           ) -> dict[str, Site]:
    project = open_deferred(root, digests)
    for problem in project.problems:
        (log.error if problem.severity == "error" else log.info)(str(problem))
    if project.errors:
        raise SiteError(f"factbook: the fact store has {len(project.errors)} errors; "
                        "fix them (python -m factbook check) and build again")
    extra = conf.get("extra") or {}
    base = conf.get("site_url") or ""
    sites = {}
    for folder, code in languages:
        if code not in LOCALES:
            raise SiteError(f"mkdocs.yml: plugins: i18n: no words for language {code!r} "
                            f"(the engine has {', '.join(LOCALES)})")
        try:
            sites[folder] = Site(project, base + folder if base else "", version_date(root),
                                 str(extra.get("issues_url") or ""),
                                 locale=_locale(project, code),
                                 edition=folder[:-1],
                                 index_limit=int(extra.get("facts_index_limit") or 800),
                                 inputs=inputs)
        except (TypeError, ValueError) as e:
            raise SiteError(f"mkdocs.yml: extra: {one_line(e)} (issues_url: the tracker's "
                            "https address; facts_index_limit: a whole number)") from None
    return sites


def _locale(project, code: str):
    """The edition's locale: with the store's words where it has them in that language, else
    the engine's own (known from the project's summary: no need to read the store)."""
    if language_of(LOCALES[code].code) not in project.languages:
        return LOCALES[code]
    return edition_locale(project.store, code)


# ------------------------------------------------------------------ macros and their errors

def source_of(page) -> str:
    """The page's file under docs/ (MkDocs pages know their File; Zensical's their path)."""
    return getattr(getattr(page, "file", None), "src_uri", None) or getattr(page, "path", "?")


def error_line(error: Exception, page) -> str:
    """Any error met rendering a page, as the editor needs it: page, line, cause."""
    if isinstance(error, MacroError):
        return one_line(error)
    line, tb = getattr(error, "lineno", None) or 0, error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"docs/{source_of(page)}:{line}: page: {one_line(error)[:200]} {HINT}"


def forward(env, sites: dict[str, Site], name: str):
    """The macro `name` of the site layer, bound to env's page when it is called. An inline
    figure goes through the build's Stash when the generator's adapter set one up."""
    def call(*args, **kwargs):
        page = env.page
        url = page.url if page else ""
        folder = _folder_of(sites, url)
        stash = env.variables.get("factbook_stash") if page is not None else None
        if stash is not None:  # a figure given to another macro is its markup, as it was
            args = tuple(stash.text(url, a) for a in args)
            kwargs = {k: stash.text(url, v) for k, v in kwargs.items()}
        try:
            out = getattr(sites[folder].at(url[len(folder):]), name)(*args, **kwargs)
            if stash is not None and name in Stash.MACROS and \
                    stash.open_for(url, getattr(env, "markdown", None)):
                return stash.put(url, out)
            return out
        except Exception as e:  # noqa: BLE001 - any failure becomes one editor line
            src = source_of(page) if page is not None else "?"
            path = Path(env.project_dir) / "docs" / src
            needles = [f"{name}(", *map(str, args), *(f"{k}=" for k in kwargs)]
            line = _line_of(path, *needles) or _line_of(path, f"{name}(")
            raise MacroError(f"docs/{src}:{line}: {name}: {one_line(e)[:200]} {HINT}") from None
    call.__name__ = name
    return call


def _folder_of(sites: dict[str, Site], url: str) -> str:
    """The folder of the edition a page address is in ('' for the default one)."""
    return next((f for f in sites if f and url.startswith(f)), "")


def _line_of(path: Path, *needles: str) -> int:
    """The first line of a page holding every needle (0 when none does)."""
    try:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if all(n in line for n in needles):
                return i
    except OSError:
        pass
    return 0


# ------------------------------------------------------------------ figures past Markdown

class Stash:
    """Inline figures kept out of Markdown's way. A figure is a link around a <data> element;
    in a paragraph Python-Markdown scans such HTML three times (for blocks, for anchor ids and
    as inline HTML), which cost more than the rest of a page. Instead the macro leaves one
    character of Unicode's private use plane 15 in the Markdown, and the figure goes back in
    place of that character in the converted HTML: bare where the search index reads the page
    (the same text in the same pieces, without the tags and attributes its parser would read
    and drop), and whole where the theme shows it.

    Where Markdown would not keep a character as text (a heading, whose text becomes an anchor;
    code; an attribute list; a tab, which counts columns) or where the page holds plane-15
    characters of its own, the figure goes into the Markdown as markup, as without the stash;
    a figure given to another macro or in a title is its markup too. Should a mark still land
    in a tag, a heading or code (a heading in a quote, code across lines), the page is
    converted again with every figure as markup (`misplaced`, `markup_all`)."""

    MACROS = frozenset({"fact", "fact_range"})
    BASE, SIZE = 0xF0000, 0xFFFE
    _mark = re.compile("[\U000F0000-\U000FFFFF]")
    _attributes = re.compile(r"<(/?[A-Za-z][\w-]*)[^>]*>")
    _blank = re.compile(r">\s+<")
    _code = re.compile(r"^ {0,3}(`{3,}|~{3,})")
    _setext = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
    _in_tag = re.compile("<[^<>]*[\U000F0000-\U000FFFFF]")
    _kept_apart = re.compile(r"<(/?)(?:h[1-6]|code|pre)\b[^>]*>")

    def __init__(self) -> None:
        self.held: dict[str, list[str]] = {}  # by page address: each figure's markup
        self.open: dict[str, bool] = {}  # by page address: whether its figures may be marks

    def reset(self) -> None:
        self.held.clear()
        self.open.clear()

    def open_for(self, page: str, source: object) -> bool:
        """Whether the page's figures may go through as marks: not when its source (the
        Markdown the macros read) holds plane-15 characters of its own."""
        if page not in self.open:
            self.open[page] = isinstance(source, str) and not self._mark.search(source)
        return self.open[page]

    def text(self, page: str, value: object) -> object:
        """value, with any figure mark in it put back as the figure's markup (a figure given
        to another macro, or in a title)."""
        if not isinstance(value, str) or not self._mark.search(value):
            return value
        held = self.held.get(page, [])
        return self._mark.sub(lambda m: self._markup(held, m), value)

    def misplaced(self, page: str, html: str) -> bool:
        """Whether a figure's mark landed where Markdown did not keep it as text: in a tag
        (an attribute), a heading (its anchor and the table of contents), or code."""
        if page not in self.held or not self._mark.search(html):
            return False
        if self._in_tag.search(html):
            return True
        depth, start = 0, 0
        for m in self._kept_apart.finditer(html):  # one pass: linear on any page
            if not m.group(1):
                start, depth = (m.end() if depth == 0 else start), depth + 1
            elif depth:
                depth -= 1
                if depth == 0 and self._mark.search(html, start, m.start()):
                    return True
        return depth > 0 and bool(self._mark.search(html, start))

    def put(self, page: str, html: str) -> str:
        held = self.held.setdefault(page, [])
        if len(held) >= self.SIZE:
            return html
        held.append(html)
        return chr(self.BASE + len(held) - 1)

    def markdown(self, page: str, markdown: str) -> str:
        """The page's Markdown after the macros, with the figures that must not stay a
        character (see the class) put back as markup."""
        held = self.held.get(page)
        if not held:
            return markdown
        marks = self._mark.findall(markdown)
        if len(marks) != len(set(marks)) or any(ord(m) - self.BASE >= len(held) for m in marks):
            del self.held[page]  # characters of the page's own: no figure stays one
            return self._mark.sub(lambda m: self._markup(held, m), markdown)
        lines, fence = markdown.split("\n"), ""
        for i, line in enumerate(lines):
            opens = self._code.match(line)
            inside = bool(fence or opens)
            if fence and opens and opens.group(1)[0] == fence[0] and \
                    len(opens.group(1)) >= len(fence) and not line.strip(" " + fence[0]):
                fence = ""  # the closing fence
            elif not fence and opens:
                fence = opens.group(1)
            if not self._mark.search(line):
                continue
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if inside or line.lstrip(" ").startswith("#") or line.startswith("    ") or \
                    "\t" in line or "`" in line or "{:" in line or \
                    self._setext.match(following):
                lines[i] = self._mark.sub(lambda m: self._markup(held, m), line)
        return "\n".join(lines)

    def markup_all(self, page: str, markdown: str) -> str:
        """The page's Markdown with every figure as its markup."""
        return str(self.text(page, markdown))

    def _markup(self, held: list[str], m: re.Match) -> str:
        n = ord(m.group()) - self.BASE
        return held[n] if n < len(held) else m.group()

    def html(self, page: str, html: str) -> tuple[str, str]:
        """(searched, shown): the converted page with each figure bare, for the search index,
        and whole, for the reader."""
        held = self.held.pop(page, None)
        if not held:
            return html, html
        shown = self._mark.sub(lambda m: held[ord(m.group()) - self.BASE], html)
        bare = [self._bare(h) for h in held]

        def searched(m: re.Match) -> str:
            text, tagged = bare[ord(m.group()) - self.BASE]
            return tagged if self._beside_blank(html, m.start(), m.end()) else text
        return self._mark.sub(searched, html), shown

    def _beside_blank(self, html: str, start: int, end: int) -> bool:
        """Whether the text just before or after position start..end, up to the next tag or
        figure, is white space alone: the search parser reads such a piece as one space, so
        there the figure keeps its tags to keep the pieces apart."""
        i = start - 1
        while i >= 0 and html[i].isspace():
            i -= 1
        if i < start - 1 and (i < 0 or html[i] == ">" or self._mark.match(html[i])):
            return True
        j = end
        while j < len(html) and html[j].isspace():
            j += 1
        return j > end and (j == len(html) or html[j] == "<" or bool(self._mark.match(html[j])))

    @staticmethod
    @functools.lru_cache(maxsize=65536)  # a figure's markup recurs from page to page
    def _bare(html: str) -> tuple[str, str]:
        """A figure as the search parser reads it: (its text alone, its tags without their
        attributes). The text alone reads the same where the pieces of text beside it are
        not blank (see _beside_blank) and none inside it is."""
        if "data-search" in html:
            return html, html
        tagged = Stash._attributes.sub(r"<\1>", html)
        return (tagged if Stash._blank.search(html) else Stash._attributes.sub("", html)), tagged


# ------------------------------------------------------------------ pages rendered before

class Renderings(Remembered):
    """Each page's Markdown as the macros left it, kept for the next build of the same site
    folder and edition. The key holds the site's inputs (every file under facts/ and docs/,
    the engine, the adapter, the settings and the day), the page's address, file and front
    matter, the macros plugin's settings and the page's source. It is kept only for a page
    whose template, read by the macros' own Jinja, reads no name but the macros' (no
    variable of the configuration, no other template) and whose rendering logged nothing at
    INFO or above: such a page's output depends on nothing else. What rendering also did is
    kept with it and done again: the figures it put in the Stash and the charts it
    registered for their CSV files."""

    def __init__(self, root: Path, site_dir: Path, edition: str, made_by: str) -> None:
        super().__init__(root, "rendered", f"{Path(site_dir).resolve()}\0{edition}",
                         made_by.encode("utf-8", "surrogatepass"))
        self.pending: dict[str, tuple] = {}  # by page address, while its macros run


def before_macros(env) -> None:
    """Before a page's macros run: on a hit, the kept Markdown stands in for their output
    (mkdocs-macros' own `render_macros: false` skips them for this page)."""
    memo, page = env.variables.get("factbook_rendered"), env.page
    sites = env.variables.get("factbook_sites") or {}
    if not isinstance(memo, Renderings) or page is None or not memo.on:
        return
    for *_, records in memo.pending.values():  # a page whose macros failed: not kept
        if records is not None:
            records.close()
    memo.pending.clear()
    folder = _folder_of(sites, page.url)
    site, stash = sites.get(folder), env.variables.get("factbook_stash")
    meta = page.meta if isinstance(getattr(page, "meta", None), dict) else None
    source, title = env.markdown, str(getattr(page, "title", "") or "")
    if site is None or meta is None or not isinstance(source, str) or "{{" in title or \
            "{%" in title:
        return
    key = memo.key(site.inputs, folder, page.url, page.file.src_uri, repr(sorted(
        (str(k), repr(v)) for k, v in meta.items())), repr(sorted(
            (str(k), repr(v)) for k, v in dict(env.config).items())), source,
        "stash" if stash is not None else "")
    found = memo.get(key)
    if found is not None:
        markdown, held, drawn = found
        try:
            for name, ids in drawn:
                site.register_chart(name, list(ids))
        except charts.ChartError:  # another page's chart now clashes: render, and fail as it does
            found = None
    if found is not None:
        if stash is not None:
            stash.held[page.url] = list(held)
        memo.pending[page.url] = (key, None, meta.get("render_macros", _UNSET), None)
        meta["render_macros"] = False
        env.markdown = markdown
    else:
        memo.pending[page.url] = (key, len(site.registered), source, listening())


def after_macros(env) -> None:
    """After a page's macros ran (or stood aside): keep what they made, put the page's front
    matter back as it was."""
    memo, page = env.variables.get("factbook_rendered"), env.page
    if not isinstance(memo, Renderings) or page is None or page.url not in memo.pending:
        return
    key, registered, source_or_meta, records = memo.pending.pop(page.url)
    if registered is None:  # a hit: the macros did not run
        if source_or_meta is _UNSET:
            page.meta.pop("render_macros", None)
        else:
            page.meta["render_macros"] = source_or_meta
        return
    if records.close() or not _reads_only_macros(getattr(env, "env", None), source_or_meta,
                                                 memo):
        return
    sites = env.variables.get("factbook_sites") or {}
    folder = _folder_of(sites, page.url)
    stash = env.variables.get("factbook_stash")
    drawn = sites[folder].registered[registered:]
    held = list(stash.held.get(page.url, ())) if stash is not None else []
    memo.put(key, (env.markdown, held, drawn))


_UNSET = object()


def _reads_only_macros(jinja, source: str, memo: Renderings | None = None) -> bool:
    """Whether a page's template, as jinja (the macros' environment) reads it, reads no
    name but the macros' and loads no other template. The answer for the same source and
    syntax is kept with the renderings: a page's source rarely changes when its figures do,
    and reading it again took a third of the macros' time after an edit of the store."""
    from jinja2 import meta
    from jinja2.exceptions import TemplateError

    key = None
    if memo is not None and jinja is not None:
        key = memo.key("reads only macros", _syntax(jinja), source)
        found = memo.get(key)
        if isinstance(found, bool):
            return found
    try:
        tree = jinja.parse(source)
    except (AttributeError, TemplateError, RecursionError):
        return False
    answer = meta.find_undeclared_variables(tree) <= set(MACROS) and \
        not any(True for _ in meta.find_referenced_templates(tree))
    if key is not None:
        memo.put(key, answer)
    return answer


def _syntax(jinja) -> str:
    """What, in a Jinja environment, shapes how it reads a template."""
    names = ("block_start_string", "block_end_string", "variable_start_string",
             "variable_end_string", "comment_start_string", "comment_end_string",
             "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
             "newline_sequence", "keep_trailing_newline")
    return repr([getattr(jinja, n, None) for n in names] +
                sorted(getattr(jinja, "extensions", None) or ()))


# ------------------------------------------------------------------ the fact pages

def search_settings(search) -> list[str | bytes]:
    """What, in the search plugin's settings, shapes the entries of a page (the dictionaries
    by which jieba splits Chinese among them)."""
    if search is None or getattr(search, "search_index", None) is None:
        return ["no search"]
    settings = dict(getattr(search, "config", {}) or {})
    out: list[str | bytes] = [repr(sorted((k, repr(v)) for k, v in settings.items()))]
    for name in ("jieba_dict", "jieba_dict_user"):
        try:
            out.append(Path(settings[name]).read_bytes() if settings.get(name) else b"")
        except OSError:
            out.append(b"unreadable")
    return out


def fill_shell(output: str, site: Site, folder: str, site_root: Path, root: Path, search,
               site_description: str, made_by: tuple) -> tuple[list[str], str | None]:
    """Every page under the edition's facts/, made from the rendered shell page (output) and
    added to the search plugin's index as it would read them; kept from the last build where
    nothing they are made of changed (factbook.kept). Returns the pages' addresses (with the
    edition's folder) and the key of all that facts/ holds (None: unknown)."""
    filled = shell.Shell(output)
    index = getattr(search, "search_index", None)
    frame = kept.digest(output, site_description, *made_by, *search_settings(search))

    def write(address, title, description, body):
        kept.write(site_root / folder / address,
                   filled.fill(address[6:-5], title, description, body, site_description))

    def add(address, title, searched):
        index.add_entry_from_context(SimpleNamespace(
            meta={"title": esc(title)}, title=esc(title), toc=[], url=folder + address,
            content=f'<div class="fact-page">{shell.for_search(searched)}</div>'))

    made, key = kept.make(root, site_root, folder, site.inputs, frame, site.shell_pages(),
                          write, add if index is not None else None,
                          getattr(index, "entries", None))
    return [folder + a for a in made], key


def write_exports(site: Site, folder: Path, root: Path) -> None:
    """The edition's data files into folder: those kept from the last build with the same
    inputs, address and language when the cache holds them (the store is not read, nor the
    module that writes them imported), else written anew (factbook.export)."""
    kept = exports_folder(root, site.inputs, site.site_url, site.locale.code)
    if kept is not None and restore_exports(kept, folder):
        return
    from .export import write_all

    write_all(lambda: site.store, folder, site.site_url, site.locale, cache_root=root,
              inputs=site.inputs)


def finish(site_root: Path, root: Path, base_url: str, filled: dict[str, list[str]],
           keys: dict[str, str | None]) -> None:
    """Once every edition is built: the shells out, the fact pages in the sitemap, robots.txt
    and the offline zip (after every plugin, so it searches like the hosted site)."""
    for edition in sorted(filled):
        (site_root / edition / shell.SHELL_SRC).with_suffix(".html").unlink(missing_ok=True)
        write_sitemap(site_root, base_url, edition + shell.SHELL_SRC[:-3] + ".html",
                      filled[edition])
    (site_root / "robots.txt").write_text(
        "User-agent: *\nAllow: /\n" + (f"Sitemap: {base_url}sitemap.xml\n" if base_url else ""),
        encoding="utf-8")
    vouched = {f"{edition}facts/": key for edition, key in keys.items()}
    write_zip(site_root, site_root / OFFLINE_ZIP, version_date(root),
              base_path=urlsplit(base_url).path or "/", cache_root=root,
              vouched=vouched if None not in vouched.values() else None)
