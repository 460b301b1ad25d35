"""Checks of facts: value and unit, time, standing (sources, status), each source's statement,
derivations and their cycles, revisions (supersedes), and retired ids."""

from __future__ import annotations

from .. import formulas
from ..model import UNITS, Fact, Problem, register
from ..periods import PeriodError, Span
from .core import (
    BAD_DATE,
    MAX_FRACTION,
    UNKNOWN_FACT,
    UNKNOWN_SOURCE,
    UNKNOWN_UNIT,
    Checker,
    Context,
    agrees,
    check_text,
    date_span,
    dates_agree,
    figure_tolerance,
    formula,
    is_date_unit,
    num,
    observed,
    period_span,
    problem,
    tolerance_of,
    unit_hint,
)
from .sources import outlet

_TWO_SIDED = ("exact", "approx")

UNKNOWN_SUBJECT = register("fact.unknown-subject", "a fact's subject is not a declared entity")
NOT_A_DATE = register("fact.not-a-date", "a fact in unit date holds a number")
NOT_A_NUMBER = register("fact.not-a-number", "a fact's value is text where a number belongs")
NEGATIVE_COUNT = register("fact.negative-count", "a count (vehicles, orders, people) below zero")
PERCENT_WHOLE = register("fact.percent-as-whole", "a percentage typed whole (22.3 for 0.223)")
FUTURE_VALUE = register("fact.future-value", "a date or year value after today on a fact that "
                        "is not a plan")
BOTH_TIMES = register("fact.period-and-as-of", "a fact has both period and as_of")
NO_TIME = register("fact.no-time", "a fact has neither period nor as_of")
NOT_BEGUN = register("fact.period-not-begun", "a fact's period starts after today and the fact "
                     "is not a plan or an estimate")
NOT_CHECKED = register("fact.no-checked-date", "a fact has no checked date", "warning")
REVIEW_DUE = register("fact.review-due", "a fact's review_by date has passed", "warning")
CHECKED_EARLY = register("fact.checked-before-published", "a fact's checked date is before one "
                         "of its sources was published")
NO_SOURCE = register("fact.no-source", "a fact has neither a source nor a derive formula")
ONE_SOURCE = register("fact.confirmed-one-source", "status confirmed with only one source "
                      "stating the figure")
COPIES = register("source.copies-not-independent", "status confirmed, but the sources are "
                  "copies of one article (copy_of, same address, or same publisher and title) "
                  "or articles of one outlet (same publisher)")
NO_FORMULA = register("fact.derived-without-formula", "status derived but no derive formula")
CITES_AUDITED = register("fact.cites-audited", "a fact cites an audited article as its source")
STATEMENT_KIND = register("fact.statement-wrong-kind", "a source's statement is a number for a "
                          "date fact, or a date for a number")
STATEMENT_NEGATIVE = register("fact.statement-negative-count", "a source states a negative count")
DISAGREES = register("fact.disagrees-with-source", "a fact's value disagrees with what one of "
                     "its sources states")
FORMULA_MISMATCH = register("fact.disagrees-with-formula", "a derived fact's value disagrees "
                            "with its formula")
CYCLE = register("fact.derivation-cycle", "facts derived from each other in a loop")
SUPERSEDES_UNIT = register("fact.supersedes-other-unit", "a fact supersedes one in another unit")
SUPERSEDES_LOOP = register("fact.supersedes-loop", "a chain of supersedes returns to itself")
RETIRED_IN_USE = register("retired.id-in-use", "a retired id is still the id of a fact")


def check_facts(ctx: Context) -> None:
    """Every fact on its own; then derivation cycles and revision chains across them."""
    published = _published(ctx)
    # Each source's outlet, worked out once: the facts that cite it share the answer.
    outlets = {sid: outlet(ctx.store, sid) for sid in ctx.store.sources}
    for fact in ctx.store.facts.values():
        check_fact(ctx, fact, published, outlets)
    check_cycles(ctx)
    check_supersedes(ctx)
    check_retired(ctx)


LATEST = ""  # the key, in _published's answer, of the latest publication of any source


def _published(ctx: Context) -> dict[str, Span]:
    """Each source's publication date, parsed once (its own check reports a bad one), and the
    latest of them under LATEST."""
    out = {}
    for s in ctx.store.sources.values():
        try:
            if s.published:
                out[s.id] = date_span(s.published)
        except PeriodError:
            pass
    if out:
        out[LATEST] = max(out.values(), key=lambda span: span.start)
    return out


