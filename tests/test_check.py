"""Unit tests of agreement, tolerances, verdicts and coverage."""

import pytest

from factbook import open_project
from factbook.check import agrees, compute_verdict, coverage, default_tolerance
from factbook.model import Claim

from .conftest import TODAY


@pytest.mark.parametrize("value,stated,sbound,ok", [
    (46249, 40000, "more_than", True),      # "more than 40,000" agrees with 46,249
    (19488, 26100, "exact", False),         # a stated 26,100 disagrees with 19,488
    (113_120_000_000, 113_100_000_000, "approx", True),
    (1_131_200_000_000, 113_100_000_000, "approx", False),
    (462490, 40000, "more_than", False),    # ten times more is not "more than 40,000"
    (4624.9, 40000, "more_than", False),
    (10_620_000, 11_000_000, "at_most", True),
    (12_000_000, 11_000_000, "at_most", False),
])
def test_a_value_against_what_a_source_states(value, stated, sbound, ok):
    stol = default_tolerance(stated) if sbound == "approx" else 0
    assert agrees(value, "exact", 0, stated, sbound, stol) is ok


def test_thresholds_on_the_same_side_must_name_the_same_figure():
    assert agrees(400000, "more_than", 0, 400000, "more_than", 0)
    assert not agrees(4_000_000, "more_than", 0, 400000, "more_than", 0)


@pytest.mark.parametrize("v,tol", [(113_100_000_000, 50_000_000), (0.223, 0.0005), (500000, 50000),
                                   (36, 0.5)])
def test_default_tolerance_is_half_the_last_stated_digit(v, tol):
    assert default_tolerance(v) == pytest.approx(tol)


def claim(**kw):
    base = dict(id="A99", source="S01", says="x", verdict="consistent", reason="r")
    return Claim(**(base | kw))


def test_verdicts_are_computed_from_values():
    values = {"rev": 113_120_000_000, "profit": 12_270_000_000}
    units = {"rev": "CNY", "profit": "CNY"}
    said = dict(states=113_100_000_000, bound="approx", unit="CNY")
    assert compute_verdict(claim(about="rev", **said), values, units) == "consistent"
    assert compute_verdict(claim(about="profit", matches="rev", **said), values,
                           units) == "mislabelled"
    assert compute_verdict(claim(about="profit", **said), values, units) == "misstated"
    assert compute_verdict(claim(verdict="opinion"), values, units) is None


def test_date_claims_compare_by_month():
    values, units = {"start": "2024-04-03", "trial": "2023-12"}, {"start": "date", "trial": "date"}
    c = claim(states="2024-04", unit="date", about="trial", matches="start")
    assert compute_verdict(c, values, units) == "mislabelled"


def test_coverage_counts_what_a_tenfold_error_would_trip(make_store):
    root = make_store({"x.yaml": """
facts:
  - id: x.unguarded
    subject: xiaomi-ev
    label: Something stated only as a floor
    value: 46249
    unit: vehicles
    period: 2025-11
    status: single_source
    sources: [{source: S05, states: 40000, bound: more_than}]
    note: "{x.guarded}"
  - id: x.guarded
    subject: xiaomi-ev
    label: Something a rule checks
    value: 157171
    unit: vehicles
    period: 2025-H1
    status: derived
    derive: {formula: "{base.q1} + {base.q2}"}
"""})
    project = open_project(root, TODAY)
    assert not project.errors
    cov = coverage(project.store)
    assert cov.numeric == 4
    # x.unguarded x10 is 462,490: more than double the floor, so it is caught too.
    assert cov.covered == 4
    assert cov.by_kind["derivation"] == 3
    assert cov.by_kind["source"] == 3


def test_forecasts_and_plans_may_look_ahead_observations_may_not(make_store):
    record = """
  - id: x.{name_id}
    subject: xiaomi-ev
    label: Something in the future
    value: 1
    unit: vehicles
    period: 2030
    status: {status}
    sources: [{{source: S05, states: 1}}]
"""
    body = "sources:\n  - {id: S09, title: T, publisher: P, published: 2025, kind: news}\n"
    body += "facts:" + "".join(record.format(name_id=s.replace("_", "-"), status=s)
                               for s in ("estimate", "plan", "single_source"))
    root = make_store({"x.yaml": body})
    errors = open_project(root, TODAY).errors
    assert [(p.subject, p.message) for p in errors] == [
        ("x.single-source", "period 2030 has not begun")]


def test_verdicts_respect_the_facts_own_bound():
    values = {"t": 400000, "rev": 113_100_000_000}
    units = {"t": "vehicles", "rev": "CNY"}
    bounds = {"t": "more_than", "rev": "approx"}
    same_threshold = claim(states=400000, bound="more_than", unit="vehicles", about="t")
    names_threshold = claim(states=400000, unit="vehicles", about="t")
    finer = claim(states=113_120_000_000, unit="CNY", about="rev")
    for c in (same_threshold, names_threshold, finer):
        assert compute_verdict(c, values, units, bounds) == "consistent", c
    assert compute_verdict(claim(states=4_000_000, unit="vehicles", about="t"), values, units,
                           bounds) == "misstated"


