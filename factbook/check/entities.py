"""Checks of entities: a declared name reads as a name, and each name belongs to one entity."""

from __future__ import annotations

import re
import unicodedata

from ..model import register
from ..numerals import NUMERIC
from ..text import FIGURE_CHAR
from .core import Context

NAME_FIGURE = register("entity.name-reads-as-figure", "an entity name or alias reads as a "
                       "figure (three numerals in a row, or no letters)")
NAME_SHARED = register("entity.name-shared", "two entities declare the same name", "warning")
NAME_MIXED = register("entity.name-mixed-scripts", "a name (an entity's or an outlet's) mixes "
                      "Latin, Greek or Cyrillic letters, or writes a letter in a compatibility "
                      "form (fullwidth, mathematical): a look-alike of another name")

# A declared name exempts its digits from the audit, so it must read as a name (SU7, Phase 2,
# Mi 1), never as a figure (2025, 108,796, Q3 2025).
_NUM = "[" + NUMERIC + "]"
_NAME_FIGURE = re.compile(rf"(?<![A-Za-z]){_NUM}[.,:]?{_NUM}[.,:]?{_NUM}")


def reads_as_figure(name: str) -> bool:
    """Three numerals in a row (of any script), or nothing but numerals and punctuation."""
    letters = [ch for ch in name if ch.isalpha() and not FIGURE_CHAR.match(ch)]
    return bool(_NAME_FIGURE.search(name)) or not letters


_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")  # whose letters pass for one another (а, a; ο, o)


def mixed_scripts(name: str) -> tuple[str, str] | None:
    """Two of the scripts whose letters look alike (Latin, Greek, Cyrillic) in one name, as
    'Xiaomі' with a Cyrillic і passes for Xiaomi, or 'Model Υ' with a Greek Υ for the Model Y;
    None when the name keeps to one. Chinese beside Latin (小米SU7) is no look-alike."""
    scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in name if ch.isalpha()}
    found = sorted(scripts & set(_SCRIPTS), key=_SCRIPTS.index)
    return (found[0].capitalize(), found[1].capitalize()) if len(found) > 1 else None


def name_key(name: str) -> str:
    """A name as compared with another: compatibility forms and case do not count (ＳＵ７ is
    SU7)."""
    return unicodedata.normalize("NFKC", name).casefold()


def check_mixed(ctx: Context, rec, rid: str, name: str, *at) -> None:
    """An error when a name mixes look-alike scripts (mixed_scripts), or writes a letter in a
    compatibility form (fullwidth Ｘ, mathematical 𝐗), which passes for the plain letter."""
    forms = [ch for ch in name if ch.isalpha() and unicodedata.normalize("NFKC", ch) != ch]
    if forms:
        ctx.err(NAME_MIXED, rec, rid, f"name '{name}' writes {forms[0]!a} in a compatibility "
                f"form of '{unicodedata.normalize('NFKC', forms[0])}'",
                "type the plain letter: a letter in another form passes for it", *at)
        return
    mixed = mixed_scripts(name)
    if mixed is not None:
        ctx.err(NAME_MIXED, rec, rid, f"name '{name}' mixes {mixed[0]} and {mixed[1]} letters",
                "type the name in one script: a look-alike letter makes another name that "
                "passes for this one", *at)


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
            at = "name" if i == 0 else "aliases"
            check_mixed(ctx, e, e.id, name, at)
            key = name_key(name)
            if key in names and names[key] != e.id:
                ctx.warn(NAME_SHARED, e, e.id, f"name '{name}' is also used by entity "
                         f"'{names[key]}'", "give each entity its own names", at)
            names.setdefault(key, e.id)  # the first entity to declare it owns it
