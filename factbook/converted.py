"""Pages converted once: each page's Markdown, as the plugins leave it, is converted to HTML by
the generator on every build, and a page that did not change converts to the same HTML. The
result is kept, under `.cache/factbook/`, found by a SHA-256 of all the conversion reads: the
page's Markdown after every plugin (so the figures of this build's store are in it), the page's
file and address, every file of the site with its address (links are resolved against them),
the Markdown settings, the link-check settings and the versions and code that convert.

This is generic over the page object (MkDocs' Page: `render(config, files)` sets `content`,
`toc`, `_title_from_render`, `present_anchor_ids` and `links_to_anchors`), with no generator
imported. A conversion that logged anything at INFO or above (a broken link, an unknown
anchor) is not kept: it runs again on the next build, and says so again. FACTBOOK_CACHE=off
turns the reuse off.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import zlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import cache
from .kept import digest

NAME = "converted"  # one entry per site folder: the pages its last build converted
KEEP = 8  # site folders remembered


def _versions() -> str:
    out = []
    for package in ("mkdocs", "Markdown", "pymdown-extensions"):
        try:
            out.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            out.append(f"{package} none")
    return "|".join(out)


class _Records(logging.Handler):
    """Whether anything was logged at INFO or above while it listens (`listening`)."""

    # The generator's loggers may not pass their records on to the root's handlers.
    LOGGERS = ("", "mkdocs")

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.said = False
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.said = True

    def close(self) -> bool:
        """Stop listening; whether anything was said."""
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)
        super().close()
        return self.said


def listening() -> _Records:
    """A listener to every record logged from now until its close()."""
    return _Records()


class Remembered:
    """What one build of one site folder made, by key, and what its last build made: an entry
    of the last build serves this one only under the same key, and only the entries this
    build used or made are kept for the next."""

    def __init__(self, root: Path, kind: str, where: str, frame: bytes = b"") -> None:
        self.root, self.on = root, cache.enabled()
        self.name = f"{kind}-" + hashlib.sha256(
            where.encode("utf-8", "surrogateescape")).hexdigest()[:24]
        last = cache.load(root, self.name, {}) if self.on else {}
        self.last: dict[str, object] = last if isinstance(last, dict) else {}
        self.made: dict[str, object] = {}
        self.frame = hashlib.sha256(cache.code_fingerprint() + frame).digest()
        self.kind, self.hits = kind, 0

    def key(self, *parts: str) -> str:
        return digest(self.frame, *parts)

    def get(self, key: str):
        found = self.last.get(key, self.made.get(key)) if self.on else None
        if not isinstance(found, bytes):
            return None
        try:
            value = pickle.loads(zlib.decompress(found))
        except Exception:  # noqa: BLE001 - unreadable: made anew
            return None
        self.made[key] = found
        self.hits += 1
        return value

    def put(self, key: str, value: object) -> None:
        # Each entry compressed: a site's pages stay a few megabytes in memory, not tens.
        if self.on:
            self.made[key] = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)

    def save(self) -> None:
        """Keep this build's entries (only those: a page gone is forgotten)."""
        if self.on:
            cache.save(self.root, self.name, self.made, keep=self.kind, count=KEEP)


class Conversions(Remembered):
    """The pages one build of one site folder converts, and those its last build did."""

    def __init__(self, root: Path, site_dir: Path, edition: str = "", made_by: str = "") -> None:
        super().__init__(root, NAME, f"{Path(site_dir).resolve()}\0{edition}",
                         f"{made_by}|{_versions()}".encode("utf-8", "surrogatepass"))
        self._files: dict[int, bytes] = {}  # by id of the build's files: their digest

    def _files_digest(self, files) -> bytes:
        found = self._files.get(id(files))
        if found is None:
            h = hashlib.sha256()
            for f in files:
                h.update(repr((f.src_uri, f.dest_uri, f.url, str(f.inclusion)))
                         .encode("utf-8", "surrogatepass") + b"\0")
            found = self._files[id(files)] = h.digest()
        return found

    def page_key(self, page, config, files) -> str:
        # The level too: what is logged, and whether links to anchors are collected, hang on it.
        settings = repr((config.get("markdown_extensions"), config.get("mdx_configs"),
                         config.get("validation"), config.get("use_directory_urls"),
                         logging.getLogger("mkdocs").getEffectiveLevel()))
        return self.key(self._files_digest(files).hex(), settings, page.file.src_uri,
                        page.file.dest_uri, page.file.url, str(page.file.inclusion),
                        page.markdown)

    def render(self, page, config, files, convert) -> None:
        """Set page's conversion as convert(config, files) would, from the last build when
        everything it reads is the same."""
        if not self.on:
            convert(config, files)
            return
        key = self.page_key(page, config, files)
        kept = self.get(key)
        if kept is not None and self._apply(page, kept, files):
            return
        records = listening()
        try:
            convert(config, files)
        finally:
            said = records.close()
        if not said:
            links = {f.src_uri: dict(anchors)
                     for f, anchors in (getattr(page, "links_to_anchors", None) or {}).items()}
            self.put(key, (page.content, page.toc, page._title_from_render,
                           set(page.present_anchor_ids or ()), links,
                           getattr(page, "links_to_anchors", None) is not None))
        # else: not kept, so what it said is said again on the next build

    @staticmethod
    def _apply(page, kept: tuple, files) -> bool:
        content, toc, title, anchors, links, has_links = kept
        targets = {}
        for src_uri, found in links.items():
            target = files.get_file_from_path(src_uri)
            if target is None:
                return False
            targets[target] = dict(found)
        page.content, page.toc, page._title_from_render = content, toc, title
        page.present_anchor_ids = set(anchors)
        if has_links:
            page.links_to_anchors = targets
        return True
