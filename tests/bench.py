"""Benchmark: load and check a generated store (run with `make bench`; `N=50000 make bench`).

The store has N facts with a source each, rules over triples, a claim every tenth fact, a
derivation chain and a supersedes chain a thousandth of N deep, notes that name entities, and
fifty entity names. Prints timings; asserts nothing about speed, since machines are shared and
noisy.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from factbook.check import check, coverage
from factbook.load import load_store

N = int(os.environ.get("N", "10000"))
DEPTH = max(N // 1000, 10) * 100  # 1,000 deep at 10,000 facts


def generate(folder: Path) -> None:
    facts = folder / "facts"
    facts.mkdir()
    lines = [
        "entities:", "  - {id: e, name: Example, kind: company}",
        *(f"  - {{id: m{k}, name: Model X{k}, kind: model}}" for k in range(50)),
        "sources:", "  - {id: S01, title: T, publisher: P, url: 'https://example.org', kind: news}",
        "  - {id: S02, title: Audited, publisher: Q, kind: audited}",
        "facts:",
    ]
    for i in range(N):
        lines += [
            f"  - id: bench.f{i}", "    subject: e", "    label: A generated figure",
            f"    value: {1000 + i}", "    unit: vehicles", "    period: 2025-Q3",
            "    status: single_source", "    sources:",
            f"      - {{source: S01, states: {1000 + i}}}",
            f"    note: Seen for Model X{i % 50}, in line with {{bench.f{(i + 1) % N}}}.",
        ]
        if 0 < i < DEPTH:
            lines.append(f"    supersedes: bench.f{i - 1}")
    for i in range(DEPTH):
        prev = f"{{bench.d{i - 1}}}" if i else "{bench.f0}"
        lines += [f"  - id: bench.d{i}", "    subject: e", "    label: A derived figure",
                  "    value: 1000", "    unit: vehicles", "    period: 2025-Q3",
                  "    status: derived", f"    derive: {{formula: '{prev} * 1'}}"]
    lines.append("claims:")
    for i in range(0, N, 10):
        lines.append(f"  - {{id: A{i:06d}, source: S02, says: 'It said {{states}}.', "
                     f"states: {1000 + i}, about: bench.f{i}, verdict: consistent, "
                     f"reason: It matches.}}")
    lines.append("rules:")
    for i in range(0, N - 2, 3):
        lines.append(f"  - {{id: r{i}, kind: at_most, left: '{{bench.f{i}}}', "
                     f"right: '{{bench.f{i + 1}}} + {{bench.f{i + 2}}}'}}")
    (facts / "bench.yaml").write_text("\n".join(lines) + "\n")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root)
        t0 = time.perf_counter()
        store = load_store(root / "facts", base=root)
        t1 = time.perf_counter()
        problems = check(store)
        t2 = time.perf_counter()
        cov = coverage(store)
        t3 = time.perf_counter()
    errors = [p for p in problems if p.severity == "error"]
    print(f"{len(store.facts)} facts, {len(store.rules)} rules, {len(store.claims)} claims, "
          f"{len(errors)} errors" + (f" (first: {errors[0]})" if errors else ""))
    print(f"load {t1 - t0:.2f} s, check {t2 - t1:.2f} s, coverage {t3 - t2:.2f} s "
          f"({cov.covered}/{cov.numeric} covered)")


if __name__ == "__main__":
    main()
