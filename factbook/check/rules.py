"""Checks of rules: assertions across facts (a sum, an upper bound, an equality, a count that
never falls), each turned into a Checker over the values."""

from __future__ import annotations

from .. import formulas
from ..model import Problem, register
from ..periods import PeriodError
from .core import (
    UNKNOWN_FACT,
    Checker,
    Context,
    date_span,
    formula,
    num,
    period_span,
    problem,
    tolerance_of,
)

NEEDS_FIELD = register("rule.missing-field", "a rule lacks a field its kind needs (total and "
                       "parts, left and right, or facts)")
REPEATS = register("rule.repeats-fact", "a rule names a fact twice, or its total among its parts")
SELF = register("rule.compares-itself", "both sides of a rule use the same facts")
NO_DATE = register("rule.fact-without-date", "an increasing rule names a fact with no period or "
                   "as_of to order by")
SUM = register("rule.sum-mismatch", "a sum rule's total differs from its parts")
EXCEEDS = register("rule.exceeds", "an at_most rule's left side exceeds its right side")
UNEQUAL = register("rule.unequal", "an equal rule's sides differ")
FALLS = register("rule.decreasing", "an increasing rule's later figure is below an earlier one")


def check_rules(ctx: Context) -> None:
    """Every rule has what its kind needs; each becomes a Checker."""
    for r in ctx.store.rules.values():
        needs = {"sum": ("total", "parts"), "at_most": ("left", "right"),
                 "equal": ("left", "right"), "increasing": ("facts",)}[r.kind]
        missing = [n for n in needs if not getattr(r, n)]
        for n in missing:
            ctx.err(NEEDS_FIELD, r, r.id, f"a {r.kind} rule needs '{n}'", "see facts/FORMAT.md")
        if not missing:
            {"sum": _rule_sum, "at_most": _rule_pair, "equal": _rule_pair,
             "increasing": _rule_increasing}[r.kind](ctx, r)


def _rule_sum(ctx: Context, r) -> None:
    if r.total in r.parts or len(set(r.parts)) < len(r.parts):
        ctx.err(REPEATS, r, r.id, "a sum rule names a fact twice" if r.total not in r.parts else
                f"the total {r.total} is also one of its parts",
                "a rule compares different facts", "parts")
        return
    left = formula(ctx, r, r.id, "{" + r.total + "}", ("total",))
    right = formula(ctx, r, r.id, " + ".join("{" + p + "}" for p in r.parts), ("parts",))
    if left is not None and right is not None:
        _pair_checker(ctx, r, SUM, left, right, "==",
                      f"{r.total} is {{l}} but its parts add up to {{r}}")


def _rule_pair(ctx: Context, r) -> None:
    left = formula(ctx, r, r.id, r.left, ("left",))
    right = formula(ctx, r, r.id, r.right, ("right",))
    if left is None or right is None:
        return
    if set(left.ids) == set(right.ids):
        ctx.err(SELF, r, r.id, "the rule compares " + (", ".join(left.ids) or "constants")
                + " with itself", "a rule compares different facts", "right")
        return
    op = "<=" if r.kind == "at_most" else "=="
    _pair_checker(ctx, r, EXCEEDS if op == "<=" else UNEQUAL, left, right, op,
                  f"{r.left} = {{l}} " + ("exceeds" if op == "<=" else "differs from")
                  + f" {r.right} = {{r}}")


def _rule_increasing(ctx: Context, r) -> None:
    rid = r.id
    if len(set(r.facts)) < len(r.facts):
        ctx.err(REPEATS, r, rid, "the rule names a fact twice", "a rule compares different facts",
                "facts")
        return
    series = []
    for fid in r.facts:
        f = ctx.store.facts.get(fid)
        if f is None:
            ctx.unknown(UNKNOWN_FACT, r, rid, fid, f"refers to unknown fact '{fid}'", "fix the id",
                        "facts")
            return
        if f.as_of is None and f.period is None:
            ctx.err(NO_DATE, r, rid, f"fact '{fid}' has no as_of date to order by",
                    "give it as_of", "facts")
            return
        try:
            end = (date_span(f.as_of) if f.as_of else period_span(str(f.period))).end
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
                out.append(problem(FALLS, r, rid, f"{b} = {num(vb)} is below the earlier "
                                   f"{a} = {num(va)}", "a cumulative count never falls: fix "
                                   "one of the values"))
        return out

    ctx.checkers.append(Checker("rule", tuple(ordered), run))


def _pair_checker(ctx: Context, r, code: str, left, right, op: str, template: str) -> None:
    rid, tol_spec = r.id, r.tolerance

    def run(values: dict[str, object]) -> list[Problem]:
        try:
            lv, rv = left.evaluate(values), right.evaluate(values)
        except formulas.NotANumber:
            return []  # the fact without a number reports it
        except formulas.FormulaError as e:
            return [problem(e.code, r, rid, str(e), e.hint)]
        tol = tolerance_of(tol_spec, rv) + 1e-9 * max(1.0, abs(rv))
        ok = lv <= rv + tol if op == "<=" else abs(lv - rv) <= tol
        if ok:
            return []
        msg = template.replace("{l}", num(round(lv, 6))).replace("{r}", num(round(rv, 6)))
        return [problem(code, r, rid, f"{msg} (tolerance {tol_spec})",
                        "fix one of the values, or the rule")]

    ctx.checkers.append(Checker("rule", tuple(dict.fromkeys(left.ids + right.ids)), run))
