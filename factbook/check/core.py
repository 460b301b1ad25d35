"""What every check shares: agreement of figures, the Context a run fills, value Checkers, and
the problem codes more than one part of the store can raise.

Checks that compare values (source statements, derivations, rules, claim verdicts) are built as
Checkers over a table of values, so the same code both checks the store and measures how much of
it is guarded (`tenfold.coverage`).
"""

from __future__ import annotations

import difflib
import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .. import formulas
from ..model import CODES, UNITS, Problem, Record, Store, register
from ..numerals import NUMERIC
from ..pages import PageRef
from ..periods import PeriodError, Span, parse_date, parse_period
from ..text import figures

MAX_FRACTION = 20  # a percentage above 2,000% is almost surely typed as 22.3 for 0.223
ONE_SIDED_REACH = 2.0  # "more than 40,000" is read as a round threshold: above it, at most double
TOLERANCE_HINT = "write a number in the fact's unit, or a percentage such as '1%'"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
DIGIT = re.compile(r"\d")
# What may start a figure (text.figures): a numeral of any script, or 两 (no numeric value).
FIGURE_START = re.compile("[" + NUMERIC + "两兩]")
ASCII_DIGIT = re.compile("[0-9]")


def may_hold_figure(text: str) -> bool:
    """Whether text holds a character a figure could start with."""
    # The class of every numeral in Unicode is ten times slower to search than [0-9], and most
    # texts are ASCII (isascii() is a flag, not a scan), where only 0-9 are numerals.
    if text.isascii():
        return ASCII_DIGIT.search(text) is not None
    return FIGURE_START.search(text) is not None

# Codes that several parts of the store raise; the others live beside their check.
UNKNOWN_FACT = register("ref.unknown-fact", "a reference (in a formula, rule, claim, series, "
                        "text, page or supersedes) names a fact the store does not hold")
UNKNOWN_SOURCE = register("ref.unknown-source", "a reference names a source the store does not "
                          "hold")
UNKNOWN_UNIT = register("unit.unknown", "a unit that is not in the registry")
BAD_DATE = register("date.invalid", "a date or period that is malformed or not a real day")
FUTURE_DATE = register("date.future", "a date of observation (published, accessed, as_of, "
                       "checked) after today")
TYPED_FIGURE = register("text.typed-figure", "a note, label, paraphrase or reason types a figure "
                        "instead of referring to a fact as {fact.id}")
DATE_IN_FORMULA = register("formula.date-fact", "a formula or rule uses a fact whose unit is a "
                           "date")


# ---------------------------------------------------------------- numbers and agreement


