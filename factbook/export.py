"""Data exports: facts.json, facts.csv, sources.json, sources.bib and sources.csl.json, written
the same way on every run.

Each file is declared once, in `EXPORTS` (name, media type, writer); what it holds, and the
meaning of every field of the data dictionary, are words of the locale. `FILES` and
`DICTIONARY` are the English views of them, for the pages and for callers that read them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from . import published
from .cite import sources_bib, sources_csl_json
from .locale import EN, Locale
from .model import Fact, Source, Store
from .published import fact_address
from .text import csv_cell

FACTS_PAGE = "facts.html"  # the facts index; each row is anchored by its fact's id

CSV_COLUMNS = [
    "id", "label", "subject", "value", "unit", "bound", "period", "as_of", "status",
    "sources", "derive", "supersedes", "checked", "note", "permalink",
]


def permalink(fact_id: str, base_url: str = "") -> str:
    """The stable address of a fact: its own page."""
    return base_url + fact_address(fact_id)


def fact_record(f: Fact, base_url: str = "", locale: Locale = EN) -> dict:
    """One fact as exported: every field, sources with what each states; the words (label,
    note) in the locale's language where the store has them."""
    note = locale.text(f, "note")
    return {
        "id": f.id,
        "label": locale.text(f, "label"),
        "subject": f.subject,
        "value": f.value,
        "unit": f.unit,
        "bound": f.bound,
        "period": None if f.period is None else str(f.period),
        "as_of": f.as_of,
        "status": f.status,
        "sources": [
            {"id": r.source, "states": r.states, "bound": r.bound, "locator": r.locator}
            for r in f.sources
        ],
        "derive": f.derive.formula if f.derive else None,
        "supersedes": f.supersedes,
        "checked": f.checked,
        "note": note or None,
        "permalink": permalink(f.id, base_url),
    }


def facts_json(store: Store, base_url: str = "", locale: Locale = EN) -> str:
    """Every fact as JSON (facts.json)."""
    out = io.StringIO()
    dump_facts_json(out, store, base_url, locale)
    return out.getvalue()


def dump_facts_json(out: TextIO, store: Store, base_url: str = "", locale: Locale = EN) -> None:
    """facts_json, written to out as it is made: the whole text of 10,000 facts at once is
    some 40 MB of small strings at the peak of a build."""
    rows = [fact_record(f, base_url, locale) for f in store.facts.values()]
    json.dump(rows, out, ensure_ascii=False, indent=1)
    out.write("\n")


def facts_csv(store: Store, base_url: str = "", locale: Locale = EN) -> str:
    """Every fact as a CSV row (facts.csv); the sources in one cell."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for f in store.facts.values():
        row = fact_record(f, base_url, locale)
        row["sources"] = "; ".join(
            s["id"] + ("" if s["bound"] == "exact" else f" ({s['bound']})") + f": {s['states']}"
            for s in row["sources"]
        )
        writer.writerow({k: "" if row[k] is None else csv_cell(row[k]) for k in CSV_COLUMNS})
    return out.getvalue()


def sources_json(store: Store) -> str:
    """Every source as JSON (sources.json)."""
    rows = [s.model_dump() for s in store.sources.values()]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True)
class Export:
    """One data file the site publishes under data/: its name, media type and writer."""

    name: str
    media_type: str
    write: Callable[[Store, str, Locale], str]  # (store, base_url, locale) -> the file's text
    # (file, store, base_url, locale): the same text, written as it is made
    dump: Callable[[TextIO, Store, str, Locale], None] | None = None

    def description(self, locale: Locale = EN) -> str:
        """What the file holds, in the locale's words (the locale keys them by file name)."""
        return locale.exports[self.name]


EXPORTS: tuple[Export, ...] = (
    Export("facts.json", "application/json", facts_json, dump_facts_json),
    Export("facts.csv", "text/csv", facts_csv),
    Export("sources.json", "application/json", lambda store, _url, _: sources_json(store)),
    Export("sources.bib", "application/x-bibtex", lambda store, _url, _: sources_bib(store)),
    Export("sources.csl.json", "application/json",
           lambda store, _url, locale: sources_csl_json(store, locale)),
)

# The fields of each table, in the order the files hold them; the data dictionary describes
# every one (the locale gives the type and the meaning).
TABLES: dict[str, list[str]] = {"facts": CSV_COLUMNS, "sources": list(Source.model_fields)}


def files(locale: Locale = EN) -> dict[str, str]:
    """Each data file's name and what it holds, in declaration order."""
    return {e.name: e.description(locale) for e in EXPORTS}


def dictionary(locale: Locale = EN) -> dict[str, list[tuple[str, str, str]]]:
    """Every field of the exports, (name, type, meaning) by table, for the data dictionary."""
    return {table: [(name, *locale.dictionary[table][name]) for name in fields]
            for table, fields in TABLES.items()}


FILES = files()
DICTIONARY = dictionary()


def write_all(store: Store | Callable[[], Store], folder: Path, base_url: str = "",
              locale: Locale = EN, cache_root: Path | None = None,
              inputs: str = "") -> list[Path]:
    """Write every export into folder; return the paths written. With cache_root and inputs
    (a digest of everything the store and settings were made from), the files of the last
    build with the same inputs, address and language are copied instead of made again (store
    may be a function that gives it: then it is asked only when the files are made)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / e.name for e in EXPORTS]
    kept = published.exports_folder(cache_root, inputs, base_url, locale.code)
    if kept is not None and published.restore_exports(kept, folder):
        return written
    if callable(store):
        store = store()
    for export, path in zip(EXPORTS, written, strict=True):
        if export.dump is None:
            path.write_text(export.write(store, base_url, locale), encoding="utf-8")
            continue
        with path.open("w", encoding="utf-8") as out:
            export.dump(out, store, base_url, locale)
    if kept is not None:
        published.keep_exports(kept, written)
    return written
