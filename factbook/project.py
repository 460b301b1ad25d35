"""A project: the store loaded from facts/, the pages scanned from docs/, every check run once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import cache
from .check import Report, run
from .load import load_store
from .model import Findings, Problem, Store
from .pages import PageRef, scan


@dataclass
class Project(Findings):
    """A loaded and checked project: the store, the page references and every problem."""

    root: Path
    store: Store
    pages: list[PageRef]
    problems: list[Problem] = field(default_factory=list)
    context: Report | None = None  # the check's report: checkers, usage, verdicts, indexes
    cached: bool = False  # the store came from the cache (same files, same engine)


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
    whole = hashlib.sha256(f"{store_key}|{pages_key}|{today.isoformat()}".encode()).hexdigest()
    checked = None if checkers else cache.load(root, "checked-" + whole)
    if isinstance(checked, Project) and checked.root == root:
        checked.cached = True
        return checked
    if checkers:
        project = _check(root, today, facts, docs, store_key, pages_key, checkers)
        cache.save(root, "checked-" + whole, project, keep="checked")
        return project
    # A project made here lies scattered among all that loading and checking made and let
    # go, which later work only partly reuses: the copy the cache keeps is read back in one
    # piece instead, as the next build reads it (a cold build of 10,000 facts: 9 MB lower).
    return cache.renewed(root, "checked-" + whole,
                         _check(root, today, facts, docs, store_key, pages_key, checkers),
                         keep="checked")


def digest_of(root: Path, folder: str) -> str:
    """The key of everything under root/folder, as open_project reads it."""
    return cache.tree_digest(root / folder, folder)


def _check(root: Path, today: date, facts: str, docs: str, store_key: str, pages_key: str,
           checkers: bool) -> Project:
    """The store and pages (each from its cache entry when there is one), checked."""
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