def num(v: float) -> str:
    """A number as an editor typed it: 108796, 0.223, 113100000000."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e16:
        return str(int(v))
    return str(v)


def default_tolerance(v: float) -> float:
    """Half a unit of the last non-zero digit: 113.1 billion -> 50 million, 0.223 -> 0.0005."""
    if v == 0:
        return 0.0
    text = repr(float(v)) if isinstance(v, float) else str(v)
    exp = Decimal(text).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** int(exp)


def tolerance_of(tol, reference: float) -> float:
    """An absolute tolerance from a number, or from '0.5%' relative to the reference.

    The models admit only finite, non-negative numbers and percentages."""
    if tol is None:
        return 0.0
    if isinstance(tol, str):
        return abs(reference) * float(tol.strip()[:-1]) / 100
    return float(tol)


def interval(v: float, bound: str, tol: float) -> tuple[float, float, bool, bool]:
    """(low, high, low_open, high_open) of what a figure with this bound allows."""
    inf = math.inf
    return {
        "exact": (v - tol, v + tol, False, False),
        "approx": (v - tol, v + tol, False, False),
        "at_least": (v, v * ONE_SIDED_REACH if v > 0 else inf, False, False),
        "more_than": (v, v * ONE_SIDED_REACH if v > 0 else inf, True, False),
        "at_most": (v / ONE_SIDED_REACH if v > 0 else -inf, v, False, False),
        "less_than": (v / ONE_SIDED_REACH if v > 0 else -inf, v, False, True),
    }[bound]


_TWO_SIDED = ("exact", "approx")
_LOWER = ("at_least", "more_than")
_UPPER = ("at_most", "less_than")


def agrees(value: float, bound: str, vtol: float, stated: float, sbound: str, stol: float) -> bool:
    """Whether a figure (value, bound) is consistent with a statement of it (stated, sbound)."""
    if bound in _TWO_SIDED and sbound in _TWO_SIDED:
        # The common case, closed intervals on both sides: the same test as below, inlined,
        # because every source statement of every fact comes through here.
        low, high = max(value - vtol, stated - stol), min(value + vtol, stated + stol)
        return low <= high + 1e-9 * max(1.0, abs(high))
    if (bound in _LOWER and sbound in _LOWER) or (bound in _UPPER and sbound in _UPPER):
        # Two thresholds on the same side name the same figure: they must match.
        return abs(value - stated) <= max(vtol, stol)
    a = interval(value, bound, vtol)
    b = interval(stated, sbound, stol)
    low, low_open = (a[0], a[2]) if a[0] > b[0] else (b[0], b[2] if a[0] < b[0] else a[2] or b[2])
    high, high_open = (a[1], a[3]) if a[1] < b[1] else (b[1], b[3] if a[1] > b[1] else a[3] or b[3])
    if low_open or high_open:
        return low < high
    return low <= high + 1e-9 * max(1.0, abs(high))


def figure_tolerance(v: float, bound: str, tol=None) -> float:
    """The tolerance a figure carries: its own, or half its last digit when approximate."""
    if tol is not None:
        return tolerance_of(tol, v)
    return default_tolerance(v) if bound == "approx" else 0.0


# Stores repeat the same few dates and periods thousands of times ("2025-Q3", a checked day):
# each text is parsed once per process. Errors are kept too, and raised again.
_SPANS: dict[tuple[bool, str], Span | PeriodError] = {}


def _span(text: str, period: bool) -> Span:
    key = (period, text)
    got = _SPANS.get(key)
    if got is None:
        try:
            got = parse_period(text) if period else parse_date(text)
        except PeriodError as e:
            got = e
        if len(_SPANS) < 100_000:  # generated stores of distinct dates must not grow it forever
            _SPANS[key] = got
    if isinstance(got, PeriodError):
        raise got.with_traceback(None)  # each raise starts afresh: tracebacks never pile up
    return got


def date_span(text: str) -> Span:
    """parse_date, remembered: a day, month or year."""
    return _span(text, False)


def period_span(text: str) -> Span:
    """parse_period, remembered: a day, month, quarter, half or year."""
    return _span(text, True)


def dates_agree(a: str, b: str) -> bool:
    """Whether two dates (of any precision) overlap."""
    try:
        return date_span(a).overlaps(date_span(b))
    except PeriodError:
        return False


# ---------------------------------------------------------------- checkers and the context


@dataclass
class Checker:
    """A value check over some facts: run(values) gives the problems it finds."""

    kind: str  # source | derivation | rule | claim
    ids: tuple[str, ...]
    run: Callable[[dict[str, object]], list[Problem]]


def problem(code: str, rec: Record, subject: str, message: str, hint: str = "",
            *at) -> Problem:
    """A problem of a record (at one of its fields), with the severity its code registers."""
    loc = rec.loc
    return Problem(loc.path, loc.of(*at) if at else loc.line, subject, message, hint,
                   CODES[code].severity, code)


@dataclass
class Context:
    """The state of one check run: the store, today, the pages, and what the checks found."""

    store: Store
    today: date
    pages: list[PageRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checkers: list[Checker] = field(default_factory=list)
    formulas: dict[str, formulas.Formula] = field(default_factory=dict)
    used: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names: list[str] = field(default_factory=list)
    names_re: re.Pattern | None = None
    units: dict[str, str] = field(default_factory=dict)
    bounds: dict[str, str] = field(default_factory=dict)
    # Texts already found to hold neither a placeholder nor a figure.
    plain: set[str] = field(default_factory=set)
    # Problems that only follow from a record that failed to load: summed up after it.
    cascade: dict[str, list[Problem]] = field(default_factory=lambda: defaultdict(list))

    def missing(self, ref: str, found: Problem) -> Problem | None:
        """Hold back an 'unknown id' problem whose cause is a record that failed to load."""
        if ref in self.store.broken or self.store.unparsed:
            self.cascade[ref].append(found)
            return None
        return found

    def err(self, code: str, rec: Record, subject: str, message: str, hint: str = "",
            *at) -> None:
        """Report a problem of rec under a registered code (its severity comes with it)."""
        self.problems.append(problem(code, rec, subject, message, hint, *at))

    warn = err  # the code decides the severity; the name says what the caller expects

    def unknown(self, code: str, rec: Record, subject: str, ref: str, message: str, hint: str,
                *at) -> None:
        """An error naming an unknown id, held back when a broken record explains it."""
        p = self.missing(ref, problem(code, rec, subject, message, hint, *at))
        if p is not None:
            self.problems.append(p)


def unit_hint(unit: str) -> str:
    """'did you mean …?' for a unit not in the registry."""
    close = difflib.get_close_matches(unit, UNITS, n=1)
    lead = f"did you mean '{close[0]}'? " if close else ""
    return lead + "units are listed in facts/FORMAT.md"


def is_date_unit(unit: str | None) -> bool:
    """Whether a unit's values are dates rather than numbers."""
    return unit == "date"


