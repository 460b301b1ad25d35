"""MkDocs hooks: the fact pages and, after every plugin, robots.txt, each chart's CSV
(data/charts/<chart>.csv, the facts the pages' charts drew) and the offline zip.

Fact pages are not built one by one: one shell page goes through MkDocs and the theme, and each
fact's page is that shell filled in (factbook.shell), added to the search index and the sitemap.
The zip is written last (after Material's offline plugin has inlined the search index), so the
copy a reader downloads searches like the hosted site.

Figures pass through Markdown as one character each and come back after it (adapter.Stash);
each page's conversion is kept for the next build with the same inputs (factbook.converted).
"""

from __future__ import annotations

import logging
from importlib.metadata import version
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from factbook import kept, shell
from factbook.adapter import Renderings, Stash, fill_shell, finish
from factbook.converted import Conversions

try:  # jieba (the search plugin's Chinese word splitter) reports its dictionary on every build
    import jieba
except ImportError:
    jieba = None
else:
    jieba.setLogLevel(logging.WARNING)

# What, besides the site's own inputs, the fact pages and their search entries are made of.
_MADE_BY = (Path(__file__).read_bytes(), f"mkdocs-material {version('mkdocs-material')}",
            f"jieba {getattr(jieba, '__version__', '')}")

_building: list[str] = []  # the editions being built, the innermost last
_filled: dict[str, list[str]] = {}  # by edition: the pages filled from its shell
_keys: dict[str, str | None] = {}  # by edition: the key of all its fact pages (kept.py)
_sites: list[Path] = []  # the site folder of the build under way
_stash = Stash()  # inline figures kept out of Markdown's way (factbook.adapter.Stash)
_shown: dict[str, str] = {}  # by page address: its HTML with the figures' markup
_converted: dict[str, Conversions] = {}  # by edition: pages converted before (converted.py)
_rendered: dict[str, Renderings] = {}  # by edition: pages' macros rendered before (adapter.py)


@event_priority(100)
def on_config(config):
    """A strict build fails on every warning, --quiet or not: MkDocs' --quiet silences
    warnings by raising its logger to ERROR, so `--strict --quiet` let a broken link pass.
    For a strict build the logger stays at WARNING: quiet, save for what fails the build."""
    logger = logging.getLogger("mkdocs")
    if config.get("strict") and logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    return config


def _edition(config):
    """The folder of the edition this build makes ('' or 'zh/') and its site layer. The other
    editions are built inside the default one's post-build step, so each build keeps its own."""
    variables = config.plugins["macros"].variables
    folder = _building[-1] if _building else variables.get("factbook_folder", "")
    return folder, (variables.get("factbook_sites") or {}).get(folder)


def on_pre_build(config):
    variables = config.plugins["macros"].variables
    folder = variables.get("factbook_folder", "")
    if not folder:  # the default edition's build starts a run: a failed one left nothing
        _building.clear()
        _filled.clear()
        _keys.clear()
        _stash.reset()
        _shown.clear()
        # Before the clean: the last build's fact pages, in case they can be kept (kept.py).
        _sites[:] = [Path(config["site_dir"])]
        kept.set_aside(_sites[0], list(variables.get("factbook_sites") or ()))
    _building.append(folder)
    variables["factbook_stash"] = _stash
    root, site_dir = Path(config["config_file_path"]).parent, Path(config["site_dir"])
    _converted[folder] = Conversions(root, site_dir, folder, repr(_MADE_BY))
    variables["factbook_rendered"] = _rendered[folder] = Renderings(root, site_dir, folder,
                                                                    repr(_MADE_BY))


def on_pre_page(page, config, files):
    """The page's Markdown is converted once for the same inputs (factbook.converted), and
    again with its figures as markup if a figure's mark landed where it cannot stay."""
    conversions, convert = _converted.get(_edition(config)[0]), page.render

    def render(config, files):
        for again in (False, True):
            if again:
                page.markdown = _stash.markup_all(page.url, page.markdown)
            if conversions is not None:
                conversions.render(page, config, files, convert)
            else:
                convert(config, files)
            if not _stash.misplaced(page.url, page.content or ""):
                return
    page.render = render
    return page


@event_priority(-100)  # after the macros
def on_page_markdown(markdown, page, config, files):
    title = _stash.text(page.url, page.title)
    if title is not page.title:  # a figure in a title is its markup, as it was
        page.title = title
    return _stash.markdown(page.url, markdown)


@event_priority(-100)
def on_page_content(html, page, config, files):
    """The figures back in the converted page: with bare tags for the search index, which
    reads the page next; whole once it has (on_page_context)."""
    searched, _shown[page.url] = _stash.html(page.url, html)
    return searched


@event_priority(-100)  # after the search plugin
def on_page_context(context, page, config, nav):
    page.content = _shown.pop(page.url, page.content)
    return context


@event_priority(-100)  # after mkdocs-static-i18n has chosen the edition's files
def on_files(files, config):
    """The shell that every page under facts/ is filled into (factbook.shell)."""
    folder, _ = _edition(config)
    files.append(File.generated(config, folder + shell.SHELL_SRC, content=shell.source(),
                                inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_post_page(output, page, config):
    """The shell, once rendered, becomes every page under facts/, each added to the search
    index as the search plugin would read it."""
    folder, site = _edition(config)
    if page.file.src_uri != folder + shell.SHELL_SRC:
        return output
    search = config.plugins.get("material/search") or config.plugins.get("search")
    try:
        _filled[folder], _keys[folder] = fill_shell(
            output, site, folder, Path(config["site_dir"]),
            Path(config["config_file_path"]).parent, search,
            config.get("site_description") or "", _MADE_BY)
    except shell.ShellError as e:
        raise PluginError(f"overrides/: {e}") from None
    return output


def on_build_error(error):
    """A build that stops leaves no fact pages aside in the site folder."""
    for site_dir in _sites:
        kept.give_back(site_dir)


@event_priority(-200)
def on_post_build(config):
    """Each edition's chart data; once every edition is built (the default language's build
    ends last), the sitemap, robots.txt and the offline zip."""
    site_dir = Path(config["site_dir"])
    folder, site = _edition(config)
    _building.pop()
    for kept_by_edition in (_converted, _rendered):
        if folder in kept_by_edition:
            kept_by_edition.pop(folder).save()
    if site is not None:
        for path, text in site.chart_files():
            (site_dir / folder / path).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / folder / path).write_text(text, encoding="utf-8")
    if not folder:
        finish(site_dir, Path(config["config_file_path"]).parent,
               config.get("site_url") or "", dict(_filled), dict(_keys))
        _filled.clear()
        _keys.clear()
