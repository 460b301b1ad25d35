"""The command line on odd input: one line that says what is wrong, exit status 1, never a
traceback, never a raw escape code on the terminal."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT


def cli(*args: str, root=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factbook", "--root", str(root), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_audit_of_a_missing_site_says_so(tmp_path):
    run = cli("audit", str(tmp_path / "nowhere"))
    assert run.returncode == 1
    assert run.stdout.strip().endswith("the site folder does not exist (build it first: make site)")
    assert "Traceback" not in run.stderr


def test_audit_of_an_empty_site_says_so(tmp_path):
    run = cli("audit", str(tmp_path))
    assert run.returncode == 1
    assert "the site folder holds no pages (build it first: make site)" in run.stdout


def test_audit_of_a_page_that_is_not_utf8_names_it(tmp_path):
    (tmp_path / "index.html").write_bytes(b"<html>\xff\xfe</html>")
    run = cli("audit", str(tmp_path))
    assert run.returncode == 1
    assert f"{tmp_path.name}/index.html: page: the built page is not UTF-8 text" in run.stdout
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("target", ["file", "inside-a-file"])
def test_export_to_a_place_it_cannot_write_says_so(tmp_path, target):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    where = blocker if target == "file" else blocker / "data"
    run = cli("export", str(where))
    assert run.returncode == 1
    assert run.stdout.startswith(f"{where}: cannot write the exports (")
    assert "Traceback" not in run.stderr


def test_no_escape_code_reaches_the_terminal():
    run = cli("show", "\x1b[2J\x1b]0;pwned\x07x")
    assert run.returncode == 1
    assert "\x1b" not in run.stdout + run.stderr and "\x07" not in run.stdout + run.stderr
    assert "\\x1b[2J" in run.stderr


def test_a_reader_that_stops_reading_gets_no_traceback(tmp_path):
    # facts/ with many problems, piped into a reader that takes one line.
    facts = tmp_path / "facts"
    facts.mkdir()
    rows = "\n".join(f"  - {{id: bad.f{i}, subject: nobody, label: X, value: 1, unit: vehicles, "
                     f"period: 2025, status: single_source, sources: [{{source: S99, states: 1}}]}}"
                     for i in range(3000))
    (facts / "many.yaml").write_text("facts:\n" + rows + "\n")
    run = subprocess.run(f"{sys.executable} -m factbook --root {tmp_path} check | head -1",
                         shell=True, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.stdout.count("\n") == 1
    assert "Traceback" not in run.stderr


def test_a_file_that_does_not_parse_is_one_line_and_its_cascade_another(tmp_path):
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "a.yaml").write_text("facts:\n  - id: a.b\n    label: [unclosed\n")
    (facts / "b.yaml").write_text(
        "entities: [{id: e, name: E, kind: brand}]\nsources: [{id: S01, title: T, publisher: P, "
        "kind: news}]\nfacts:\n" + "\n".join(
            f"  - {{id: c.f{i}, subject: e, label: X, value: 1, unit: vehicles, period: 2025, "
            f"status: derived, checked: 2026-11-26, derive: {{formula: '{{a.b}} + {{a.c{i}}}'}}}}"
            for i in range(5)))
    run = cli("check", root=tmp_path)
    lines = [ln for ln in run.stdout.splitlines() if not ln.startswith("factbook:")]
    assert lines[0].startswith("facts/a.yaml:3: yaml: YAML syntax error")
    assert lines[1].startswith("facts/b.yaml:4: references: 10 references to 6 ids fail, which "
                               "may be in facts/a.yaml, which did not parse")
    assert len(lines) == 2, lines