def values_of(store: Store) -> dict[str, object]:
    """Fact id -> value: the table every Checker reads."""
    return {fid: f.value for fid, f in store.facts.items()}


def observed(ctx: Context, rec: Record, subject: str, field_name: str, text) -> Span | None:
    """A date of observation: real, and not after today."""
    if text is None:
        return None
    try:
        span = date_span(str(text))
    except PeriodError as e:
        ctx.err(BAD_DATE, rec, subject, f"{field_name}: {e}", e.hint, field_name)
        return None
    if span.start > ctx.today:
        ctx.err(FUTURE_DATE, rec, subject, f"{field_name} {text} is in the future",
                "an observation cannot postdate today; plans carry their year as a value",
                field_name)
    return span


def formula(ctx: Context, rec: Record, subject: str, text: str, at: tuple):
    """Parse a formula and resolve its ids (each use recorded); None when it cannot be used."""
    try:
        parsed = formulas.parse(text)
    except formulas.FormulaError as e:
        ctx.err(e.code, rec, subject, str(e), e.hint, *at)
        return None
    bad = False
    for ref in parsed.ids:
        target = ctx.store.facts.get(ref)
        if target is None:
            ctx.unknown(UNKNOWN_FACT, rec, subject, ref, f"formula refers to unknown fact "
                        f"'{ref}'", "fix the id inside the braces", *at)
            bad = True
        elif is_date_unit(target.unit):
            ctx.err(DATE_IN_FORMULA, rec, subject, f"formula uses the date fact '{ref}'",
                    "formulas work on numbers only", *at)
            bad = True
        else:
            ctx.used[ref].add(subject)
    return None if bad else parsed


def check_text(ctx: Context, rec: Record, subject: str, field_name: str, text: str | None,
               extra: tuple[str, ...] = ()) -> None:
    """Notes, paraphrases and reasons refer to figures as {fact.id}, never type them."""
    if not text or text in ctx.plain:
        return
    original = text
    if "{" in text:
        # One pass: split() alternates the text between placeholders and their ids.
        parts = PLACEHOLDER.split(text)
        facts, user = ctx.store.facts, None
        for raw in parts[1::2]:
            ref = raw.strip()
            if ref in extra:
                continue
            if ref not in facts:
                ctx.unknown(UNKNOWN_FACT, rec, subject, ref, f"{field_name} refers to unknown "
                            f"fact '{ref}'", "fix the id inside the braces", field_name)
            else:
                user = user or f"{rec.loc.path}:{subject}"
                ctx.used[ref].add(user)
        text = " ".join(parts[::2])
    if not may_hold_figure(text):
        if "{" not in original:
            ctx.plain.add(original)  # labels repeat ("EV deliveries"): judged once per run
        return  # no numeral, no figure: most labels and many notes stop here
    if ctx.names_re is not None:
        text = ctx.names_re.sub(" ", text)
        if not may_hold_figure(text):
            return  # its only numerals were in declared names (SU7)
    found = figures(text)
    if found:
        snippet = found[0][:40]
        ctx.err(TYPED_FIGURE, rec, subject, f"{field_name} types a figure ('{snippet}')",
                "refer to a fact as {fact.id}, or declare the name in facts/entities.yaml",
                field_name)
