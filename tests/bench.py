"""Benchmark of the fact layer against plain MkDocs (`make bench`; not part of `make test`).

In a temporary folder it generates a store of N facts (10,000 by default; three sources each,
rules over triples, a claim every tenth fact, a derivation chain and a supersedes chain, notes
that name entities) and two sites of PAGES pages (1,000, and a tenth of that) with 20 figures
each, in sections of 50 pages. Each site is built (a) with the fact layer (the project's
macros.py and hooks.py, one page per fact included) and (b) as the same pages with the
figures typed in, no macros plugin and no hooks, same theme and other plugins; builds
alternate, three runs each, and the median counts. Each site is built into the same folder
each time, as an editor's `make site` is: the first build of the fact layer makes everything
(fact_layer_cold_s), later ones reuse what the same inputs made before (factbook.kept,
factbook.templates and the caches keyed by file contents). peak_mb is the highest peak of
any run, the first included; peak_kept_mb that of the later runs.
Then `factbook check` is timed on N and on 5×N facts (median of three runs after one cold run),
with a bare libyaml parse of the same files for scale, and the peak memory of each build.

It asserts nothing about speed, since machines are shared and noisy; the last line holds the
figures and says which targets were met: ratio ≤ 1.20 at 1,000 pages and ≤ 1.50 at 100,
check_s ≤ 1.0, check_50k_s ≤ 5.0, peak memory at most 150 MB above the plain build.

Settings by environment: N, PAGES, RUNS, and BENCH_QUICK=1 (100 pages, 1 run, no 50k store).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N = int(os.environ.get("N", "10000"))
QUICK = os.environ.get("BENCH_QUICK") == "1"
PAGES = int(os.environ.get("PAGES", "100" if QUICK else "1000"))
RUNS = int(os.environ.get("RUNS", "1" if QUICK else "3"))
FIGURES = 20
SOURCES = 20
PUBLISHERS = ["Example Daily", "Example Wire", "Example Motors", "Example Data"]


def depth(n: int) -> int:
    return max(n // 1000, 10) * 100  # 1,000 deep at 10,000 facts


def value(i: int) -> int:
    return 1000 + i


def generate(folder: Path, n: int = N) -> None:
    """Write a store of n facts into folder/facts (bench.yaml and sources.yaml)."""
    facts = folder / "facts"
    facts.mkdir(parents=True)
    src = ["sources:"]
    for s in range(1, SOURCES + 1):
        src.append(f"  - {{id: S{s:02d}, title: Report {s}, publisher: "
                   f"{PUBLISHERS[s % len(PUBLISHERS)]}, url: 'https://example.org/{s}', "
                   "kind: news, published: 2025-10-01}")
    src.append("  - {id: S99, title: Audited, publisher: Q, kind: audited}")
    (facts / "sources.yaml").write_text("\n".join(src) + "\n")
    lines = [
        "entities:", "  - {id: e, name: Example, kind: company}",
        *(f"  - {{id: m{k}, name: Model X{k}, kind: model}}" for k in range(50)),
        "facts:",
    ]
    deep = depth(n)
    for i in range(n):
        refs = [f"S{(i + k * 7) % SOURCES + 1:02d}" for k in range(3)]
        lines += [
            f"  - id: bench.f{i}", "    subject: e", "    label: A generated figure",
            f"    value: {value(i)}", "    unit: vehicles", "    period: 2025-Q3",
            "    status: confirmed", "    checked: 2025-11-01", "    sources:",
            *(f"      - {{source: {r}, states: {value(i)}}}" for r in refs),
            f"    note: Seen for Model X{i % 50}, in line with {{bench.f{(i + 1) % n}}}.",
        ]
        if 0 < i < deep:
            lines.append(f"    supersedes: bench.f{i - 1}")
    for i in range(deep):
        prev = f"{{bench.d{i - 1}}}" if i else "{bench.f0}"
        lines += [f"  - id: bench.d{i}", "    subject: e", "    label: A derived figure",
                  "    value: 1000", "    unit: vehicles", "    period: 2025-Q3",
                  "    status: derived", "    checked: 2025-11-01",
                  f"    derive: {{formula: '{prev} * 1'}}"]
    lines.append("claims:")
    for i in range(0, n, 10):
        lines.append(f"  - {{id: A{i:06d}, source: S99, says: 'It said {{states}}.', "
                     f"states: {value(i)}, about: bench.f{i}, verdict: consistent, "
                     f"reason: It matches.}}")
    lines.append("rules:")
    for i in range(0, n - 2, 3):
        lines.append(f"  - {{id: r{i}, kind: at_most, left: '{{bench.f{i}}}', "
                     f"right: '{{bench.f{i + 1}}} + {{bench.f{i + 2}}}'}}")
    (facts / "bench.yaml").write_text("\n".join(lines) + "\n")


def pages(docs: Path, count: int, n: int, typed: bool) -> None:
    """count pages of FIGURES figures each, as macro calls or typed in."""
    for asset in ("stylesheets", "javascripts"):
        shutil.copytree(ROOT / "docs" / asset, docs / asset)
    (docs / "index.md").write_text("# Bench\n\nA generated site.\n")
    for p in range(count):
        out = [f"# Page {p}", ""]
        for k in range(FIGURES):
            i = (p * FIGURES + k) * 7 % n
            figure = f"{value(i):,} vehicles" if typed else f'{{{{ fact("bench.f{i}") }}}}'
            out.append(f"Deliveries in one quarter came to {figure}, by one count.\n")
        (docs / f"p{p:04d}.md").write_text("\n".join(out))


SECTION = 50  # pages per section of the navigation


def nav(count: int) -> str:
    """A navigation in sections of SECTION pages, as a site of that size has (a flat list of
    1,000 pages would put 1,000 links on every page, fact pages included)."""
    lines = ["nav:", "  - Home: index.md"]
    for p in range(count):
        if p % SECTION == 0:
            lines.append(f"  - Part {p // SECTION + 1}:")
        lines.append(f"      - Page {p}: p{p:04d}.md")
    return "\n".join(lines) + "\n"


def config(folder: Path, fact_layer: bool, count: int) -> None:
    """mkdocs.yml: the project's own, with the bench's nav; without macros and hooks for
    plain."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0] + "\n" + \
        nav(count)
    # The bench's pages are in one language: no second edition for either build.
    text = re.sub(r"\n(?:  #[^\n]*\n)*  - i18n:\n(?:    [^\n]*\n)+", "\n", text)
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    if fact_layer:
        text = text.replace("  - hooks.py", f"  - {ROOT / 'hooks.py'}")
        shutil.copy(ROOT / "macros.py", folder / "macros.py")
    else:
        text = text.replace("hooks:\n  - hooks.py\n", "")
        head, tail = text.split("  - macros:", 1)
        text = head + tail.split("\n", 4)[-1]  # drop the macros plugin and its three options
    (folder / "mkdocs.yml").write_text(text)


