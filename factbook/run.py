"""One build of a site and its editions, as a generator's hooks hand it over (hooks.py wires
MkDocs' events to these methods; nothing here imports a generator).

The default edition's build starts a run; the other editions (mkdocs-static-i18n) are built
inside its post-build step, each with its own folder ('zh/'), so the editions being built are a
stack. A run holds the figures kept out of Markdown's way (adapter.Stash), each edition's
conversions and renderings kept for the next build (converted.Conversions,
adapter.Renderings), and the fact pages filled from each edition's shell, which the end of the
default edition's build puts in the sitemap and the offline zip (adapter.finish).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import kept
from .adapter import Renderings, Stash, fill_shell, finish
from .converted import Conversions


class Run:
    """The state of one build between a generator's events."""

    def __init__(self, made_by: tuple) -> None:
        self.made_by = made_by  # what, besides the site's inputs, the pages are made of
        self.building: list[str] = []  # the editions being built, the innermost last
        self.filled: dict[str, list[str]] = {}  # by edition: the pages filled from its shell
        self.keys: dict[str, str | None] = {}  # by edition: the key of its fact pages (kept)
        self.site_dirs: list[Path] = []  # the site folder of the build under way
        self.stash = Stash()
        self.shown: dict[str, str] = {}  # by page address: its HTML with the figures' markup
        self.converted: dict[str, Conversions] = {}  # by edition: pages converted before
        self.rendered: dict[str, Renderings] = {}  # by edition: pages' macros rendered before

    def edition(self, default: str) -> str:
        """The folder of the edition being built ('' or 'zh/'); default outside a build."""
        return self.building[-1] if self.building else default

    def begin(self, folder: str, root: Path, site_dir: Path, folders: list[str]) -> Renderings:
        """An edition's build starts; the default one's ('') starts the run, after putting the
        last build's fact pages of every edition (folders) aside, in case they can be kept."""
        if not folder:  # a failed run left nothing
            self.building.clear()
            self.filled.clear()
            self.keys.clear()
            self.stash.reset()
            self.shown.clear()
            self.site_dirs[:] = [site_dir]
            kept.set_aside(site_dir, folders)
        self.building.append(folder)
        made_by = repr(self.made_by)
        self.converted[folder] = Conversions(root, site_dir, folder, made_by)
        self.rendered[folder] = Renderings(root, site_dir, folder, made_by)
        return self.rendered[folder]

    def converting(self, page, folder: str, convert: Callable) -> Callable:
        """The page's conversion (convert(config, files)), done once for the same inputs, and
        again with its figures as markup if a figure's mark landed where it cannot stay."""
        conversions, stash = self.converted.get(folder), self.stash

        def render(config, files):
            for again in (False, True):
                if again:
                    page.markdown = stash.markup_all(page.url, page.markdown)
                if conversions is not None:
                    conversions.render(page, config, files, convert)
                else:
                    convert(config, files)
                if not stash.misplaced(page.url, page.content or ""):
                    return
        return render

    def markdown(self, page, markdown: str) -> str:
        """The page's Markdown after the macros, its figures kept out of Markdown's way; a
        figure in its title is its markup, as it was."""
        title = self.stash.text(page.url, page.title)
        if title is not page.title:
            page.title = title
        return self.stash.markdown(page.url, markdown)

    def content(self, page, html: str) -> str:
        """The converted page with its figures back: bare for the search index, which reads
        it next (the return value); whole once it has (shown)."""
        searched, self.shown[page.url] = self.stash.html(page.url, html)
        return searched

    def shown_content(self, page) -> None:
        """The page's content as the reader sees it, each figure whole."""
        page.content = self.shown.pop(page.url, page.content)

    def fill(self, output: str, site, folder: str, site_root: Path, root: Path, search,
             description: str) -> None:
        """The edition's shell, rendered (output), becomes every page under its facts/."""
        self.filled[folder], self.keys[folder] = fill_shell(
            output, site, folder, site_root, root, search, description, self.made_by)

    def failed(self) -> None:
        """A build that stops leaves no fact pages aside in the site folder."""
        for site_dir in self.site_dirs:
            kept.give_back(site_dir)

    def end(self, folder: str, site, site_dir: Path, root: Path, site_url: str) -> None:
        """An edition's build ends: what it converted and rendered is kept, its charts' data
        written; the default edition's end (the last) ends the run: the sitemap, robots.txt
        and the offline zip (adapter.finish)."""
        self.building.pop()
        for by_edition in (self.converted, self.rendered):
            if folder in by_edition:
                by_edition.pop(folder).save()
        if site is not None:
            for path, text in site.chart_files():
                (site_dir / folder / path).parent.mkdir(parents=True, exist_ok=True)
                (site_dir / folder / path).write_text(text, encoding="utf-8")
        if not folder:
            finish(site_dir, root, site_url, dict(self.filled), dict(self.keys))
            self.filled.clear()
            self.keys.clear()
