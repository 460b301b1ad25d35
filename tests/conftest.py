"""Shared helpers: small stores written into tmp_path, and the real project's root."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date(2026, 11, 26)  # checks run as of a fixed day, so fixtures do not age


@pytest.fixture
def make_store(tmp_path):
    """Write YAML texts into tmp_path/facts (with the base store) and return the root."""

    def make(files: dict[str, str], base: bool = True) -> Path:
        facts = tmp_path / "facts"
        facts.mkdir(exist_ok=True)
        if base:
            shutil.copy(FIXTURES / "base.yaml", facts / "base.yaml")
        for name, text in files.items():
            (facts / name).write_text(text, encoding="utf-8")
        return tmp_path

    return make


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="record the current fact ids as published (tests/golden/fact-ids.txt)")


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real site, built once per test session into a temporary folder."""
    from .sitekit import mkdocs_build

    site = tmp_path_factory.mktemp("site")
    run = mkdocs_build(ROOT, site)
    assert run.returncode == 0, run.stdout + run.stderr
    return site, run
