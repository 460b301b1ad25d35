"""Checks of the store's words in other languages (facts/zh.yaml), and of the pages in them.

Words belong to a record the store holds; each text keeps the English text's {placeholders},
types no figure and is given only where the English has one; names stay each entity's own. What
a page of a language shows (docs/<page>.zh.md) has its words in that language: each fact it
names, finds with facts_with or draws in a series, and each series, a label; with facts_index
every fact's label, with claims_table or claims_jsonld every claim's paraphrase and reason.
Loading has already refused shapes, untranslatable fields, empty texts and invisible characters.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..model import CODES, Problem, Record, Store, register
from ..pages import SERIES
from ..text import CJK_NUMERALS, figures, longest_first
from ..translations import LANGUAGE_NAMES, language_name
from .core import PLACEHOLDER, TYPED_FIGURE, Context, may_hold_figure, problem
from .entities import NAME_FIGURE, check_mixed, name_key, reads_as_figure
from .pages import shown_by

UNKNOWN_ID = register("translation.unknown-id", "words for a record the store does not hold")
PLACEHOLDERS = register("translation.placeholders", "a text whose {placeholders} differ from the "
                        "English text's")
NO_ORIGINAL = register("translation.no-original", "a text given where the English record has "
                       "none")
NAME_SHARED = register("translation.name-shared", "a name or alias in another language that "
                       "another entity also uses")
LABEL_NUMERALS = register("translation.label-numerals", "a label in another language holds a "
                          "run of numerals, which reads as a figure (labels have no "
                          "placeholders; i18n/zh/NOTES.md lists them)", "warning")
NO_LABEL = register("translation.no-label", "a fact shown on a page in another language "
                    "(docs/<page>.zh.md) has no label in that language")

NO_CLAIM_WORDS = register("translation.no-claim-words", "a page in another language shows the "
                          "claims (claims_table, claims_jsonld) and a claim has no paraphrase or "
                          "reason in that language")
NO_SERIES_LABEL = register("translation.no-series-label", "a series a chart or card draws on a "
                           "page in another language has no label in that language")

NAMES = ("name", "aliases", "publisher")  # names, not sentences: no placeholder, no figure rule
LABELS = ("label",)
_CJK_RUN = re.compile(f"^[{CJK_NUMERALS}]+$")


def check_translations(ctx: Context) -> None:
    """Every language's words: their records, placeholders, figures and names."""
    store = ctx.store
    if not store.translations:
        return
    names = declared_names(store)
    names_re = re.compile("|".join(re.escape(n) for n in names)) if names else None
    for words in store.translations.values():
        for section in ("entities", "sources", "facts", "series", "claims", "rules", "retired"):
            records = getattr(store, section)
            for rid, rec in words.words(section).items():
                english = records.get(rid)
                if english is None:
                    _unknown(ctx, rec, section, rid)
                    continue
                for name, text in rec:
                    if text is None or name == "aliases":
                        continue
                    _check_text(ctx, rec, rid, name, text, getattr(english, name, None),
                                names_re)
        _check_names(ctx, words)


def _unknown(ctx: Context, rec: Record, section: str, rid: str) -> None:
    kind = {"entities": "entity", "series": "series", "retired": "retired id"}.get(
        section, section.removesuffix("s"))
    found = problem(UNKNOWN_ID, rec, rid, f"words for an unknown {kind}",
                    f"fix the id, or remove the words: {section} in facts/ holds no such id")
    p = ctx.missing(rid, found)
    if p is not None:
        ctx.problems.append(p)


def _check_text(ctx: Context, rec: Record, rid: str, name: str, text: str,
                english: str | None, names_re: re.Pattern | None) -> None:
    if english is None:
        ctx.err(NO_ORIGINAL, rec, rid, f"{name} is given, but the English record has none",
                f"remove it, or write the English {name} first", name)
        return
    if name in NAMES:
        return
    want = {p.strip() for p in PLACEHOLDER.findall(str(english))}
    have = {p.strip() for p in PLACEHOLDER.findall(text)}
    if want != have:
        parts = []
        if want - have:
            parts.append("lacks " + ", ".join(f"{{{p}}}" for p in sorted(want - have)))
        if have - want:
            parts.append("adds " + ", ".join(f"{{{p}}}" for p in sorted(have - want)))
        ctx.err(PLACEHOLDERS, rec, rid, f"{name}'s placeholders differ from the English "
                f"{name}'s: it {' and '.join(parts)}",
                "keep exactly the English text's {placeholders}", name)
    bare = PLACEHOLDER.sub(" ", text)
    if not may_hold_figure(bare):
        return
    if names_re is not None:
        bare = names_re.sub(" ", bare)
    found = figures(bare)
    if not found:
        return
    if name in LABELS and all(_CJK_RUN.match(f) for f in found):
        ctx.warn(LABEL_NUMERALS, rec, rid, f"{name} holds the numerals '{found[0][:20]}', "
                 "which read as a figure",
                 "rephrase without them, or list the label in i18n/zh/NOTES.md", name)
        return
    ctx.err(TYPED_FIGURE, rec, rid, f"{name} types a figure ('{found[0][:40]}')",
            "refer to a fact as {fact.id}, or declare the name in the entity's words", name)


def declared_names(store: Store) -> list[str]:
    """Every name in every language (entities, aliases, outlets), longest first."""
    out: set[str] = set(store.names())
    out.update(s.publisher for s in store.sources.values())
    for words in store.translations.values():
        for e in words.entities.values():
            out.update(n for n in (e.name, *e.aliases) if n)
        out.update(s.publisher for s in words.sources.values() if s.publisher)
    # A name that reads as a figure is refused where it is declared; it never hides a figure.
    return longest_first(n for n in out if n and not reads_as_figure(n))


