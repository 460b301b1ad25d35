"""A project: the store loaded from facts/, the pages scanned from docs/, every check run once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import cache
from .check import Report, run
from .load import load_store
from .model import Problem, Store
from .pages import PageRef, scan


@dataclass
class Project:
    """A loaded and checked project: the store, the page references and every problem."""

    root: Path
    store: Store
    pages: list[PageRef]
    problems: list[Problem] = field(default_factory=list)
    context: Report | None = None  # the check's report: checkers, usage, verdicts, indexes
    cached: bool = False  # the store came from the cache (same files, same engine)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def open_project(root: Path | str = ".", today: date | None = None,
                 facts: str = "facts", docs: str = "docs") -> Project:
    """Load facts/ and scan docs/ under root, then run every check once."""
    root = Path(root)
    # Records remember paths relative to root, so the folder's name is part of the key.
    store, hit = cache.cached(root, "store", cache.tree_digest(root / facts, facts),
                              lambda: load_store(root / facts, base=root))
    pages, _ = cache.cached(root, "pages", cache.tree_digest(root / docs, docs),
                            lambda: scan(root / docs, base=root) if (root / docs).is_dir()
                            else [])
    problems, context = run(store, today=today, pages=pages)
    return Project(root, store, pages, problems, context, hit)
