"""Checks of the audited article's claims, and the verdict the figures give each of them."""

from __future__ import annotations

from ..model import UNITS, Claim, Problem, register
from .core import (
    UNKNOWN_FACT,
    UNKNOWN_SOURCE,
    UNKNOWN_UNIT,
    Checker,
    Context,
    agrees,
    check_text,
    dates_agree,
    figure_tolerance,
    is_date_unit,
    problem,
    unit_hint,
)

UNIT_MISMATCH = register("claim.unit-mismatch", "a claim states a figure in another unit than "
                         "the fact it is about")
STATES_KIND = register("claim.states-wrong-kind", "a claim's figure is a number for a date, or a "
                       "date for a number")
NO_ABOUT = register("claim.no-about", "a claim states a figure but names no fact in 'about'")
RESTS_ON_NOTHING = register("claim.rests-on-nothing", "a factual verdict with neither a fact "
                            "('about') nor evidence")
MATCHES_UNUSED = register("claim.matches-not-mislabelled", "a claim names 'matches' but its "
                          "verdict is not mislabelled", "warning")
NO_STATES = register("claim.says-states-without-figure", "a paraphrase uses {states} but the "
                     "claim states no figure")
VERDICT = register("claim.verdict-disagrees", "a recorded verdict differs from the verdict the "
                   "figures give")

FACTUAL = ("consistent", "misstated", "mislabelled")


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


def check_claims(ctx: Context) -> None:
    """Every claim: its references, then its grounds and verdict."""
    for c in ctx.store.claims.values():
        if _claim_refs(ctx, c):
            _claim_grounds(ctx, c)


def _claim_refs(ctx: Context, c: Claim) -> bool:
    """The claim's source, evidence and facts exist, and its figure fits its unit."""
    store = ctx.store
    if c.source not in store.sources:
        ctx.unknown(UNKNOWN_SOURCE, c, c.id, c.source, f"unknown source '{c.source}'",
                    "fix the id", "source")
    for ev in c.evidence:
        if ev not in store.sources:
            ctx.unknown(UNKNOWN_SOURCE, c, c.id, ev, f"unknown evidence source '{ev}'",
                        "fix the id", "evidence")
    if c.unit is not None and c.unit not in UNITS:
        ctx.err(UNKNOWN_UNIT, c, c.id, f"unknown unit '{c.unit}'", unit_hint(c.unit), "unit")
    for key in ("about", "matches"):
        ref = getattr(c, key)
        if ref is None:
            continue
        target = store.facts.get(ref)
        if target is None:
            ctx.unknown(UNKNOWN_FACT, c, c.id, ref, f"{key} refers to unknown fact '{ref}'",
                        "fix the id", key)
            return False
        ctx.used[ref].add(c.id)
        if c.unit is not None and target.unit != c.unit:
            ctx.err(UNIT_MISMATCH, c, c.id, f"states a figure in {c.unit} but {key} fact "
                    f"'{ref}' is in {target.unit}", "state the claim's figure in the fact's unit",
                    "unit")
            return False
    unit = c.unit or (store.facts[c.about].unit if c.about in store.facts else None)
    if c.states is not None and unit is not None and \
            is_date_unit(unit) != isinstance(c.states, str):
        ctx.err(STATES_KIND, c, c.id, f"states {c.states!r}, which is not a "
                + ("date" if is_date_unit(unit) else f"number in {unit}"),
                "state the claim's figure in its unit", "states")
        return False
    return True


def _claim_grounds(ctx: Context, c: Claim) -> None:
    """A verdict rests on a fact or on evidence; the paraphrase types no figure; a computed
    verdict must agree with the recorded one."""
    if c.states is not None and c.about is None and c.verdict in FACTUAL:
        ctx.err(NO_ABOUT, c, c.id, "states a figure but names no fact in 'about'",
                "point 'about' at the fact the claim is about", "about")
    if c.states is None and c.verdict in FACTUAL and c.about is None and not c.evidence:
        ctx.err(RESTS_ON_NOTHING, c, c.id, f"verdict {c.verdict} rests on nothing",
                "name the fact in 'about' or the sources in 'evidence'", "verdict")
    if c.matches and c.verdict != "mislabelled":
        ctx.warn(MATCHES_UNUSED, c, c.id, "names 'matches' but the verdict is not mislabelled",
                 "drop 'matches' or check the verdict", "matches")
    if "{states}" in c.says and c.states is None:
        ctx.err(NO_STATES, c, c.id, "says {states} but the claim states no figure",
                "add states", "says")
    check_text(ctx, c, c.id, "says", c.says, ("states",))
    check_text(ctx, c, c.id, "reason", c.reason)
    if c.states is None or c.about is None or c.about not in ctx.store.facts:
        return
    units, bounds, recorded = ctx.units, ctx.bounds, c.verdict

    def run(values: dict[str, object]) -> list[Problem]:
        computed = compute_verdict(c, values, units, bounds)
        if computed is None or computed == recorded:
            return []
        return [problem(VERDICT, c, c.id, f"recorded verdict {recorded} disagrees with the "
                        f"computed verdict {computed}", "the figure decides: fix the verdict, "
                        "the stated figure or 'about'", "verdict")]

    ids = tuple(x for x in (c.about, c.matches) if x)
    ctx.checkers.append(Checker("claim", ids, run))
