"""Each bad input in fixtures/bad/<case>/ marks its offending lines with `# expect: <code>
<words>` (`<!-- expect: … -->` in a page): the check must report exactly those lines with those
codes, as `path:line: id: message (hint)` with those words in the message, and no other error.

A case folder holds case.yaml and any other store files (copied into facts/ beside the base
store) and optionally docs/ (copied as the pages). A problem of a whole file (line 0) is marked
anywhere in that file with `expect-file:`. Expected warnings must be reported; others may be.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factbook import open_project
from factbook.model import CODES

from .conftest import FIXTURES, ROOT, TODAY

CASES = sorted(p.name for p in (FIXTURES / "bad").iterdir() if p.is_dir())
LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): (?P<id>\S+): (?P<msg>.+) \((?P<hint>.+)\)$")
# A problem of a whole file (line 0) names the file alone.
FILE_LINE = re.compile(r"^(?P<path>[^:\s]+): (?P<id>\S+): (?P<msg>.+) \((?P<hint>.+)\)$")
MARK = re.compile(r"expect(?P<file>-file)?:\s*(?P<code>\S+)\s*(?P<words>.*?)\s*(-->)?\s*$")


def expectations(root: Path) -> list[tuple[str, int, str, str]]:
    """(path, line, code, words) of every marker under root's facts/ and docs/ (line 0 for a
    whole-file marker)."""
    out = []
    for path in sorted([*root.glob("facts/**/*.y*ml"), *root.glob("docs/**/*.md")]):
        rel = path.relative_to(root).as_posix()
        # latin-1 reads every byte, so a file that is not UTF-8 can carry its marker too; lines
        # end at "\n" only (a Chinese character's UTF-8 bytes may read as latin-1's NEL)
        for n, line in enumerate(path.read_bytes().decode("latin-1").split("\n"), 1):
            m = MARK.search(line)
            if m and ("# expect" in line or "<!-- expect" in line):
                out.append((rel, 0 if m["file"] else n, m["code"], m["words"]))
    return out


def setup_case(tmp_path: Path, case: str) -> Path:
    """The base store plus the case's store files in facts/, and its pages in docs/."""
    facts = tmp_path / "facts"
    facts.mkdir()
    shutil.copy(FIXTURES / "base.yaml", facts / "base.yaml")
    folder = FIXTURES / "bad" / case
    for path in folder.iterdir():
        if path.is_file() and path.suffix in (".yaml", ".yml"):
            shutil.copy(path, facts / path.name)
    if (folder / "docs").is_dir():
        shutil.copytree(folder / "docs", tmp_path / "docs")
    return tmp_path


@pytest.mark.parametrize("case", CASES)
def test_bad_input_reports_its_line_and_code(tmp_path, case):
    root = setup_case(tmp_path, case)
    expected = expectations(root)
    problems = open_project(root, TODAY).problems
    rendered = [p.with_code() for p in problems]
    for path, line, code, words in expected:
        assert code in CODES, f"{case}: {path}:{line} expects the unknown code {code!r}"
        hits = [p for p in problems if (p.path, p.line, p.code) == (path, line, code)
                and words in p.message]
        assert hits, f"{case}: nothing at {path}:{line} [{code}] saying {words!r}: {rendered}"
    errors = [p for p in problems if p.severity == "error"]
    wanted = [e for e in expected if CODES.get(e[2]) and CODES[e[2]].severity == "error"]
    assert len(errors) == len(wanted), f"{case}: unexpected errors: {rendered}"
    for p in problems:
        assert (LINE if p.line else FILE_LINE).match(str(p)), f"not one line: {str(p)!r}"


def test_every_case_expects_something_or_says_why():
    for case in CASES:
        texts = [p.read_bytes().decode("latin-1") for p in (FIXTURES / "bad" / case).rglob("*")
                 if p.is_file()]
        assert any("expect:" in t or "Nothing is expected" in t for t in texts), case


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


