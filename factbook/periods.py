"""Calendar periods and partial dates: parsing, comparison and display.

A period is a year (2025), half (2025-H1), quarter (2025-Q3), month (2025-11), day (2025-11-20)
or an inclusive range of two of these (2025-01/2025-11). A partial date is a year, month or day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .locale import EN, Locale

# English month names (index 1-12), kept for callers that read them; words come from a Locale.
MONTHS = list(EN.months)
MONTHS_SHORT = list(EN.months_short)

_PART = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<h>H[12])|(?P<q>Q[1-4])|(?P<m>\d{2})(?:-(?P<d>\d{2}))?))?$",
    re.ASCII,  # ２０２５ and other non-ASCII digits are not a period
)


@dataclass(frozen=True)
class Span:
    """An inclusive stretch of days with the precision it was written in."""

    text: str
    start: date
    end: date
    precision: str  # year | half | quarter | month | day | range

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start <= other.end and other.start <= self.end


class PeriodError(ValueError):
    """A period or date that cannot be read, or names a day that does not exist."""

    def __init__(self, message: str, hint: str = "write 2025, 2025-H1, 2025-Q3, 2025-11, "
                 "2025-11-20 or a range like 2025-01/2025-11"):
        super().__init__(message)
        self.hint = hint


FIRST_YEAR, LAST_YEAR = 1900, 2200  # outside these, a year is a typo (0225 for 2025)


def _span_of_part(text: str) -> Span:
    m = _PART.match(text)
    if not m:
        raise PeriodError(f"'{text}' is not a period")
    y = int(m["y"])
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise PeriodError(f"'{text}' has the year {m['y']}", "check the year for a typo")
    if m["h"]:
        first = 1 if m["h"] == "H1" else 7
        return Span(text, date(y, first, 1), _month_end(y, first + 5), "half")
    if m["q"]:
        first = 3 * (int(m["q"][1]) - 1) + 1
        return Span(text, date(y, first, 1), _month_end(y, first + 2), "quarter")
    if m["m"]:
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise PeriodError(f"'{text}' is not a real date (month {m['m']} does not exist)",
                              "months run from 01 to 12")
        if m["d"]:
            try:
                day = date(y, month, int(m["d"]))
            except ValueError:
                raise PeriodError(f"'{text}' is not a real date",
                                  "that day does not exist in the calendar") from None
            return Span(text, day, day, "day")
        return Span(text, date(y, month, 1), _month_end(y, month), "month")
    return Span(text, date(y, 1, 1), date(y, 12, 31), "year")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Span:
    """Read a period or range; raise PeriodError with an editor-facing message."""
    text = str(text).strip()
    if "/" in text:
        first, _, last = text.partition("/")
        a, b = _span_of_part(first), _span_of_part(last)
        if b.end < a.start:
            raise PeriodError(f"range '{text}' ends before it starts", "write start/end")
        return Span(text, a.start, b.end, "range")
    return _span_of_part(text)


def parse_date(text: str) -> Span:
    """Read a partial date: YYYY, YYYY-MM or YYYY-MM-DD (no halves, quarters or ranges)."""
    text = str(text).strip()
    span = _span_of_part(text) if _PART.match(text) else None
    if span is None or span.precision not in ("year", "month", "day"):
        raise PeriodError(f"'{text}' is not a date", "write YYYY-MM-DD, YYYY-MM or YYYY")
    return span


def format_span(span: Span, short: bool = False, locale: Locale = EN) -> str:
    """Human text: '2025', 'H1 2025', 'Q3 2025', 'November 2025', '20 November 2025'."""
    if span.precision == "range":
        first, _, last = span.text.partition("/")
        a, b = parse_period(first), parse_period(last)
        names = locale.months_short if short else locale.months
        if a.precision == b.precision == "month" and a.start.year == b.start.year:
            return locale.period("month_range", m1=names[a.start.month], m2=names[b.start.month],
                                 mn1=a.start.month, mn2=b.start.month, y=a.start.year)
        if a.precision == b.precision == "year":
            return locale.period("year_range", y1=a.start.year, y2=b.start.year)
        if a.precision == b.precision == "day" and a.start.replace(day=1) == b.start.replace(day=1):
            return locale.period("day_range", d1=a.start.day, d2=b.start.day,
                                 month=names[a.start.month], mn=a.start.month, y=a.start.year)
        return locale.period("range", a=format_span(a, short, locale),
                             b=format_span(b, short, locale))
    if span.precision == "half":
        return locale.half(span.start.year, span.start.month == 1)
    return locale.day(span.start, span.precision, short)  # year, quarter, month or day


def iso_start(span: Span) -> str:
    """The most precise machine-readable form for <time datetime>: YYYY, YYYY-MM or YYYY-MM-DD."""
    if span.precision == "year":
        return f"{span.start.year:04d}"
    if span.precision == "month":
        return f"{span.start.year:04d}-{span.start.month:02d}"
    return span.start.isoformat()


CADENCE_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def period_of(start: date, cadence: str) -> str:
    """The period of a cadence that starts on a date: 2025-Q3, 2025-11, 2025."""
    if cadence == "year":
        return str(start.year)
    if cadence == "half":
        return f"{start.year}-H{1 if start.month <= 6 else 2}"
    if cadence == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def periods_between(first: Span, until: date, cadence: str) -> list[Span]:
    """Every period of the cadence from first onwards that has ended by until."""
    out = []
    step = CADENCE_MONTHS[cadence]
    year, month = first.start.year, first.start.month
    while True:
        span = parse_period(period_of(date(year, month, 1), cadence))
        if span.end >= until:
            return out
        out.append(span)
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