def check_fact(ctx: Context, f: Fact, published: dict[str, Span],
               outlets: dict[str, str]) -> None:
    """One fact: subject, unit, value, time, standing, texts, statements and formula."""
    if f.subject not in ctx.store.entities:
        ctx.err(UNKNOWN_SUBJECT, f, f.id, f"unknown subject '{f.subject}'",
                "add it to facts/entities.yaml or fix the id", "subject")
    if f.unit not in UNITS:
        ctx.err(UNKNOWN_UNIT, f, f.id, f"unknown unit '{f.unit}'", unit_hint(f.unit), "unit")
    _check_value(ctx, f)
    _check_when(ctx, f, published)
    _check_standing(ctx, f, outlets)
    check_text(ctx, f, f.id, "note", f.note)
    check_text(ctx, f, f.id, "label", f.label)
    _check_statements(ctx, f)
    if f.derive is not None:
        _check_derive(ctx, f)


def _check_value(ctx: Context, f: Fact) -> None:
    """The value fits its unit: a real date, or a finite number in range."""
    unit = UNITS.get(f.unit)
    if is_date_unit(f.unit):
        if not isinstance(f.value, str):
            ctx.err(NOT_A_DATE, f, f.id, f"value {f.value!r} is not a date",
                    "write it as \"YYYY-MM-DD\"", "value")
            return
        try:
            span = date_span(f.value)
        except PeriodError as e:
            ctx.err(BAD_DATE, f, f.id, f"value: {e}", e.hint, "value")
            return
        if span.start > ctx.today and f.status != "plan":
            ctx.err(FUTURE_VALUE, f, f.id, f"date {f.value} is in the future",
                    "only a fact with status plan may hold a future date", "value")
    elif not isinstance(f.value, (int, float)) or isinstance(f.value, bool):
        ctx.err(NOT_A_NUMBER, f, f.id, f"value {f.value!r} is not a number",
                "write the number in base units: 113100000000, 0.223", "value")
    elif unit is not None and unit.kind == "count" and f.value < 0:
        ctx.err(NEGATIVE_COUNT, f, f.id, f"value {num(f.value)} is a negative count of "
                f"{unit.plural}", "a count is zero or more: fix the sign, or use a change fact "
                "in percent", "value")
    elif f.unit == "percent" and abs(f.value) > MAX_FRACTION:
        ctx.err(PERCENT_WHOLE, f, f.id, f"value {num(f.value)} in percent means "
                f"{num(f.value * 100)}%", f"percentages are stored as fractions: write "
                f"{num(f.value / 100)}", "value")
    elif f.unit == "year" and f.value > ctx.today.year and f.status != "plan":
        ctx.err(FUTURE_VALUE, f, f.id, f"year {num(f.value)} is in the future",
                "only a fact with status plan may hold a future year", "value")


def _check_when(ctx: Context, f: Fact, published: dict[str, Span]) -> None:
    """Exactly one of period and as_of (a date fact may carry neither: its value is its time),
    real and not ahead of today unless planned; checked and review_by dates."""
    if f.period is not None and f.as_of is not None:
        ctx.err(BOTH_TIMES, f, f.id, "has both period and as_of", "keep the one that fits",
                "as_of")
    elif f.period is None and f.as_of is None and not is_date_unit(f.unit):
        ctx.err(NO_TIME, f, f.id, "has neither period nor as_of",
                "add period: 2025-Q3 (a stretch of time) or as_of: 2025-09-30 (a moment)")
    if f.period is not None:
        try:
            span = period_span(str(f.period))
            if span.start > ctx.today and f.status not in ("plan", "estimate"):
                ctx.err(NOT_BEGUN, f, f.id, f"period {f.period} has not begun",
                        "only plans and estimates (forecasts) may look ahead: set the status "
                        "or fix the period", "period")
        except PeriodError as e:
            ctx.err(BAD_DATE, f, f.id, f"period: {e}", e.hint, "period")
    observed(ctx, f, f.id, "as_of", f.as_of)
    if f.checked is None:
        ctx.warn(NOT_CHECKED, f, f.id, "has no checked date",
                 "add checked: YYYY-MM-DD, the day you compared it with its sources")
    _check_checked(ctx, f, observed(ctx, f, f.id, "checked", f.checked), published)
    if f.review_by is not None:
        try:
            if date_span(f.review_by).end < ctx.today:
                ctx.warn(REVIEW_DUE, f, f.id, f"review_by {f.review_by} has passed",
                         "re-check the figure against its sources and move the date",
                         "review_by")
        except PeriodError as e:
            ctx.err(BAD_DATE, f, f.id, f"review_by: {e}", e.hint, "review_by")


