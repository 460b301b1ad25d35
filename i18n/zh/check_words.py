"""Review the Chinese words of the store (facts/zh.yaml) beyond what `factbook check` enforces.

Run from the repository root:  .venv/bin/python i18n/zh/check_words.py

`factbook check` refuses unknown ids, differing placeholders, typed figures and facts shown on a
Chinese page without a Chinese label. This review also asks for full coverage, lists every
numeral character and ASCII punctuation next to Chinese. Reports, one line each:
  - ids that are not in the store, and records with reader-facing words that have no Chinese;
  - fields missing (a fact's label, a note where the English has one, a claim's says/reason …);
  - placeholders: the Chinese text must hold exactly the {placeholders} of the English text;
  - numerals: any ASCII or full-width digit or Chinese numeral character (〇零一二三四五六七八九十
    百千万亿两) outside placeholders and declared names. Each is marked AUDIT when the site's
    audit (factbook.text.figures) would read it as a figure, or strict when only this stricter
    character check finds it;
  - ASCII punctuation right next to a Chinese character (full-width punctuation expected).
Exit status 1 when an id is unknown, a record is uncovered, a field is missing, a placeholder
differs or the audit would read a figure; strict numerals are listed, not failed (NOTES.md says
which are accepted).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from factbook import open_project
from factbook.text import figures

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
NUMERAL = re.compile(r"[0-9０-９〇一二三四五六七八九十百千万亿两]")
HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
ASCII_PUNCT_NEXT_TO_HAN = re.compile(rf"(?<={HAN})[,;:()!?]|[,;:()!?](?={HAN})")

# section -> (store attribute, fields that are words, fields required whatever the English has)
SECTIONS = {
    "entities": ("entities", ("name", "note"), ("name",)),
    "facts": ("facts", ("label", "note"), ("label",)),
    "series": ("series", ("label", "note"), ("label",)),
    "claims": ("claims", ("says", "reason"), ("says", "reason")),
    "rules": ("rules", ("note",), ()),
    "retired": ("retired", ("note",), ("note",)),
    "sources": ("sources", ("publisher",), ()),
}


def names(store, zh: dict) -> list[str]:
    """Every declared name, English and Chinese, longest first (小米SU7 Ultra before SU7)."""
    out: set[str] = set()
    for e in store.entities.values():
        out.add(e.name)
        out.update(e.aliases or [])
    for e in (zh.get("entities") or {}).values():
        out.add(e["name"])
        out.update(e.get("aliases") or [])
    for s in store.sources.values():
        out.add(s.publisher)
    for s in (zh.get("sources") or {}).values():
        out.add(s["publisher"])
    return sorted((n for n in out if n), key=len, reverse=True)


def without_names(text: str, declared: list[str]) -> str:
    """The text with placeholders and names blanked; leftmost, then longest name first."""
    text = PLACEHOLDER.sub(" ", text)
    pattern = "|".join(re.escape(n) for n in declared if NUMERAL.search(n))
    return re.sub(pattern, " ", text) if pattern else text


def main() -> int:  # noqa: C901 - a review tool, beside the check
    root = Path.cwd()
    store = open_project(root).store
    words = store.translations.get("zh")
    zh = {} if words is None else {
        section: {rid: rec.model_dump(exclude_none=True, exclude_defaults=True)
                  for rid, rec in words.words(section).items()}
        for section in SECTIONS}
    declared = names(store, zh)
    errors, strict, punct = [], [], []
    counts = {}

    for section, (attr, fields, required) in SECTIONS.items():
        records = getattr(store, attr)
        mine = zh.get(section) or {}
        counts[section] = (len(mine), len(records))
        for rid in mine:
            if rid not in records:
                errors.append(f"{section}.{rid}: not in the store")
        for rid, rec in records.items():
            english = {f: getattr(rec, f, None) for f in fields}
            has_words = any(english.values())
            if section == "sources":  # only publishers with an established Chinese name
                continue
            if section == "rules" and not rec.note:
                continue
            if rid not in mine:
                if has_words:
                    errors.append(f"{section}.{rid}: no Chinese words")
                continue
            for f in fields:
                en, cn = english.get(f), mine[rid].get(f)
                if (f in required or en) and not cn:
                    errors.append(f"{section}.{rid}.{f}: missing (English: {en!r})")
                if cn and not en and f not in required:
                    errors.append(f"{section}.{rid}.{f}: Chinese given where the English has none")

    for section, mine in zh.items():
        for rid, rec in (mine or {}).items():
            attr = SECTIONS[section][0]
            english_rec = getattr(store, attr).get(rid)
            for f, cn in rec.items():
                if f == "aliases" or not isinstance(cn, str):
                    continue
                where = f"{section}.{rid}.{f}"
                if section != "entities" and english_rec is not None:
                    en = getattr(english_rec, f, None) or ""
                    want = sorted(PLACEHOLDER.findall(en))
                    have = sorted(PLACEHOLDER.findall(cn))
                    if want != have:
                        errors.append(
                            f"{where}: placeholders {have} differ from the English {want}")
                if f in ("name", "publisher"):
                    continue  # a name may hold digits; it is what the audit exempts
                rest = without_names(cn, declared)
                for w in figures(rest):
                    errors.append(f"{where}: AUDIT reads a figure {w!r} in {cn!r}")
                for m in NUMERAL.finditer(rest):
                    a, b = max(0, m.start() - 6), m.end() + 6
                    strict.append(f"{where}: strict {m.group()!r} in …{rest[a:b].strip()}…")
                for m in ASCII_PUNCT_NEXT_TO_HAN.finditer(cn):
                    punct.append(f"{where}: ASCII {m.group()!r} next to Chinese")

    for section, (n, total) in counts.items():
        print(f"{section}: {n} with Chinese words, {total} in the store")
    for line in errors + punct:
        print("ERROR", line)
    for line in strict:
        print(line)
    print(f"{len(errors)} errors, {len(punct)} punctuation, {len(strict)} strict numerals")
    return 1 if errors or punct else 0


if __name__ == "__main__":
    sys.exit(main())