def site(tmp: Path, name: str, count: int, n: int, fact_layer: bool) -> Path:
    folder = tmp / name
    folder.mkdir()
    pages(folder / "docs", count, n, typed=not fact_layer)
    config(folder, fact_layer, count)
    if fact_layer:
        shutil.copytree(tmp / "store" / "facts", folder / "facts")
    return folder


# Each build is started by a small process of its own, which reports the build's peak: a
# process forked from this one would count this one's memory as its own (Linux keeps the
# high-water mark across exec), and this one holds a parsed store of 10,000 facts.
_SPAWN = """import json, os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    json.dump([os.waitstatus_to_exitcode(status), usage.ru_maxrss], f)
"""


def build(folder: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one strict build."""
    # Both builds keep their compiled modules, as an installed MkDocs and factbook do.
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
           "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764547200"}
    report = folder / "peak.json"
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _SPAWN, str(report), "-m", "mkdocs", "build",
                           "--strict", "--quiet", "--site-dir", str(folder / "site")],
                          cwd=folder, env=env, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - t0
    status, peak_kb = json.loads(report.read_text()) if report.exists() else (1, 0)
    if proc.returncode or status:
        sys.exit(f"bench: the build in {folder.name} failed:\n{proc.stderr[-2000:]}")
    return seconds, peak_kb / 1024


def compare(tmp: Path, count: int, n: int) -> dict[str, float]:
    layer, plain = site(tmp, f"layer{count}", count, n, True), \
        site(tmp, f"plain{count}", count, n, False)
    times: dict[str, list[tuple[float, float]]] = {"layer": [], "plain": []}
    for run in range(RUNS):
        for kind, folder in (("layer", layer), ("plain", plain))[:: 1 if run % 2 == 0 else -1]:
            times[kind].append(build(folder))
            print(f"  {count} pages, {kind}, run {run + 1}: {times[kind][-1][0]:.1f} s, "
                  f"{times[kind][-1][1]:.0f} MB", flush=True)
    return {
        "layer_cold_s": times["layer"][0][0],  # the first build: nothing kept from another
        "layer_s": statistics.median(t for t, _ in times["layer"]),
        "plain_s": statistics.median(t for t, _ in times["plain"]),
        "layer_mb": max(m for _, m in times["layer"]),
        "layer_kept_mb": max((m for _, m in times["layer"][1:]), default=float("nan")),
        "plain_mb": max(m for _, m in times["plain"]),
    }


def check_times(root: Path) -> tuple[float, float]:
    """(cold, median of three warm) wall seconds of `factbook check` on root."""
    def once() -> float:
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "factbook", "--root", str(root), "check"],
                              capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        if proc.returncode:
            sys.exit(f"bench: factbook check failed:\n{(proc.stdout + proc.stderr)[-2000:]}")
        return seconds
    cold = once()
    return cold, statistics.median(once() for _ in range(3))


def yaml_parse(root: Path) -> float:
    """Seconds for libyaml alone to parse the store's files (the floor for any loader)."""
    import yaml

    t0 = time.perf_counter()
    for path in sorted((root / "facts").glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - t0


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="factbook-bench-") as name:
        tmp = Path(name)
        generate(tmp / "store", N)
        print(f"store: {N} facts (+{depth(N)} derived), {PAGES} pages of {FIGURES} figures",
              flush=True)
        check_cold, check_s = check_times(tmp / "store")
        print(f"  check: cold {check_cold:.2f} s, warm {check_s:.2f} s", flush=True)
        yaml_s = yaml_parse(tmp / "store")
        big = 0.0
        if not QUICK:
            generate(tmp / "store50k", 5 * N)
            _, big = check_times(tmp / "store50k")
            print(f"  check on {5 * N} facts: {big:.2f} s", flush=True)
        small = compare(tmp, max(PAGES // 10, 1), N) if not QUICK else None
        large = compare(tmp, PAGES, N)
    ratio = large["layer_s"] / large["plain_s"]
    ratio_small = small["layer_s"] / small["plain_s"] if small else float("nan")
    extra_mb = large["layer_mb"] - large["plain_mb"]
    met = {
        "ratio<=1.20": ratio <= 1.20, "ratio_100<=1.50": ratio_small <= 1.50,
        "check_s<=1.0": check_s <= 1.0, "check_50k_s<=5": 0 < big <= 5.0,
        "peak<=plain+150MB": extra_mb <= 150,
    }
    missed = [k for k, ok in met.items() if not ok]
    print(f"pages={PAGES} facts={N} fact_layer_s={large['layer_s']:.2f} "
          f"plain_s={large['plain_s']:.2f} ratio={ratio:.2f} ratio_100={ratio_small:.2f} "
          f"fact_layer_cold_s={large['layer_cold_s']:.2f} "
          f"check_s={check_s:.2f} check_cold_s={check_cold:.2f} check_50k_s={big:.2f} "
          f"yaml_s={yaml_s:.2f} peak_mb={large['layer_mb']:.0f} "
          f"plain_peak_mb={large['plain_mb']:.0f} peak_kept_mb={large['layer_kept_mb']:.0f} "
          + ("targets=met" if not missed else "targets_missed=" + ",".join(missed)))


if __name__ == "__main__":
    main()
