"""Find the store ids that Markdown pages refer to through macros, read as Jinja reads them.

Pages call macros such as {{ fact("xiaomi.ev.deliveries.2025-q3") }}. Each page is parsed with
Jinja's own parser (the engine renders nothing): every constant id in a macro call is a
reference with its line, `facts_with("prefix")` is a reference to every fact with that prefix,
and calls the check can judge without rendering (an unknown macro, a wrong argument) are
reported with their line. Provenance markup typed by hand is refused in any form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, nodes

from .text import terminal

FACT_LIKE = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")
SOURCE_LIKE = re.compile(r"^[A-Z][0-9]{2,}[a-z]?$")
SERIES = "series:"  # a chart's or card's argument that names a series: "series:<id>"
SERIES_ID = re.compile(r"[a-z0-9][a-z0-9.-]*")  # as the store's series ids are written
# The macros that show the words of every record of a kind: a page in another language needs
# them all in that language.
TABLES = ("facts_index", "claims_table", "claims_jsonld")

# Provenance attributes in any case, with or without a value, anywhere in the page (inside a
# Jinja string too): only macros write them.
MARKUP = re.compile(r"\bdata-(fact|source|claim|version|rate)\b", re.I)
# Classes the audit trusts (code examples, ids, figures) are the macros' to give.
EXEMPT_CLASS = re.compile(r"\bclass\s*=\s*[\"']?[^\"'>]*\b(example|fact-id|fact-figure|fact)\b",
                          re.I)

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
    "period": ((ID,), False, {"as_of": FLAG}),
    "source": ((ID,), False, {}),
    "verdict": ((ID,), False, {}),
    "facts_table": ((), True, {"caption": TEXT, "style": STYLES}),
    "facts_with": ((TEXT,), False, {}),
    "updated": ((), False, {}), "checked_up_to": ((), False, {}), "known_gaps": ((), False, {}),
    "facts_index": ((), False, {}), "sources_list": ((), False, {}),
    "claims_table": ((), False, {}), "scorecard": ((), False, {}), "downloads": ((), False, {}),
    "data_dictionary": ((), False, {}), "dataset_jsonld": ((), False, {}),
    "claims_jsonld": ((), False, {}),
    "chart": ((), True, {"title": TEXT, "kind": ("columns", "rows"), "by": ("period", "fact")}),
    "card": ((ID,), False, {"title": TEXT, "spark": ID, "against": ID}),
    "spec_box": ((), True, {"title": TEXT}),
    "timeline": ((), False, {}),
}


@dataclass(frozen=True)
class PageRef:
    page: str
    line: int
    id: str
    kind: str = "ref"  # ref: an id in a macro call; prefix: facts_with("prefix"); series: a
    # series a chart or card draws ("series:<id>"); table: a call of one of TABLES (id holds
    # its name); markup: provenance markup typed by hand; error: a page that cannot be read or
    # a macro call that cannot work (id holds the message)


def scan(docs: Path, base: Path | None = None) -> list[PageRef]:
    """Every id used in a macro call, every problem a call shows without rendering, and any
    provenance markup typed by hand, with page and line."""
    base = base or docs.parent
    refs: list[PageRef] = []
    env = Environment()
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
        if not path.is_file():
            what = "a folder" if path.is_dir() else "a broken link or not a regular file"
            refs.append(PageRef(rel, 0, f"is {what}, not a page", "error"))
            continue
        if path.relative_to(docs).parts[0] == "facts":
            refs.append(PageRef(rel, 0, "docs/facts/ is where the fact pages are generated; "
                                "a page there would be replaced", "error"))
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
        try:
            tree = env.parse(text)
        except TemplateSyntaxError as e:
            refs.append(PageRef(rel, e.lineno or 0, f"macro syntax error: {terminal(e.message)}",
                                "error"))
            continue
        except RecursionError:
            refs.append(PageRef(rel, 0, "macro calls nest too deeply", "error"))
            continue
        refs.extend(_calls(tree, rel))
        # Provenance markup is the macros' job: typed by hand it could vouch for any figure.
        for m in MARKUP.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            refs.append(PageRef(rel, line, f"data-{m.group(1).lower()}", "markup"))
        for m in EXEMPT_CLASS.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            refs.append(PageRef(rel, line, f"class {m.group(1).lower()}", "markup"))
    return refs


def _calls(tree: nodes.Template, rel: str) -> list[PageRef]:
    refs: list[PageRef] = []
    assigned = {n.target.name for n in tree.find_all(nodes.Assign)
                if isinstance(n.target, nodes.Name)}
    assigned |= {n.name for n in tree.find_all(nodes.Name) if n.ctx == "store"}
    assigned |= {n.name for n in tree.find_all(nodes.Macro)}
    for out in tree.find_all(nodes.Output):
        for node in out.nodes:
            if isinstance(node, nodes.TemplateData):
                continue
            if isinstance(node, nodes.Name) and node.name not in assigned | set(MACROS):
                refs.append(PageRef(rel, node.lineno, "unknown macro or variable "
                                    f"'{terminal(node.name)}'", "error"))
            elif not isinstance(node, (nodes.Call, nodes.Name)):
                # Text built in a template ({{ 'data-' ~ 'fact' }}) would slip past every
                # check of the page's own text: only macros write to a page.
                refs.append(PageRef(rel, node.lineno, "only macro calls may write to a page "
                                    f"(found {type(node).__name__.lower()})", "error"))
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name):
            continue
        name = call.node.name
        for arg in [*call.args, *(k.value for k in call.kwargs)]:
            if not isinstance(arg, nodes.Const) or not isinstance(arg.value, str) or \
                    name == "facts_with":
                continue
            if FACT_LIKE.match(arg.value) or SOURCE_LIKE.match(arg.value):
                refs.append(PageRef(rel, arg.lineno, arg.value))
        if name not in assigned:  # a page's own macro of that name draws nothing
            refs.extend(_drawn(call, name, rel))
        if name == "facts_with" and call.args and isinstance(call.args[0], nodes.Const):
            refs.append(PageRef(rel, call.lineno, str(call.args[0].value), "prefix"))
        elif name in TABLES and name not in assigned:
            refs.append(PageRef(rel, call.lineno, name, "table"))
        problem = macro_problem(call, assigned)
        if problem:
            refs.append(PageRef(rel, call.lineno, problem, "error"))
    return refs


def _drawn(call: nodes.Call, name: str, rel: str) -> list[PageRef]:
    """The series a chart (among its ids) or a card (its spark) draws: 'series:<id>'."""
    if name == "chart":
        args = call.args
    elif name == "card":
        args = [k.value for k in call.kwargs if k.key == "spark"]
    else:
        return []
    refs = []
    for arg in args:
        if not isinstance(arg, nodes.Const) or not isinstance(arg.value, str) or \
                not arg.value.startswith(SERIES):
            continue
        sid = arg.value[len(SERIES):]
        if SERIES_ID.fullmatch(sid):
            refs.append(PageRef(rel, arg.lineno, sid, "series"))
        else:
            refs.append(PageRef(rel, arg.lineno, f"{name}() names no series in "
                                f"{terminal(repr(arg.value))[:40]} (write 'series:<id>')",
                                "error"))
    return refs


def macro_problem(call: nodes.Call, assigned: set[str] = frozenset()) -> str | None:
    """What is wrong with a macro call that can be seen without running it."""
    name = call.node.name
    if name not in MACROS:
        return None if name in assigned else f"unknown macro '{terminal(name)}'"
    positional, any_number, keywords = MACROS[name]
    if call.dyn_args is not None or call.dyn_kwargs is not None:
        return None  # facts_table(*facts_with("…")): the prefix is checked on its own
    if not any_number and len(call.args) != len(positional):
        return f"{name}() takes {len(positional)} argument{'s' if len(positional) != 1 else ''}" \
            f", not {len(call.args)}"
    kinds = positional if not any_number else (ID,) * len(call.args)
    for arg, kind in zip(call.args, kinds, strict=False):
        bad = _wrong(arg, kind)
        if bad:
            return f"{name}(): {bad}"
    for kw in call.kwargs:
        if kw.key not in keywords:
            return f"{name}() has no option '{terminal(kw.key)}'"
        bad = _wrong(kw.value, keywords[kw.key], kw.key)
        if bad:
            return f"{name}(): {bad}"
    return None


def _wrong(node: nodes.Node, kind: object, name: str = "") -> str | None:
    if not isinstance(node, nodes.Const):
        return None  # a variable or expression: the build judges it
    value = node.value
    label = f"{name}=" if name else ""
    if isinstance(kind, tuple):
        return None if value in kind else \
            f"{label}{value!r} is not one of {', '.join(map(repr, kind))}"
    ok = {ID: isinstance(value, str), TEXT: isinstance(value, str),
          FLAG: isinstance(value, bool), FLAG_OR_NONE: value is None or isinstance(value, bool),
          WHOLE: isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6}[kind]
    return None if ok else f"{label}{terminal(repr(value))[:40]} is not {kind}"
