"""Data exports: facts.json, facts.csv and sources.json, written the same way on every run."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from .cite import sources_bib, sources_csl_json
from .model import Fact, Store
from .text import csv_cell

FACTS_PAGE = "facts.html"  # the facts index; each row is anchored by its fact's id

CSV_COLUMNS = [
    "id", "label", "subject", "value", "unit", "bound", "period", "as_of", "status",
    "sources", "derive", "supersedes", "checked", "note", "permalink",
]


def fact_address(fact_id: str) -> str:
    """Where a fact (or a retired id) has its page, relative to the site root: the one place
    that decides it."""
    return f"facts/{fact_id}.html"


def permalink(fact_id: str, base_url: str = "") -> str:
    """The stable address of a fact: its own page."""
    return base_url + fact_address(fact_id)


def fact_record(f: Fact, base_url: str = "") -> dict:
    """One fact as exported: every field, sources with what each states."""
    return {
        "id": f.id,
        "label": f.label,
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
        "note": f.note,
        "permalink": permalink(f.id, base_url),
    }


def facts_json(store: Store, base_url: str = "") -> str:
    rows = [fact_record(f, base_url) for f in store.facts.values()]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def facts_csv(store: Store, base_url: str = "") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for f in store.facts.values():
        row = fact_record(f, base_url)
        row["sources"] = "; ".join(
            s["id"] + ("" if s["bound"] == "exact" else f" ({s['bound']})") + f": {s['states']}"
            for s in row["sources"]
        )
        writer.writerow({k: "" if row[k] is None else csv_cell(row[k]) for k in CSV_COLUMNS})
    return out.getvalue()


def sources_json(store: Store) -> str:
    rows = [s.model_dump() for s in store.sources.values()]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def version_date(root: Path) -> str:
    """The date of this version of the data: SOURCE_DATE_EPOCH, else the last commit's date.

    Taken from the commit rather than the clock, so two builds of one commit are identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date().isoformat()
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=root, capture_output=True,
                             text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return date.today().isoformat()


# Every field of the exports, for the data dictionary on the downloads page (tested to be whole).
DICTIONARY = {
    "facts": [
        ("id", "text", "Stable identifier of the fact; its permalink anchor. Never reused."),
        ("label", "text", "What is measured, in words."),
        ("subject", "text", "Id of the entity the fact is about (company, model, plant…)."),
        ("value", "number or date", "The value in base units: a sum of money as its full "
                                    "number (`113100000000`), a share as a fraction of one "
                                    "(`0.223`), a date as `YYYY-MM-DD`."),
        ("unit", "text", "Unit of the value, from the unit registry (vehicles, CNY, USD, "
                         "percent as a fraction, km, kWh, date, …)."),
        ("bound", "text", "exact, approx, at_least, more_than, at_most or less_than: how the "
                          "value bounds the true figure."),
        ("period", "text", "The stretch of time measured: `2025`, `2025-H1`, `2025-Q3`, "
                           "`2025-11`, a day, or a range `start/end`. Empty when as_of is used."),
        ("as_of", "date", "The moment a stock or status was observed. Empty when period is used."),
        ("status", "text", "confirmed, single_source, company_claim, estimate, derived, disputed "
                           "or plan."),
        ("sources", "list", "Each source with the figure as it states it (states) and how "
                            "(bound); in the CSV, one cell: `S05: 108796; S04 (approx): …`."),
        ("derive", "text", "For derived facts, the formula over other fact ids."),
        ("supersedes", "text", "Id of the earlier value this one replaced (a raised target)."),
        ("checked", "date", "The day someone last compared the value with its sources "
                            "(`YYYY-MM-DD`)."),
        ("note", "text", "Remarks; {fact.id} marks a reference to another fact."),
        ("permalink", "URL", "The fact's stable address: its own page."),
    ],
    "sources": [
        ("id", "text", "Source id (`S01`…, `N01`…), the BibTeX and CSL-JSON key."),
        ("title", "text", "Title of the page or document."),
        ("publisher", "text", "Who published it."),
        ("author", "text", "Author, where known."),
        ("url", "URL", "Address (http or https)."),
        ("published", "date", "Publication date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, where known."),
        ("accessed", "date", "When it was read, where recorded."),
        ("kind", "text", "filing, press_release, industry_data, news, analysis, aggregator, blog, "
                         "or audited (an article whose claims the site checks)."),
        ("language", "text", "Language code, where recorded."),
        ("archived", "URL", "Address of an archived copy, where one is known."),
        ("copy_of", "text", "Id of the source this one copies (a syndicated or rewritten "
                            "article); a copy never counts as independent confirmation."),
        ("note", "text", "Remarks on the source's grade or provenance."),
    ],
}

FILES = {
    "facts.json": "Every fact: id, label, subject, value in base units, unit, bound, period or "
                  "as-of date, status, sources with what each states, formula, permalink.",
    "facts.csv": "The same facts as a table, one row a fact; sources in one cell.",
    "sources.json": "Every source: publisher, title, address, dates, kind.",
    "sources.bib": "The sources as BibTeX entries, keyed by source id.",
    "sources.csl.json": "The sources as CSL-JSON items, for Zotero, Pandoc and citeproc.",
}


def write_all(store: Store, folder: Path, base_url: str = "") -> list[Path]:
    """Write every export into folder; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "facts.json": facts_json(store, base_url),
        "facts.csv": facts_csv(store, base_url),
        "sources.json": sources_json(store),
        "sources.bib": sources_bib(store),
        "sources.csl.json": sources_csl_json(store),
    }
    written = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def write_zip(site: Path, archive: Path, stamp: str, folder: str = "factbook",
              base_path: str = "/") -> Path:
    """Zip the built site under one folder, byte for byte the same for the same files.

    Entries are sorted and dated stamp (YYYY-MM-DD), so two builds of one commit are identical.
    Source maps stay out. The error page links from the site's root path (it may be served at
    any address); in the zip its links are made relative, so it opens from the file system.
    """
    import zipfile

    when = tuple(int(x) for x in stamp.split("-")) + (0, 0, 0)
    files = sorted(p for p in site.rglob("*")
                   if p.is_file() and p != archive and p.suffix != ".map")
    tmp = archive.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in files:
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site).as_posix()}", when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = path.read_bytes()
            if path == site / "404.html" and base_path not in ("", "/"):
                data = _relative_error_page(data, base_path)
            z.writestr(info, data, compresslevel=9)
    tmp.replace(archive)
    return archive


def _relative_error_page(html: bytes, base_path: str) -> bytes:
    """404.html with its root-relative links made relative to the site's folder."""
    base = base_path.rstrip("/") + "/"
    text = html.decode("utf-8")
    for attr in ("href", "src"):
        text = text.replace(f'{attr}="{base}', f'{attr}="')
    text = text.replace(f'"base": "{base}"', '"base": "."').replace(f'"{base}assets/', '"assets/')
    return text.encode("utf-8")
