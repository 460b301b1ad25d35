"""`make zensical`: the same store and pages built with Zensical, as proof the adapter is thin.

Zensical reads mkdocs.yml and runs macros.py through its own port of mkdocs-macros, but it has
no MkDocs events: hooks.py never runs. So this script does their part around its build:

  stage <folder>      a project Zensical can build: mkdocs.yml, macros.py, overrides and the
                      store as they are, and the English pages plus one generated page per
                      fact (what hooks.py adds in MkDocs) in a docs folder of its own (the
                      Chinese edition needs mkdocs-static-i18n, which Zensical does not run);
  compare <a> <b>     the figures of the home and deliveries pages (their data-fact and value
                      attributes, in order) must be the same in both builds.

The data exports come from `factbook export`, a step of their own in the Makefile.
"""

from __future__ import annotations

import os
import shutil
import sys
from html.parser import HTMLParser
from itertools import zip_longest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPARED = ["index.html", "deliveries.html"]


def stage(folder: Path) -> None:
    from factbook import open_project
    from factbook.published import version_date
    from factbook.site import Site

    from .sitekit import read_config

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    project = open_project(ROOT)
    if project.errors:
        sys.exit("zensical: the store has errors; run `make check` first")
    config = read_config(ROOT / "mkdocs.yml")
    site = Site(project, config.get("site_url") or "", version_date(ROOT),
                str((config.get("extra") or {}).get("issues_url") or ""))
    # The pages go to a folder other than docs/, so the staged project's own check does not
    # take the generated pages for hand-written ones (it has checked the real pages already).
    # Zensical has no mkdocs-static-i18n: the Chinese pages would come out at the root, their
    # figures in English words, so the Chinese edition is left out.
    shutil.copytree(ROOT / "docs", folder / "pages", ignore=shutil.ignore_patterns("*.zh.md"))
    for src, markdown in site.generated_pages():
        target = folder / "pages" / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(f"docs_dir: pages\n{text}", encoding="utf-8")
    for name in ("macros.py",):
        shutil.copy(ROOT / name, folder / name)
    for name in ("overrides", "facts"):
        os.symlink(ROOT / name, folder / name)
    print(f"staged {folder}: {len(project.store.facts)} fact pages added")


class Figures(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.figures: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-fact" in a and tag in ("data", "time"):
            self.figures.append((a["data-fact"], a.get("value") or a.get("datetime")))


def figures(page: Path) -> list[tuple[str, str | None]]:
    parser = Figures()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.figures


def compare(mkdocs_site: Path, zensical_site: Path) -> int:
    bad = 0
    for name in COMPARED:
        a, b = figures(mkdocs_site / name), figures(zensical_site / name)
        if not a:
            print(f"{mkdocs_site / name}: no figures (build the site first)")
            bad += 1
        elif a != b:
            first = next((x, y) for x, y in zip_longest(a, b) if x != y)
            print(f"{name}: the figures differ: MkDocs {len(a)}, Zensical {len(b)}; first "
                  f"difference {first}")
            bad += 1
        else:
            print(f"{name}: {len(a)} figures, the same ids and values in both builds")
    missing = [p for p in ("facts/xiaomi.ev.deliveries.2025-q3.html", "data/facts.json")
               if not (zensical_site / p).is_file()]
    for p in missing:
        print(f"{zensical_site / p}: missing")
    return 1 if bad or missing else 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["stage"] and len(argv) == 2:
        stage(Path(argv[1]).resolve())
        return 0
    if argv[:1] == ["compare"] and len(argv) == 3:
        return compare(Path(argv[1]), Path(argv[2]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
