"""Checks of series (one fact per period, one unit) and the gaps they show: periods with no
figure between a series' first figure and the latest checked date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import Store, register
from ..periods import PeriodError, Span, periods_between
from .core import UNKNOWN_FACT, Context, date_span, period_span

WRONG_CADENCE = register("series.wrong-cadence", "a series names a fact whose period is not of "
                         "the series' cadence")
SAME_PERIOD = register("series.duplicate-period", "two facts of a series measure the same period")
MIXED_UNITS = register("series.mixed-units", "a series mixes facts in different units")
GAP = register("series.gap", "a series has no figure for some periods up to the checked date",
               "warning")


def checked_up_to(store: Store, today: date | None = None) -> str | None:
    """The latest day on which someone compared a fact with its sources (dates that are not
    real days, or lie after today, are errors of their facts and do not count)."""
    today = today or date.today()
    latest = None
    for f in store.facts.values():
        if not f.checked:
            continue
        try:
            span = date_span(f.checked)
        except PeriodError:
            continue
        if span.precision == "day" and span.start <= today and (latest is None
                                                                 or span.start > latest):
            latest = span.start
    return latest.isoformat() if latest else None


@dataclass(frozen=True)
class Gap:
    """The periods of one series that have no figure."""

    series: str
    label: str
    periods: tuple[Span, ...]


def series_gaps(store: Store, today: date | None = None) -> list[Gap]:
    """For each series, the periods between its first figure and the latest checked date that
    have no figure: what the site does not know."""
    until = checked_up_to(store, today)
    if until is None:
        return []
    until_day = date_span(until).end
    out = []
    for s in store.series.values():
        have: set[tuple] = set()
        first: Span | None = None
        for fid in s.facts:
            f = store.facts.get(fid)
            try:
                span = period_span(str(f.period)) if f is not None and f.period else None
            except PeriodError:
                span = None
            if span is None:
                continue
            have.add((span.start, span.end))
            first = span if first is None or span.start < first.start else first
        if first is None:
            continue
        missing = tuple(p for p in periods_between(first, until_day, s.cadence)
                        if (p.start, p.end) not in have)
        if missing:
            out.append(Gap(s.id, s.label, missing))
    return out


def check_series(ctx: Context) -> None:
    """Each series holds one fact per period of its cadence, in one unit; gaps are warnings."""
    store = ctx.store
    for s in store.series.values():
        units: set[str] = set()
        seen: dict[str, str] = {}
        for i, fid in enumerate(s.facts):
            f = store.facts.get(fid)
            if f is None:
                ctx.unknown(UNKNOWN_FACT, s, s.id, fid, f"series names unknown fact '{fid}'",
                            "fix the id", "facts", i)
                continue
            ctx.used[fid].add(s.id)
            units.add(f.unit)
            try:
                span = period_span(str(f.period)) if f.period else None
            except PeriodError:
                continue
            if span is None or span.precision != s.cadence:
                ctx.err(WRONG_CADENCE, s, s.id, f"fact '{fid}' has period {f.period or f.as_of}, "
                        f"not a {s.cadence}", f"a {s.cadence} series holds one fact per "
                        f"{s.cadence}", "facts", i)
            elif span.text in seen:
                ctx.err(SAME_PERIOD, s, s.id, f"facts '{seen[span.text]}' and '{fid}' both "
                        f"measure {span.text}", "a series holds one fact per period", "facts", i)
            else:
                seen[span.text] = fid
        if len(units) > 1:
            ctx.err(MIXED_UNITS, s, s.id, "series mixes units: " + ", ".join(sorted(units)),
                    "a series measures one thing in one unit", "facts")
    for gap in series_gaps(store, ctx.today):
        s = store.series[gap.series]
        shown = ", ".join(p.text for p in gap.periods[:6])
        more = f" and {len(gap.periods) - 6} more" if len(gap.periods) > 6 else ""
        ctx.warn(GAP, s, s.id, f"no figure for {shown}{more}",
                 f"add the missing {s.cadence}s, or note why none is published")
