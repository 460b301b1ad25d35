"""The ×10 test: how many numeric facts some check catches when the value is multiplied by ten
and when it is divided by ten (a slipped digit). Behind `factbook check --coverage`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import Store
from .core import is_date_unit, values_of


@dataclass
class Coverage:
    """Numeric facts, how many a slipped digit would trip, by kind of check, and the rest."""

    numeric: int
    covered: int
    by_kind: dict[str, int]
    uncovered: list[str]

    @property
    def share(self) -> float:
        """The covered share of numeric facts (1.0 when there are none)."""
        return self.covered / self.numeric if self.numeric else 1.0


def _by_fact(found) -> dict:
    by_fact = getattr(found, "by_fact", None)
    if by_fact is not None:
        return by_fact  # a Report: the index was built once by the check
    out: dict = {}
    for c in found.checkers:
        for fid in c.ids:
            out.setdefault(fid, []).append(c)
    return out


def coverage(store: Store, found=None) -> Coverage:
    """How many numeric facts some check catches when their value is ×10 and when it is ÷10.

    `found` is the Report (or Context) of a check of this store; without one, or with one
    kept without its value checks (factbook.project's cache), the store is checked first."""
    if found is None or getattr(found, "checkers", None) is None:
        from .report import run

        found = run(store, getattr(found, "today", None) or date.max)[1]
    by_fact = _by_fact(found)
    values = values_of(store)
    baseline: dict[int, frozenset] = {}  # what each checker already reports, found when needed
    by_kind: dict[str, int] = {}
    numeric = covered = 0
    uncovered = []
    for fid, f in store.facts.items():
        if not isinstance(f.value, (int, float)) or f.value == 0 or is_date_unit(f.unit):
            continue
        numeric += 1
        checkers = by_fact.get(fid, ())
        for c in checkers:
            if id(c) not in baseline:
                baseline[id(c)] = frozenset(c.run(values))
        caught: set[str] = set()
        every_factor = bool(checkers)
        for factor in (10, 0.1):
            values[fid] = f.value * factor  # mutate in place, restore below: no copy per fact
            try:
                kinds = {c.kind for c in checkers
                         if not set(c.run(values)) <= baseline[id(c)]}
            finally:
                values[fid] = f.value
            every_factor = every_factor and bool(kinds)
            caught |= kinds
        for k in caught:
            by_kind[k] = by_kind.get(k, 0) + 1
        if every_factor:
            covered += 1
        else:
            uncovered.append(fid)
    return Coverage(numeric, covered, by_kind, uncovered)
