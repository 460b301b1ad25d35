"""Each bad input in fixtures/bad/<case>/case.yaml marks its offending line with
`# expect: <words>`; the check must report exactly those lines, each with those words, as
`path:line: id: message (hint)`, and nothing else as an error."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from factbook import open_project

from .conftest import FIXTURES, ROOT, TODAY

CASES = sorted(p.name for p in (FIXTURES / "bad").iterdir() if p.is_dir())
LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): (?P<id>\S+): (?P<msg>.+) \((?P<hint>.+)\)$")


def expectations(case_file):
    out = []
    # latin-1 reads every byte, so the not-UTF-8 fixture can carry its marker too
    for n, line in enumerate(case_file.read_bytes().decode("latin-1").splitlines(), 1):
        if "# expect:" in line:
            out.append((n, line.split("# expect:", 1)[1].strip()))
    return out


def setup_case(tmp_path, case):
    facts = tmp_path / "facts"
    facts.mkdir()
    shutil.copy(FIXTURES / "base.yaml", facts / "base.yaml")
    shutil.copy(FIXTURES / "bad" / case / "case.yaml", facts / "case.yaml")
    return tmp_path


@pytest.mark.parametrize("case", CASES)
def test_bad_input_reports_its_line_and_message(tmp_path, case):
    root = setup_case(tmp_path, case)
    expected = expectations(root / "facts" / "case.yaml")
    errors = open_project(root, TODAY).errors
    rendered = [str(p) for p in errors]
    for line, words in expected:
        hits = [p for p in errors if p.path == "facts/case.yaml" and p.line == line
                and words in p.message]
        assert hits, f"{case}: nothing at facts/case.yaml:{line} saying {words!r}: {rendered}"
    assert len(errors) == len(expected), f"{case}: unexpected errors: {rendered}"
    for text in rendered:
        assert LINE.match(text), f"not one editor-ready line: {text!r}"


def test_every_case_expects_something_or_says_why():
    for case in CASES:
        text = (FIXTURES / "bad" / case / "case.yaml").read_bytes().decode("latin-1")
        assert "# expect:" in text or "Nothing is expected" in text, case


def test_cli_lists_every_error_in_one_run_without_traceback(tmp_path):
    facts = tmp_path / "facts"
    facts.mkdir()
    shutil.copy(FIXTURES / "base.yaml", facts / "base.yaml")
    wanted = ["unknown-subject", "statement-disagrees", "javascript-url", "formula-import"]
    for case in wanted:
        shutil.copy(FIXTURES / "bad" / case / "case.yaml", facts / f"{case}.yaml")
    run = subprocess.run(
        [sys.executable, "-m", "factbook", "--root", str(tmp_path), "check",
         "--today", TODAY.isoformat()],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    errors = [ln for ln in run.stdout.splitlines() if LINE.match(ln)]
    assert {ln.split(":")[0] for ln in errors} == {f"facts/{c}.yaml" for c in wanted}
    assert run.stdout.splitlines()[-1].startswith("factbook: ")
    assert f"{len(wanted)} errors" in run.stdout.splitlines()[-1]


def test_the_root_cause_comes_first_and_its_cascade_is_one_line(tmp_path):
    root = setup_case(tmp_path, "cascade-summed")
    errors = [str(p) for p in open_project(root, TODAY).errors]
    assert errors[0].startswith("facts/case.yaml:7: S10: kind: 'newspaper' is not allowed")
    assert errors[1].startswith("facts/case.yaml:4: S10: 2 references to it fail")
    assert not any("unknown source" in e for e in errors)
