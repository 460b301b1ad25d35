"""MkDocs hooks: the fact pages and, after every plugin, robots.txt, each chart's CSV
(data/charts/<chart>.csv, the facts the pages' charts drew) and the offline zip.

Fact pages are not built one by one: one shell page goes through MkDocs and the theme, and each
fact's page is that shell filled in (factbook.shell), added to the search index and the sitemap.
The zip is written last (after Material's offline plugin has inlined the search index), so the
copy a reader downloads searches like the hosted site.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from factbook import shell
from factbook.export import version_date, write_sitemap, write_zip
from factbook.site import OFFLINE_ZIP

_filled: list[str] = []  # the addresses of the fact pages filled in this build


def _site(config):
    return config.plugins["macros"].variables.get("factbook_site")


def on_files(files, config):
    """The shell that every page under facts/ is filled into (factbook.shell)."""
    files.append(File.generated(config, shell.SHELL_SRC, content=shell.source(),
                                inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_post_page(output, page, config):
    """The shell, once rendered, becomes every page under facts/; a fact's page is added to the
    search index as the search plugin would read it."""
    if page.file.src_uri != shell.SHELL_SRC:
        return output
    try:
        filled = shell.Shell(output)
    except shell.ShellError as e:
        raise PluginError(f"overrides/: {e}") from None
    site_dir = Path(config["site_dir"])
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    (site_dir / "facts").mkdir(parents=True, exist_ok=True)
    _filled.clear()
    own = config.get("site_description") or ""
    for address, title, description, body, searched in _site(config).shell_pages():
        (site_dir / address).write_text(
            filled.fill(address[6:-5], title, description, body, own), encoding="utf-8")
        _filled.append(address)
        if index is not None and searched is not None:
            index.add_entry_from_context(SimpleNamespace(
                meta={"title": shell.esc(title)}, title=shell.esc(title), toc=[], url=address,
                content=f'<div class="fact-page">{shell.for_search(searched)}</div>'))
    return output


@event_priority(-200)
def on_post_build(config):
    site = Path(config["site_dir"])
    base = config.get("site_url") or ""
    (site / shell.SHELL_SRC).with_suffix(".html").unlink(missing_ok=True)
    write_sitemap(site, base, shell.SHELL_SRC[:-3] + ".html", _filled)
    factbook_site = _site(config)
    if factbook_site is not None:
        for path, text in factbook_site.chart_files():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(text, encoding="utf-8")
    (site / "robots.txt").write_text(
        "User-agent: *\nAllow: /\n" + (f"Sitemap: {base}sitemap.xml\n" if base else ""),
        encoding="utf-8")
    write_zip(site, site / OFFLINE_ZIP, version_date(Path(config["config_file_path"]).parent),
              base_path=urlsplit(base).path or "/")