def test_chains_thousands_deep_are_walked_without_recursion(make_store):
    # Derivations and revisions are walked iteratively: depth is no risk of a crash.
    depth = 3000
    rows = ["facts:"]
    for i in range(depth):
        formula = f"{{case.d{i - 1}}}" if i else "{base.q1}"
        rows += [f"  - {{id: case.d{i}, subject: xiaomi-ev, label: Chain, value: 75869, "
                 f"unit: vehicles, period: 2025-Q1, status: derived, "
                 f"derive: {{formula: '{formula}'}}"
                 + (f", supersedes: case.d{i - 1}" if i else "") + "}"]
    rows.append("  - {id: case.loop, subject: xiaomi-ev, label: Loop, value: 1, unit: vehicles,"
                " period: 2025-Q1, status: derived, derive: {formula: '{case.loop}'}}")
    root = make_store({"chain.yaml": "\n".join(rows) + "\n"})
    errors = [str(p) for p in open_project(root, TODAY).errors]
    assert errors == ["facts/chain.yaml:3002: case.loop: derivation cycle: case.loop -> case.loop "
                      "(a fact cannot be derived from itself; give one of them a source)"]


def test_series_gaps_list_the_periods_with_no_figure_up_to_the_checked_date(make_store):
    from factbook.check import checked_up_to, series_gaps

    root = make_store({"series.yaml": """
facts:
  - {id: case.q4, subject: xiaomi-ev, label: EV deliveries, value: 1, unit: vehicles,
     period: 2025-Q4, status: single_source, sources: [{source: S05, states: 1}],
     checked: 2026-11-26}
series:
  - {id: case.quarterly, label: EV deliveries by quarter, cadence: quarter,
     facts: [base.q1, case.q4]}
"""})
    project = open_project(root, TODAY)
    assert checked_up_to(project.store, TODAY) == "2026-11-26"
    (gap,) = series_gaps(project.store, TODAY)
    # Between the first figure and the checked date: Q2 and Q3 2025 are missing, and the 2026
    # quarters that had ended by then; Q4 2026 had not.
    assert [p.text for p in gap.periods] == ["2025-Q2", "2025-Q3", "2026-Q1", "2026-Q2",
                                             "2026-Q3"]
    warnings = [str(p) for p in project.warnings]
    assert any("case.quarterly: warning: no figure for 2025-Q2, 2025-Q3, 2026-Q1, 2026-Q2, "
               "2026-Q3" in w for w in warnings), warnings


def test_a_checked_date_before_its_source_was_published_is_refused(make_store):
    root = make_store({"early.yaml": """
facts:
  - {id: case.early, subject: xiaomi-ev, label: EV deliveries, value: 1, unit: vehicles,
     period: 2025-Q3, status: single_source, sources: [{source: S05, states: 1}],
     checked: 2025-11-01}
"""})
    errors = [str(p) for p in open_project(root, TODAY).errors]
    assert errors == ["facts/early.yaml:5: case.early: checked 2025-11-01, before S05 was "
                      "published (2025-11-21) (set checked to the day you compared the value "
                      "with its sources)"]


def test_the_report_holds_what_the_check_derived(make_store):
    # render, the CLI and the bridge read these instead of computing them again.
    root = make_store({"x.yaml": """
facts:
  - {id: x.h1, subject: xiaomi-ev, label: EV deliveries, value: 157171, unit: vehicles,
     period: 2025-H1, status: derived, checked: 2026-11-26,
     derive: {formula: "{base.q1} + {base.q2}"}}
  - {id: x.q1-revised, subject: xiaomi-ev, label: EV deliveries, value: 75869, unit: vehicles,
     period: 2025-Q1, status: single_source, checked: 2026-11-26, supersedes: base.q1,
     sources: [{source: S05, states: 75869}, {source: S05, states: 75869, locator: p. 2}]}
claims:
  - {id: A30, source: S01, says: "It said {states}.", states: 75000, unit: vehicles,
     about: base.q1, verdict: misstated, reason: The quarter was larger.}
  - {id: A31, source: S01, says: Deliveries will grow., verdict: opinion, reason: A view.}
"""})
    project = open_project(root, TODAY)
    report = project.context
    assert report.problems == project.problems and not report.errors
    assert report.checks["base.q1"] == ("source", "derivation", "claim")
    assert report.checks["x.h1"] == ("derivation",)
    assert report.verdicts == {"A30": "misstated", "A31": None}
    assert report.cited_by["S05"] == ("base.q1", "base.q2", "x.q1-revised")
    assert report.superseded_by == {"base.q1": ("x.q1-revised",)}
    assert report.used["base.q1"] == {"x.h1", "x.q1-revised", "A30"}
    assert [c.kind for c in report.by_fact["base.q2"]] == ["source", "derivation"]


def test_problems_carry_the_code_their_check_registered(make_store):
    from factbook.model import CODES

    root = make_store({"x.yaml": """
facts:
  - {id: x.a, subject: nobody, label: EV deliveries, value: 1, unit: vehicles, period: 2025,
     status: single_source, checked: 2026-11-26, sources: [{source: S05, states: 2}]}
"""})
    problems = open_project(root, TODAY).problems
    assert [(p.code, p.severity) for p in problems] == [
        ("fact.unknown-subject", "error"), ("fact.disagrees-with-source", "error")]
    assert all(CODES[p.code].severity == p.severity for p in problems)
