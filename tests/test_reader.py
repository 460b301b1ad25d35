"""The loader reads YAML as events, one value at a time: a broken file still reports the one
error the composer would have met first, and a file's node graph is never held."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from factbook.load import load_store, read_yaml


def _problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "case.yaml").write_text(text, encoding="utf-8")
    return [p.with_code() for p in load_store(tmp_path / "facts", tmp_path).problems]


@pytest.mark.parametrize("text, expected", [
    # a syntax error anywhere wins over a refused key before it
    ("a: 1\na: 2\nb: [\n", "facts/case.yaml:4: yaml: YAML syntax error: while parsing a flow "
     "node did not find expected node content"),
    ("a: 1\na: 2\n", "facts/case.yaml:2: a: duplicate key 'a' (first at line 1)"),
    # a duplicate anchor is met before a later syntax error in a file without aliases...
    ("a: &x 1\nb: &x 2\nc: [\n", "facts/case.yaml:2: yaml: YAML syntax error: found duplicate "
     "anchor; first occurrence second occurrence"),
    # ...and an alias anywhere is refused before it
    ("a: &x 1\nb: &x 2\nc: *x\n", "facts/case.yaml:3: yaml: YAML syntax error: aliases (*x) "
     "are not supported"),
    ("a: 1\na: 2\nb: &x 1\nc: &x 2\nd: x *q\n", "facts/case.yaml:4: yaml: YAML syntax error: "
     "found duplicate anchor"),
    ("facts: []\n---\nfacts: []\n", "facts/case.yaml:2: yaml: YAML syntax error: expected a "
     "single document in the stream but found another document"),
    # an alias the quick look for '*name' misses is refused all the same
    ('facts:\n  - &x {"id":*x}\n', "facts/case.yaml:2: yaml: YAML syntax error: aliases (*x) "
     "are not supported"),
    ('facts:\n  - {"id":*x}\n', "facts/case.yaml:2: yaml: YAML syntax error: found undefined "
     "alias"),
    # a key YAML makes a set of is not text (it was a traceback)
    ("facts:\n  - !!set x: 1\n", "facts/case.yaml:2: yaml: YAML syntax error: a key must be "
     "plain text"),
])
def test_a_broken_file_reports_the_first_error_of_the_stream(tmp_path, text, expected):
    problems = _problems(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(expected), problems[0]


def test_lines_of_every_path(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("facts:\n  - id: a.b\n    sources:\n      - {source: S01, states: 2}\n"
                    "    value:\n      3\n")
    data, lines = read_yaml(path)
    assert data == {"facts": [{"id": "a.b", "sources": [{"source": "S01", "states": 2}],
                               "value": 3}]}
    assert lines[("facts",)] == 1 and lines[("facts", 0)] == 2
    assert lines[("facts", 0, "sources", 0, "states")] == 4
    assert lines[("facts", 0, "value")] == 5  # a key's line, not its value's


def test_reading_holds_no_node_graph(tmp_path):
    records = 500  # enough for the ratio to settle (1.16 here; 1.15 at 2,000)
    text = ["facts:"]
    for i in range(records):
        text += [f"  - id: bench.f{i}", "    subject: e", "    label: A generated figure",
                 f"    value: {1000 + i}", "    unit: vehicles", "    period: 2025-Q3",
                 "    status: confirmed", "    sources:",
                 *(f"      - {{source: S0{k}, states: {1000 + i}}}" for k in range(1, 4))]
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(text) + "\n")
    tracemalloc.start()
    try:
        data, lines = read_yaml(path)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(data["facts"]) == records
    # composing the file first took several times what the data keeps
    assert peak < 1.5 * kept, (peak, kept)
