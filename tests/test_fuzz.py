"""Property tests: the loader and the checks meet a mutated real store, or arbitrary text, with
problems and never with a traceback. Examples are bounded so the suite stays fast; a hang would
stop the test (each example must come back for the next to run)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factbook import load_store
from factbook.check import check
from factbook.model import Problem

from .conftest import ROOT, TODAY

FILES = sorted(p.name for p in (ROOT / "facts").glob("*.yaml"))
TEXTS = {name: (ROOT / "facts" / name).read_text(encoding="utf-8") for name in FILES}
KEYS = ["id", "value", "unit", "period", "as_of", "sources", "states", "bound", "status",
        "derive", "formula", "tolerance", "supersedes", "about", "total", "parts", "url", "copy_of"]
JUNK = ["*a", "&a", "{", "[", "'", '"', "0x1F", "1:30", "1e-400", "~", "no", "\u202e", "\x07",
        "{{", "- ", "\t", "9" * 40, "{a.b}", ": ", "<<: *a", "!!python/object:os.system"]


@st.composite
def mutation(draw):
    name = draw(st.sampled_from(FILES))
    lines = TEXTS[name].splitlines()
    i = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["drop", "swap", "indent", "dedent", "digit", "key", "junk"]))
    line = lines[i]
    if kind == "drop":
        del lines[i]
    elif kind == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = "  " + line
    elif kind == "dedent":
        lines[i] = line[2:] if line.startswith("  ") else line
    elif kind == "digit":
        digits = [k for k, ch in enumerate(line) if ch.isdigit()]
        if digits:
            k = draw(st.sampled_from(digits))
            lines[i] = line[:k] + str(draw(st.integers(0, 9))) + line[k + 1:]
    elif kind == "key":
        if ":" in line:
            head, _, tail = line.partition(":")
            lead = head[: len(head) - len(head.lstrip(" -"))]
            lines[i] = f"{lead}{draw(st.sampled_from(KEYS))}:{tail}"
    else:
        k = draw(st.integers(0, len(line)))
        lines[i] = line[:k] + draw(st.sampled_from(JUNK)) + line[k:]
    return name, "\n".join(lines) + "\n"


def _run(files: dict[str, str]) -> list[Problem]:
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        (root / "facts").mkdir()
        for name, text in files.items():
            (root / "facts" / name).write_text(text, encoding="utf-8")
        store = load_store(root / "facts", root)
        return check(store, TODAY)
    finally:
        shutil.rmtree(root)


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(mutation())
def test_a_mutated_store_gives_problems_not_a_traceback(change):
    name, text = change
    problems = _run(TEXTS | {name: text})
    for p in problems:
        line = str(p)
        assert "\n" not in line and "Traceback" not in line
        assert p.path.startswith("facts/")


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(list("abc:-[]{}'\"&*!|>#\n 0129.e%") + JUNK + KEYS),
                max_size=80))
def test_arbitrary_text_as_a_store_file_gives_problems_not_a_traceback(pieces):
    problems = _run({"x.yaml": "facts:\n  - " + "".join(pieces)})
    assert all("\n" not in str(p) for p in problems)
