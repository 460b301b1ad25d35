"""Checks of the pages' references to the store, and of facts nothing uses."""

from __future__ import annotations

from ..model import CODES, Problem, Store, register
from .core import UNKNOWN_FACT, Context

UNREADABLE = register("page.unreadable", "a page is not UTF-8 text, cannot be read, or is not a "
                      "file")
RESERVED = register("page.reserved-folder", "a page under docs/facts/, where fact pages are "
                    "generated")
MACRO = register("page.macro", "a macro call that cannot work: unknown macro, wrong arguments, "
                 "syntax, or template code that writes to the page")
PREFIX = register("page.prefix-matches-nothing", "facts_with('prefix') matches no fact")
MARKUP = register("page.typed-markup", "provenance markup (data-fact, class fact) typed by hand")
RETIRED = register("page.retired-id", "a page uses a retired fact id")
UNKNOWN_ID = register("page.unknown-id", "a page names a source or claim id the store does not "
                      "hold")
UNKNOWN_SERIES = register("page.unknown-series", "a chart or card draws a series "
                          "('series:<id>') the store does not hold")
UNUSED = register("fact.unused", "a fact that no page, rule, formula or claim uses", "warning")
UNCREDITED = register("page.uncredited-figure", "a page that credits its sources (source()) "
                      "shows a figure none of whose sources it credits", "warning")


def _page(code: str, path: str, line: int, subject: str, message: str, hint: str) -> Problem:
    return Problem(path, line, subject, message, hint, CODES[code].severity, code)


def _error(ref) -> Problem:
    """A problem the page scan found without running the page (the id holds the message)."""
    if "macro" in ref.id or "()" in ref.id:
        code, hint = MACRO, "see the macros in README.md"
    elif "docs/facts/" in ref.id:
        code, hint = RESERVED, "move the page elsewhere in docs/"
    else:
        code, hint = UNREADABLE, "save the page as UTF-8 Markdown, or remove it"
    return _page(code, ref.page, ref.line, "page", ref.id, hint)


def check_pages(ctx: Context) -> None:
    """Every id a page names exists and is current; each use is recorded."""
    store = ctx.store
    prefixes: dict[str, list[str]] = {}
    drawn: set[tuple[str, str]] = set()  # (page, series): each once, however often drawn
    for ref in ctx.pages:
        if ref.kind == "error":
            ctx.problems.append(_error(ref))
        elif ref.kind == "prefix":
            if ref.id not in prefixes:  # one scan of the ids per distinct prefix
                prefixes[ref.id] = [fid for fid in store.facts if fid.startswith(ref.id)]
            for fid in prefixes[ref.id]:
                ctx.used[fid].add(ref.page)
            if not prefixes[ref.id]:
                ctx.problems.append(_page(PREFIX, ref.page, ref.line, "page",
                                          f"facts_with('{ref.id}') matches no fact",
                                          "fix the prefix"))
        elif ref.kind == "series":
            _series(ctx, ref, drawn)
        elif ref.kind == "table":
            continue  # every record of a kind: in another language, check_page_labels
        elif ref.kind == "markup":
            ctx.problems.append(_page(MARKUP, ref.page, ref.line, "page",
                                      f"{ref.id} attribute typed by hand",
                                      "provenance markup comes from macros: use fact(), "
                                      "source() or the tables"))
        elif ref.id in store.facts:
            ctx.used[ref.id].add(ref.page)
        elif ref.id in store.retired:
            new = store.retired[ref.id].replaced_by
            ctx.problems.append(_page(RETIRED, ref.page, ref.line, ref.id,
                                      "retired fact id on page",
                                      f"use {new}" if new else "remove the figure"))
        elif ref.id in store.sources or ref.id in store.claims:
            continue
        elif "." in ref.id:
            p = ctx.missing(ref.id, _page(UNKNOWN_FACT, ref.page, ref.line, ref.id,
                                          "unknown fact id on page",
                                          "fix the id, or add the fact to facts/"))
            if p is not None:
                ctx.problems.append(p)
        else:
            ctx.problems.append(_page(UNKNOWN_ID, ref.page, ref.line, ref.id,
                                      "unknown source or claim id on page", "fix the id"))


def _series(ctx: Context, ref, drawn: set[tuple[str, str]]) -> None:
    """A series a chart or card draws: it exists, and the page shows each of its facts."""
    series = ctx.store.series.get(ref.id)
    if series is None:
        ctx.problems.append(_page(UNKNOWN_SERIES, ref.page, ref.line, ref.id,
                                  "unknown series on page",
                                  "fix the id, or add the series to facts/"))
        return
    if (ref.page, ref.id) in drawn:
        return
    drawn.add((ref.page, ref.id))
    for fid in series.facts:
        if fid in ctx.store.facts:
            ctx.used[fid].add(ref.page)


def check_credits(ctx: Context) -> None:
    """A page that credits sources ({{ source("S04") }}, as each page's "Where these figures
    come from" does) credits at least one source of every figure it shows (shown_by): a
    warning at the figure's first use otherwise."""
    store = ctx.store
    credited: dict[str, set[str]] = {}
    for ref in ctx.pages:
        if ref.kind == "ref" and ref.id in store.sources:
            credited.setdefault(ref.page, set()).add(ref.id)
    seen: set[tuple[str, str]] = set()
    prefixes: dict[str, list[str]] = {}
    for ref in ctx.pages:
        shown = shown_by(store, ref, prefixes) if ref.page in credited else None
        for fid in shown or ():
            sources = [r.source for r in store.facts[fid].sources]
            if (ref.page, fid) in seen or not sources or credited[ref.page] & set(sources):
                continue
            seen.add((ref.page, fid))
            ctx.problems.append(_page(UNCREDITED, ref.page, ref.line, fid, "the page shows "
                                      "this figure but credits none of its sources",
                                      f"credit {', '.join(dict.fromkeys(sources))} with "
                                      "source() where the page says where its figures come "
                                      "from"))


def shown_by(store: Store, ref, prefixes: dict[str, list[str]]) -> list[str] | None:
    """The facts a page reference shows: the fact it names, those facts_with() finds, those of
    the series it draws; None for a reference to anything else."""
    if ref.kind == "ref" and ref.id in store.facts:
        return [ref.id]
    if ref.kind == "prefix":
        if ref.id not in prefixes:
            prefixes[ref.id] = [fid for fid in store.facts if fid.startswith(ref.id)]
        return prefixes[ref.id]
    if ref.kind == "series" and ref.id in store.series:
        return [fid for fid in store.series[ref.id].facts if fid in store.facts]
    return None


def check_unused(ctx: Context) -> None:
    """A warning for each fact nothing uses (only when there are pages to use it)."""
    if not ctx.pages:
        return  # without pages, "unused" would flag every fact the site shows
    for f in ctx.store.facts.values():
        if not ctx.used.get(f.id):
            ctx.warn(UNUSED, f, f.id, "is not used by any page, rule, formula or claim",
                     "show it on a page or retire it")
