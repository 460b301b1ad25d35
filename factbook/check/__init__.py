"""Every check of the store, in parts by what is checked; `run()` checks once and returns all
problems at once (errors and warnings) with the typed Report of what it derived.

- core: agreement of figures, the Context, value Checkers and shared problem codes
- entities, sources, facts, claims, rules, series, pages, translations: the checks, each with
  its codes
- report: the passes in order, problem order, and the Report (usage, checks, verdicts)
- tenfold: the ×10 coverage test (`factbook check --coverage`)

Every problem carries a code registered once (`factbook.model.CODES`; `factbook codes`).
"""

from __future__ import annotations

from .claims import compute_verdict
from .core import (
    Checker,
    Context,
    agrees,
    dates_agree,
    default_tolerance,
    figure_tolerance,
    interval,
    is_date_unit,
    num,
    tolerance_of,
    unit_hint,
    values_of,
)
from .entities import reads_as_figure
from .report import PASSES, Report, build, check, run
from .series import Gap, checked_up_to, series_gaps
from .sources import origin
from .tenfold import Coverage, coverage

__all__ = [
    "PASSES", "Checker", "Context", "Coverage", "Gap", "Report", "agrees", "build", "check",
    "checked_up_to", "compute_verdict", "coverage", "dates_agree", "default_tolerance",
    "figure_tolerance", "interval", "is_date_unit", "num", "origin", "reads_as_figure", "run",
    "series_gaps", "tolerance_of", "unit_hint", "values_of",
]
