"""Benchmark: load and check a generated store of 10,000 facts (run with `make bench`).

Prints timings; asserts nothing about speed, since machines are shared and noisy.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factbook.check import check, coverage  # noqa: E402
from factbook.load import load_store  # noqa: E402

N = 10_000


def generate(folder: Path) -> None:
    facts = folder / "facts"
    facts.mkdir()
    lines = [
        "entities:", "  - {id: e, name: Example, kind: company}",
        "sources:", "  - {id: S01, title: T, publisher: P, url: 'https://example.org', kind: news}",
        "facts:",
    ]
    for i in range(N):
        lines += [
            f"  - id: bench.f{i}", "    subject: e", "    label: A generated figure",
            f"    value: {1000 + i}", "    unit: vehicles", "    period: 2025-Q3",
            "    status: single_source", "    sources:",
            f"      - {{source: S01, states: {1000 + i}}}",
        ]
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
    print(f"{len(store.facts)} facts, {len(store.rules)} rules, {len(problems)} problems")
    print(f"load {t1 - t0:.2f} s, check {t2 - t1:.2f} s, coverage {t3 - t2:.2f} s "
          f"({cov.covered}/{cov.numeric} covered)")


if __name__ == "__main__":
    main()