def _check_names(ctx: Context, words) -> None:
    """A name in this language (an entity's or an outlet's) reads as a name and belongs to one
    entity."""
    for rid, rec in words.sources.items():
        if rec.publisher and reads_as_figure(rec.publisher):
            ctx.err(NAME_FIGURE, rec, rid, f"publisher '{rec.publisher}' reads as a figure",
                    "an outlet's name holds letters and at most two digits in a row outside a "
                    "word (36氪, 第一财经); figures come from facts", "publisher")
        if rec.publisher:
            check_mixed(ctx, rec, rid, rec.publisher, "publisher")
    owner: dict[str, str] = {}
    for e in ctx.store.entities.values():
        for n in (e.name, *e.aliases):
            owner.setdefault(name_key(n), e.id)
    for rid, rec in words.entities.items():
        if rid not in ctx.store.entities:
            continue
        for i, n in enumerate([rec.name, *rec.aliases]):
            if n is None:
                continue
            at = ("name",) if i == 0 else ("aliases", i - 1)
            if reads_as_figure(n):
                ctx.err(NAME_FIGURE, rec, rid, f"name '{n}' reads as a figure",
                        "a name holds letters and at most two digits in a row outside a word "
                        "(SU7, Phase 2, 4.0); figures come from facts", *at)
            check_mixed(ctx, rec, rid, n, *at)
            other = owner.setdefault(name_key(n), rid)
            if other != rid:
                ctx.err(NAME_SHARED, rec, rid, f"name '{n}' is also a name of entity '{other}'",
                        "give each entity its own names", *at)


def check_page_labels(ctx: Context) -> None:
    """Every fact a page in another language shows (by id, through facts_with or in a series
    it draws) has its label in that language, and so has every series it draws."""
    store = ctx.store
    languages = set(store.translations) | set(LANGUAGE_NAMES)
    seen: set[tuple[str, str]] = set()
    prefixes: dict[str, list[str]] = {}
    # A language whose words' file did not load: its own problem is the root cause.
    failed = {language for language in languages
              if language not in store.translations and _failed(store, language)}
    for ref in ctx.pages:
        language = page_language(ref.page, languages)
        if language is None or language in failed or \
                (ref.kind == "series" and (ref.page, SERIES + ref.id) in seen):
            continue
        ids = shown_by(store, ref, prefixes)
        if ids is None and ref.kind != "table":
            continue
        words = store.translations.get(language)
        where = words.loc.path if words is not None else f"{_folder(store)}/{language}.yaml"
        if ids is None:
            _table(ctx, ref, language, words, where, seen)
            continue
        if ref.kind == "series":
            seen.add((ref.page, SERIES + ref.id))
            drawn = words.series.get(ref.id) if words is not None else None
            if drawn is None or not drawn.label:
                ctx.problems.append(Problem(
                    ref.page, ref.line, ref.id, f"no {language_name(language)} label for the "
                    "series", f"add series.{ref.id}.label to {where}",
                    CODES[NO_SERIES_LABEL].severity, NO_SERIES_LABEL))
        labelled = words.facts if words is not None else {}
        for fid in ids:
            if (ref.page, fid) in seen:
                continue
            seen.add((ref.page, fid))
            found = labelled.get(fid)
            if found is None or not found.label:
                ctx.problems.append(Problem(
                    ref.page, ref.line, fid, f"no {language_name(language)} label",
                    f"add facts.{fid}.label to {where}", CODES[NO_LABEL].severity, NO_LABEL))


def _table(ctx: Context, ref, language: str, words, where: str,
           seen: set[tuple[str, str]]) -> None:
    """A table of every fact (facts_index) or every claim (claims_table, claims_jsonld) on a
    page in another language: one problem naming the records without their words there."""
    store, name = ctx.store, language_name(language)
    kind = "claims" if ref.id.startswith("claims") else "facts"
    if (ref.page, kind) in seen:
        return
    seen.add((ref.page, kind))
    if kind == "facts":
        given = words.facts if words is not None else {}
        missing = [fid for fid in store.facts if not getattr(given.get(fid), "label", None)]
        seen.update((ref.page, fid) for fid in missing)  # named here: not again on this page
        code, lack, add = NO_LABEL, f"no {name} label", "facts.<id>.label"
    else:
        given = words.claims if words is not None else {}
        missing = [cid for cid, c in store.claims.items()
                   if any(getattr(c, n) and not getattr(given.get(cid), n, None)
                          for n in ("says", "reason"))]
        code, lack, add = NO_CLAIM_WORDS, f"no {name} paraphrase or reason", \
            "claims.<id>.says and claims.<id>.reason"
    if missing:
        listed = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more"
                                           if len(missing) > 5 else "")
        count = f"{len(missing)} {kind} shown here have" if len(missing) > 1 else \
            f"1 {kind[:-1]} shown here has"
        ctx.problems.append(Problem(ref.page, ref.line, ref.id, f"{count} {lack}: {listed}",
                                    f"add {add} to {where}", CODES[code].severity, code))


def _failed(store: Store, language: str) -> bool:
    """Whether loading found a problem in a file that would hold this language's words."""
    return any(p.path.endswith(f"{language}.yaml") or p.code.startswith("translation.")
               for p in store.problems)


def page_language(page: str, languages: set[str]) -> str | None:
    """The language of a page by its suffix (docs/deliveries.zh.md is zh), or None."""
    parts = PurePosixPath(page).name.split(".")
    if len(parts) >= 3 and parts[-1] == "md" and parts[-2] in languages:
        return parts[-2]
    return None


def _folder(store: Store) -> str:
    """The store's folder as records name it (facts)."""
    for table in (store.facts, store.entities, store.sources):
        for rec in table.values():
            return str(PurePosixPath(rec.loc.path).parent)
    return "facts"
