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
