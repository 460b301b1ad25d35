"""Every check of the store. `check()` returns all problems at once, errors and warnings.

Checks that compare values (source statements, derivations, rules, claim verdicts) are built as
Checkers over a table of values, so the same code both checks the store and measures how much of
it is guarded: `coverage()` multiplies each number by ten (and divides it) and counts the
checkers that notice.
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
from urllib.parse import urlparse

from . import formulas
from .model import UNITS, Claim, Fact, Problem, Record, Store
from .numerals import NUMERIC
from .pages import PageRef
from .periods import PeriodError, Span, parse_date, parse_period, periods_between
from .text import FIGURE_CHAR, figures

MAX_FRACTION = 20  # a percentage above 2,000% is almost surely typed as 22.3 for 0.223
ONE_SIDED_REACH = 2.0  # "more than 40,000" is read as a round threshold: above it, at most double
TOLERANCE_HINT = "write a number in the fact's unit, or a percentage such as '1%'"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
DIGIT = re.compile(r"\d")


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


def agrees(value: float, bound: str, vtol: float, stated: float, sbound: str, stol: float) -> bool:
    """Whether a figure (value, bound) is consistent with a statement of it (stated, sbound)."""
    lower = {"at_least", "more_than"}
    upper = {"at_most", "less_than"}
    if (bound in lower and sbound in lower) or (bound in upper and sbound in upper):
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
    if tol is not None:
        return tolerance_of(tol, v)
    return default_tolerance(v) if bound == "approx" else 0.0


def dates_agree(a: str, b: str) -> bool:
    try:
        return parse_date(a).overlaps(parse_date(b))
    except PeriodError:
        return False


# ---------------------------------------------------------------- checkers


@dataclass
class Checker:
    """A value check over some facts: run(values) gives the problems it finds."""

    kind: str  # source | derivation | rule | claim
    ids: tuple[str, ...]
    run: Callable[[dict[str, object]], list[Problem]]


@dataclass
class Context:
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
    # Problems that only follow from a record that failed to load: summed up after it.
    cascade: dict[str, list[Problem]] = field(default_factory=lambda: defaultdict(list))

    def missing(self, ref: str, problem: Problem) -> Problem | None:
        """Hold back an 'unknown id' problem whose cause is a record that failed to load."""
        if ref in self.store.broken or self.store.unparsed:
            self.cascade[ref].append(problem)
            return None
        return problem

    def err(self, rec: Record, subject: str, message: str, hint: str = "", *at) -> None:
        self.problems.append(Problem(rec.loc.path, rec.loc.of(*at), subject, message, hint))

    def unknown(self, rec: Record, subject: str, ref: str, message: str, hint: str,
                *at) -> None:
        """An error naming an unknown id, held back when a broken record explains it."""
        p = self.missing(ref, Problem(rec.loc.path, rec.loc.of(*at), subject, message, hint))
        if p is not None:
            self.problems.append(p)

    def warn(self, rec: Record, subject: str, message: str, hint: str = "", *at) -> None:
        self.problems.append(
            Problem(rec.loc.path, rec.loc.of(*at), subject, message, hint, "warning")
        )


def unit_hint(unit: str) -> str:
    close = difflib.get_close_matches(unit, UNITS, n=1)
    lead = f"did you mean '{close[0]}'? " if close else ""
    return lead + "units are listed in facts/FORMAT.md"


def is_date_unit(unit: str | None) -> bool:
    return unit == "date"


def values_of(store: Store) -> dict[str, object]:
    return {fid: f.value for fid, f in store.facts.items()}


# ---------------------------------------------------------------- the run


def check(
    store: Store, today: date | None = None, pages: list[PageRef] | None = None
) -> list[Problem]:
    """All problems of the store (loading problems included), sorted by file and line."""
    return run(store, today, pages)[0]


def run(
    store: Store, today: date | None = None, pages: list[PageRef] | None = None
) -> tuple[list[Problem], Context]:
    """Check once; return the problems and the context (checkers, usage) for reuse."""
    ctx = build(store, today, pages)
    values = values_of(store)
    for checker in ctx.checkers:
        ctx.problems.extend(checker.run(values))
    order = lambda p: (p.path, p.line, p.severity != "error", p.subject)  # noqa: E731
    # The root causes (files that do not parse, records that fail their schema) come first; the
    # errors their absence causes elsewhere are summed up in one line each after them.
    roots = sorted(dict.fromkeys(store.problems), key=order)
    rest = sorted(dict.fromkeys(ctx.problems), key=order)
    return roots + _cascade_lines(ctx) + rest, ctx


def _cascade_lines(ctx: Context) -> list[Problem]:
    """One line for each record that failed to load, and one for all the references that a file
    which did not parse may explain."""
    out, unexplained, ids = [], [], set()
    for ref, held in sorted(ctx.cascade.items()):
        where = ctx.store.broken.get(ref)
        if not where:
            unexplained.extend(held)
            ids.add(ref)
            continue
        first = min(held, key=lambda p: (p.path, p.line))
        path, _, line = where.rpartition(":")
        out.append(Problem(path, int(line), ref,
                           f"{len(held)} reference{'s' if len(held) > 1 else ''} to it fail "
                           f"because it failed to load at {where} (first at "
                           f"{first.path}:{first.line})", "fix the error above; these go with it"))
    if unexplained:
        first = min(unexplained, key=lambda p: (p.path, p.line))
        files = ", ".join(ctx.store.unparsed)
        out.append(Problem(first.path, first.line, "references",
                           f"{len(unexplained)} references to {len(ids)} ids fail, which may be "
                           f"in {files}, which did not parse", "fix the error above; these go "
                           "with it"))
    return out


def build(store: Store, today: date | None = None, pages: list[PageRef] | None = None) -> Context:
    """Run the structural checks and collect the value checkers."""
    ctx = Context(store, today or date.today(), pages or [])
    ctx.names = sorted(store.names(), key=len, reverse=True)
    if ctx.names:
        ctx.names_re = re.compile("|".join(re.escape(n) for n in ctx.names))
    ctx.units = {fid: f.unit for fid, f in store.facts.items()}
    ctx.bounds = {fid: f.bound for fid, f in store.facts.items()}
    _check_entities(ctx)
    _check_sources(ctx)
    for fact in store.facts.values():
        _check_fact(ctx, fact)
    _check_cycles(ctx)
    _check_supersedes(ctx)
    for claim in store.claims.values():
        _check_claim(ctx, claim)
    for rule in store.rules.values():
        _check_rule(ctx, rule)
    _check_retired(ctx)
    _check_series(ctx)
    _check_pages(ctx)
    _check_unused(ctx)
    return ctx


def _observed(ctx: Context, rec: Record, subject: str, field_name: str, text) -> Span | None:
    """A date of observation: real, and not after today."""
    if text is None:
        return None
    try:
        span = parse_date(str(text))
    except PeriodError as e:
        ctx.err(rec, subject, f"{field_name}: {e}", e.hint, field_name)
        return None
    if span.start > ctx.today:
        ctx.err(rec, subject, f"{field_name} {text} is in the future",
                "an observation cannot postdate today; plans carry their year as a value",
                field_name)
    return span


# A declared name exempts its digits from the audit, so it must read as a name (SU7, Phase 2,
# Mi 1), never as a figure (2025, 108,796, Q3 2025).
_NUM = "[" + NUMERIC + "]"
_NAME_FIGURE = re.compile(rf"(?<![A-Za-z]){_NUM}[.,:]?{_NUM}[.,:]?{_NUM}")


def reads_as_figure(name: str) -> bool:
    """Three numerals in a row (of any script), or nothing but numerals and punctuation."""
    letters = [ch for ch in name if ch.isalpha() and not FIGURE_CHAR.match(ch)]
    return bool(_NAME_FIGURE.search(name)) or not letters


def _check_entities(ctx: Context) -> None:
    names: dict[str, str] = {}
    for e in ctx.store.entities.values():
        for i, name in enumerate([e.name, *e.aliases]):
            if reads_as_figure(name):
                ctx.err(e, e.id, f"name '{name}' reads as a figure",
                        "a name holds letters and at most two digits in a row outside a word "
                        "(SU7, Phase 2, 4.0); figures come from facts",
                        "name" if i == 0 else "aliases")
            if name in names and names[name] != e.id:
                ctx.warn(e, e.id, f"name '{name}' is also used by entity '{names[name]}'",
                         "give each entity its own names")
            names[name] = e.id


_URL_BAD = re.compile(r"[\s{}\\<>\"`^|]")


def _check_address(ctx: Context, s, key: str) -> None:
    url = getattr(s, key)
    if url is None:
        return
    scheme = urlparse(url).scheme.lower()
    if scheme not in ("http", "https") or not urlparse(url).netloc:
        ctx.err(s, s.id, f"address '{url}' is not an http(s) address",
                "use a full http:// or https:// address, or leave it out", key)
    elif _URL_BAD.search(url):
        ch = _URL_BAD.search(url).group(0)
        ctx.err(s, s.id, f"address holds {ch!r}, which an address may not hold unencoded",
                "percent-encode it (a space is %20, { is %7B)", key)


def _check_sources(ctx: Context) -> None:
    sources = ctx.store.sources
    for s in sources.values():
        _check_address(ctx, s, "url")
        _check_address(ctx, s, "archived")
        _observed(ctx, s, s.id, "published", s.published)
        _observed(ctx, s, s.id, "accessed", s.accessed)
        if s.copy_of is not None:
            if s.copy_of not in sources:
                ctx.unknown(s, s.id, s.copy_of, f"copy_of refers to unknown source "
                            f"'{s.copy_of}'", "fix the id", "copy_of")
            elif s.copy_of == s.id or sources[s.copy_of].copy_of is not None:
                ctx.err(s, s.id, f"copy_of '{s.copy_of}' is itself a copy",
                        "name the original, which copies nothing", "copy_of")


def origin(store: Store, sid: str) -> str:
    """The independent origin of a source: the source it copies, or the first source with the
    same address, or with the same publisher and title (two ids for one article)."""
    s = store.sources.get(sid)
    if s is None:
        return sid
    if s.copy_of and s.copy_of in store.sources:
        s = store.sources[s.copy_of]
    return _origins(store).get(s.id, s.id)


def _same_text(text: str) -> str:
    """Publisher or title as compared: case, spacing and end punctuation do not count."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _same_address(url: str) -> str:
    """An address as compared: scheme, www., default port, trailing slash, fragment and
    tracking parameters do not count."""
    parts = urlparse(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    query = "&".join(q for q in parts.query.split("&")
                     if q and not q.lower().startswith(("utm_", "fbclid", "gclid")))
    return f"{host}{port}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def _origins(store: Store) -> dict[str, str]:
    cached = getattr(store, "_origins", None)
    if cached is not None:
        return cached
    first: dict[object, str] = {}
    out: dict[str, str] = {}
    for s in store.sources.values():
        keys = [("title", _same_text(s.publisher), _same_text(s.title))]
        if s.url:
            keys.append(("url", _same_address(s.url)))
        root = next((first[k] for k in keys if k in first), s.id)
        for k in keys:
            first.setdefault(k, root)
        out[s.id] = root
    store._origins = out  # type: ignore[attr-defined]
    return out


def _check_text(ctx: Context, rec: Record, subject: str, field_name: str, text: str | None,
                extra: tuple[str, ...] = ()) -> None:
    """Notes, paraphrases and reasons refer to figures as {fact.id}, never type them."""
    if not text:
        return
    for m in PLACEHOLDER.finditer(text):
        ref = m.group(1).strip()
        if ref in extra:
            continue
        if ref not in ctx.store.facts:
            ctx.unknown(rec, subject, ref, f"{field_name} refers to unknown fact '{ref}'",
                        "fix the id inside the braces", field_name)
        else:
            ctx.used[ref].add(f"{rec.loc.path}:{subject}")
    bare = PLACEHOLDER.sub(" ", text)
    if ctx.names_re is not None:
        bare = ctx.names_re.sub(" ", bare)
    found = figures(bare)
    if found:
        snippet = found[0][:40]
        ctx.err(rec, subject, f"{field_name} types a figure ('{snippet}')",
                "refer to a fact as {fact.id}, or declare the name in facts/entities.yaml",
                field_name)


def _check_fact(ctx: Context, f: Fact) -> None:
    if f.subject not in ctx.store.entities:
        ctx.err(f, f.id, f"unknown subject '{f.subject}'",
                "add it to facts/entities.yaml or fix the id", "subject")
    if f.unit not in UNITS:
        ctx.err(f, f.id, f"unknown unit '{f.unit}'", unit_hint(f.unit), "unit")
    _check_value(ctx, f)
    _check_when(ctx, f)
    _check_standing(ctx, f)
    _check_text(ctx, f, f.id, "note", f.note)
    _check_text(ctx, f, f.id, "label", f.label)
    for i, ref in enumerate(f.sources):
        _check_ref(ctx, f, i, ref)
    if f.derive is not None:
        _check_derive(ctx, f)


def _check_value(ctx: Context, f: Fact) -> None:
    """The value fits its unit: a real date, or a finite number in range."""
    unit = UNITS.get(f.unit)
    if is_date_unit(f.unit):
        if not isinstance(f.value, str):
            ctx.err(f, f.id, f"value {f.value!r} is not a date", "write it as \"YYYY-MM-DD\"",
                    "value")
            return
        try:
            span = parse_date(f.value)
        except PeriodError as e:
            ctx.err(f, f.id, f"value: {e}", e.hint, "value")
            return
        if span.start > ctx.today and f.status != "plan":
            ctx.err(f, f.id, f"date {f.value} is in the future",
                    "only a fact with status plan may hold a future date", "value")
    elif not isinstance(f.value, (int, float)) or isinstance(f.value, bool):
        ctx.err(f, f.id, f"value {f.value!r} is not a number",
                "write the number in base units: 113100000000, 0.223", "value")
    elif unit is not None and unit.kind == "count" and f.value < 0:
        ctx.err(f, f.id, f"value {num(f.value)} is a negative count of {unit.plural}",
                "a count is zero or more: fix the sign, or use a change fact in percent",
                "value")
    elif f.unit == "percent" and abs(f.value) > MAX_FRACTION:
        ctx.err(f, f.id, f"value {num(f.value)} in percent means {num(f.value * 100)}%",
                f"percentages are stored as fractions: write {num(f.value / 100)}", "value")
    elif f.unit == "year" and f.value > ctx.today.year and f.status != "plan":
        ctx.err(f, f.id, f"year {num(f.value)} is in the future",
                "only a fact with status plan may hold a future year", "value")


def _check_when(ctx: Context, f: Fact) -> None:
    """Exactly one of period and as_of (a date fact may carry neither: its value is its time),
    real and not ahead of today unless planned; checked and review_by dates."""
    if f.period is not None and f.as_of is not None:
        ctx.err(f, f.id, "has both period and as_of", "keep the one that fits", "as_of")
    elif f.period is None and f.as_of is None and not is_date_unit(f.unit):
        ctx.err(f, f.id, "has neither period nor as_of",
                "add period: 2025-Q3 (a stretch of time) or as_of: 2025-09-30 (a moment)")
    if f.period is not None:
        try:
            span = parse_period(str(f.period))
            if span.start > ctx.today and f.status not in ("plan", "estimate"):
                ctx.err(f, f.id, f"period {f.period} has not begun",
                        "only plans and estimates (forecasts) may look ahead: set the status "
                        "or fix the period", "period")
        except PeriodError as e:
            ctx.err(f, f.id, f"period: {e}", e.hint, "period")
    _observed(ctx, f, f.id, "as_of", f.as_of)
    if f.checked is None:
        ctx.warn(f, f.id, "has no checked date",
                 "add checked: YYYY-MM-DD, the day you compared it with its sources")
    _check_checked(ctx, f, _observed(ctx, f, f.id, "checked", f.checked))
    if f.review_by is not None:
        try:
            if parse_date(f.review_by).end < ctx.today:
                ctx.warn(f, f.id, f"review_by {f.review_by} has passed",
                         "re-check the figure against its sources and move the date", "review_by")
        except PeriodError as e:
            ctx.err(f, f.id, f"review_by: {e}", e.hint, "review_by")


def _check_checked(ctx: Context, f: Fact, checked: Span | None) -> None:
    """A fact cannot have been compared with a source before the source was published."""
    if checked is None:
        return
    for r in f.sources:
        src = ctx.store.sources.get(r.source)
        try:
            published = parse_date(src.published) if src and src.published else None
        except PeriodError:
            published = None
        if published is not None and published.start > checked.end:
            ctx.err(f, f.id, f"checked {f.checked}, before {r.source} was published "
                    f"({src.published})", "set checked to the day you compared the "
                    "value with its sources", "checked")
            return


def _check_standing(ctx: Context, f: Fact) -> None:
    """Sources or a formula, and a status they bear out (confirmed: two independent sources)."""
    store = ctx.store
    if not f.sources and f.derive is None:
        ctx.err(f, f.id, "has no source",
                "add a reference under 'sources', or a 'derive' formula", "sources")
    if f.status == "confirmed" and f.derive is None:
        independent = {origin(store, r.source) for r in f.sources if r.source in store.sources}
        if len(independent) < 2 and all(r.source in store.sources for r in f.sources):
            copies = len(f.sources) > len(independent)
            ctx.err(f, f.id, "status confirmed but only one independent source states it"
                    + (" (the others are copies of it, or the same article)" if copies else ""),
                    "add a second, independent source that states the figure, or set status "
                    "single_source", "status")
    if f.status == "derived" and f.derive is None:
        ctx.err(f, f.id, "status derived but no derive formula", "add derive: formula", "status")


def _check_ref(ctx: Context, f: Fact, i: int, ref) -> None:
    if ref.source not in ctx.store.sources:
        ctx.unknown(ref, f.id, ref.source, f"unknown source '{ref.source}'",
                    "add it to facts/sources.yaml or fix the id", "source")
        return
    if ctx.store.sources[ref.source].kind == "audited":
        ctx.err(ref, f.id, f"cites the audited article {ref.source} as a source",
                "an audited article is checked by claims, it does not support facts", "source")
    dated = is_date_unit(f.unit)
    if dated != isinstance(ref.states, str):
        ctx.err(ref, f.id, f"{ref.source} states {ref.states!r}, which is not a "
                + ("date" if dated else "number"), "state the figure in the fact's unit", "states")
        return
    unit = UNITS.get(f.unit)
    if not dated and unit is not None and unit.kind == "count" and ref.states < 0:
        ctx.err(ref, f.id, f"{ref.source} states {num(ref.states)}, a negative count",
                "a count is zero or more: fix the sign", "states")
        return
    stol = figure_tolerance(ref.states, ref.bound, ref.tolerance) if not dated else 0
    fid, src, stated, sbound = f.id, ref.source, ref.states, ref.bound
    path, line = ref.loc.path, ref.loc.line

    def run(values: dict[str, object]) -> list[Problem]:
        value = values.get(fid)
        if dated:
            ok = isinstance(value, str) and dates_agree(value, stated)
        elif not isinstance(value, (int, float)):
            return []
        else:
            ok = agrees(value, f.bound, figure_tolerance(value, f.bound), stated, sbound, stol)
        if ok:
            return []
        words = "" if sbound == "exact" else f" ({sbound.replace('_', ' ')})"
        return [Problem(path, line, fid,
                        f"value {num(value) if not dated else value} disagrees with {src}, "
                        f"which states {num(stated) if not dated else stated}{words}",
                        "fix the value, or the statement if it was copied wrong")]

    ctx.checkers.append(Checker("source", (fid,), run))


def _formula(ctx: Context, rec: Record, subject: str, text: str, at: tuple):
    try:
        parsed = formulas.parse(text)
    except formulas.FormulaError as e:
        ctx.err(rec, subject, str(e), e.hint, *at)
        return None
    bad = False
    for ref in parsed.ids:
        target = ctx.store.facts.get(ref)
        if target is None:
            ctx.unknown(rec, subject, ref, f"formula refers to unknown fact '{ref}'",
                        "fix the id inside the braces", *at)
            bad = True
        elif is_date_unit(target.unit):
            ctx.err(rec, subject, f"formula uses the date fact '{ref}'",
                    "formulas work on numbers only", *at)
            bad = True
        else:
            ctx.used[ref].add(subject)
    return None if bad else parsed


def _check_derive(ctx: Context, f: Fact) -> None:
    d = f.derive
    parsed = _formula(ctx, f, f.id, d.formula, ("derive", "formula"))
    if parsed is None:
        return
    ctx.formulas[f.id] = parsed
    fid, tol_spec, path, line = f.id, d.tolerance, f.loc.path, f.loc.of("derive")

    def run(values: dict[str, object]) -> list[Problem]:
        value = values.get(fid)
        if not isinstance(value, (int, float)):
            return []
        try:
            result = parsed.evaluate(values)
            tol = tolerance_of(tol_spec, result)
        except formulas.NotANumber:
            return []  # the fact without a number reports it
        except formulas.FormulaError as e:
            return [Problem(path, line, fid, str(e), e.hint)]
        if abs(result - value) <= tol + 1e-9 * max(1.0, abs(result)):
            return []
        return [Problem(path, line, fid,
                        f"value {num(value)} disagrees with its formula "
                        f"{d.formula} = {num(round(result, 6))} (tolerance {tol_spec})",
                        "fix the value or the facts in the formula")]

    ctx.checkers.append(Checker("derivation", (fid, *parsed.ids), run))


def _check_cycles(ctx: Context) -> None:
    """Derivation cycles, found by an iterative depth-first walk (chains may be thousands deep)."""
    deps = {fid: sorted(p.ids) for fid, p in ctx.formulas.items()}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in sorted(deps):
        if start in state:
            continue
        path: list[str] = [start]
        on_path = {start: 0}
        state[start] = 1
        stack = [iter(deps.get(start, ()))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                done = path.pop()
                del on_path[done]
                state[done] = 2
                continue
            if nxt in on_path:
                cycle = path[on_path[nxt]:] + [nxt]
                f = ctx.store.facts[cycle[0]]
                ctx.err(f, f.id, "derivation cycle: " + " -> ".join(cycle),
                        "a fact cannot be derived from itself; give one of them a source",
                        "derive")
            elif nxt not in state:
                state[nxt] = 1
                on_path[nxt] = len(path)
                path.append(nxt)
                stack.append(iter(deps.get(nxt, ())))


def _check_supersedes(ctx: Context) -> None:
    """Each fact's revisions run from old to new without returning: one linear pass."""
    facts = ctx.store.facts
    state: dict[str, int] = {}  # 1 being walked, 2 known to end
    for f in facts.values():
        if f.supersedes is None:
            continue
        old = facts.get(f.supersedes)
        if old is None:
            ctx.unknown(f, f.id, f.supersedes, f"supersedes unknown fact '{f.supersedes}'",
                        "fix the id", "supersedes")
            continue
        ctx.used[old.id].add(f.id)
        if old.unit != f.unit:
            ctx.err(f, f.id, f"supersedes '{old.id}' which is in {old.unit}, not {f.unit}",
                    "a newer value of the same figure keeps its unit", "supersedes")
    for f in facts.values():
        if f.id in state:
            continue
        chain, cur = [], f
        while cur is not None and cur.id not in state:
            state[cur.id] = 1
            chain.append(cur.id)
            cur = facts.get(cur.supersedes) if cur.supersedes else None
        if cur is not None and state[cur.id] == 1:
            loop = chain[chain.index(cur.id):] + [cur.id]
            first = facts[loop[0]]
            ctx.err(first, first.id, "supersedes chain loops: " + " -> ".join(loop),
                    "a chain of revisions runs from old to new without returning", "supersedes")
        for fid in chain:
            state[fid] = 2


def compute_verdict(c: Claim, values: dict[str, object], units: dict[str, str],
                    bounds: dict[str, str] | None = None) -> str | None:
    """consistent / mislabelled / misstated when values decide it; None otherwise."""
    bounds = bounds or {}
    if c.states is None or c.about is None or c.about not in values:
        return None

    def fits(fid: str | None) -> bool:
        if fid is None or fid not in values:
            return False
        value = values[fid]
        if isinstance(c.states, str) or units.get(fid) == "date":
            return isinstance(value, str) and isinstance(c.states, str) and dates_agree(
                value, c.states)
        if not isinstance(value, (int, float)):
            return False
        if not isinstance(c.states, (int, float)):
            return False
        stol = figure_tolerance(c.states, c.bound, c.tolerance)
        vbound = bounds.get(fid, "exact")
        if vbound not in ("exact", "approx") and abs(value - c.states) <= stol:
            return True  # "400,000" names the threshold of "more than 400,000"
        return agrees(value, vbound, figure_tolerance(value, vbound), c.states, c.bound, stol)

    if fits(c.about):
        return "consistent"
    if fits(c.matches):
        return "mislabelled"
    return "misstated"


def _check_claim(ctx: Context, c: Claim) -> None:
    if not _claim_refs(ctx, c):
        return
    _claim_grounds(ctx, c)


def _claim_refs(ctx: Context, c: Claim) -> bool:
    """The claim's source, evidence and facts exist, and its figure fits its unit."""
    store = ctx.store
    if c.source not in store.sources:
        ctx.unknown(c, c.id, c.source, f"unknown source '{c.source}'", "fix the id", "source")
    for ev in c.evidence:
        if ev not in store.sources:
            ctx.unknown(c, c.id, ev, f"unknown evidence source '{ev}'", "fix the id",
                        "evidence")
    if c.unit is not None and c.unit not in UNITS:
        ctx.err(c, c.id, f"unknown unit '{c.unit}'", unit_hint(c.unit), "unit")
    for key in ("about", "matches"):
        ref = getattr(c, key)
        if ref is None:
            continue
        target = store.facts.get(ref)
        if target is None:
            ctx.unknown(c, c.id, ref, f"{key} refers to unknown fact '{ref}'", "fix the id", key)
            return False
        ctx.used[ref].add(c.id)
        if c.unit is not None and target.unit != c.unit:
            ctx.err(c, c.id, f"states a figure in {c.unit} but {key} fact '{ref}' is in "
                    f"{target.unit}", "state the claim's figure in the fact's unit", "unit")
            return False
    unit = c.unit or (store.facts[c.about].unit if c.about in store.facts else None)
    if c.states is not None and unit is not None and \
            is_date_unit(unit) != isinstance(c.states, str):
        ctx.err(c, c.id, f"states {c.states!r}, which is not a "
                + ("date" if is_date_unit(unit) else f"number in {unit}"),
                "state the claim's figure in its unit", "states")
        return False
    return True


def _claim_grounds(ctx: Context, c: Claim) -> None:
    """A verdict rests on a fact or on evidence; the paraphrase types no figure; a computed
    verdict must agree with the recorded one."""
    store = ctx.store
    if c.states is not None and c.about is None and c.verdict in ("consistent", "misstated",
                                                                  "mislabelled"):
        ctx.err(c, c.id, "states a figure but names no fact in 'about'",
                "point 'about' at the fact the claim is about", "about")
    if c.states is None and c.verdict in ("consistent", "misstated", "mislabelled") \
            and c.about is None and not c.evidence:
        ctx.err(c, c.id, f"verdict {c.verdict} rests on nothing",
                "name the fact in 'about' or the sources in 'evidence'", "verdict")
    if c.matches and c.verdict != "mislabelled":
        ctx.warn(c, c.id, "names 'matches' but the verdict is not mislabelled",
                 "drop 'matches' or check the verdict", "matches")
    if "{states}" in c.says and c.states is None:
        ctx.err(c, c.id, "says {states} but the claim states no figure", "add states", "says")
    _check_text(ctx, c, c.id, "says", c.says, ("states",))
    _check_text(ctx, c, c.id, "reason", c.reason)
    if c.states is None or c.about is None or c.about not in store.facts:
        return
    units, bounds = ctx.units, ctx.bounds
    cid, recorded, path, line = c.id, c.verdict, c.loc.path, c.loc.of("verdict")

    def run(values: dict[str, object]) -> list[Problem]:
        computed = compute_verdict(c, values, units, bounds)
        if computed is None or computed == recorded:
            return []
        return [Problem(path, line, cid,
                        f"recorded verdict {recorded} disagrees with the computed verdict "
                        f"{computed}",
                        "the figure decides: fix the verdict, the stated figure or 'about'")]

    ids = tuple(x for x in (c.about, c.matches) if x)
    ctx.checkers.append(Checker("claim", ids, run))


def _check_rule(ctx: Context, r) -> None:
    needs = {"sum": ("total", "parts"), "at_most": ("left", "right"),
             "equal": ("left", "right"), "increasing": ("facts",)}[r.kind]
    missing = [n for n in needs if not getattr(r, n)]
    for n in missing:
        ctx.err(r, r.id, f"a {r.kind} rule needs '{n}'", "see facts/FORMAT.md")
    if not missing:
        {"sum": _rule_sum, "at_most": _rule_pair, "equal": _rule_pair,
         "increasing": _rule_increasing}[r.kind](ctx, r)


def _rule_sum(ctx: Context, r) -> None:
    if r.total in r.parts or len(set(r.parts)) < len(r.parts):
        ctx.err(r, r.id, "a sum rule names a fact twice" if r.total not in r.parts else
                f"the total {r.total} is also one of its parts",
                "a rule compares different facts", "parts")
        return
    left = _formula(ctx, r, r.id, "{" + r.total + "}", ("total",))
    right = _formula(ctx, r, r.id, " + ".join("{" + p + "}" for p in r.parts), ("parts",))
    if left is not None and right is not None:
        _pair_checker(ctx, r.id, r.loc.path, r.loc.line, left, right, r.tolerance, "==",
                      f"{r.total} is {{l}} but its parts add up to {{r}}")


def _rule_pair(ctx: Context, r) -> None:
    left = _formula(ctx, r, r.id, r.left, ("left",))
    right = _formula(ctx, r, r.id, r.right, ("right",))
    if left is None or right is None:
        return
    if set(left.ids) == set(right.ids):
        ctx.err(r, r.id, "the rule compares " + (", ".join(left.ids) or "constants")
                + " with itself", "a rule compares different facts", "right")
        return
    op = "<=" if r.kind == "at_most" else "=="
    _pair_checker(ctx, r.id, r.loc.path, r.loc.line, left, right, r.tolerance, op,
                  f"{r.left} = {{l}} " + ("exceeds" if op == "<=" else "differs from")
                  + f" {r.right} = {{r}}")


def _rule_increasing(ctx: Context, r) -> None:
    rid, path, line = r.id, r.loc.path, r.loc.line
    if len(set(r.facts)) < len(r.facts):
        ctx.err(r, rid, "the rule names a fact twice", "a rule compares different facts",
                "facts")
        return
    series = []
    for fid in r.facts:
        f = ctx.store.facts.get(fid)
        if f is None:
            ctx.unknown(r, rid, fid, f"refers to unknown fact '{fid}'", "fix the id", "facts")
            return
        if f.as_of is None and f.period is None:
            ctx.err(r, rid, f"fact '{fid}' has no as_of date to order by",
                    "give it as_of", "facts")
            return
        try:
            end = (parse_date(f.as_of) if f.as_of else parse_period(str(f.period))).end
        except PeriodError:
            return
        ctx.used[fid].add(rid)
        series.append((end, fid))
    ordered = [fid for _, fid in sorted(series)]

    def run(values: dict[str, object]) -> list[Problem]:
        out = []
        for a, b in zip(ordered, ordered[1:], strict=False):
            va, vb = values.get(a), values.get(b)
            if isinstance(va, (int, float)) and isinstance(vb, (int, float)) and vb < va:
                out.append(Problem(path, line, rid,
                                   f"{b} = {num(vb)} is below the earlier {a} = {num(va)}",
                                   "a cumulative count never falls: fix one of the values"))
        return out

    ctx.checkers.append(Checker("rule", tuple(ordered), run))


def _pair_checker(ctx, rid, path, line, left, right, tol_spec, op, template) -> None:
    def run(values: dict[str, object]) -> list[Problem]:
        try:
            lv, rv = left.evaluate(values), right.evaluate(values)
        except formulas.NotANumber:
            return []  # the fact without a number reports it
        except formulas.FormulaError as e:
            return [Problem(path, line, rid, str(e), e.hint)]
        tol = tolerance_of(tol_spec, rv) + 1e-9 * max(1.0, abs(rv))
        ok = lv <= rv + tol if op == "<=" else abs(lv - rv) <= tol
        if ok:
            return []
        msg = template.replace("{l}", num(round(lv, 6))).replace("{r}", num(round(rv, 6)))
        return [Problem(path, line, rid, f"{msg} (tolerance {tol_spec})",
                        "fix one of the values, or the rule")]

    ctx.checkers.append(Checker("rule", tuple(dict.fromkeys(left.ids + right.ids)), run))


def _check_retired(ctx: Context) -> None:
    for r in ctx.store.retired.values():
        if r.id in ctx.store.facts:
            ctx.err(r, r.id, "is retired but a fact still uses the id",
                    "ids are never reused: give the fact a new id")
        if r.replaced_by is not None and r.replaced_by not in ctx.store.facts:
            ctx.unknown(r, r.id, r.replaced_by, f"replaced_by refers to unknown fact "
                        f"'{r.replaced_by}'", "fix the id", "replaced_by")
        _check_text(ctx, r, r.id, "note", r.note)


def checked_up_to(store: Store, today: date | None = None) -> str | None:
    """The latest day on which someone compared a fact with its sources (dates that are not
    real days, or lie after today, are errors of their facts and do not count)."""
    today = today or date.today()
    days = []
    for f in store.facts.values():
        try:
            span = parse_date(f.checked) if f.checked else None
        except PeriodError:
            continue
        if span is not None and span.precision == "day" and span.start <= today:
            days.append(span.start)
    return max(days).isoformat() if days else None


@dataclass(frozen=True)
class Gap:
    series: str
    label: str
    periods: tuple[Span, ...]


def series_gaps(store: Store, today: date | None = None) -> list[Gap]:
    """For each series, the periods between its first figure and the latest checked date that
    have no figure: what the site does not know."""
    until = checked_up_to(store, today)
    if until is None:
        return []
    until_day = parse_date(until).end
    out = []
    for s in store.series.values():
        have: set[tuple] = set()
        first: Span | None = None
        for fid in s.facts:
            f = store.facts.get(fid)
            try:
                span = parse_period(str(f.period)) if f is not None and f.period else None
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


def _check_series(ctx: Context) -> None:
    store = ctx.store
    for s in store.series.values():
        units: set[str] = set()
        seen: dict[str, str] = {}
        for i, fid in enumerate(s.facts):
            f = store.facts.get(fid)
            if f is None:
                ctx.unknown(s, s.id, fid, f"series names unknown fact '{fid}'", "fix the id",
                            "facts", i)
                continue
            ctx.used[fid].add(s.id)
            units.add(f.unit)
            try:
                span = parse_period(str(f.period)) if f.period else None
            except PeriodError:
                continue
            if span is None or span.precision != s.cadence:
                ctx.err(s, s.id, f"fact '{fid}' has period {f.period or f.as_of}, not a "
                        f"{s.cadence}", f"a {s.cadence} series holds one fact per {s.cadence}",
                        "facts", i)
            elif span.text in seen:
                ctx.err(s, s.id, f"facts '{seen[span.text]}' and '{fid}' both measure "
                        f"{span.text}", "a series holds one fact per period", "facts", i)
            else:
                seen[span.text] = fid
        if len(units) > 1:
            ctx.err(s, s.id, "series mixes units: " + ", ".join(sorted(units)),
                    "a series measures one thing in one unit", "facts")
    for gap in series_gaps(store, ctx.today):
        s = store.series[gap.series]
        shown = ", ".join(p.text for p in gap.periods[:6])
        more = f" and {len(gap.periods) - 6} more" if len(gap.periods) > 6 else ""
        ctx.warn(s, s.id, f"no figure for {shown}{more}",
                 f"add the missing {s.cadence}s, or note why none is published")


def _check_pages(ctx: Context) -> None:
    store = ctx.store
    for ref in ctx.pages:
        if ref.kind == "error":
            hint = ("see the macros in README.md" if "macro" in ref.id or "()" in ref.id else
                    "move the page elsewhere in docs/" if "docs/facts/" in ref.id else
                    "save the page as UTF-8 Markdown, or remove it")
            ctx.problems.append(Problem(ref.page, ref.line, "page", ref.id, hint))
        elif ref.kind == "prefix":
            matched = [fid for fid in store.facts if fid.startswith(ref.id)]
            for fid in matched:
                ctx.used[fid].add(ref.page)
            if not matched:
                ctx.problems.append(Problem(ref.page, ref.line, "page",
                                            f"facts_with('{ref.id}') matches no fact",
                                            "fix the prefix"))
        elif ref.kind == "markup":
            ctx.problems.append(Problem(ref.page, ref.line, "page",
                                        f"{ref.id} attribute typed by hand",
                                        "provenance markup comes from macros: use fact(), "
                                        "source() or the tables"))
        elif ref.id in store.facts:
            ctx.used[ref.id].add(ref.page)
        elif ref.id in store.retired:
            new = store.retired[ref.id].replaced_by
            ctx.problems.append(Problem(ref.page, ref.line, ref.id, "retired fact id on page",
                                        f"use {new}" if new else "remove the figure"))
        elif ref.id in store.sources or ref.id in store.claims:
            continue
        elif "." in ref.id:
            p = ctx.missing(ref.id, Problem(ref.page, ref.line, ref.id, "unknown fact id on page",
                                            "fix the id, or add the fact to facts/"))
            if p is not None:
                ctx.problems.append(p)
        else:
            ctx.problems.append(Problem(ref.page, ref.line, ref.id,
                                        "unknown source or claim id on page", "fix the id"))


def _check_unused(ctx: Context) -> None:
    if not ctx.pages:
        return  # without pages, "unused" would flag every fact the site shows
    for f in ctx.store.facts.values():
        if not ctx.used.get(f.id):
            ctx.warn(f, f.id, "is not used by any page, rule, formula or claim",
                     "show it on a page or retire it")


# ---------------------------------------------------------------- coverage


@dataclass
class Coverage:
    numeric: int
    covered: int
    by_kind: dict[str, int]
    uncovered: list[str]

    @property
    def share(self) -> float:
        return self.covered / self.numeric if self.numeric else 1.0


def coverage(store: Store, ctx: Context | None = None) -> Coverage:
    """How many numeric facts some check catches when their value is ×10 and when it is ÷10."""
    ctx = ctx or build(store, date.max)
    values = values_of(store)
    by_fact: dict[str, list[Checker]] = defaultdict(list)
    for c in ctx.checkers:
        for fid in c.ids:
            by_fact[fid].append(c)
    baseline = {id(c): {str(p) for p in c.run(values)} for c in ctx.checkers}
    by_kind: dict[str, int] = defaultdict(int)
    numeric = covered = 0
    uncovered = []
    for fid, f in store.facts.items():
        if not isinstance(f.value, (int, float)) or f.value == 0 or is_date_unit(f.unit):
            continue
        numeric += 1
        caught: set[str] = set()
        every_factor = True
        for factor in (10, 0.1):
            values[fid] = f.value * factor  # mutate in place, restore below: no copy per fact
            try:
                kinds = {
                    c.kind for c in by_fact[fid]
                    if {str(p) for p in c.run(values)} - baseline[id(c)]
                }
            finally:
                values[fid] = f.value
            every_factor = every_factor and bool(kinds)
            caught |= kinds
        for k in caught:
            by_kind[k] += 1
        if every_factor:
            covered += 1
        else:
            uncovered.append(fid)
    return Coverage(numeric, covered, dict(by_kind), uncovered)
