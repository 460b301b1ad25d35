"""Find the store ids that Markdown pages refer to through macros.

Pages call macros such as {{ fact("xiaomi.ev.deliveries.2025-q3") }}. This reads the quoted
strings inside {{ … }} and {% … %} blocks, so the engine can check references and say where each
fact is used without importing the site generator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_BLOCK = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_STRING = re.compile(r"""(?P<q>["'])(?P<s>[^"'\n]*)(?P=q)""")
FACT_LIKE = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")
SOURCE_LIKE = re.compile(r"^[A-Z][0-9]{2,}[a-z]?$")


MARKUP = re.compile(r"\bdata-(fact|source|claim|version)\s*=")


@dataclass(frozen=True)
class PageRef:
    page: str
    line: int
    id: str
    kind: str = "ref"  # ref: an id in a macro call; markup: provenance markup typed by hand


def scan(docs: Path, base: Path | None = None) -> list[PageRef]:
    """Every fact-like or source/claim-like string used in a macro call, with page and line."""
    base = base or docs.parent
    refs: list[PageRef] = []
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
        for block in _BLOCK.finditer(text):
            body_start = block.start(1) if block.group(1) is not None else block.start(2)
            body = block.group(1) if block.group(1) is not None else block.group(2)
            for s in _STRING.finditer(body):
                value = s.group("s")
                if FACT_LIKE.match(value) or SOURCE_LIKE.match(value):
                    line = text.count("\n", 0, body_start + s.start()) + 1
                    refs.append(PageRef(rel, line, value))
        # Provenance markup is the macros' job: typed by hand it could vouch for any figure.
        outside = _BLOCK.sub(lambda m: " " * len(m.group(0)), text)
        for m in MARKUP.finditer(outside):
            line = text.count("\n", 0, m.start()) + 1
            refs.append(PageRef(rel, line, f"data-{m.group(1)}", "markup"))
    return refs
