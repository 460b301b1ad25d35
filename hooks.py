"""MkDocs hooks: the fact pages and, after every plugin, robots.txt, each chart's CSV
(data/charts/<chart>.csv, the facts the pages' charts drew) and the offline zip.

Fact pages are not built one by one: one shell page goes through MkDocs and the theme, and each
fact's page is that shell filled in (factbook.shell), added to the search index and the sitemap.
The zip is written last (after Material's offline plugin has inlined the search index), so the
copy a reader downloads searches like the hosted site.

Figures pass through Markdown as one character each and come back after it (adapter.Stash);
each page's conversion is kept for the next build with the same inputs (factbook.converted).
The work is factbook.run's; these hooks only hand MkDocs' events to it.
"""

from __future__ import annotations

import logging
from importlib.metadata import version
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from factbook import shell
from factbook.run import Run

try:  # jieba (the search plugin's Chinese word splitter) reports its dictionary on every build
    import jieba
except ImportError:
    jieba = None
else:
    jieba.setLogLevel(logging.WARNING)

# What, besides the site's own inputs, the fact pages and their search entries are made of.
_run = Run((Path(__file__).read_bytes(), f"mkdocs-material {version('mkdocs-material')}",
            f"jieba {getattr(jieba, '__version__', '')}"))


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
    """The folder of the edition this build makes ('' or 'zh/') and its site layer."""
    variables = config.plugins["macros"].variables
    folder = _run.edition(variables.get("factbook_folder", ""))
    return folder, (variables.get("factbook_sites") or {}).get(folder)


def _root(config) -> Path:
    return Path(config["config_file_path"]).parent


def on_pre_build(config):
    variables = config.plugins["macros"].variables
    variables["factbook_stash"] = _run.stash
    variables["factbook_rendered"] = _run.begin(
        variables.get("factbook_folder", ""), _root(config), Path(config["site_dir"]),
        list(variables.get("factbook_sites") or ()))


def on_pre_page(page, config, files):
    page.render = _run.converting(page, _edition(config)[0], page.render)
    return page


@event_priority(-100)  # after the macros
def on_page_markdown(markdown, page, config, files):
    return _run.markdown(page, markdown)


@event_priority(-100)
def on_page_content(html, page, config, files):
    return _run.content(page, html)


@event_priority(-100)  # after the search plugin
def on_page_context(context, page, config, nav):
    _run.shown_content(page)
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
    if page.file.src_uri == folder + shell.SHELL_SRC:
        search = config.plugins.get("material/search") or config.plugins.get("search")
        try:
            _run.fill(output, site, folder, Path(config["site_dir"]), _root(config), search,
                      config.get("site_description") or "")
        except shell.ShellError as e:
            raise PluginError(f"overrides/: {e}") from None
    return output


def on_build_error(error):
    _run.failed()


@event_priority(-200)
def on_post_build(config):
    """Each edition's chart data; once every edition is built (the default language's build
    ends last), the sitemap, robots.txt and the offline zip."""
    folder, site = _edition(config)
    _run.end(folder, site, Path(config["site_dir"]), _root(config), config.get("site_url") or "")