def _check_checked(ctx: Context, f: Fact, checked: Span | None,
                   published: dict[str, Span]) -> None:
    """A fact cannot have been compared with a source before the source was published."""
    if checked is None or not published or checked.end >= published[LATEST].start:
        return  # checked after the latest publication of any source: nothing to compare
    for r in f.sources:
        day = published.get(r.source)
        if day is not None and day.start > checked.end:
            ctx.err(CHECKED_EARLY, f, f.id, f"checked {f.checked}, before {r.source} was "
                    f"published ({ctx.store.sources[r.source].published})",
                    "set checked to the day you compared the value with its sources", "checked")
            return


def _check_standing(ctx: Context, f: Fact, outlets: dict[str, str]) -> None:
    """Sources or a formula, and a status they bear out (confirmed: two independent sources)."""
    if not f.sources and f.derive is None:
        ctx.err(NO_SOURCE, f, f.id, "has no source",
                "add a reference under 'sources', or a 'derive' formula", "sources")
    if f.status == "confirmed" and f.derive is None:
        independent = {outlets[r.source] for r in f.sources if r.source in outlets}
        if len(independent) < 2 and all(r.source in outlets for r in f.sources):
            copies = len(f.sources) > len(independent)
            ctx.err(COPIES if copies else ONE_SOURCE, f, f.id,
                    "status confirmed but only one independent source states it"
                    + (" (the others are copies of it, the same article, or the same outlet's)"
                       if copies else ""),
                    "add a second, independent source that states the figure, or set status "
                    "single_source", "status")
    if f.status == "derived" and f.derive is None:
        ctx.err(NO_FORMULA, f, f.id, "status derived but no derive formula",
                "add derive: formula", "status")


def _check_ref(ctx: Context, f: Fact, ref, dated: bool, count: bool,
               sources: dict) -> tuple | None:
    """One source's statement of the fact: (ref, stated, bound, tolerance) to compare, or None
    when it cannot be compared (the problem is reported)."""
    source = sources.get(ref.source)
    if source is None:
        ctx.unknown(UNKNOWN_SOURCE, ref, f.id, ref.source, f"unknown source '{ref.source}'",
                    "add it to facts/sources.yaml or fix the id", "source")
        return None
    if source.kind == "audited":
        ctx.err(CITES_AUDITED, ref, f.id, f"cites the audited article {ref.source} as a source",
                "an audited article is checked by claims, it does not support facts", "source")
    if dated != isinstance(ref.states, str):
        ctx.err(STATEMENT_KIND, ref, f.id, f"{ref.source} states {ref.states!r}, which is not a "
                + ("date" if dated else "number"), "state the figure in the fact's unit",
                "states")
        return None
    if count and ref.states < 0:
        ctx.err(STATEMENT_NEGATIVE, ref, f.id, f"{ref.source} states {num(ref.states)}, a "
                "negative count", "a count is zero or more: fix the sign", "states")
        return None
    stol = figure_tolerance(ref.states, ref.bound, ref.tolerance) if not dated else 0
    return ref, ref.states, ref.bound, stol


