"""Find the store ids that Markdown pages refer to through macros.

Pages call macros such as {{ fact("xiaomi.ev.deliveries.2025-q3") }}. This reads the quoted
strings inside {{ … }} and {% … %} blocks, so the engine can check references and say where each
fact is used without importing the site generator.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from .text import terminal

_BLOCK = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_STRING = re.compile(r"""(?P<q>["'])(?P<s>[^"'\n]*)(?P=q)""")
FACT_LIKE = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")
SOURCE_LIKE = re.compile(r"^[A-Z][0-9]{2,}[a-z]?$")


# Provenance attributes in any case, with or without a value, anywhere in the page (inside a
# Jinja string too): only macros write them.
MARKUP = re.compile(r"\bdata-(fact|source|claim|version|rate)\b", re.I)

STYLES = ("auto", "full", "short", "clock")
ID, TEXT, FLAG, FLAG_OR_NONE = "an id", "text", "True or False", "True, False or None"
WHOLE = "a whole number from 0 to 6"
# Every macro a page may call: its positional parameters, how many ids it takes (None: any
# number) and its keywords with what each accepts. The MkDocs bridge defines the same names.
MACROS: dict[str, tuple[tuple[str, ...], bool, dict[str, object]]] = {
    "fact": ((ID,), False, {"style": STYLES, "unit": FLAG_OR_NONE, "bound": FLAG,
                            "digits": WHOLE, "usd": ID}),
    "fact_range": ((ID, ID), False, {"unit": FLAG}),
    "label": ((ID,), False, {}),
    "period": ((ID,), False, {}),
    "source": ((ID,), False, {}),
    "verdict": ((ID,), False, {}),
    "facts_table": ((), True, {"caption": TEXT, "style": STYLES}),
    "facts_with": ((TEXT,), False, {}),
    "updated": ((), False, {}), "checked_up_to": ((), False, {}), "known_gaps": ((), False, {}),
    "facts_index": ((), False, {}), "sources_list": ((), False, {}),
    "claims_table": ((), False, {}), "downloads": ((), False, {}),
    "data_dictionary": ((), False, {}), "dataset_jsonld": ((), False, {}),
    "claims_jsonld": ((), False, {}),
}
_JINJA_CONSTANTS = {"true": True, "false": False, "none": None, "True": True, "False": False,
                    "None": None}


@dataclass(frozen=True)
class PageRef:
    page: str
    line: int
    id: str
    kind: str = "ref"  # ref: an id in a macro call; markup: provenance markup typed by hand;
    # error: a page that cannot be read or a macro call that cannot work (id holds the message)


def scan(docs: Path, base: Path | None = None) -> list[PageRef]:
    """Every fact-like or source/claim-like string used in a macro call, with page and line."""
    base = base or docs.parent
    refs: list[PageRef] = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
        if not path.is_file():
            what = "a folder" if path.is_dir() else "a broken link or not a regular file"
            refs.append(PageRef(rel, 0, f"is {what}, not a page", "error"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            line = path.read_bytes()[: e.start].count(b"\n") + 1
            refs.append(PageRef(rel, line, "the page is not UTF-8 text", "error"))
            continue
        except OSError as e:
            refs.append(PageRef(rel, 0, f"the page cannot be read ({e.strerror})", "error"))
            continue
        for block in _BLOCK.finditer(text):
            body_start = block.start(1) if block.group(1) is not None else block.start(2)
            body = block.group(1) if block.group(1) is not None else block.group(2)
            for s in _STRING.finditer(body):
                value = s.group("s")
                if FACT_LIKE.match(value) or SOURCE_LIKE.match(value):
                    line = text.count("\n", 0, body_start + s.start()) + 1
                    refs.append(PageRef(rel, line, value))
            if block.group(1) is not None:
                problem = macro_problem(body)
                if problem:
                    line = text.count("\n", 0, body_start) + 1
                    refs.append(PageRef(rel, line, problem, "error"))
        # Provenance markup is the macros' job: typed by hand it could vouch for any figure.
        for m in MARKUP.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            refs.append(PageRef(rel, line, f"data-{m.group(1).lower()}", "markup"))
    return refs


def macro_problem(body: str) -> str | None:
    """What is wrong with a {{ macro(...) }} call that can be seen without running it."""
    try:
        node = ast.parse(body.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # Jinja syntax beyond Python's (filters): the build judges it
    if isinstance(node, ast.Name) and node.id not in _JINJA_CONSTANTS:
        return f"unknown macro or variable '{terminal(node.id)}'"
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        return None
    name = node.func.id
    if name not in MACROS:
        return f"unknown macro '{terminal(name)}'" if name.islower() else None
    positional, any_number, keywords = MACROS[name]
    if any(isinstance(a, ast.Starred) for a in node.args):
        return None  # facts_table(*facts_with("…")): checked when the page is built
    if not any_number and len(node.args) != len(positional):
        return f"{name}() takes {len(positional)} argument{'s' if len(positional) != 1 else ''}" \
            f", not {len(node.args)}"
    kinds = positional if not any_number else (ID,) * len(node.args)
    for arg, kind in zip(node.args, kinds, strict=False):
        bad = _wrong(arg, kind)
        if bad:
            return f"{name}(): {bad}"
    for kw in node.keywords:
        if kw.arg is None:
            continue
        if kw.arg not in keywords:
            return f"{name}() has no option '{terminal(kw.arg)}'"
        bad = _wrong(kw.value, keywords[kw.arg], kw.arg)
        if bad:
            return f"{name}(): {bad}"
    return None


def _wrong(node: ast.AST, kind: object, name: str = "") -> str | None:
    if isinstance(node, ast.Name) and node.id in _JINJA_CONSTANTS:
        value = _JINJA_CONSTANTS[node.id]
    elif isinstance(node, ast.Constant):
        value = node.value
    else:
        return None  # a variable or expression: the build judges it
    label = f"{name}=" if name else ""
    if isinstance(kind, tuple):
        return None if value in kind else \
            f"{label}{value!r} is not one of {', '.join(map(repr, kind))}"
    ok = {ID: isinstance(value, str), TEXT: isinstance(value, str),
          FLAG: isinstance(value, bool), FLAG_OR_NONE: value is None or isinstance(value, bool),
          WHOLE: isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6}[kind]
    return None if ok else f"{label}{terminal(repr(value))[:40]} is not {kind}"
