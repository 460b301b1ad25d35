"""One check run: the passes in order, the problems sorted root cause first, and the typed
Report of what the run derived (checks covering each fact, usage, verdicts, citations), so that
render, the CLI and the bridge read it instead of computing it again."""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from ..model import CODES, Findings, Problem, Store, register
from ..pages import PageRef
from ..text import longest_first
from .claims import check_claims, compute_verdict
from .core import Checker, Context, values_of
from .entities import check_entities
from .facts import check_facts
from .pages import check_credits, check_pages, check_unused
from .rules import check_rules
from .series import check_series
from .sources import check_sources
from .translations import check_page_labels, check_translations

AFTER_BROKEN = register("cascade.broken-record", "references that fail only because the record "
                        "they name failed to load (fix that error; these go with it)")
AFTER_UNPARSED = register("cascade.unparsed-file", "references that fail and may name records "
                          "in a file that did not parse (fix that error; these go with it)")

# The passes of a check, in order: usage (ctx.used) must be complete before check_unused.
PASSES = (check_entities, check_sources, check_facts, check_claims, check_rules, check_series,
          check_pages, check_credits, check_translations, check_page_labels, check_unused)


@dataclass
class Report(Findings):
    """What one check found and derived. Each index is computed once, on first use (a plain
    `factbook check` needs none of them); nothing recomputes them.

    - problems: every problem, root causes first (load problems included), then by place
    - used: fact id -> who uses it: page paths (docs/….md), rule, claim, series and fact ids
      (formulas, supersedes) and "path:id" for texts that name it as {fact.id}
    - checks: fact id -> the kinds of value check guarding it (source, derivation, rule, claim),
      in the order first met; a fact no check compares is absent
    - verdicts: claim id -> the verdict the figures give (consistent, misstated, mislabelled), or
      None where the verdict is editorial (no stated figure, or no fact)
    - cited_by: source id -> the ids of the facts that cite it, in store order
    - superseded_by: fact id -> the ids of the facts that supersede it, in store order
    - checkers, by_fact: the value checks themselves, and those comparing each fact (×10 test);
      a project holds the checks only when opened with checkers=True (they are closures over
      the store: 15 MB at 10,000 facts), and by_fact makes them again when asked
    """

    store: Store
    today: date
    problems: list[Problem] = field(default_factory=list)
    checkers: list[Checker] = field(default_factory=list)
    used: dict[str, set[str]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict, repr=False)
    bounds: dict[str, str] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict:
        # A report is kept (factbook.project) without its value checks: they are closures,
        # and only the ×10 test runs them again (open_project(checkers=True) checks afresh).
        state = dict(self.__dict__)
        state["checkers"] = None
        state.pop("by_fact", None)
        return state

    @cached_property
    def by_fact(self) -> dict[str, tuple[Checker, ...]]:
        """Fact id -> the value checks that compare it (made again from the store for a report
        kept without them)."""
        out: dict[str, list[Checker]] = defaultdict(list)
        checkers = build(self.store, self.today).checkers if self.checkers is None \
            else self.checkers
        for c in checkers:
            for fid in c.ids:
                out[fid].append(c)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def checks(self) -> dict[str, tuple[str, ...]]:
        """Fact id -> the kinds of value check guarding it, in the order first met."""
        kinds: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple for facts checked alike
        return {fid: kinds.setdefault(k := tuple(dict.fromkeys(c.kind for c in cs)), k)
                for fid, cs in self.by_fact.items()}

    @cached_property
    def verdicts(self) -> dict[str, str | None]:
        """Claim id -> the verdict the figures give, or None where it is editorial."""
        values = values_of(self.store)
        return {c.id: compute_verdict(c, values, self.units, self.bounds)
                for c in self.store.claims.values()}

    @cached_property
    def cited_by(self) -> dict[str, tuple[str, ...]]:
        """Source id -> the facts citing it, in store order (a fact once)."""
        out: dict[str, list[str]] = defaultdict(list)
        for f in self.store.facts.values():
            for sid in dict.fromkeys(r.source for r in f.sources):
                out[sid].append(f.id)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def superseded_by(self) -> dict[str, tuple[str, ...]]:
        """Fact id -> the facts that supersede it, in store order."""
        out: dict[str, list[str]] = defaultdict(list)
        for f in self.store.facts.values():
            if f.supersedes:
                out[f.supersedes].append(f.id)
        return {k: tuple(v) for k, v in out.items()}


def build(store: Store, today: date | None = None, pages: list[PageRef] | None = None) -> Context:
    """Run the structural checks and collect the value checkers."""
    ctx = Context(store, today or date.today(), pages or [])
    ctx.names = longest_first(store.names())
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
        return problems, _report(ctx, problems)
    finally:
        if enabled:
            gc.enable()


def _report(ctx: Context, problems: list[Problem]) -> Report:
    return Report(store=ctx.store, today=ctx.today, problems=problems, checkers=ctx.checkers,
                  used=dict(ctx.used), units=ctx.units, bounds=ctx.bounds)


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