def test_codes_flag_appends_each_problems_code(tmp_path):
    root = setup_case(tmp_path, "rule-violated")
    run = subprocess.run(
        [sys.executable, "-m", "factbook", "--root", str(root), "check", "--codes",
         "--today", TODAY.isoformat()],
        capture_output=True, text=True, cwd=ROOT,
    )
    (line,) = [ln for ln in run.stdout.splitlines() if ln.startswith("facts/case.yaml:11:")]
    assert line.startswith("facts/case.yaml:11: h1-is-its-quarters: case.h1 is 157000 but its "
                           "parts add up to 157171")
    assert line.endswith(") [rule.sum-mismatch]")


def test_the_root_cause_comes_first_and_its_cascade_is_one_line(tmp_path):
    root = setup_case(tmp_path, "cascade-summed")
    errors = open_project(root, TODAY).errors
    assert str(errors[0]).startswith("facts/case.yaml:7: S10: kind: 'newspaper' is not allowed")
    assert str(errors[1]).startswith("facts/case.yaml:4: S10: 2 references to it fail")
    assert [p.code for p in errors] == ["schema.not-allowed", "cascade.broken-record"]


# Situations a fixture folder cannot hold (no folder, a folder named like a file, a file the
# checker may not read, nesting too deep to copy around): each builds a root and names the code
# it must produce.
def _no_folder(root: Path) -> None:
    pass


def _folder_named_yaml(root: Path) -> None:
    (root / "facts" / "topic.yaml").mkdir(parents=True)


def _bad_name(root: Path) -> None:
    (root / "facts").mkdir()
    (root / "facts" / "Deliveries.yaml").write_text("facts: []\n")


def _too_deep(root: Path) -> None:
    (root / "facts").mkdir()
    (root / "facts" / "deep.yaml").write_text("facts: " + "[" * 900 + "]" * 900 + "\n")


def _unreadable(root: Path, monkeypatch) -> None:
    # Tests may run as root, which reads any file: the refusal is simulated.
    (root / "facts").mkdir()
    (root / "facts" / "locked.yaml").write_text("facts: []\n")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.yaml":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


SITUATIONS = {
    "store.no-folder": _no_folder,
    "file.not-a-file": _folder_named_yaml,
    "file.bad-name": _bad_name,
    "yaml.too-deep": _too_deep,
    "file.unreadable": _unreadable,
}


@pytest.mark.parametrize("code", sorted(SITUATIONS))
def test_situations_no_fixture_can_hold(tmp_path, monkeypatch, code):
    make = SITUATIONS[code]
    make(tmp_path, monkeypatch) if code == "file.unreadable" else make(tmp_path)
    problems = open_project(tmp_path, TODAY, docs="none").problems
    assert [p.code for p in problems] == [code], [p.with_code() for p in problems]
    assert all(FILE_LINE.match(str(p)) or LINE.match(str(p)) for p in problems)


def test_every_code_is_documented_once():
    # Registering a code again is refused, so each stands for one kind of problem.
    from factbook.model import register

    with pytest.raises(ValueError):
        register("rule.sum-mismatch", "again")
    for code, entry in CODES.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*\.[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert entry.code == code and entry.severity in ("error", "warning")
        assert len(entry.meaning) > 15 and "\n" not in entry.meaning, code
    meanings = [c.meaning for c in CODES.values()]
    assert len(set(meanings)) == len(meanings), "two codes share a meaning"
    listed = subprocess.run([sys.executable, "-m", "factbook", "codes"], capture_output=True,
                            text=True, cwd=ROOT).stdout.splitlines()
    assert sorted(line.split()[0] for line in listed) == sorted(CODES)


def test_every_code_is_produced_by_a_fixture_or_a_situation(tmp_path):
    produced = set(SITUATIONS)
    for case in CASES:
        (tmp_path / case).mkdir()
        root = setup_case(tmp_path / case, case)
        produced |= {p.code for p in open_project(root, TODAY).problems}
    assert "" not in produced, "a problem of the store without a code"
    assert sorted(set(CODES) - produced) == [], "codes no fixture produces: add a case"
