"""One check run: the passes in order, the problems sorted root cause first, and the typed
Report of what the run derived (checks covering each fact, usage, verdicts, citations), so that
render, the CLI and the bridge read it instead of computing it again."""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..model import CODES, Problem, Store, register
from ..pages import PageRef
from .claims import check_claims, compute_verdict
from .core import Checker, Context, values_of
from .entities import check_entities
from .facts import check_facts
from .pages import check_pages, check_unused
from .rules import check_rules
from .series import check_series
from .sources import check_sources

AFTER_BROKEN = register("cascade.broken-record", "references that fail only because the record "
                        "they name failed to load (fix that error; these go with it)")
AFTER_UNPARSED = register("cascade.unparsed-file", "references that fail and may name records "
                          "in a file that did not parse (fix that error; these go with it)")

# The passes of a check, in order: usage (ctx.used) must be complete before check_unused.
PASSES = (check_entities, check_sources, check_facts, check_claims, check_rules, check_series,
          check_pages, check_unused)


@dataclass
class Report:
    """What one check found and derived. Indexes are computed once here; nothing recomputes them.

    - problems: every problem, root causes first (load problems included), then sorted by place
    - checks: fact id -> the kinds of value check guarding it (source, derivation, rule, claim),
      in the order first met
    - used: fact id -> who uses it: page paths (docs/….md), rule, claim, series and fact ids
      (formulas, supersedes) and "path:id" for texts that name it as {fact.id}
    - verdicts: claim id -> the verdict the figures give (consistent, misstated, mislabelled), or
      None where the verdict is editorial (no stated figure, or no fact)
    - cited_by: source id -> the ids of the facts that cite it, in store order
    - superseded_by: fact id -> the ids of the facts that supersede it
    - checkers: the value checks themselves (for the ×10 coverage)
    """

    store: Store
    today: date
    problems: list[Problem] = field(default_factory=list)
    checkers: list[Checker] = field(default_factory=list)
    checks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    used: dict[str, set[str]] = field(default_factory=dict)
    verdicts: dict[str, str | None] = field(default_factory=dict)
    cited_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    superseded_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_fact: dict[str, tuple[Checker, ...]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a build."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems an editor should look at."""
        return [p for p in self.problems if p.severity == "warning"]


def build(store: Store, today: date | None = None, pages: list[PageRef] | None = None) -> Context:
    """Run the structural checks and collect the value checkers."""
    ctx = Context(store, today or date.today(), pages or [])
    ctx.names = sorted(store.names(), key=len, reverse=True)
    if ctx.names:
        ctx.names_re = re.compile("|".join(re.escape(n) for n in ctx.names))
    ctx.units = {fid: f.unit for fid, f in store.facts.items()}
    ctx.bounds = {fid: f.bound for fid, f in store.facts.items()}
    for check_pass in PASSES:
        check_pass(ctx)
    return ctx


def check(
    store: Store, today: date | None = None, pages: list[PageRef] | None = None
) -> list[Problem]:
    """All problems of the store (loading problems included), sorted by file and line."""
    return run(store, today, pages)[0]


def run(
    store: Store, today: date | None = None, pages: list[PageRef] | None = None
) -> tuple[list[Problem], Report]:
    """Check once; return the problems and the Report of what the check derived."""
    # A check allocates a great many small objects and frees none of them until it ends, so
    # each cyclic collection would walk the whole store for nothing: collect once, afterwards.
    enabled = gc.isenabled()
    gc.disable()
    try:
        ctx = build(store, today, pages)
        values = values_of(store)
        for checker in ctx.checkers:
            ctx.problems.extend(checker.run(values))
        order = lambda p: (p.path, p.line, p.severity != "error", p.subject)  # noqa: E731
        # The root causes (files that do not parse, records that fail their schema) come first;
        # the errors their absence causes elsewhere are summed up in one line each after them.
        roots = sorted(dict.fromkeys(store.problems), key=order)
        rest = sorted(dict.fromkeys(ctx.problems), key=order)
        problems = roots + _cascade_lines(ctx) + rest
        return problems, _report(ctx, problems, values)
    finally:
        if enabled:
            gc.enable()


def _report(ctx: Context, problems: list[Problem], values: dict[str, object]) -> Report:
    store = ctx.store
    by_fact: dict[str, list[Checker]] = defaultdict(list)
    checks: dict[str, list[str]] = defaultdict(list)
    for c in ctx.checkers:
        for fid in c.ids:
            by_fact[fid].append(c)
            if c.kind not in checks[fid]:
                checks[fid].append(c.kind)
    cited: dict[str, list[str]] = defaultdict(list)
    newer: dict[str, list[str]] = defaultdict(list)
    for f in store.facts.values():
        for r in f.sources:
            if not cited[r.source] or cited[r.source][-1] != f.id:
                cited[r.source].append(f.id)
        if f.supersedes:
            newer[f.supersedes].append(f.id)
    verdicts = {c.id: compute_verdict(c, values, ctx.units, ctx.bounds)
                for c in store.claims.values()}
    return Report(
        store=store, today=ctx.today, problems=problems, checkers=ctx.checkers,
        checks={k: tuple(v) for k, v in checks.items()}, used=dict(ctx.used), verdicts=verdicts,
        cited_by={k: tuple(v) for k, v in cited.items()},
        superseded_by={k: tuple(v) for k, v in newer.items()},
        by_fact={k: tuple(v) for k, v in by_fact.items()},
    )


def _cascade_lines(ctx: Context) -> list[Problem]:
    """One line for each record that failed to load, and one for all the references that a file
    which did not parse may explain."""
    out, unexplained, ids = [], [], set()
    hint = "fix the error above; these go with it"
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
                           f"{first.path}:{first.line})", hint,
                           CODES[AFTER_BROKEN].severity, AFTER_BROKEN))
    if unexplained:
        first = min(unexplained, key=lambda p: (p.path, p.line))
        files = ", ".join(ctx.store.unparsed)
        out.append(Problem(first.path, first.line, "references",
                           f"{len(unexplained)} references to {len(ids)} ids fail, which may be "
                           f"in {files}, which did not parse", hint,
                           CODES[AFTER_UNPARSED].severity, AFTER_UNPARSED))
    return out
