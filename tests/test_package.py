"""The engine is a package: it builds into a wheel holding every module and a `factbook`
command, and imports from outside the project folder with no path edits."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from .conftest import ROOT


def test_the_wheel_holds_the_engine_and_the_command(tmp_path):
    # Built from a copy of what git would ship: setuptools reuses a build/ folder it finds,
    # so a stale one in the work tree could hold modules that no longer exist.
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "pyproject.toml", src)
    shutil.copytree(ROOT / "factbook", src / "factbook",
                    ignore=shutil.ignore_patterns("__pycache__"))
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                          "--disable-pip-version-check", "-w", str(tmp_path), str(src)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    (wheel,) = tmp_path.glob("factbook-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    engine = ROOT / "factbook"
    modules = sorted(f"factbook/{p.relative_to(engine).as_posix()}" for p in engine.rglob("*.py"))
    assert sorted(n for n in names if n.startswith("factbook/") and n.endswith(".py")) == modules
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "factbook = factbook.__main__:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_the_command_runs_from_anywhere(tmp_path):
    run = subprocess.run([sys.executable, "-m", "factbook", "--root", str(ROOT), "check"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    assert run.stdout.splitlines()[-1].startswith("factbook: ")


def test_no_module_edits_sys_path():
    files = [*ROOT.glob("*.py"), *(ROOT / "factbook").rglob("*.py"), *(ROOT / "tests").glob("*.py")]
    offenders = [p.name for p in files if "sys.path.insert" in p.read_text()
                 and p.name != "test_package.py"]
    assert offenders == []