def _check_statements(ctx: Context, f: Fact) -> None:
    """Every source's statement of the fact, compared with its value by one Checker."""
    dated, unit, sources = is_date_unit(f.unit), UNITS.get(f.unit), ctx.store.sources
    count = not dated and unit is not None and unit.kind == "count"
    fid, bound = f.id, f.bound
    statements = []
    for ref in f.sources:
        src, states = sources.get(ref.source), ref.states
        if src is None or src.kind == "audited" or dated != isinstance(states, str) \
                or (count and states < 0):
            statement = _check_ref(ctx, f, ref, dated, count, sources)  # reports the problem
        else:  # the common case, inline: every statement of every fact comes through here
            stol = 0 if dated else figure_tolerance(states, ref.bound, ref.tolerance)
            statement = ref, states, ref.bound, stol
        if statement is not None:
            # Equal figures agree when both bounds are two-sided; other pairs need agrees().
            two_sided = bound in _TWO_SIDED and statement[2] in _TWO_SIDED
            statements.append((*statement, two_sided))
    if not statements:
        return

    def run(values: dict[str, object]) -> list[Problem]:
        value = values.get(fid)
        if not isinstance(value, str if dated else (int, float)):
            return []  # a value of the wrong kind is reported by the value's own check
        out = []
        vtol = None if dated else figure_tolerance(value, bound)
        for ref, stated, sbound, stol, two_sided in statements:
            if dated:
                ok = dates_agree(value, stated)
            else:
                ok = (two_sided and value == stated) or agrees(
                    value, bound, vtol, stated, sbound, stol)
            if ok:
                continue
            words = "" if sbound == "exact" else f" ({sbound.replace('_', ' ')})"
            out.append(problem(DISAGREES, ref, fid,
                               f"value {num(value) if not dated else value} disagrees with "
                               f"{ref.source}, which states "
                               f"{num(stated) if not dated else stated}{words}",
                               "fix the value, or the statement if it was copied wrong"))
        return out

    ctx.checkers.append(Checker("source", (fid,), run))


def _check_derive(ctx: Context, f: Fact) -> None:
    """The formula parses and names number facts; its agreement becomes a Checker."""
    d = f.derive
    parsed = formula(ctx, f, f.id, d.formula, ("derive", "formula"))
    if parsed is None:
        return
    ctx.formulas[f.id] = parsed
    fid, tol_spec = f.id, d.tolerance

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
            return [problem(e.code, f, fid, str(e), e.hint, "derive")]
        if abs(result - value) <= tol + 1e-9 * max(1.0, abs(result)):
            return []
        return [problem(FORMULA_MISMATCH, f, fid,
                        f"value {num(value)} disagrees with its formula "
                        f"{d.formula} = {num(round(result, 6))} (tolerance {tol_spec})",
                        "fix the value or the facts in the formula", "derive")]

    ctx.checkers.append(Checker("derivation", (fid, *parsed.ids), run))


def check_cycles(ctx: Context) -> None:
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
                ctx.err(CYCLE, f, f.id, "derivation cycle: " + " -> ".join(cycle),
                        "a fact cannot be derived from itself; give one of them a source",
                        "derive")
            elif nxt not in state:
                state[nxt] = 1
                on_path[nxt] = len(path)
                path.append(nxt)
                stack.append(iter(deps.get(nxt, ())))


def check_supersedes(ctx: Context) -> None:
    """Each fact's revisions run from old to new without returning: one linear pass."""
    facts = ctx.store.facts
    state: dict[str, int] = {}  # 1 being walked, 2 known to end
    for f in facts.values():
        if f.supersedes is None:
            continue
        old = facts.get(f.supersedes)
        if old is None:
            ctx.unknown(UNKNOWN_FACT, f, f.id, f.supersedes, f"supersedes unknown fact "
                        f"'{f.supersedes}'", "fix the id", "supersedes")
            continue
        ctx.used[old.id].add(f.id)
        if old.unit != f.unit:
            ctx.err(SUPERSEDES_UNIT, f, f.id, f"supersedes '{old.id}' which is in {old.unit}, "
                    f"not {f.unit}", "a newer value of the same figure keeps its unit",
                    "supersedes")
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
            ctx.err(SUPERSEDES_LOOP, first, first.id, "supersedes chain loops: "
                    + " -> ".join(loop), "a chain of revisions runs from old to new without "
                    "returning", "supersedes")
        for fid in chain:
            state[fid] = 2


def check_retired(ctx: Context) -> None:
    """A retired id is no fact's id; its replacement exists; its note types no figure."""
    for r in ctx.store.retired.values():
        if r.id in ctx.store.facts:
            ctx.err(RETIRED_IN_USE, r, r.id, "is retired but a fact still uses the id",
                    "ids are never reused: give the fact a new id")
        if r.replaced_by is not None and r.replaced_by not in ctx.store.facts:
            ctx.unknown(UNKNOWN_FACT, r, r.id, r.replaced_by, f"replaced_by refers to unknown "
                        f"fact '{r.replaced_by}'", "fix the id", "replaced_by")
        check_text(ctx, r, r.id, "note", r.note)
