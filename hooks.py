"""MkDocs hooks: the fact pages, added as generated files, and, after every plugin,
robots.txt, each chart's CSV (data/charts/<chart>.csv, the facts the pages' charts drew) and
the offline zip.

The zip is written last (after Material's offline plugin has inlined the search index), so the
copy a reader downloads searches like the hosted site.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from factbook.export import version_date, write_zip
from factbook.site import OFFLINE_ZIP


def on_files(files, config):
    """A page for every fact, built by the site layer that the macros plugin set up."""
    site = config.plugins["macros"].variables.get("factbook_site")
    for src, markdown in site.generated_pages():
        files.append(File.generated(config, src, content=markdown,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    return files


@event_priority(-200)
def on_post_build(config):
    site = Path(config["site_dir"])
    factbook_site = config.plugins["macros"].variables.get("factbook_site")
    if factbook_site is not None:
        for path, text in factbook_site.chart_files():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(text, encoding="utf-8")
    base = config.get("site_url") or ""
    (site / "robots.txt").write_text(
        "User-agent: *\nAllow: /\n" + (f"Sitemap: {base}sitemap.xml\n" if base else ""),
        encoding="utf-8")
    write_zip(site, site / OFFLINE_ZIP, version_date(Path(config["config_file_path"]).parent),
              base_path=urlsplit(base).path or "/")
