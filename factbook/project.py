"""A project: the store loaded from facts/, the pages scanned from docs/, every check run once."""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache
from .problems import Findings, Problem

if TYPE_CHECKING:  # imported where a project is made: reading a kept one's summary needs none
    from .check import Report
    from .model import Store
    from .pages import PageRef


@dataclass
class Project(Findings):
    """A loaded and checked project: the store, the page references and every problem."""

    root: Path
    store: Store
    pages: list[PageRef]
    problems: list[Problem] = field(default_factory=list)
    context: Report | None = None  # the check's report: checkers, usage, verdicts, indexes
    cached: bool = False  # the store came from the cache (same files, same engine)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the store has words in (facts/zh.yaml: 'zh')."""
        return tuple(sorted(self.store.translations))


@dataclass
class Summary(Findings):
    """What a build must know of a checked project before any page: its problems (a build
    with errors stops) and the languages its store has words in (each edition's locale)."""

    problems: list[Problem]
    languages: tuple[str, ...] = ()


class Deferred(Findings):
    """A checked project that the cache holds, read from it only when something asks for more
    than its summary: a build whose pages and data files were all kept from the last build,
    in a language the store has no words for and with no chart, never does (at 10,000 facts
    the read takes a quarter of a second)."""

    cached = True

    def __init__(self, load, summary: Summary):
        self._load, self._project = load, None
        self.problems, self.languages = summary.problems, summary.languages

    def _read(self):
        if self._project is None:
            try:
                self._project = self._load()
            except AttributeError as e:  # not to pass for an attribute the project lacks
                raise RuntimeError(f"the checked project could not be read: {e}") from e
            # Left out of the cyclic collector's passes, as adapter.open_sites leaves a
            # project read at once.
            gc.freeze()
        return self._project

    def __getattr__(self, name: str):  # store, pages, context, root: the project itself
        if name.startswith("__") or name in ("_load", "_project"):
            raise AttributeError(name)
        return getattr(self._read(), name)

    def __repr__(self) -> str:  # as the project's own, whoever prints it
        return repr(self._read())


def open_project(root: Path | str = ".", today: date | None = None,
                 facts: str = "facts", docs: str = "docs", checkers: bool = False,
                 digests: tuple[str, str] | None = None) -> Project:
    """Load facts/ and scan docs/ under root, then run every check once. The checked project
    of the same files and day may come from the cache. The value checks themselves are kept
    (`context.checkers`) only with checkers=True; without, `context.checkers` is None."""
    root = Path(root)
    today = today or date.today()
    # Records remember paths relative to root, so the folder's name is part of the key.
    # digests: (digest_of(root, facts), digest_of(root, docs)), if the caller has them already.
    store_key, pages_key = digests or (digest_of(root, facts), digest_of(root, docs))
    # The checked project as a whole (store, pages and report in one: the report refers to
    # the store's records) for the day; else its parts, each from its own entry.
    whole = _whole(store_key, pages_key, today)
    checked = None if checkers else cache.load(root, "checked-" + whole)
    if isinstance(checked, Project) and checked.root == root:
        checked.cached = True
        _summarise(root, whole, checked)
        return checked
    if checkers:
        project = _check(root, today, facts, docs, store_key, pages_key, checkers)
        cache.save(root, "checked-" + whole, project, keep="checked")
        _summarise(root, whole, project)
        return project
    # A project made here lies scattered among all that loading and checking made and let
    # go, which later work only partly reuses: the copy the cache keeps is read back in one
    # piece instead, as the next build reads it (a cold build of 10,000 facts: 9 MB lower).
    project = cache.renewed(root, "checked-" + whole,
                            _check(root, today, facts, docs, store_key, pages_key, checkers),
                            keep="checked")
    _summarise(root, whole, project)
    return project


def open_deferred(root: Path, digests: tuple[str, str], today: date | None = None
                  ) -> Project | Deferred:
    """The checked project of root (digests as open_project takes them); when the cache holds
    it with its summary, a Deferred that reads it from the cache on first use."""
    today = today or date.today()
    whole = _whole(*digests, today)
    summary = cache.load(root, "summary-" + whole)
    if not isinstance(summary, Summary) or not cache.holds(root, "checked-" + whole):
        return open_project(root, today=today, digests=digests)

    def load() -> Project:
        checked = cache.load(root, "checked-" + whole)
        if isinstance(checked, Project) and checked.root == root:
            checked.cached = True
            return checked
        # Gone meanwhile: made again from facts/ and docs/ as they are now, and kept under
        # their key, never under the key of the files the build started from.
        return open_project(root, today=today)

    return Deferred(load, summary)


def _whole(store_key: str, pages_key: str, today: date) -> str:
    return hashlib.sha256(f"{store_key}|{pages_key}|{today.isoformat()}".encode()).hexdigest()


def _summarise(root: Path, whole: str, project: Project) -> None:
    """The project's summary beside it in the cache, for open_deferred (written once)."""
    if not isinstance(cache.load(root, "summary-" + whole), Summary):
        cache.save(root, "summary-" + whole, Summary(list(project.problems), project.languages),
                   keep="summary")


def digest_of(root: Path, folder: str) -> str:
    """The key of everything under root/folder, as open_project reads it."""
    return cache.tree_digest(root / folder, folder)


def _check(root: Path, today: date, facts: str, docs: str, store_key: str, pages_key: str,
           checkers: bool) -> Project:
    """The store and pages (each from its cache entry when there is one), checked."""
    from .check import run
    from .load import load_store
    from .pages import scan

    store, hit = cache.cached(root, "store", store_key,
                              lambda: load_store(root / facts, base=root))
    pages, _ = cache.cached(root, "pages", pages_key,
                            lambda: scan(root / docs, base=root) if (root / docs).is_dir()
                            else [])
    problems, context = run(store, today=today, pages=pages)
    project = Project(root, store, pages, problems, context, hit)
    for index in ("checks", "cited_by", "superseded_by", "verdicts"):
        getattr(context, index)  # computed once, and kept with the rest
    if not checkers:  # as the cache gives it: the value checks have run, and are let go
        context.checkers = None  # type: ignore[assignment]
        context.__dict__.pop("by_fact", None)
    return project
