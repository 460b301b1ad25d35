"""Checks of entities: a declared name reads as a name, and each name belongs to one entity."""

from __future__ import annotations

import re

from ..model import register
from ..numerals import NUMERIC
from ..text import FIGURE_CHAR
from .core import Context

NAME_FIGURE = register("entity.name-reads-as-figure", "an entity name or alias reads as a "
                       "figure (three numerals in a row, or no letters)")
NAME_SHARED = register("entity.name-shared", "two entities declare the same name", "warning")

# A declared name exempts its digits from the audit, so it must read as a name (SU7, Phase 2,
# Mi 1), never as a figure (2025, 108,796, Q3 2025).
_NUM = "[" + NUMERIC + "]"
_NAME_FIGURE = re.compile(rf"(?<![A-Za-z]){_NUM}[.,:]?{_NUM}[.,:]?{_NUM}")


def reads_as_figure(name: str) -> bool:
    """Three numerals in a row (of any script), or nothing but numerals and punctuation."""
    letters = [ch for ch in name if ch.isalpha() and not FIGURE_CHAR.match(ch)]
    return bool(_NAME_FIGURE.search(name)) or not letters


def check_entities(ctx: Context) -> None:
    """Every entity's names read as names and are its own."""
    names: dict[str, str] = {}
    for e in ctx.store.entities.values():
        for i, name in enumerate([e.name, *e.aliases]):
            if reads_as_figure(name):
                ctx.err(NAME_FIGURE, e, e.id, f"name '{name}' reads as a figure",
                        "a name holds letters and at most two digits in a row outside a word "
                        "(SU7, Phase 2, 4.0); figures come from facts",
                        "name" if i == 0 else "aliases")
            if name in names and names[name] != e.id:
                ctx.warn(NAME_SHARED, e, e.id, f"name '{name}' is also used by entity "
                         f"'{names[name]}'", "give each entity its own names")
            names[name] = e.id
